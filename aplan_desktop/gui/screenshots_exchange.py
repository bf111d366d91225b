"""The pictures of what passes between an aimag and its soums, for `aplan gui --screenshot DIR`.

Each is made on data files of its own, by the program's own steps: the aimag's office and the
soum's are set up, the bundles are written, registered and imported as their people do, so the
pictures show what a soum really sees. The files are opened in `stack`, which closes them.
"""

from __future__ import annotations

from contextlib import ExitStack, closing
from datetime import date
from pathlib import Path

from aplan_desktop.core.model import OrganisationKind, Person
from aplan_desktop.core.templates import list_templates
from aplan_desktop.gui.main_window import MainWindow
from aplan_desktop.operations import OfficeDetails, Operations, aimag_choices
from aplan_desktop.resources import templates_dir

REASONS = ("Нотлох баримт хавсаргаагүй", "Хувь үр дүнтэйгээ таарахгүй байна")
CORRECTION = " Нотлох баримтыг хавсаргав."


def _office(stack: ExitStack, path: Path, aimag_name: str, name: str, kind: OrganisationKind,
            start="later") -> Operations:
    """A new office set up as the first-run form does it; a soum is picked from its aimag's list."""
    aimag = next(a for a in aimag_choices() if a.name == aimag_name)
    unit = next((u.id for u in aimag.units if name.startswith(u.name + " ")), "")
    ops = stack.enter_context(closing(Operations.open(path)))
    ops.setup_office(OfficeDetails(name, kind, aimag.id, unit if kind == OrganisationKind.SOUM else "",
                                   head=Person("ЗАСАГ ДАРГА", "Д. МӨНХСАЙХАН"), preparer=Person("ДАРГА", "Б. БОЛД")),
                     start, date.today().year)
    return ops


def _send(sender: Operations, doc_id: str, receiver: Operations, folder: Path) -> None:
    """The bundle written, the sender's key registered at the receiver (its fingerprint, heard on
    the phone), and the bundle imported."""
    bundle = sender.export(doc_id, folder)[0].path
    receiver.register_sender(bundle, sender.own_fingerprint())
    receiver.import_checked(receiver.check_import([bundle]))


def returned_report(stack: ExitStack, folder: Path) -> Operations:
    """The Bat-Ölzii soum (the demo) whose report its aimag returned with reasons beside two
    measures; the soum has reopened it and corrected the first of them."""
    soum = stack.enter_context(closing(Operations.open(folder / "soum.sqlite")))
    soum.load_demo(home="org-bat-olzii")
    aimag = _office(stack, folder / "aimag.sqlite", "Өвөрхангай аймаг", "Өвөрхангай аймгийн Засаг даргын Тамгын газар",
                    OrganisationKind.AIMAG)
    _send(soum, "s000-report", aimag, folder / "up")
    entries = aimag.report("s000-report").entries
    aimag.return_report("s000-report", {entries[1].measure_id: REASONS[0], entries[3].measure_id: REASONS[1]},
                        "Засаад ирүүлнэ үү")
    _send(aimag, "s000-report", soum, folder / "down")
    soum.reopen("s000-report", "Аймгаас засварт буцаасан")
    session = soum.editing.open_report("s000-report")
    session.set_entry_field(entries[1].measure_id, "result", entries[1].result + CORRECTION)
    session.save()
    return soum


def circular_only(stack: ExitStack, folder: Path) -> Operations:
    """A soum with no plan of its own this year, only the one its aimag sent down to carry out."""
    model = next(t for t in list_templates(templates_dir()) if t.key == "atg-model")
    aimag = _office(stack, folder / "aimag.sqlite", "Баянхонгор аймаг", "Баянхонгор аймгийн Засаг даргын Тамгын газар",
                    OrganisationKind.AIMAG, model)
    soum = _office(stack, folder / "soum.sqlite", "Баянхонгор аймаг", "Баянбулаг сумын Засаг даргын Тамгын газар",
                   OrganisationKind.SOUM)
    plan = aimag.plans()[0]
    aimag.mark_circular(plan.id)
    _send(aimag, plan.id, soum, folder / "down")
    return soum


def show_returned_measures(window: MainWindow) -> str:
    """The returned report opened from the start page's "Correct…", then on to the measure not
    yet corrected by "Next returned measure (F8)", its reason above it; the picture's name."""
    window.show_start()
    window.start_page.returned.buttons["s000-report"].click()
    window.report_editor.returned_bar.next_button.click()
    return "returned-measures"


def show_circular_only(window: MainWindow) -> str:
    """The start page with the aimag's plan, its deadlines and the "Start the report" buttons."""
    window.show_start()
    return "start-circular-only"
