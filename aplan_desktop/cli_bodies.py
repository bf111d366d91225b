"""The command line's jobs for the aimag's bodies: `aplan bodies` lists every body the aimag
expects (its soums from the roster, its agencies, its senders) and who reports for each; it adds
an agency (or removes one added by mistake), and registers a sender's key bound to the body it is here."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from aplan_desktop.core.errors import N_, UserError
from aplan_desktop.i18n import translate

if TYPE_CHECKING:
    from aplan_desktop.operations import Operations

ITSELF = "itself"  # --as: the sender is a body of its own


def add_parsers(sub) -> None:
    bodies = sub.add_parser("bodies", help=translate(N_("the bodies the aimag expects reports from, and who reports "
                                                        "for each")))
    bodies.add_argument("--add-agency", metavar="NAME", help=translate(N_("add an agency (a school, a hospital…) by "
                                                                          "its name")))
    bodies.add_argument("--remove", metavar="ID", help=translate(N_("remove an agency added by mistake, while no "
                                                                     "document, key or sender is bound to it")))
    bodies.add_argument("--register", type=Path, metavar="FILE.aplan",
                        help=translate(N_("register the key of the sender of this bundle as one of the bodies")))
    bodies.add_argument("--fingerprint", help=translate(N_("the fingerprint read on the sender's cover letter")))
    bodies.add_argument("--as", dest="body", metavar="ID",
                        help=translate(N_("the body the sender is here: an id that aplan bodies lists, or “itself”")))


def cmd_bodies(ops: Operations, args: argparse.Namespace) -> int:
    from aplan_desktop.operations import SenderChoice

    if args.add_agency is not None:
        ops.add_agency(args.add_agency)
    if args.remove is not None:
        ops.remove_agency(args.remove)
    if args.register:
        if not args.fingerprint or not args.body:
            raise UserError(N_("Give the fingerprint read on the sender's cover letter and the body it is here: "
                               "--fingerprint XXXX-XXXX-… --as ID"))
        body = "" if args.body == ITSELF else args.body
        ((_, refused),), _ = ops.register_senders([SenderChoice(args.register, args.fingerprint, body)])
        if refused:  # the sentence that says why, and nothing registered
            print(refused, file=sys.stderr)
            return 1
    for body in ops.expected_bodies():
        source = translate(N_("the national list")) if body.listed else translate(N_("added here"))
        sender = f"{body.sender} ({body.fingerprint})" if body.sender else "—"
        print(f"{body.organisation.id}  {body.organisation.name}  [{source}]  {sender}")
    return 0


COMMANDS = {"bodies": cmd_bodies}
