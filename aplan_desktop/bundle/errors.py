"""Why a bundle was refused: each error is a `UserError` with a sentence that says what to do.

The classes say which check failed (the caller may treat a forged signature differently from
a truncated download); the message is an English msgid shown translated, as everywhere else.
Extra parameters without a placeholder (`detail`) are for logs and tests, not for the user.
"""

from __future__ import annotations

from aplan_desktop.core.errors import UserError


class BundleError(UserError):
    """A file that is not a bundle this program accepts, or a bundle that cannot be written."""


class NotABundleError(BundleError):
    """Empty, not a zip file, cut off, or a zip whose structure is broken or not the one aplan writes."""


class UnsafeMemberError(BundleError):
    """A member with a name or type that has no place in a bundle (paths, links, folders, duplicates)."""


class BundleTooLargeError(BundleError):
    """Too many members, too big when unpacked, or compressed too well (a zip bomb)."""


class DamagedMemberError(BundleError):
    """A member whose data does not unpack to what its zip headers say."""


class ManifestError(BundleError):
    """manifest.json missing, unreadable, of another format version or of the wrong shape."""


class SignatureError(BundleError):
    """manifest.sig missing, or not a signature of manifest.json by the key the manifest names."""


class ContentsError(BundleError):
    """The members present are not exactly the ones the signed manifest lists."""


class BundleDocumentError(BundleError):
    """document.json is not a valid interchange document, or not the one the manifest names."""
