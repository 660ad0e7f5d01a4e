"""A family record (the KK's content) on screen: the header lines and the members table.

Used by the input form (the table the operator edits row by row) and by the
review and signing screens (the draft beside the application). Column titles
are the KK's own (``field.*`` in the catalogue), so they match the paper.
"""

from __future__ import annotations

from typing import Any

from textual.reactive import reactive
from textual.widgets import DataTable

from kiosk.widgets.text import app_language
from shared.family import MEMBER_FIELDS
from shared.i18n import t

ADDRESS = ("alamat", "rt", "rw", "kelurahan", "kecamatan", "kabupaten_kota", "kode_pos", "provinsi")


def header_text(family: dict[str, Any] | None, lang: str) -> str:
    """The KK header as lines: Nomor KK, address, RT/RW, kelurahan ... province."""
    family = family or {}
    nomor = family.get("nomor_kk") or t("backoffice.nomor_kk_new", lang)

    def value(name: str) -> str:
        return str(family.get(name) or "-")

    return "\n".join(
        (
            f"{t('field.nomor_kk', lang)}: {nomor}",
            f"{t('field.alamat', lang)}: {value('alamat')}  RT/RW {value('rt')}/{value('rw')}",
            f"{t('field.kelurahan', lang)}: {value('kelurahan')}  "
            f"{t('field.kecamatan', lang)}: {value('kecamatan')}",
            f"{value('kabupaten_kota')}  {value('kode_pos')}  {value('provinsi')}",
        )
    )


class MemberTable(DataTable[str]):
    """The members of a family, one row each, every column of the KK (scrolls sideways).

    ``members`` is reactive: set it and the table is drawn again, in the app's
    language (only the column titles change with it).
    """

    DEFAULT_CSS = """
    MemberTable { height: auto; max-height: 14; }
    """

    members: reactive[list[dict[str, Any]]] = reactive(list, init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.watch(self.app, "lang", self._draw, init=True)

    def watch_members(self) -> None:
        self._draw()

    def _draw(self) -> None:
        lang = app_language(self)
        row = self.cursor_row
        self.clear(columns=True)
        self.add_column(t("backoffice.column.no", lang), key="no")
        for name in MEMBER_FIELDS:
            label = t(f"field.{name}", lang)
            # the NIK always whole (16 digits), whatever the first row held when drawn
            width = max(16, len(label)) if name == "nik" else None
            self.add_column(label, key=name, width=width)
        for number, member in enumerate(self.members, start=1):
            self.add_row(str(number), *(_cell(member.get(name)) for name in MEMBER_FIELDS))
        if self.members:
            self.move_cursor(row=min(row, len(self.members) - 1))

    def texts(self) -> list[tuple[str, ...]]:
        """Every row as shown (for tests)."""
        return [
            (str(n), *(_cell(m.get(name)) for name in MEMBER_FIELDS))
            for n, m in enumerate(self.members, start=1)
        ]


def _cell(value: Any) -> str:
    return "-" if value in (None, "") else str(value)
