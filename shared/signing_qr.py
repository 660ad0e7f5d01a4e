"""Reading the QR codes of a KK from a file: a PDF, or a PNG/JPEG scan or photo.

Images are opened with Pillow and decoded with zxing-cpp; a PDF's pages are
rendered by :func:`shared.kk_document.read_pdf_pages`. Every failure is a
:class:`QRReadError` with a message in both languages.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from shared.errors import DomainError

PDF_MAGIC = b"%PDF-"


class QRReadError(DomainError):
    """The file cannot be read, or holds no QR code."""

    key = "verify.no_qr"


def qr_texts_in_file(path: str | Path) -> list[str]:
    """The text of every QR code in ``path``, page by page; at least one, else an error."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(len(PDF_MAGIC))
    except OSError as exc:
        raise QRReadError("verify.cannot_open", path=str(path), error=exc.strerror) from None
    pages = _pdf_pages(path) if head == PDF_MAGIC else [_open_image(path)]
    texts = [text for page in pages for text in qr_texts(page)]
    if not texts:
        raise QRReadError("verify.no_qr", path=str(path))
    return texts


def qr_texts(image: Any) -> list[str]:
    """The text of every QR code zxing-cpp finds in a Pillow image."""
    try:
        import zxingcpp
    except ImportError:
        raise QRReadError("verify.no_decoder") from None
    if getattr(image, "mode", "L") not in ("L", "RGB", "RGBA"):
        image = image.convert("RGB")
    return [r.text for r in zxingcpp.read_barcodes(image) if r.text]


def _open_image(path: Path) -> Any:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            img.load()
            return img.copy()
    except (UnidentifiedImageError, ValueError, SyntaxError):
        raise QRReadError("verify.not_image", path=str(path)) from None
    except OSError as exc:
        raise QRReadError(
            "verify.cannot_open", path=str(path), error=exc.strerror or str(exc)
        ) from None


def _pdf_pages(path: Path) -> Iterable[Any]:
    try:
        from shared.kk_document import read_pdf_pages
    except ImportError as exc:
        raise QRReadError("verify.pdf_unavailable", error=str(exc)) from None
    try:
        pages = list(read_pdf_pages(path))
    except DomainError:
        raise
    except (OSError, ValueError) as exc:
        raise QRReadError("verify.not_image", path=str(path), error=str(exc)) from None
    return [_open_image(Path(p)) if isinstance(p, str | Path) else p for p in pages]
