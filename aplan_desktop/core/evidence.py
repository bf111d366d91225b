"""Which evidence the program opens for the user, and under what file name.

Evidence arrives from other offices inside bundles: its name and link are whatever the sender
wrote. Opening hands the file to the operating system, which would run a program ("Тайлан.pdf.exe")
or follow any kind of link. So only documents, pictures, sound and video are opened, and links
only to web pages.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from urllib.parse import urlsplit

from aplan_desktop.core.model import Evidence

OPENED_SUFFIXES = frozenset(
    ".pdf .txt .csv .rtf .doc .docx .xls .xlsx .ppt .pptx .odt .ods .odp "
    ".jpg .jpeg .png .gif .bmp .tif .tiff .webp .heic .mp3 .m4a .wav .mp4 .mov .avi".split())
OPENED_SCHEMES = frozenset({"http", "https"})
_NOT_IN_FILE_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]')  # what Windows refuses in a file name


def opens_safely(item: Evidence) -> bool:
    if item.url:
        return urlsplit(item.url).scheme.lower() in OPENED_SCHEMES
    return PurePath(item.name).suffix.lower() in OPENED_SUFFIXES


def file_name_to_open(item: Evidence) -> str:
    """The evidence's name as a file name any system accepts (never empty, never a path)."""
    name = _NOT_IN_FILE_NAMES.sub("_", PurePath(item.name.replace("\\", "/")).name).strip(" .")
    return name or "evidence" + PurePath(item.name).suffix.lower()
