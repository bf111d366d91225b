"""First run: who this installation works for, and how this year's plan starts."""

from __future__ import annotations

from aplan_desktop.gui.dialogs import SetupDialog
from aplan_desktop.operations import OfficeDetails, Operations, aimag_choices


def setup_dialog(ops: Operations, parent=None) -> SetupDialog:
    """The form; its OK runs the setup job, which refuses what is missing and saves the rest."""
    return SetupDialog(aimag_choices(), lambda details, start: ops.setup_office(details, start), ops.plan_sources(),
                       parent)


def organisation_dialog(ops: Operations, parent=None) -> SetupDialog:
    """The same form later (Файл → Байгууллага…): it corrects this office's details in their one place."""
    current = OfficeDetails.of(ops.home_organisation(), ops.settings.preparer)
    return SetupDialog(aimag_choices(), lambda details, start: ops.change_organisation(details), parent=parent,
                       current=current)


def run_setup(ops: Operations, parent=None) -> bool:
    """Ask and apply; False when the user cancels."""
    return bool(setup_dialog(ops, parent).exec())
