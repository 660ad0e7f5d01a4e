"""A ticket number as large as the space it is given, readable from across the hall."""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

# A 5x7 pixel font for ticket numbers: every letter a service prefix may use, digits, dash.
# (Textual's Digits has 3x3 glyphs for 0-9 and A-F only, at one fixed size.)
_FONT_ROWS = """
0 .###. #...# #...# #...# #...# #...# .###.
1 ..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.
2 .###. #...# ....# ...#. ..#.. .#... #####
3 ####. ....# ....# .###. ....# ....# ####.
4 ...#. ..##. .#.#. #..#. #####. ...#. ...#.
5 ##### #.... ####. ....# ....# #...# .###.
6 .###. #.... #.... ####. #...# #...# .###.
7 ##### ....# ...#. ..#.. .#... .#... .#...
8 .###. #...# #...# .###. #...# #...# .###.
9 .###. #...# #...# .#### ....# ....# .###.
A .###. #...# #...# ##### #...# #...# #...#
B ####. #...# #...# ####. #...# #...# ####.
C .###. #...# #.... #.... #.... #...# .###.
D ####. #...# #...# #...# #...# #...# ####.
E ##### #.... #.... ####. #.... #.... #####
F ##### #.... #.... ####. #.... #.... #....
G .###. #...# #.... #.### #...# #...# .####
H #...# #...# #...# ##### #...# #...# #...#
I .###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.
J ..### ...#. ...#. ...#. ...#. #..#. .##..
K #...# #..#. #.#.. ##... #.#.. #..#. #...#
L #.... #.... #.... #.... #.... #.... #####
M #...# ##.## #.#.# #.#.# #...# #...# #...#
N #...# #...# ##..# #.#.# #..## #...# #...#
O .###. #...# #...# #...# #...# #...# .###.
P ####. #...# #...# ####. #.... #.... #....
Q .###. #...# #...# #...# #.#.# #..#. .##.#
R ####. #...# #...# ####. #.#.. #..#. #...#
S .#### #.... #.... .###. ....# ....# ####.
T ##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..
U #...# #...# #...# #...# #...# #...# .###.
V #...# #...# #...# #...# #...# .#.#. ..#..
W #...# #...# #...# #.#.# #.#.# #.#.# .#.#.
X #...# #...# .#.#. ..#.. .#.#. #...# #...#
Y #...# #...# .#.#. ..#.. ..#.. ..#.. ..#..
Z ##### ....# ...#. ..#.. .#... #.... #####
- ..... ..... ..... ##### ..... ..... .....
"""
FONT: dict[str, tuple[str, ...]] = {
    line[0]: tuple(row[:5] for row in line[2:].split()) for line in _FONT_ROWS.strip().splitlines()
}
GLYPH_HEIGHT = 7
GLYPH_WIDTH = 5
# Two vertical pixels per terminal cell: upper, lower.
_HALF_BLOCKS = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}


def pixels(text: str) -> list[list[bool]]:
    """The text as rows of pixels (one blank column between glyphs)."""
    glyphs = [FONT.get(ch.upper(), FONT["-"]) for ch in text]
    rows: list[list[bool]] = []
    for y in range(GLYPH_HEIGHT):
        row: list[bool] = []
        for i, glyph in enumerate(glyphs):
            if i:
                row.append(False)
            row.extend(ch == "#" for ch in glyph[y])
        rows.append(row)
    return rows


def render_big(text: str, width: int, height: int) -> list[str]:
    """``text`` in half blocks, at the largest whole scale that fits ``width`` x ``height``."""
    grid = pixels(text)
    if not grid or not grid[0]:
        return []
    cols = len(grid[0])
    scale = 1
    while cols * (scale + 1) <= width and -(-GLYPH_HEIGHT * (scale + 1) // 2) <= height:
        scale += 1
    big = [[px for px in row for _ in range(scale)] for row in grid for _ in range(scale)]
    if len(big) % 2:
        big.append([False] * len(big[0]))
    return [
        "".join(_HALF_BLOCKS[top, bottom] for top, bottom in zip(upper, lower, strict=True))
        for upper, lower in zip(big[::2], big[1::2], strict=True)
    ]


class BigNumber(Widget):
    """A ticket number (``A-012``) in block letters scaled to fill the widget."""

    DEFAULT_CSS = """
    BigNumber {
        width: 1fr;
        height: 1fr;
        content-align: center middle;
    }
    """

    value: reactive[str] = reactive("", layout=True)

    def __init__(self, value: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.value = value

    def render(self) -> RenderResult:
        size = self.content_region.size
        lines = render_big(self.value, size.width, size.height)
        return Content("\n".join(lines))
