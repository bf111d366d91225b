"""Exchange bundles (`.aplan`): a signed zip carrying one document, its printed report and evidence.

Pure bytes in, bytes out: no database, no Qt, nothing written to disk. The format is
docs/bundle-format.md. The caller decides whether a sender's public key is trusted, stores
bundles, and imports what `read_bundle` returns.
"""

from aplan_desktop.bundle.errors import (
    BundleDocumentError,
    BundleError,
    BundleTooLargeError,
    ContentsError,
    DamagedMemberError,
    ManifestError,
    NotABundleError,
    SignatureError,
    UnsafeMemberError,
)
from aplan_desktop.bundle.keys import fingerprint, generate_key, public_key
from aplan_desktop.bundle.manifest import FORMAT, FORMAT_VERSION, KINDS, OLDEST_VERSION
from aplan_desktop.bundle.names import bundle_file_name, transliterate
from aplan_desktop.bundle.photos import recompress_photo
from aplan_desktop.bundle.reader import Limits, VerifiedBundle, manifest_sha256, read_bundle
from aplan_desktop.bundle.writer import EMAIL_LIMIT, build_bundle, size_report

__all__ = [
    "FORMAT", "FORMAT_VERSION", "OLDEST_VERSION", "KINDS", "EMAIL_LIMIT",
    "BundleError", "NotABundleError", "UnsafeMemberError", "BundleTooLargeError", "DamagedMemberError",
    "ManifestError", "SignatureError", "ContentsError", "BundleDocumentError",
    "generate_key", "public_key", "fingerprint",
    "build_bundle", "bundle_file_name", "transliterate", "manifest_sha256", "size_report", "recompress_photo",
    "Limits", "VerifiedBundle", "read_bundle",
]
