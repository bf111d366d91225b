"""First run: who this installation works for, and how this year's plan starts."""

from __future__ import annotations

from datetime import date

from aplan_desktop.core.templates import copy_plan_to_year, list_templates, plan_from_template
from aplan_desktop.gui.dialogs import HOME_ORGANISATION, PREPARER, SetupDialog
from aplan_desktop.resources import templates_dir
from aplan_desktop.storage import Store


def setup_dialog(store: Store, parent=None) -> SetupDialog:
    last_year = [d for d in store.documents() if d.kind == "plan" and d.year == date.today().year - 1]
    return SetupDialog(list_templates(templates_dir()), bool(last_year), parent)


def apply_setup(store: Store, dialog: SetupDialog) -> str | None:
    """Save the organisation and the preparer, and start this year's plan as chosen, in one
    transaction; return the new plan's id, if one was started."""
    year = date.today().year
    organisation, parent_org = dialog.organisation()
    preparer = dialog.preparer()
    start = dialog.chosen_start()
    with store.transaction():
        store.save_organisation(organisation, parent_org)
        store.set_setting(HOME_ORGANISATION, organisation.id)
        store.set_setting(PREPARER, {"title": preparer.title, "name": preparer.name})
        plan = None
        if start == "copy":
            last_year = [d for d in store.documents() if d.kind == "plan" and d.year == year - 1]
            plan = copy_plan_to_year(store.plan(last_year[0].id), year)
            plan.organisation = organisation
        elif start != "later":
            plan = plan_from_template(start, organisation, year)
        if plan is None:
            return None
        store.save_plan(plan, parent_org)
        store.add_history("plan", plan.id, "created")
        store.set_setting("ui:last", {"doc": plan.id, "measure": ""})
        return plan.id


def run_setup(store: Store, parent=None) -> bool:
    """Ask and apply; False when the user cancels."""
    dialog = setup_dialog(store, parent)
    if not dialog.exec():
        return False
    apply_setup(store, dialog)
    return True
