"""KK pages to PDF and back: Pillow's PDF writer, and a reader for what it writes.

:func:`write_pdf` stores each page as one full-page image at 300 dpi. Pillow
compresses a greyscale or colour page as JPEG (DCTDecode), which blurs the
QR code's edges; a black-and-white (mode ``"1"``) page it compresses with
CCITT Group 4, the fax code: lossless and small (about 100-200 KB a page).
So pages are thresholded to black and white first (they are black text on
white; the draft watermark is a halftone of black dots, so it survives).
Where Pillow lacks libtiff (no Group 4 encoder) the pages are stored as
greyscale JPEG at quality 95, still decodable.

:func:`read_pdf_pages` reads the page images back (Pillow cannot open a PDF):
it parses the PDF's objects, follows the page tree, and decodes each page's
image XObject (CCITT Group 4 through a TIFF wrapper, JPEG directly). It
supports what :func:`write_pdf` produces; anything else (a scanned or
re-saved PDF, vector text, other image codings) raises
:class:`DocumentError` with a message fit to show, never a traceback.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import struct
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError, features

from shared.errors import DomainError

DPI = 300
THRESHOLD = 160  # grey levels below this print black (anti-aliased edges included)
JPEG_QUALITY = 95
MAX_SIDE = 20000  # px: refuse absurd images (a decompression bomb) before decoding


class DocumentError(DomainError):
    """A KK document cannot be drawn, written or read back."""

    key = "document.error"


def write_pdf(pages: Sequence[Image.Image], path: str | Path) -> Path:
    """Write ``pages`` to ``path`` as a PDF, one page per image at 300 dpi.

    Written to a temporary file and renamed, so a spool folder never holds a
    half-written PDF. Returns the path; raises :class:`DocumentError` if the
    file cannot be written.
    """
    if not pages:
        raise DocumentError("document.no_pages")
    path = Path(path)
    lossless = features.check("libtiff")
    images = [_bilevel(p) if lossless else p.convert("L") for p in pages]
    tmp = path.with_name(f".{path.name}.tmp")
    options = {"resolution": float(DPI), "save_all": True, "append_images": images[1:]}
    if not lossless:
        options["quality"] = JPEG_QUALITY
    try:
        from shared.store.files import create_private

        with create_private(tmp) as fh:  # owner-only: a KK carries every member's NIK
            images[0].save(fh, "PDF", **options)
        os.replace(tmp, path)
    except OSError as exc:  # a spool folder missing, full or read-only
        raise DocumentError("document.pdf_unwritable", path=str(path), reason=str(exc)) from exc
    finally:
        with contextlib.suppress(OSError):  # e.g. the "folder" is a file: already reported
            tmp.unlink(missing_ok=True)
    return path


def _bilevel(page: Image.Image) -> Image.Image:
    return page.convert("L").point(lambda v: 255 if v >= THRESHOLD else 0, "1")


# -- reading back ------------------------------------------------------------------------------

_OBJ = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
_REF = rb"(\d+)\s+\d+\s+R"


def read_pdf_pages(path: str | Path) -> list[Image.Image]:
    """The page images of a PDF written by :func:`write_pdf`, in page order.

    Black-and-white pages come back as mode ``"1"``, JPEG pages as ``"L"``
    (or ``"RGB"``). Raises :class:`DocumentError` if the file cannot be read
    or is not such a PDF.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError("document.pdf_unreadable", path=str(path), reason=str(exc)) from exc
    if not data.startswith(b"%PDF-"):
        raise DocumentError("document.pdf_not_pdf", path=str(path))
    objects = _objects(data)
    pages = _page_order(objects)
    if not pages:
        raise DocumentError("document.pdf_no_images", path=str(path))
    out = []
    for page in pages:
        match = re.search(rb"/XObject\s*<<\s*/[^\s/<>]+\s+" + _REF, objects.get(page, (b"",))[0])
        if match is None or int(match.group(1)) not in objects:
            raise DocumentError("document.pdf_no_images", path=str(path))
        head, stream = objects[int(match.group(1))]
        out.append(_decode(head, stream, path))
    return out


