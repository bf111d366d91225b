"""The zip container of a bundle, written and read by hand so that it is exactly one layout.

aplan writes one plain zip layout (docs/bundle-format.md, "Zip layout"): local headers with
no extra fields, no data descriptors, no comments, members back to back from the first byte,
the central directory in the same order, and the end record as the last 22 bytes. The reader
accepts that layout and nothing looser: every header field is either pinned or must agree
between the local and the central header, so a damaged or re-packed file is refused before
any data is unpacked. The reader takes a `Source`, the bytes in memory or a file read piece by
piece, and unpacks a member as a stream of chunks that stops as soon as the member gives more
bytes than its header declared; nothing is ever written to disk.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from aplan_desktop.bundle.errors import BundleTooLargeError, DamagedMemberError, NotABundleError
from aplan_desktop.core.errors import N_

STORED = 0
DEFLATED = 8
COMPRESS_LEVEL = 6

LOCAL_SIG = b"PK\x03\x04"
CENTRAL_SIG = b"PK\x01\x02"
END_SIG = b"PK\x05\x06"
_LOCAL = struct.Struct("<4s5H3L2H")        # 30 bytes
_CENTRAL = struct.Struct("<4s6H3L5H2L")    # 46 bytes
_END = struct.Struct("<4s4H2LH")           # 22 bytes

VERSION_MADE_BY = (3 << 8) | 20            # Unix, zip 2.0
VERSION_NEEDED = 20
FILE_ATTRIBUTES = 0o100644 << 16           # a regular file, rw-r--r--
S_IFMT = 0o170000
S_IFLNK = 0o120000
S_IFDIR = 0o040000
MSDOS_DIRECTORY = 0x10

_IN_CHUNK = 64 * 1024
_OUT_CHUNK = 256 * 1024
_LONGEST_NAME = 80                         # "evidence/" and 64 hex digits, with room to spare


class Source:
    """A bundle's bytes, in memory: `source[a:b]` is bytes, `len(source)` the file's size."""

    def __init__(self, data: bytes | bytearray | memoryview) -> None:
        self._view = memoryview(data).cast("B")

    def __len__(self) -> int:
        return len(self._view)

    def __getitem__(self, part: slice) -> bytes:
        return bytes(self._view[part])

    def close(self) -> None:
        """Nothing to let go of in memory; a file source closes its handle."""


class FileSource(Source):
    """A bundle file read piece by piece; the handle is opened on first use and let go of by
    `close()`, so that nothing holds the file between the dry run and the import."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._size = self.path.stat().st_size
        self._file = None

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, part: slice) -> bytes:
        start, stop, _ = part.indices(self._size)
        if self._file is None:
            self._file = self.path.open("rb")
        self._file.seek(start)
        data = self._file.read(max(stop - start, 0))
        if len(data) != max(stop - start, 0):  # the file was cut short since its size was read
            raise _damaged("the file changed while it was read")
        return data

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


@dataclass(frozen=True)
class CentralEntry:
    """One central directory record, as found (nothing checked yet but its bounds)."""

    raw_name: bytes
    made_by: int
    needed: int
    flags: int
    method: int
    time: int
    date: int
    crc: int
    compressed_size: int
    size: int
    extra_len: int
    comment_len: int
    disk: int
    internal_attr: int
    external_attr: int
    offset: int

    @property
    def name(self) -> str:
        """The name for messages: ASCII as is, anything else escaped."""
        return self.raw_name.decode("ascii", "backslashreplace") if self.raw_name.isascii() \
            else self.raw_name.decode("utf-8", "backslashreplace")

    @property
    def is_link(self) -> bool:
        return (self.external_attr >> 16) & S_IFMT == S_IFLNK

    @property
    def is_directory(self) -> bool:
        return ((self.external_attr >> 16) & S_IFMT == S_IFDIR or bool(self.external_attr & MSDOS_DIRECTORY)
                or self.raw_name.endswith((b"/", b"\\")))


@dataclass(frozen=True)
class Member:
    """A member whose headers passed `check_layout`: where its data is and what it should unpack to."""

    name: str
    method: int
    crc: int
    compressed_size: int
    size: int
    data_offset: int


