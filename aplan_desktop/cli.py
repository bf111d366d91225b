"""The `aplan` command: the GUI with no arguments, and every batch job without a screen.

Errors the user can cause are one line on stderr in the user's language and a non-zero exit;
nothing is written to the database unless the whole command succeeds.

A command loads what it uses when it runs (the operations layer, a form, a file format), so
that `aplan pdf` starts as fast as a plain ReportLab script and the window's start, which
passes through here, carries none of it.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from aplan_desktop import __version__
from aplan_desktop.core.errors import FAULT, N_, UserError
from aplan_desktop.core.periods import Period
from aplan_desktop.gui.arguments import window_start
from aplan_desktop.i18n import error_text, found_text, label, named, reason_text, translate
from aplan_desktop.log import log, log_fault, log_path, start_logging

if TYPE_CHECKING:
    from types import ModuleType

    from aplan_desktop.operations import Operations
    from aplan_desktop.print_jobs import PrintJobs
    from aplan_desktop.storage import Store

EXIT_USER_ERROR = 1
EXIT_USAGE = 2
EXIT_FAULT = 70  # a fault of the program (sysexits' EX_SOFTWARE), its traceback in the log


class _Parser(argparse.ArgumentParser):
    """argparse in the user's language: its own words ("usage:", "options", the help line)
    come from aplan's catalogue like every other message."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = translate(N_("arguments"))
        self._optionals.title = translate(N_("options"))
        self.add_argument("-h", "--help", action="help", help=translate(N_("show this help and stop")))

    def format_usage(self) -> str:
        formatter = self._get_formatter()
        formatter.add_usage(self.usage, self._actions, self._mutually_exclusive_groups, prefix=_usage_prefix())
        return formatter.format_help()

    def format_help(self) -> str:
        return super().format_help().replace("usage: ", _usage_prefix(), 1)

    def error(self, message: str) -> None:  # noqa: D401 - argparse's hook
        _fail(N_("The command line is not understood ({detail}). Run “aplan --help”."), EXIT_USAGE,
              detail=message)


def _usage_prefix() -> str:
    return translate(N_("usage:")) + " "


def _fail(message: str, code: int, **params: object) -> None:
    _error(translate(message, **params))
    raise SystemExit(code)


