"""The command line's jobs for a plan carried out by the bodies under an office: `aplan circular`,
`aplan new-report`, `aplan upward` and `aplan superior` (on the operations layer; `aplan consolidate
--plan` is in cli.py)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from aplan_desktop.core.errors import N_, DocumentFormatError, UserError
from aplan_desktop.core.periods import Period
from aplan_desktop.i18n import translate

if TYPE_CHECKING:
    from aplan_desktop.operations import Operations


def add_parsers(sub) -> None:
    circular = sub.add_parser("circular", help=translate(N_("mark a plan as carried out by the bodies under this "
                                                            "office, and write the circular to send them")))
    circular.add_argument("id")
    circular.add_argument("--h1", metavar="MM-DD", help=translate(N_("the first half year's deadline (default 05-10)")))
    circular.add_argument("--h2", metavar="MM-DD", help=translate(N_("the second half's deadline (default 11-10)")))
    circular.add_argument("--soums", metavar="1.1,2.3", help=translate(N_("the measures for the soums only")))
    circular.add_argument("--agencies", metavar="1.2", help=translate(N_("the measures for the agencies only")))
    circular.add_argument("-o", "--output", type=Path, help=translate(N_("the folder to write the circular in")))
    circular.add_argument("--withdraw", action="store_true", help=translate(N_(
        "take the plan back: the mark goes if it was never written; else it is called off, and -o writes the "
        "notice to send the bodies")))
    new_report = sub.add_parser("new-report", help=translate(N_("start this office's report on a plan it holds")))
    new_report.add_argument("id")
    new_report.add_argument("--period", choices=[p.value for p in Period], required=True)
    new_report.add_argument("--org", help=translate(N_("the office whose report it is, in a data file where no office "
                                                       "is set up")))
    _add_upward_parsers(sub)


def _add_upward_parsers(sub) -> None:
    upward = sub.add_parser("upward", help=translate(N_("send the office above this one this office's report on its "
                                                        "plan, made from the bodies' reports")))
    upward.add_argument("id")
    upward.add_argument("--period", choices=[p.value for p in Period], required=True)
    upward.add_argument("-o", "--output", type=Path, required=True, help=translate(N_("the folder to write it in")))
    superior = sub.add_parser("superior", help=translate(N_("register the office above this one (the national office "
                                                            "above an aimag) from a bundle it sent")))
    superior.add_argument("file", type=Path)
    superior.add_argument("--fingerprint", required=True,
                          help=translate(N_("the fingerprint read on the sender's cover letter")))


def _numbers(text: str | None) -> list[str]:
    return [n for n in (text or "").split(",") if n.strip()]


def cmd_circular(ops: Operations, args: argparse.Namespace) -> int:
    from aplan_desktop.core.circulars import Audience, parse_deadline
    from aplan_desktop.i18n.mongolian import official_date

    if args.withdraw:
        ops.withdraw_circular(args.id)
        circular = ops.circular(args.id, "sent")
        if circular is None:
            print(translate(N_("The plan is no longer marked as carried out by the bodies under this office.")))
            return 0
        print(translate(N_("The plan is called off. The bodies under this office are told by the file sent to them "
                           "(aplan export {id} -o FOLDER)."), id=args.id) if not args.output
              else translate(N_("The plan is called off.")))
        _write_circular(ops, args)
        return 0
    deadlines = {}
    for period, typed in ((Period.H1, args.h1 or "05-10"), (Period.H2, args.h2 or "11-10")):
        try:
            deadlines[period] = parse_deadline(typed)
        except DocumentFormatError:
            raise UserError(N_("Write a deadline as month-day, for instance 05-10; “{typed}” is not one."),
                            typed=typed) from None
    audience = {m: Audience.SOUMS for m in ops.measure_ids(args.id, _numbers(args.soums))}
    for m in ops.measure_ids(args.id, _numbers(args.agencies)):
        if m in audience:
            raise UserError(N_("A measure is named both for the soums only and for the agencies only; name it in "
                               "one of them, or in neither for both."))
        audience[m] = Audience.AGENCIES
    ops.mark_circular(args.id, deadlines, audience)
    plan = ops.plan(ops.load_document(args.id)[0].id)
    print(translate(N_("The plan {id} is carried out by the bodies under this office; reports are due on {h1} "
                       "and {h2}."), id=plan.id, h1=official_date(deadlines[Period.H1].on(plan.year)),
                    h2=official_date(deadlines[Period.H2].on(plan.year))))
    _write_circular(ops, args)
    return 0


def _write_circular(ops: Operations, args: argparse.Namespace) -> None:
    """The circular's bundle (or the notice that it is called off), when -o names the folder."""
    if args.output:
        result, _ = ops.export(args.id, args.output)
        print(translate(N_("Wrote {path} ({size} bytes, revision {revision})."), path=str(result.path),
                        size=result.size, revision=result.revision))


def cmd_new_report(ops: Operations, args: argparse.Namespace) -> int:
    plan, report = ops.load_document(args.id)
    if report is not None:
        raise UserError(N_("A report is made on a plan; {id} is a report."), id=args.id)
    changes = ops.create_report(plan.id, Period(args.period), organisation_id=args.org)
    print(changes.open)
    return 0


def cmd_upward(ops: Operations, args: argparse.Namespace) -> int:
    changes = ops.upward_report(args.id, Period(args.period))
    report_id = next(iter(changes.documents))
    ops.finalise(report_id)
    result, _ = ops.export(report_id, args.output)
    print(translate(N_("Wrote {path} ({size} bytes, revision {revision})."), path=str(result.path), size=result.size,
                    revision=result.revision))
    return 0


def cmd_superior(ops: Operations, args: argparse.Namespace) -> int:
    verified, _ = ops.register_superior(args.file, args.fingerprint)
    print(translate(N_("{organisation} is the office above this one; its key ({fingerprint}) is registered."),
                    organisation=verified.sender_name, fingerprint=verified.sender_fingerprint))
    return 0


COMMANDS = {"circular": cmd_circular, "new-report": cmd_new_report, "upward": cmd_upward, "superior": cmd_superior}