def _damaged(detail: str) -> NotABundleError:
    return NotABundleError(N_("The file is damaged (its zip structure is broken). Ask the sender to export it again."),
                           detail=detail)


def _foreign(name: str, detail: str) -> NotABundleError:
    return NotABundleError(
        N_("The file is damaged or was not made by aplan (the zip entry \"{name}\" is not written the way aplan "
           "writes it). Ask the sender to export it again with aplan."), name=name, detail=detail)


# ---------------------------------------------------------------- writing

def dos_date_time(when: datetime) -> tuple[int, int]:
    year = min(max(when.year, 1980), 2107)
    return ((year - 1980) << 9) | (when.month << 5) | when.day, (when.hour << 11) | (when.minute << 5) | (when.second // 2)


def deflate(data: bytes) -> bytes:
    c = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def pack(members: list[tuple[str, bytes, int, bytes]], when: datetime) -> bytes:
    """A zip of (name, data, method, payload) in the given order; payload is `data` deflated or as is."""
    if len(members) >= 0xFFFF:
        raise ValueError("too many members for a zip without zip64")
    date, time = dos_date_time(when)
    out = bytearray()
    central = bytearray()
    for name, data, method, payload in members:
        raw = name.encode("ascii")
        crc = zlib.crc32(data)
        offset = len(out)
        if offset + len(payload) + 1024 >= 0xFFFFFFFF:
            raise ValueError("too big for a zip without zip64")
        out += _LOCAL.pack(LOCAL_SIG, VERSION_NEEDED, 0, method, time, date, crc, len(payload), len(data), len(raw), 0)
        out += raw
        out += payload
        central += _CENTRAL.pack(CENTRAL_SIG, VERSION_MADE_BY, VERSION_NEEDED, 0, method, time, date, crc,
                                 len(payload), len(data), len(raw), 0, 0, 0, 0, FILE_ATTRIBUTES, offset)
        central += raw
    cd_offset = len(out)
    out += central
    out += _END.pack(END_SIG, 0, 0, len(members), len(members), len(central), cd_offset, 0)
    return bytes(out)


# ---------------------------------------------------------------- reading

def read_directory(data: Source, max_members: int) -> list[CentralEntry]:
    """The central directory of a zip that ends exactly with its end record; refuses anything else."""
    n = len(data)
    if n == 0:
        raise NotABundleError(N_("The file is empty. Ask the sender to export the bundle again."))
    if n < _END.size or bytes(data[n - _END.size:n - _END.size + 4]) != END_SIG:
        if bytes(data[:4]) == LOCAL_SIG:
            raise NotABundleError(
                N_("The file is incomplete: it was cut off before its end (perhaps while downloading or copying). "
                   "Save the attachment again, or ask the sender to export it again."))
        raise NotABundleError(
            N_("The file is not an aplan bundle (it is not a zip file). Ask the sender to export it again."))
    _, disk, cd_disk, count_here, count, cd_size, cd_offset, comment_len = _END.unpack(data[n - _END.size:n])
    if disk or cd_disk or count_here != count or comment_len:
        raise _damaged("end record")
    if cd_offset + cd_size != n - _END.size:
        raise _damaged("central directory position")
    if count > max_members:
        raise BundleTooLargeError(
            N_("The bundle holds {count} files; at most {limit} are allowed. It was not opened; "
               "ask the sender to export it again."), count=count, limit=max_members)
    if cd_size > count * (_CENTRAL.size + _LONGEST_NAME):
        raise _damaged("central directory longer than its entries need")
    directory = data[cd_offset:cd_offset + cd_size]
    entries = []
    pos, end = 0, cd_size
    for _ in range(count):
        if pos + _CENTRAL.size > end:
            raise _damaged("central directory too short")
        fields = _CENTRAL.unpack_from(directory, pos)
        if fields[0] != CENTRAL_SIG:
            raise _damaged("central directory signature")
        name_len, extra_len, comment_len = fields[10], fields[11], fields[12]
        name_start = pos + _CENTRAL.size
        pos = name_start + name_len + extra_len + comment_len
        if pos > end:
            raise _damaged("central directory entry too long")
        entries.append(CentralEntry(directory[name_start:name_start + name_len], *fields[1:10],
                                    extra_len, comment_len, *fields[13:]))
    if pos != end:
        raise _damaged("central directory size")
    return entries


def check_layout(data: Source, entries: list[CentralEntry]) -> list[Member]:
    """Each entry written exactly as `pack` writes it, its local header agreeing field by field,
    and the members back to back from byte 0 up to the central directory."""
    n = len(data)
    cd_offset = _END.unpack(data[n - _END.size:n])[6]
    members = []
    expected_offset = 0
    for e in entries:
        name = e.name
        pinned = (e.made_by == VERSION_MADE_BY and e.needed == VERSION_NEEDED and e.flags == 0
                  and e.method in (STORED, DEFLATED) and e.extra_len == 0 and e.comment_len == 0 and e.disk == 0
                  and e.internal_attr == 0 and e.external_attr == FILE_ATTRIBUTES
                  and (e.method == DEFLATED or e.compressed_size == e.size))
        if not pinned:
            raise _foreign(name, "central header fields")
        if e.offset != expected_offset:
            raise _damaged(f"{name}: member not where the previous one ends")
        if e.offset + _LOCAL.size > cd_offset:
            raise _damaged(f"{name}: local header past the data")
        local = _LOCAL.unpack(data[e.offset:e.offset + _LOCAL.size])
        expected_local = (LOCAL_SIG, e.needed, e.flags, e.method, e.time, e.date, e.crc, e.compressed_size, e.size,
                          len(e.raw_name), 0)
        if local != expected_local:
            raise _damaged(f"{name}: local header differs from the central directory")
        name_start = e.offset + _LOCAL.size
        data_offset = name_start + len(e.raw_name)
        if data[name_start:data_offset] != e.raw_name:
            raise _damaged(f"{name}: local name differs from the central directory")
        expected_offset = data_offset + e.compressed_size
        if expected_offset > cd_offset:
            raise _damaged(f"{name}: data runs into the central directory")
        members.append(Member(name, e.method, e.crc, e.compressed_size, e.size, data_offset))
    if expected_offset != cd_offset:
        raise _damaged("bytes between the last member and the central directory")
    return members


def _broken(name: str, detail: str) -> DamagedMemberError:
    return DamagedMemberError(
        N_("The file \"{name}\" in the bundle is damaged. Ask the sender to export the bundle again."),
        name=name, detail=detail)


def _compressed(data: Source, member: Member) -> Iterator[bytes]:
    for pos in range(member.data_offset, member.data_offset + member.compressed_size, _IN_CHUNK):
        yield data[pos:min(pos + _IN_CHUNK, member.data_offset + member.compressed_size)]


def _inflated(data: Source, member: Member) -> Iterator[bytes]:
    inflater = zlib.decompressobj(-15)
    compressed = _compressed(data, member)
    produced = 0
    try:
        while not inflater.eof:
            chunk = inflater.unconsumed_tail or next(compressed, b"")
            piece = inflater.decompress(chunk, _OUT_CHUNK)
            if piece:
                produced += len(piece)
                if produced > member.size:
                    raise _broken(member.name, "more data than declared")
                yield piece
            elif not chunk:
                raise _broken(member.name, "compressed data ends too soon")
    except zlib.error as exc:
        raise _broken(member.name, f"deflate: {exc}") from None
    if inflater.unused_data or inflater.unconsumed_tail or next(compressed, None) is not None:
        raise _broken(member.name, "bytes after the end of the compressed data")


def stream(data: Source, member: Member) -> Iterator[bytes]:
    """The member's bytes in chunks; it stops at the first byte beyond the declared size, and
    after the last chunk it checks the size and the CRC-32 (raising before it ends if they differ)."""
    produced, crc = 0, 0
    for piece in (_compressed(data, member) if member.method == STORED else _inflated(data, member)):
        produced += len(piece)
        if produced > member.size:
            raise _broken(member.name, "more data than declared")
        crc = zlib.crc32(piece, crc)
        yield piece
    if produced != member.size:
        raise _broken(member.name, "size differs from the header")
    if crc != member.crc:
        raise _broken(member.name, "CRC-32 differs from the header")


def unpack(data: Source, member: Member) -> bytes:
    """A small member's bytes, whole (the manifest and its signature)."""
    return b"".join(stream(data, member))
