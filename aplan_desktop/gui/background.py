"""Long work off the GUI thread: one helper for printing, sending and importing.

The job gets its own `Operations` on its own database connection (SQLite connections stay
in their thread); what it changed is announced on the window's own once it is done; the
window shows a busy indicator and gets the result, or the error's sentence, back on the GUI
thread through a signal.
"""

from __future__ import annotations

import sys
import traceback

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from aplan_desktop.core.errors import FAULT, UserError
from aplan_desktop.i18n import error_text, reason_text, translate
from aplan_desktop.log import log_fault
from aplan_desktop.operations import Operations


def fault_message() -> str:
    """What the person reads when the program itself failed: a sentence, never Python's words
    (the traceback goes to the error output and to aplan.log, for whoever looks after aplan)."""
    traceback.print_exc()
    log_fault(sys.exc_info()[1])
    return translate(FAULT)


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(str)


class _Job(QRunnable):
    def __init__(self, db_path: Path, work: Callable[[Operations], Any]) -> None:
        super().__init__()
        self.db_path, self.work = db_path, work
        self.signals = _Signals()

    def run(self) -> None:
        try:
            ops = Operations.open(self.db_path)
            try:
                result = self.work(ops)
            finally:
                ops.close()
        except UserError as exc:
            self.signals.failed.emit(error_text(exc))
            return
        except (OSError, ValueError) as exc:  # the disk, a file the user chose
            self.signals.failed.emit(reason_text(exc))
            return
        except Exception:  # a fault of the program: said, not lost with the thread
            self.signals.failed.emit(fault_message())
            return
        self.signals.done.emit(result)


_running: set[_Job] = set()  # keeps each job's signals alive until it reports


def run_in_background(db_path: Path, work: Callable[[Operations], Any], done: Callable[[Any], None],
                      failed: Callable[[str], None]) -> None:
    job = _Job(db_path, work)
    _running.add(job)
    job.signals.done.connect(done)
    job.signals.failed.connect(failed)
    job.signals.done.connect(lambda _: _running.discard(job))
    job.signals.failed.connect(lambda _: _running.discard(job))
    QThreadPool.globalInstance().start(job)


def wait_for_background_work() -> None:
    """Block until every job has finished with the database (before it is closed or replaced)."""
    QThreadPool.globalInstance().waitForDone()
