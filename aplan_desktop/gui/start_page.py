"""The start screen: the organisation, the next deadlines and which reports are due."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.i18n import label, translate
from aplan_desktop.i18n.mongolian import official_date
from aplan_desktop.operations import Operations


class StartPage(QWidget):
    new_plan_requested = Signal()
    new_report_requested = Signal()
    backups_requested = Signal()

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self.ops = ops
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.heading.setWordWrap(True)
        self.deadlines = QLabel()
        self.deadlines.setWordWrap(True)
        new_plan = QPushButton(translate(N_("New plan…")))
        new_plan.clicked.connect(self.new_plan_requested)
        new_report = QPushButton(translate(N_("New report…")))
        new_report.clicked.connect(self.new_report_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(new_plan)
        buttons.addWidget(new_report)
        buttons.addStretch(1)
        # a month without a copy off this PC: the data would not outlive its disk
        self.copy_reminder = QLabel(translate(N_("No backup has left this PC for 30 days: a broken disk would take "
                                                 "all the plans and reports with it. Copy one to a USB drive.")))
        self.copy_reminder.setWordWrap(True)
        self.copy_reminder.setStyleSheet("color: #8a5a00;")
        self.copy_button = QPushButton(translate(N_("Backups…")))
        self.copy_button.clicked.connect(self.backups_requested)
        reminder = QHBoxLayout()
        reminder.addWidget(self.copy_reminder, 1)
        reminder.addWidget(self.copy_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addSpacing(12)
        layout.addWidget(self.deadlines)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addSpacing(12)
        layout.addLayout(reminder)
        layout.addStretch(1)

    def refresh(self, today: date | None = None) -> None:
        """The deadlines of this office's own plans (an aimag sees the others' in the consolidation)."""
        today = today or date.today()
        try:
            home = self.ops.home_organisation()
        except UserError:
            home = None
        self.heading.setText(home.name if home else translate(N_("Anti-corruption plans and reports")))
        due = self.ops.due_reports(today)
        heading = translate(N_("Reporting deadlines of {year}"), year=today.year)
        lines = [f"<b>{html.escape(heading)}</b>"]
        if not due:
            lines.append(html.escape(translate(N_("There is no plan for {year} yet. Start one with “New plan…”."),
                                               year=today.year)))
        for d in due:
            if d.done:
                state = translate(N_("done ({status})"), status=label(d.report.status.value))
            elif d.days_left(today) < 0:
                state = translate(N_("late by {days} days"), days=-d.days_left(today))
            else:
                state = translate(N_("{days} days left"), days=d.days_left(today)) + (
                    "" if d.report else " · " + translate(N_("not started")))
            colour = "#2a7a2a" if d.done else ("#b00020" if d.days_left(today) < 0 else "#8a5a00")
            lines.append(f"{html.escape(label(d.period.value))}: {html.escape(official_date(d.deadline))} — "
                         f"<span style='color:{colour}'>{html.escape(state)}</span>"
                         f"<br/><small>{html.escape(d.plan.title)}</small>")
        self.deadlines.setText("<br/><br/>".join(lines))
        due = self.ops.copy_away_due()
        self.copy_reminder.setVisible(due)
        self.copy_button.setVisible(due)