def _error(text: str) -> None:
    """An error the user is shown: on stderr, and in the log (aplan_desktop/log.py)."""
    log.warning("shown: %s", text)
    print("aplan: " + text, file=sys.stderr)


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; given the `command` to run (`_command_in`), only that command's
    arguments are declared: the others' parsers, which only `aplan --help` shows, would cost a
    print about 2 % of its time."""
    from aplan_desktop.storage import default_db_path

    p = _Parser(prog="aplan", description=translate(N_("Anti-corruption action plans and their execution reports.")))
    p.add_argument("--version", action="version", version=f"aplan {__version__}",
                   help=translate(N_("show the program's version and stop")))
    p.add_argument("--db", type=Path, help=translate(N_("the database file (default: {path})"),
                                                       path=str(default_db_path())) if command is None else None)
    p.add_argument("--lang", choices=("mn", "en"), help=translate(N_("language of messages (mn or en)")))
    sub = p.add_subparsers(dest="command")

    def wanted(*names: str) -> bool:
        return command is None or command in names

    if wanted("gui"):
        gui = sub.add_parser("gui", help=translate(N_("open the window (the default)")))
        gui.add_argument("--screenshot", type=Path, metavar="DIR",
                         help=translate(N_("save a picture of each main screen on the demo data, then quit")))
    if wanted("demo"):
        sub.add_parser("demo", help=translate(N_("load the five demo documents")))
    if wanted("list"):
        ls = sub.add_parser("list", help=translate(N_("list plans and reports")))
        ls.add_argument("--json", action="store_true", help=translate(N_("print JSON")))
    if wanted("load"):
        load = sub.add_parser("load", help=translate(N_("load a plan or report from a JSON file")))
        load.add_argument("file", type=Path)
        load.add_argument("--replace", action="store_true",
                          help=translate(N_("put the file's version in the place of the one in the database (after a "
                                            "backup)")))
    if wanted("dump"):
        dump = sub.add_parser("dump", help=translate(N_("write a plan or report as JSON")))
        dump.add_argument("id")
        dump.add_argument("-o", "--output", type=Path)
    if wanted("check"):
        check = sub.add_parser("check", help=translate(N_("list the problems of a plan or report")))
        check.add_argument("id")
    if wanted("pdf"):
        pdf = sub.add_parser("pdf", help=translate(N_("print a plan, report or cover letter to a PDF file")))
        pdf.add_argument("id")
        pdf.add_argument("-o", "--output", type=Path, required=True)
        pdf.add_argument("--form", choices=("plan", "report", "letter", "integrity"))
    if wanted("table"):
        table = sub.add_parser("table", help=translate(N_("write the table of a plan or report as .xlsx, .docx or "
                                                          ".csv")))
        table.add_argument("id")
        table.add_argument("-o", "--output", type=Path, required=True)
    if wanted("export"):
        export = sub.add_parser("export", help=translate(N_("write a signed bundle to send to the aimag")))
        export.add_argument("id")
        export.add_argument("-o", "--output", type=Path, required=True,
                            help=translate(N_("the folder (or a file name ending in .aplan)")))
        export.add_argument("--review", action="store_true",
                            help=translate(N_("send the aimag's review of an imported report back to the body")))
    if wanted("import"):
        imp = sub.add_parser("import", help=translate(N_("import bundles (files or folders)")))
        imp.add_argument("paths", nargs="+", type=Path)
        imp.add_argument("--dry-run", action="store_true", help=translate(N_("only show what would happen")))
        imp.add_argument("--accept-gaps", action="store_true",
                         help=translate(N_("also import revisions whose previous revision did not arrive here, or that "
                                           "do not follow it (once the sender confirmed them)")))
        imp.add_argument("--receipts", type=Path, metavar="FOLDER",
                         help=translate(N_("where the receipts for the senders are written (default: the folder of "
                                           "bundles to e-mail)")))
    if wanted("keys"):
        keys = sub.add_parser("keys", help=translate(N_("show this office's key and the registered senders")))
        keys.add_argument("--trust", type=Path, metavar="FILE.aplan",
                          help=translate(N_("register the key of the sender of this bundle")))
        keys.add_argument("--replace", type=Path, metavar="FILE.aplan",
                          help=translate(N_("replace a sender's registered key by the one that signed this bundle")))
        keys.add_argument("--fingerprint", help=translate(N_("the fingerprint read on the sender's cover letter")))
    if wanted("backup"):
        backup = sub.add_parser("backup", help=translate(N_("take a backup now, or list the backups")))
        backup.add_argument("--list", action="store_true", help=translate(N_("list the backups with what they hold")))
    if wanted("restore"):
        restore = sub.add_parser("restore", help=translate(N_("put a backup in the place of the database")))
        restore.add_argument("file", type=Path)
    if wanted("consolidate"):
        cons = sub.add_parser("consolidate", help=translate(N_("the aimag's consolidated report of its bodies")))
        cons.add_argument("--org", help=translate(N_("the aimag's organisation id")))
        cons.add_argument("--year", type=int)
        cons.add_argument("--plan", help=translate(N_("one plan carried out by the bodies under the office: every "
                                                      "body's report on it (then --org defaults to this office)")))
        cons.add_argument("--period", choices=[p.value for p in Period], required=True)
        cons.add_argument("-o", "--output", type=Path, required=True)
    if wanted(*_commands_in("cli_circulars")):
        _module("cli_circulars").add_parsers(sub)
    if wanted(*_commands_in("cli_bodies")):
        _module("cli_bodies").add_parsers(sub)
    if wanted("search"):
        find = sub.add_parser("search", help=translate(N_("search all the plans and reports for words")),
                              description=translate(N_(
            "Searches the plans and reports of all years: their titles and the lines above a table, sections, "
            "objectives, measures with all their columns, results, evidence names and notes, and the aimag's "
            "reasons for a return.")))
        find.add_argument("words", nargs="+", help=translate(N_(
            "the words to find: each must be there; the beginning of a word finds the word")))
    if wanted(*_commands_in("cli_reviews")):
        _module("cli_reviews").add_parsers(sub)
    return p


def cmd_demo(ops: Operations, args: argparse.Namespace) -> int:
    loaded = ops.load_demo()
    print(translate(N_("Loaded {count} demo documents."), count=len(loaded.created)))
    return 0


def cmd_list(ops: Operations, args: argparse.Namespace) -> int:
    from aplan_desktop.i18n.mongolian import format_percent

    docs = ops.documents()
    if args.json:
        print(json.dumps([{
            "id": d.id, "type": d.kind, "organisation": d.organisation, "year": d.year, "kind": d.plan_kind.value,
            "period": d.period.value if d.period else None, "status": d.status, "revision": d.revision,
            "score": None if d.score is None else float(d.score), "title": d.title,
        } for d in docs], ensure_ascii=False, indent=2))
        return 0
    headers = [translate(h) for h in (N_("id"), N_("organisation"), N_("year"), N_("document"), N_("period"),
                                      N_("status"), N_("score"))]
    rows = [[d.id, d.organisation, str(d.year), label(d.kind) + ": " + label(d.plan_kind.value),
             label(d.period.value) if d.period else "", d.standing or label(d.status),
             format_percent(d.score) if d.kind == "report" else ""] for d in docs]
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    for r in [headers, *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip())
    if not docs:
        print(translate(N_("The database is empty. Run “aplan demo” to load the demo documents.")))
    return 0


def cmd_load(ops: Operations, args: argparse.Namespace) -> int:
    plan, report = ops.load_file(args.file, replace=args.replace)
    if report is None:
        print(translate(N_("Loaded the plan {id} ({organisation}, {year})."), id=plan.id,
                        organisation=plan.organisation.name, year=plan.year))
    else:
        print(translate(N_("Loaded the report {id} with its plan ({organisation}, {year})."), id=report.id,
                        organisation=plan.organisation.name, year=plan.year))
    return 0


def cmd_dump(ops: Operations, args: argparse.Namespace) -> int:
    if args.output:
        ops.write_document_json(args.id, args.output)
    else:
        sys.stdout.write(ops.document_json(args.id))
    return 0


def cmd_check(ops: Operations, args: argparse.Namespace) -> int:
    from aplan_desktop.core.validation import errors
    from aplan_desktop.i18n import problem_text

    problems = ops.problems(args.id)
    for p in problems:
        print(f"{label(p.severity.value)}: {problem_text(p)}")
    if not problems:
        print(translate(N_("No problems found.")))
    return 1 if errors(problems) else 0


def cmd_pdf(ops: PrintJobs, args: argparse.Namespace) -> int:
    pages = ops.write_pdf(args.id, args.output, args.form)
    print(translate(N_("Wrote {path} ({pages} pages)."), path=str(args.output), pages=pages))
    return 0


def cmd_table(ops: Operations, args: argparse.Namespace) -> int:
    ops.write_table(args.id, args.output)
    print(translate(N_("Wrote {path}."), path=str(args.output)))
    return 0


def cmd_consolidate(ops: Operations, args: argparse.Namespace) -> int:
    if args.plan:
        pages = ops.write_plan_consolidation(args.plan, Period(args.period), args.output, office_id=args.org)
    elif args.org is None or args.year is None:
        _fail(N_("Give --org and --year, or --plan."), EXIT_USAGE)
    else:
        pages = ops.write_consolidation(args.year, Period(args.period), args.output, aimag_id=args.org)
    if pages is None:
        print(translate(N_("Wrote {path}."), path=str(args.output)))
    else:
        print(translate(N_("Wrote {path} ({pages} pages)."), path=str(args.output), pages=pages))
    return 0


def cmd_export(ops: Operations, args: argparse.Namespace) -> int:
    output: Path = args.output
    if output.is_dir() or output.suffix != ".aplan":
        if output.exists() and not output.is_dir():
            _fail(N_("{path} is a file, not a folder. Give a folder, or a file name ending in .aplan."), EXIT_USAGE,
                  path=str(output))
        folder, name = output, None
    else:
        folder, name = output.parent, output.name
    result, _ = ops.export(args.id, folder, review=args.review)
    path = result.path
    if name and path.name != name:
        try:
            path = path.replace(folder / name)
        except OSError:
            _fail(N_("The bundle was written as {written}, but it could not be renamed to {path}."),
                  EXIT_USER_ERROR, written=str(path), path=str(folder / name))
    print(translate(N_("Wrote {path} ({size} bytes, revision {revision})."), path=str(path), size=result.size,
                    revision=result.revision))
    if result.letter_path:
        print(translate(N_("Cover letter: {path}"), path=str(result.letter_path)))
    for file_name, size in result.too_big:
        print(translate(N_("Warning: the bundle is larger than e-mail allows; biggest file: {name} ({size} bytes)."),
                        name=file_name, size=size))
    return 0


def cmd_import(ops: Operations, args: argparse.Namespace) -> int:
    from aplan_desktop.exchange import APPLIED, CONFLICT, REFUSED, UNKNOWN_SENDER

    items = ops.check_import(args.paths, accept_gaps=args.accept_gaps)
    if not items:
        _fail(N_("There is no .aplan file in {paths}. Give the bundle files, or the folder they were saved in."),
              EXIT_USER_ERROR, paths=", ".join(str(p) for p in args.paths))
    if not args.dry_run:
        items, _ = ops.import_checked(items, accept_gaps=args.accept_gaps)
    for item in items:
        line = f"{label(item.status)}: {item.path.name}"
        print(line + (f" — {item.message}" if item.message else ""))
        if item.status == UNKNOWN_SENDER:
            print(f'    aplan keys --trust "{item.path}" --fingerprint {item.verified.sender_fingerprint}')
        elif item.chain_break:
            print(f'    aplan import --accept-gaps "{item.path}"')
    if not args.dry_run:
        print(translate(N_("Imported {count} documents."), count=sum(1 for i in items if i.status in APPLIED)))
        from aplan_desktop.cli_reviews import print_receipts

        print_receipts(ops, items, args.receipts)
    problems = [i for i in items if i.status in (REFUSED, CONFLICT, UNKNOWN_SENDER)]
    return 1 if problems or not items else 0


def cmd_keys(ops: Operations, args: argparse.Namespace) -> int:
    if (args.trust or args.replace) and not args.fingerprint:
        _fail(N_("Give the fingerprint you read on the sender's cover letter: --fingerprint XXXX-XXXX-…"), EXIT_USAGE)
    if args.trust:
        verified, _ = ops.register_sender(args.trust, args.fingerprint)
        print(translate(N_("Registered the key of {sender} ({fingerprint})."),
                        **named("sender", *ops.naming(verified.sender_id, verified.sender_name)),
                        fingerprint=verified.sender_fingerprint))
        return 0
    if args.replace:
        change, _ = ops.replace_sender_key(args.replace, args.fingerprint)
        print(translate(N_("The key of {sender} was replaced: the old key {old} is no longer accepted, the new key "
                           "{new} is."), **named("sender", *ops.naming(change.organisation_id, change.organisation_name)),
                        old=change.old_fingerprint,
                        new=change.new_fingerprint))
        return 0
    print(translate(N_("This office's key: {fingerprint}"), fingerprint=ops.own_fingerprint()))
    keys, replaced = ops.senders()
    for org_id, key, registered in keys:
        print(f"{org_id}  {key}  {registered}")
    for change in replaced:
        print(translate(N_("{at}: the key of {organisation} was replaced ({old} → {new})."), at=change["at"],
                        **named("organisation", *ops.naming(change["organisation_id"])), old=change["old_key"],
                        new=change["new_key"]))
    return 0


def cmd_backup(ops: Operations, args: argparse.Namespace) -> int:
    if args.list:
        for info in ops.backups():
            state = translate(N_("{plans} plans, {reports} reports"), plans=info.plans, reports=info.reports) \
                if info.ok else error_text(info.problem)
            print(f"{info.taken_at:%Y.%m.%d %H:%M}  {info.reason:<9} {info.path.name}  {state}")
        return 0
    path = ops.backup("manual")
    print(translate(N_("Backup written: {path}"), path=str(path)))
    return 0


def cmd_restore(db_path: Path, args: argparse.Namespace) -> int:
    from aplan_desktop.storage.backups import restore_backup

    try:
        kept = restore_backup(args.file, db_path)
    except UserError as exc:
        _error(error_text(exc))
        return EXIT_USER_ERROR
    print(translate(N_("Restored {backup}."), backup=str(args.file)))
    if kept:
        print(translate(N_("The data as it was before is kept in {path}."), path=str(kept)))
    return 0


def cmd_search(ops: Operations, args: argparse.Namespace) -> int:
    hits = ops.search(" ".join(args.words))
    for h in hits:
        print(f"{label(h.doc_kind)} {h.doc_id}: {found_text(h.field, h.highlighted('[', ']'))}")
    if not hits:
        print(translate(N_("Nothing found.")))
    return 0


COMMANDS = {"demo": cmd_demo, "list": cmd_list, "load": cmd_load, "dump": cmd_dump, "check": cmd_check,
            "pdf": cmd_pdf, "table": cmd_table, "consolidate": cmd_consolidate,
            "export": cmd_export, "import": cmd_import, "keys": cmd_keys, "backup": cmd_backup, "search": cmd_search}
# The commands of the modules beside this one (their COMMANDS tables), loaded when one of them runs.
COMMANDS_ELSEWHERE = {"circular": "cli_circulars", "new-report": "cli_circulars", "upward": "cli_circulars",
                      "superior": "cli_circulars", "bodies": "cli_bodies", "review": "cli_reviews",
                      "bundle-version": "cli_reviews"}
# The commands that may start a new database; the others read one, and a mistyped --db must not
# quietly create an empty second one.
CREATE_THE_DATABASE = {"demo", "load", "import", "keys"}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    _language_from(argv)
    start = window_start(argv, {*COMMANDS, *COMMANDS_ELSEWHERE, "restore"})
    if start is not None and (sys.stdout is None or not start.refused):  # the window, perhaps on bundles
        gc.disable()  # no collector passes over the start's new objects: the window freezes them once it is up
        from aplan_desktop.gui.app import run_window

        return run_window(start)
    if sys.stdout is None:  # the windowed program started with a command has nowhere to print
        from aplan_desktop.gui.app import point_to_the_command_line

        point_to_the_command_line()
        return EXIT_USAGE
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    return _run(_parser(_command_in(argv)).parse_args(argv))


def _run(args: argparse.Namespace) -> int:
    """The command, on the database: the operations layer is loaded for a command only, never for
    the window's start, which makes its own; printing a document needs only its printing jobs."""
    from aplan_desktop.storage import Store, default_db_path

    db_path = args.db or default_db_path()
    if args.command != "gui" and Path(db_path).parent.is_dir():
        start_logging(db_path, args.command)
    if args.command == "gui" and args.screenshot:
        from aplan_desktop.gui.screenshots import take_screenshots

        try:
            shots = take_screenshots(args.screenshot)
        except OSError as exc:
            _fail(N_("The screenshots cannot be saved in {path}: {reason}."), EXIT_USER_ERROR,
                  path=str(args.screenshot), reason=reason_text(exc))
        for path in shots:
            print(path)
        return 0
    if args.command == "restore":  # works on the file itself, with no database open
        return cmd_restore(db_path, args)
    if args.command not in CREATE_THE_DATABASE and not Path(db_path).exists():
        _fail(N_("There is no database at {path}. Check the path, or start the program (or run aplan demo) to "
                 "create one."), EXIT_USER_ERROR, path=str(db_path))
    try:
        store = Store.open(db_path)
    except UserError as exc:
        _error(error_text(exc))
        return EXIT_USER_ERROR
    atexit.register(_leave_the_objects_to_the_system)
    try:
        return _command(args.command)(_jobs(args.command, store), args)
    except UserError as exc:
        _error(error_text(exc))
        return EXIT_USER_ERROR
    except sqlite3.Error as exc:
        _error(translate(N_("The database could not complete the command ({reason}). Nothing was changed by it. "
                            "Close other programs that use the file and try again."), reason=reason_text(exc)))
        return EXIT_USER_ERROR
    except OSError as exc:  # the disk, or a file another program holds
        _error(reason_text(exc))
        return EXIT_USER_ERROR
    except Exception as exc:  # a fault of the program: its traceback in the log, a sentence here
        log_fault(exc)
        _error(translate(FAULT) + " " + translate(N_("What happened is written in {log}."), log=str(log_path(db_path))))
        return EXIT_FAULT
    finally:
        store.close()


