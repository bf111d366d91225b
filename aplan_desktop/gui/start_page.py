"""The start screen: the organisation, the next deadlines and which reports are due."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.core.model import Report, ReportStatus
from aplan_desktop.core.periods import Period
from aplan_desktop.core.text import markup_escape
from aplan_desktop.gui.returns_panel import ReturnedReports
from aplan_desktop.i18n import label, translate
from aplan_desktop.i18n.mongolian import official_date
from aplan_desktop.operations import Operations


class StartPage(QWidget):
    new_plan_requested = Signal()
    new_report_requested = Signal()
    backups_requested = Signal()
    circular_report_requested = Signal(str, object)  # a circular's plan id and the period to report on

    def __init__(self, ops: Operations) -> None:
        super().__init__()
        self.ops = ops
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.heading.setWordWrap(True)
        self.returned = ReturnedReports()  # what the aimag returned for correction comes first
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
        self.circulars = CircularsSection()
        self.circulars.report_requested.connect(self.circular_report_requested)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addSpacing(12)
        layout.addWidget(self.returned)
        layout.addWidget(self.deadlines)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addSpacing(12)
        layout.addWidget(self.circulars)
        self.sent_circulars = QLabel()  # an aimag's plans sent down, and how many bodies reported
        self.sent_circulars.setWordWrap(True)
        layout.addWidget(self.sent_circulars)
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
        self.returned.refresh(self.ops)
        due = self.ops.due_reports(today)
        heading = translate(N_("Reporting deadlines of {year}"), year=today.year)
        lines = [f"<b>{markup_escape(heading)}</b>"]
        if not due:
            lines.append(markup_escape(self.ops.no_plan_text(today.year)))
        for d in due:
            words = self._standing_words(d.report) if d.done else ""
            lines.append(f"{deadline_line(d.period, d.deadline, d.report, today, words)}"
                         f"<br/><small>{markup_escape(d.plan.title)}</small>")
        self.deadlines.setText("<br/><br/>".join(lines))
        self.circulars.show_circulars(self.ops.received_circulars(today), today,
                                      self.ops.circular_changes, self._standing_words)
        self.sent_circulars.setText(sent_circulars_text(self.ops.sent_circulars(today)))
        self.sent_circulars.setVisible(bool(self.sent_circulars.text()))
        due = self.ops.copy_away_due()
        self.copy_reminder.setVisible(due)
        self.copy_button.setVisible(due)

    def _standing_words(self, report: Report) -> str:
        """"Аймаг хүлээн авсан: 2025.05.09" for a report the aimag has had a word on, else ""."""
        standing = self.ops.standing(report)
        return self.ops.standing_text(standing) if standing else ""


def deadline_line(period: Period, deadline: date, report: Report | None, today: date, standing: str = "") -> str:
    """"I хагас жил: 2025 оны 05 дугаар сарын 10 — 12 days left · not started", coloured by how it
    stands; a report done says where it stands with the aimag (`standing`) once that is known."""
    days = (deadline - today).days
    done = report is not None and report.status != ReportStatus.DRAFT
    if done:
        state = standing or translate(N_("done ({status})"), status=label(report.status.value))
    elif days < 0:
        state = translate(N_("late by {days} days"), days=-days)
    else:
        state = translate(N_("{days} days left"), days=days) + ("" if report else " · " + translate(N_("not started")))
    colour = "#2a7a2a" if done else ("#b00020" if days < 0 else "#8a5a00")
    return (f"{markup_escape(label(period.value))}: {markup_escape(official_date(deadline))} — "
            f"<span style='color:{colour}'>{markup_escape(state)}</span>")


class CircularsSection(QWidget):
    """"Аймгаас ирсэн төлөвлөгөө": each plan the aimag sent down, its deadlines, this office's
    report on it for each period (a button starts or opens it), and what changed in the plan
    since a report was made."""

    report_requested = Signal(str, object)

    def __init__(self) -> None:
        super().__init__()
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[tuple[str, Period], QPushButton] = {}

    def show_circulars(self, circulars, today: date, changes_of, standing_of=lambda report: "") -> None:
        while self.grid.count():
            self.grid.takeAt(0).widget().deleteLater()
        self.buttons = {}
        self.setVisible(bool(circulars))
        if not circulars:
            return
        heading_text = translate(N_("Plans from the aimag"))
        title = QLabel(f"<b>{markup_escape(heading_text)}</b>")
        self.grid.addWidget(title, 0, 0, 1, 2)
        row = 1
        for c in circulars:
            revision = translate(N_("revision {revision}"), revision=c.circular.revision)
            if c.circular.called_off:  # no deadlines below: nothing more is reported on it
                revision += " · " + translate(N_("called off by the aimag: nothing more is reported on it"))
            heading = QLabel(f"{markup_escape(c.plan.title)}<br/><small>{markup_escape(c.sender)} · "
                             f"{markup_escape(revision)}</small>")
            heading.setWordWrap(True)
            self.grid.addWidget(heading, row, 0, 1, 2)
            row += 1
            for period, deadline, report in c.due:
                text = deadline_line(period, deadline, report, today, standing_of(report) if report else "")
                changed = changes_of(report) if report is not None else None
                if changed and changed[2]:
                    text += "<br/><small>" + markup_escape(changes_text(*changed)) + "</small>"
                line = QLabel(text)
                line.setWordWrap(True)
                button = QPushButton(translate(N_("Open the report")) if report else translate(N_("Start the report")))
                button.clicked.connect(lambda _=False, p=c.plan.id, q=period: self.report_requested.emit(p, q))
                self.buttons[(c.plan.id, period)] = button
                self.grid.addWidget(line, row, 0)
                self.grid.addWidget(button, row, 1)
                row += 1
        self.grid.setColumnStretch(0, 1)


def changes_text(made_on: int, now: int, changes) -> str:
    """"The report was made on revision 1; the aimag's plan is now revision 2: added 1.4; changed 2.1"."""
    parts = []
    for kind, words in (("added", N_("added {numbers}")), ("changed", N_("changed {numbers}")),
                        ("removed", N_("removed {numbers}"))):
        numbers = [c.number for c in changes if c.change == kind]
        if numbers:
            parts.append(translate(words, numbers=", ".join(numbers)))
    if not parts:  # only the deadlines or the wording around the measures changed
        return translate(N_("The report was made on revision {made_on}; the aimag's plan is now revision {now}, "
                            "with the same measures."), made_on=made_on, now=now)
    return translate(N_("The report was made on revision {made_on}; the aimag's plan is now revision {now}: "
                        "{changes}."), made_on=made_on, now=now, changes="; ".join(parts))


def sent_circulars_text(sent) -> str:
    """"Харьяа байгууллагуудад хүргүүлсэн төлөвлөгөө": each plan, and per period its deadline and
    how many of the bodies reported, or that it was called off; "" when this office sent none."""
    if not sent:
        return ""
    heading = translate(N_("Plans sent to the bodies under this office"))
    lines = [f"<b>{markup_escape(heading)}</b>"]
    for plan, counts in sent:
        if counts is None:
            lines.append(markup_escape(plan.title + " — " + translate(N_("called off"))))
            continue
        lines.append(markup_escape(plan.title))
        for period, deadline, received, listed in counts:
            state = translate(N_("{received} of {listed} bodies reported"), received=received, listed=listed)
            lines.append(f"&nbsp;&nbsp;{markup_escape(label(period.value))}: {markup_escape(official_date(deadline))} — "
                         f"{markup_escape(state)}")
    return "<br/>".join(lines)
