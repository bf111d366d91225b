from aplan_desktop.cli import main

raise SystemExit(main())