def _objects(data: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """Every ``N G obj``: its dictionary text and its stream bytes (later ones win).

    Stream data is skipped by its ``/Length``, so binary image data is never
    mistaken for PDF syntax.
    """
    out: dict[int, tuple[bytes, bytes | None]] = {}
    pos = 0
    while (match := _OBJ.search(data, pos)) is not None:
        start = match.end()
        end = data.find(b"endobj", start)
        at = data.find(b"stream", start)
        if end < 0:
            break
        if at < 0 or at > end:
            out[int(match.group(1))] = (data[start:end], None)
            pos = end
            continue
        head = data[start:at]
        begin = at + len(b"stream")
        begin += 2 if data[begin : begin + 2] == b"\r\n" else 1
        length = re.search(rb"/Length\s+(\d+)(?!\s+\d+\s+R)", head)
        if length is None:
            stop = data.find(b"endstream", begin)
            stream = data[begin:stop].rstrip(b"\r\n")
        else:
            stream = data[begin : begin + int(length.group(1))]
        out[int(match.group(1))] = (head, stream)
        pos = begin + len(stream)
    return out


def _page_order(objects: dict[int, tuple[bytes, bytes | None]]) -> list[int]:
    """The page objects in reading order, from the catalog's page tree."""
    catalog = next((h for h, _ in objects.values() if re.search(rb"/Type\s*/Catalog", h)), None)
    root = re.search(rb"/Pages\s+" + _REF, catalog or b"")
    if root is None:
        return []
    pages: list[int] = []
    stack, seen = [int(root.group(1))], set()
    while stack:
        number = stack.pop()
        if number in seen or number not in objects:
            continue
        seen.add(number)
        head = objects[number][0]
        kids = re.search(rb"/Kids\s*\[([^\]]*)\]", head)
        if kids is not None:
            stack.extend(reversed([int(n) for n in re.findall(_REF, kids.group(1))]))
        elif re.search(rb"/Type\s*/Page\b", head):
            pages.append(number)
    return pages


def _int(head: bytes, key: bytes, default: int | None = None) -> int | None:
    match = re.search(rb"/" + key + rb"\s+(-?\d+)", head)
    return int(match.group(1)) if match else default


def _decode(head: bytes, stream: bytes | None, path: Path) -> Image.Image:
    if stream is None or not re.search(rb"/Subtype\s*/Image", head):
        raise DocumentError("document.pdf_no_images", path=str(path))
    width, height = _int(head, b"Width"), _int(head, b"Height")
    if not width or not height or width > MAX_SIDE or height > MAX_SIDE:
        raise DocumentError("document.pdf_unsupported", path=str(path), what="size")
    image: Image.Image
    try:
        if re.search(rb"/CCITTFaxDecode", head):
            if _int(head, b"K", 0) != -1:
                raise DocumentError("document.pdf_unsupported", path=str(path), what="CCITT G3")
            black_is_1 = re.search(rb"/BlackIs1\s+true", head) is not None
            image = Image.open(io.BytesIO(_g4_tiff(stream, width, height, black_is_1)))
        elif re.search(rb"/DCTDecode", head):
            image = Image.open(io.BytesIO(stream))
        else:
            found = re.search(rb"/Filter\s*\[?\s*/(\w+)", head)
            what = found.group(1).decode("ascii", "replace") if found else "none"
            raise DocumentError("document.pdf_unsupported", path=str(path), what=what)
        image.load()
        if re.search(rb"/Decode\s*\[\s*1(?:\.0*)?\s+0(?:\.0*)?\s*\]", head):
            image = ImageOps.invert(image.convert("L"))
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError) as exc:
        raise DocumentError("document.pdf_unreadable", path=str(path), reason=str(exc)) from exc
    if image.size != (width, height):
        raise DocumentError("document.pdf_unsupported", path=str(path), what="size")
    image.info["dpi"] = (DPI, DPI)
    return image


def _g4_tiff(strip: bytes, width: int, height: int, black_is_1: bool) -> bytes:
    """A one-strip little-endian TIFF around a CCITT Group 4 stream, for Pillow to decode."""
    # The decoder writes the code's black runs as 1 bits. With BlackIs1 (what Pillow writes)
    # those 1 bits are shown white by the PDF's 1-bit DeviceGray, so BlackIsZero (1) here.
    tags = [
        (256, 4, width),  # ImageWidth (LONG)
        (257, 4, height),  # ImageLength
        (258, 3, 1),  # BitsPerSample (SHORT)
        (259, 3, 4),  # Compression: CCITT T.6 (Group 4)
        (262, 3, 1 if black_is_1 else 0),  # PhotometricInterpretation
        (273, 4, 0),  # StripOffsets, filled in below
        (277, 3, 1),  # SamplesPerPixel
        (278, 4, height),  # RowsPerStrip
        (279, 4, len(strip)),  # StripByteCounts
    ]
    ifd_size = 2 + 12 * len(tags) + 4
    offset = 8 + ifd_size
    out = bytearray(b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", len(tags)))
    for tag, kind, value in tags:
        value = offset if tag == 273 else value
        packed = struct.pack("<H", value) + b"\0\0" if kind == 3 else struct.pack("<I", value)
        out += struct.pack("<HHI", tag, kind, 1) + packed
    out += struct.pack("<I", 0)
    return bytes(out + strip)
