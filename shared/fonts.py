"""Fonts for drawing documents with Pillow: one with every Indonesian glyph.

Pillow's built-in font lacks many glyphs (é, —, …), so a TrueType font is
looked for, in this order:

1. the folder or file named by the ``KK_FONTS`` environment variable (a
   folder holding DejaVu-named files, or one ``.ttf`` used for every style);
2. Debian's DejaVu (package ``fonts-dejavu-core``) under
   ``/usr/share/fonts/truetype/dejavu``;
3. the DejaVu fonts bundled with matplotlib, if matplotlib is importable;
4. Pillow's own default font, with one warning in the log that some glyphs
   may be missing. Nothing fails without a font installed; it only looks worse.

Styles: ``"sans"`` / ``"sans-bold"`` (DejaVu Sans) for headings and the big
ticket number, ``"mono"`` / ``"mono-bold"`` (DejaVu Sans Mono) for receipt
text, whose lines are broken by character count like the printer's own font.
"""

from __future__ import annotations

import logging
import os
import threading
from functools import cache
from pathlib import Path
from typing import Literal

from PIL import ImageFont

log = logging.getLogger(__name__)

Style = Literal["sans", "sans-bold", "mono", "mono-bold"]
ENV_VAR = "KK_FONTS"
DEBIAN_DIR = Path("/usr/share/fonts/truetype/dejavu")
FILES: dict[str, str] = {
    "sans": "DejaVuSans.ttf",
    "sans-bold": "DejaVuSans-Bold.ttf",
    "mono": "DejaVuSansMono.ttf",
    "mono-bold": "DejaVuSansMono-Bold.ttf",
}

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def _matplotlib_dir() -> Path | None:
    try:
        import matplotlib  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    return Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf"


def _candidates(style: Style) -> list[Path]:
    name = FILES[style]
    out: list[Path] = []
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        path = Path(configured).expanduser()
        out.append(path if path.suffix.lower() in (".ttf", ".otf") else path / name)
    out.append(DEBIAN_DIR / name)
    mpl = _matplotlib_dir()
    if mpl is not None:
        out.append(mpl / name)
    return out


@cache
def font_path(style: Style = "sans") -> Path | None:
    """The TrueType file used for ``style``, or ``None`` (Pillow's default font is used)."""
    for path in _candidates(style):
        if path.is_file():
            return path
    return None


@cache
def _warn_once() -> None:
    log.warning(
        "No TrueType font found (set %s, or install fonts-dejavu-core): "
        "documents are drawn with Pillow's default font, some glyphs may be missing.",
        ENV_VAR,
    )


_per_thread = threading.local()


def load_font(style: Style, size: float) -> Font:
    """``style`` at ``size`` pixels; Pillow's default font if no TrueType font is found.

    Fonts are cached per thread: a FreeType face is not safe to share between
    threads (the kiosk draws in a worker thread while its screen runs).
    """
    fonts: dict[tuple[str, float], Font] = _per_thread.__dict__.setdefault("fonts", {})
    key = (style, size)
    if key not in fonts:
        fonts[key] = _load(style, size)
    return fonts[key]


def _load(style: Style, size: float) -> Font:
    path = font_path(style)
    if path is not None:
        try:
            return ImageFont.truetype(str(path), size)
        except OSError:
            log.warning("Font %s cannot be read; using Pillow's default font.", path)
    _warn_once()
    return ImageFont.load_default(size)