def _leave_the_objects_to_the_system() -> None:
    """At the end of a command's process: its objects are taken out of the garbage collector's
    last passes, which would walk all of them (the modules, the fonts, the document) only for the
    process to end: 43 million instructions, 3 % of `aplan pdf` (docs/performance.md). Nothing
    waits on them: the command closed its files, and the log is flushed after this as before."""
    gc.freeze()


def _jobs(command: str, store: Store) -> Operations | PrintJobs:
    """What the command's jobs are called on: `aplan pdf` prints, and loads nothing else."""
    if command == "pdf":
        from aplan_desktop.print_jobs import PrintJobs

        return PrintJobs(store)
    from aplan_desktop.operations import Operations

    return Operations(store)


def _module(name: str) -> ModuleType:
    """One of the modules beside this one, loaded when first asked for (named in an import
    statement, which the Windows build's module finder reads to pack them)."""
    from aplan_desktop import cli_bodies, cli_circulars, cli_reviews

    return {"cli_bodies": cli_bodies, "cli_circulars": cli_circulars, "cli_reviews": cli_reviews}[name]


def _commands_in(module: str) -> list[str]:
    return [name for name, where in COMMANDS_ELSEWHERE.items() if where == module]


def _command(name: str):
    where = COMMANDS_ELSEWHERE.get(name)
    return COMMANDS[name] if where is None else _module(where).COMMANDS[name]


def _command_in(argv: list[str]) -> str | None:
    """The command the arguments name, when only --db and --lang come before it (as typed in
    full); None for the help, an unknown command or anything else, which the whole parser reads."""
    i = 0
    while i < len(argv):
        if argv[i] in ("--db", "--lang"):
            i += 2
        elif argv[i].startswith(("--db=", "--lang=")):
            i += 1
        else:
            return argv[i] if argv[i] in {*COMMANDS, *COMMANDS_ELSEWHERE, "gui", "restore"} else None
    return None


def _language_from(argv: list[str]) -> None:
    """Take --lang before parsing, so that the help and the parser's errors use it too."""
    for i, arg in enumerate(argv):
        if arg.startswith("--lang="):
            os.environ["APLAN_LANG"] = arg.split("=", 1)[1]
        elif arg == "--lang" and i + 1 < len(argv):
            os.environ["APLAN_LANG"] = argv[i + 1]


if __name__ == "__main__":
    raise SystemExit(main())
