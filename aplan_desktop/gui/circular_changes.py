"""Above this office's report on the aimag's plan, once the aimag has sent a newer revision of
the plan: which measures changed since the report was made, and the button by which the office
says it checked them (`Operations.follow_circular_revision` decides; this shows it); or that the
aimag called the plan off."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from aplan_desktop.core.errors import N_
from aplan_desktop.gui.start_page import changes_text
from aplan_desktop.i18n import translate


class CircularChangesBar(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("circularChanges")
        self.setStyleSheet("#circularChanges { background: #e8f0fa; border-radius: 3px; } QLabel { color: #1d3b5a; }")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.follow_button = QPushButton()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.follow_button)
        self.hide()

    def show_changes(self, changed: tuple | None, editable: bool, called_off: bool = False) -> None:
        """`changed`: the report's revision, the plan's now and the measures changed between
        them (`Operations.circular_changes`); hidden unless the plan is newer or called off."""
        if called_off:
            self.text.setText(translate(N_("The aimag called this plan off: nothing more is reported on it. This "
                                           "report stays as it is.")))
            self.follow_button.hide()
            self.show()
            return
        if changed is None or changed[0] >= changed[1]:
            self.hide()
            return
        text = changes_text(*changed)
        if not editable:
            text += " " + translate(N_("To say that the report follows it, reopen the report first."))
        self.text.setText(text)
        self.follow_button.setText(translate(N_("Checked: the report follows revision {revision}"),
                                             revision=changed[1]))
        self.follow_button.setVisible(editable)
        self.show()
