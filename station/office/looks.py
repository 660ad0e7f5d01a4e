"""Each office app's own look, inside the one ``kk office`` app.

The kiosk, the staff station, the print station and the display each have a
stylesheet written for an app of their own (``Screen { ... }``, ``#body``,
``.title`` mean different things in each). In the office app they are all
loaded at once, each *scoped* to its look: every top-level selector gets the
prefix ``OfficeApp.look-<name>`` and the app carries the class of the mode
on screen, so a mode's screens are styled exactly as in their own app. The
prefix adds the same specificity to every rule of a sheet, so the order of
precedence inside each sheet is unchanged.
"""

from __future__ import annotations

import re
from pathlib import Path

_STATION = Path(__file__).resolve().parents[1]
_KIOSK = _STATION.parent / "kiosk"  # the packages are installed side by side

LOOKS: dict[str, tuple[Path, ...]] = {
    "kiosk": (_KIOSK / "kiosk.tcss",),
    "station": (_STATION / "station.tcss", _STATION / "screens" / "supervisor.tcss"),
    "print": (_STATION / "station.tcss", _STATION / "print_station" / "print_station.tcss"),
    "display": (_STATION / "display" / "display.tcss",),
}
"""The stylesheets of each look, in the order their app loads them."""

Breakpoints = list[tuple[int, str]]

BREAKPOINTS: dict[str, tuple[Breakpoints, Breakpoints]] = {
    "menu": ([], []),
    "kiosk": ([], [(0, "-short"), (32, "-tall")]),
    "station": ([(0, "-narrow"), (100, "-wide")], [(0, "-short"), (32, "-tall")]),
    "print": ([(0, "-narrow"), (100, "-wide")], [(0, "-short"), (32, "-tall")]),
    "display": ([(0, "-narrow"), (120, "-wide")], [(0, "-short"), (32, "-tall")]),
}
"""(horizontal, vertical) breakpoints of each look, as its own app sets them."""

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def look_class(look: str) -> str:
    return f"look-{look}"


def scoped(css: str, scope: str) -> str:
    """``css`` with ``scope`` and a space put before every top-level selector.

    Nested rule blocks and declarations are copied as they are; a top-level
    ``$variable: value;`` is refused (Textual's variables are global, so one
    sheet's would leak into the others).
    """
    css = _COMMENT.sub("", css)
    out: list[str] = []
    depth = 0
    pending: list[str] = []
    for char in css:
        if depth == 0:
            if char == "{":
                selectors = "".join(pending).strip()
                if not selectors:
                    raise ValueError("a rule without a selector")
                parts = [part.strip() for part in selectors.split(",")]
                out.append(", ".join(f"{scope} {part}" for part in parts if part) + " {")
                pending = []
                depth = 1
            elif char == ";":
                raise ValueError(f"top-level statement not supported: {''.join(pending).strip()}")
            elif char == "}":
                raise ValueError("unbalanced '}'")
            else:
                pending.append(char)
            continue
        out.append(char)
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                out.append("\n")
    if depth != 0 or "".join(pending).strip():
        raise ValueError("unbalanced '{' or a selector without a rule")
    return "".join(out)


def office_css(app_type: str) -> str:
    """Every look's stylesheets, each scoped to ``app_type.look-<name>``."""
    sheets = []
    for look, paths in LOOKS.items():
        scope = f"{app_type}.{look_class(look)}"
        for path in paths:
            sheets.append(f"/* {look}: {path.name} */\n")
            sheets.append(scoped(path.read_text(encoding="utf-8"), scope))
    return "\n".join(sheets)
