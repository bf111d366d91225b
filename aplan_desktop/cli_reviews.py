"""`aplan review` and `aplan bundle-version`, and the receipts `aplan import` writes: the
command line of returns for correction, receipts and the bundle format the aimag reads."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.i18n import label, translate

if TYPE_CHECKING:
    from aplan_desktop.operations import Operations


def add_parsers(sub) -> None:
    review = sub.add_parser("review", help=translate(N_("accept a body's report, or return it for correction; "
                                                        "without an option, show its revisions and where it stands")))
    review.add_argument("id")
    what = review.add_mutually_exclusive_group()
    what.add_argument("--accept", action="store_true", help=translate(N_("accept the report")))
    what.add_argument("--return", dest="send_back", action="store_true",
                      help=translate(N_("return the report for correction")))
    review.add_argument("--reason", action="append", default=[], metavar="MEASURE_ID=TEXT",
                        help=translate(N_("why a measure must be corrected (repeat for each measure)")))
    review.add_argument("--note", default="", help=translate(N_("a note on the whole report")))
    version = sub.add_parser("bundle-version", help=translate(
        N_("show or set the bundle format version the aimag reads (\"auto\": the oldest that holds "
           "everything a bundle carries)")))
    version.add_argument("version", nargs="?")


def _reasons(pairs: list[str]) -> dict[str, str]:
    reasons = {}
    for pair in pairs:
        measure, sep, text = pair.partition("=")
        if not sep or not measure.strip():
            raise UserError(N_("Write each reason as MEASURE_ID=TEXT (\"{given}\" is not)."), given=pair[:60])
        reasons[measure.strip()] = text
    return reasons


def cmd_review(ops: Operations, args: argparse.Namespace) -> int:
    report_id = ops.resolve_report_id(args.id)
    if args.accept:
        ops.accept_report(report_id)
        print(translate(N_("The report was accepted. Send the review back to the body: aplan export {id} --review "
                           "-o FOLDER"), id=report_id))
        return 0
    if args.send_back:
        ops.return_report(report_id, _reasons(args.reason), args.note)
        print(translate(N_("The report was returned for correction. Send the review back to the body: aplan export "
                           "{id} --review -o FOLDER"), id=report_id))
        return 0
    for line in ops.revisions(report_id):
        reasons = "; ".join(f"{measure}: {text}" for measure, text in line.reasons)
        print(f"r{line.revision}  {line.at}  {label(line.state)}" + (f"  {line.note}" if line.note else "")
              + (f"  [{reasons}]" if reasons else ""))
    standing = ops.standing(ops.report(report_id))
    if standing is not None:
        print(ops.standing_text(standing))
    if made_on := ops.made_on_text(ops.report(report_id)):
        print(made_on)
    return 0


def cmd_bundle_version(ops: Operations, args: argparse.Namespace) -> int:
    from aplan_desktop.bundle.manifest import FORMAT_VERSION, OLDEST_VERSION

    if args.version is not None:
        if args.version in ("auto", "newest"):  # "newest": the word before "auto" (its default then)
            ops.set_bundle_version(None)
        elif not args.version.isdigit():
            raise UserError(N_("Give a version number, or \"auto\"."))
        else:
            ops.set_bundle_version(int(args.version))
    if ops.bundle_version is None:
        print(translate(N_("Reports and plans are written in the oldest bundle format version that holds everything "
                           "they carry (this program writes versions {oldest} to {newest})."),
                        oldest=OLDEST_VERSION, newest=FORMAT_VERSION))
    else:
        print(translate(N_("Reports and plans are written in bundle format version {version}."),
                        version=ops.bundle_version))
    return 0


def print_receipts(ops: Operations, items, folder: Path | None) -> None:
    """After `aplan import`: a receipt for each sender whose report arrived."""
    for path in ops.write_receipts(items, folder):
        print(translate(N_("Receipt to send back: {path}"), path=str(path)))


COMMANDS = {"review": cmd_review, "bundle-version": cmd_bundle_version}
