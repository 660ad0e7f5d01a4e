"""Step 3, the SIAK operator's KK form: the header, the members, then "save and print the draft".

The header's kecamatan and kelurahan are chosen from Kota Pontianak's
tables (:mod:`shared.regions`) and the kelurahan fills in its postcode; the
city and province start as Kota Pontianak, Kalimantan Barat. Members are
added, edited (:class:`~station.screens.members.MemberDialog`), removed and
moved up or down in a table. For a change of data the previous KK is loaded
by its Nomor KK (:func:`shared.backoffice.previous_kk_family`) and edited; a
new KK gets its number from the office's rule when it is saved.

Every rule is checked after every change (the problems listed under the
table, each naming the member and the field) and again by the workflow on
save (:meth:`shared.workflow.CaseFlow.input_family`), which stores the
family, queues the draft KK for the document printer and passes the case to
the Kasi, all in one transaction.
"""

from __future__ import annotations

import copy
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Input, Select

from kiosk.widgets import BigButton, ClockHeader, NavBar, Phrase, Say
from shared.backoffice import blank_member, family_problems, form_family, previous_kk_family
from shared.errors import ValidationError
from shared.i18n import t
from shared.model import Case
from shared.office import Session
from shared.regions import PONTIANAK_KECAMATAN, kelurahan_of, postcode_of
from station.screens.ask import AskDialog, Confirm
from station.screens.base import StationScreen, keys
from station.screens.members import MemberDialog
from station.widgets.family_view import MemberTable

TEXT_FIELDS = ("alamat", "rt", "rw", "kode_pos", "kabupaten_kota", "provinsi")
HEADER = ("alamat", "rt", "kecamatan", "rw", "kelurahan", "kode_pos", "kabupaten_kota", "provinsi")
RESTRICT = {"rt": r"[0-9]*", "rw": r"[0-9]*", "kode_pos": r"[0-9]*"}
MAX_LENGTH = {"rt": 3, "rw": 3, "kode_pos": 5, "alamat": 120}


class InputScreen(StationScreen):
    """The KK form of ``case`` (waiting at step 3); dismissed with a phrase saying what was done."""

    DEFAULT_CSS = """
    InputScreen #input-form { height: 1fr; padding: 0 2; }
    InputScreen #kk-header {
        grid-size: 4; grid-columns: 16 1fr 16 1fr; grid-rows: 1; grid-gutter: 0 1;
        height: auto; margin-top: 1;
    }
    InputScreen.-narrow #kk-header { grid-size: 2; grid-columns: 16 1fr; }
    InputScreen #kk-header > Say { height: 1; text-wrap: nowrap; text-overflow: ellipsis; }
    InputScreen #kk-header Input { background: $boost; }
    InputScreen .-invalid { background: $error 30%; }
    InputScreen #returned-note { color: $warning; text-style: bold; height: auto; }
    InputScreen #nomor-line { height: 1; margin-top: 1; }
    InputScreen #nomor-line > Say { width: 1fr; }
    InputScreen #new-number { width: 22; height: 1; min-height: 1; border: none; }
    InputScreen #member-buttons { height: 3; margin-top: 1; }
    InputScreen #member-buttons > BigButton { height: 3; min-height: 3; margin-right: 1; }
    InputScreen #problems { color: $error; height: auto; margin-top: 1; }
    InputScreen #warnings { color: $warning; height: auto; }
    InputScreen MemberTable { margin-top: 1; }
    InputScreen #message { padding: 0 2; margin: 0; }
    """
    BINDINGS: ClassVar[list[BindingType]] = keys(
        f2="add", f3="edit", f4="remove", f5="save", f6="load-old", escape="leave"
    )

    def __init__(self, session: Session, case: Case) -> None:
        super().__init__(session)
        self.case = case
        self.family = form_family(case)
        self.started = copy.deepcopy(self.family)
        self.touched: set[str] = set(HEADER) if case.family else set()
        self.errors: list[ValidationError] = []
        self._filling = False

    # -- layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        office = self.station.office
        case = self.case
        try:
            kind: Phrase = office.config.kind(case.kind).text
        except KeyError:
            kind = case.kind
        yield ClockHeader("backoffice.input.title", office.now)
        with VerticalScroll(id="input-form"):
            yield Say(
                lambda lang: t(
                    "backoffice.input.case",
                    lang,
                    case=case.id,
                    kind=kind(lang) if callable(kind) else kind,
                    applicant=case.applicant_name or "-",
                ),
                classes="title",
            )
            if case.rejections and case.last_note:
                note = case.last_note
                yield Say(
                    lambda lang: t("backoffice.returned_note", lang, note=note),
                    id="returned-note",
                )
            with Horizontal(id="nomor-line"):
                yield Say(self._nomor(), id="nomor")
                yield Button("", id="new-number", compact=True)
            with Grid(id="kk-header"):
                for name in HEADER:
                    yield Say(f"field.{name}")
                    yield self._header_field(name)
            yield MemberTable(id="members")
            with Horizontal(id="member-buttons"):
                yield BigButton("backoffice.member.add", id="add", variant="primary")
                yield BigButton("backoffice.member.edit", id="edit")
                yield BigButton("backoffice.member.remove", id="remove", variant="error")
                yield BigButton("backoffice.member.up", id="up")
                yield BigButton("backoffice.member.down", id="down")
            yield Say("", id="problems")
            yield Say("", id="warnings")
        yield from self.compose_message()
        yield NavBar(
            BigButton("backoffice.input.save", id="save", variant="success"),
            BigButton("backoffice.input.load_old", id="load-old"),
            BigButton("counter.back", id="leave"),
        )

    def _header_field(self, name: str) -> Input | Select[str]:
        value = self.family.get(name)
        if name == "kecamatan":
            names = [k.name for k in PONTIANAK_KECAMATAN]
            return Select(
                [(n, n) for n in names],
                value=value if value in names else Select.NULL,
                prompt="—",
                compact=True,
                id="h-kecamatan",
            )
        if name == "kelurahan":
            names = [k.name for k in kelurahan_of(self.family.get("kecamatan") or "")]
            return Select(
                [(n, n) for n in names],
                value=value if value in names else Select.NULL,
                prompt="—",
                compact=True,
                id="h-kelurahan",
            )
        return Input(
            "" if value is None else str(value),
            id=f"h-{name}",
            compact=True,
            restrict=RESTRICT.get(name),
            max_length=MAX_LENGTH.get(name, 80),
        )

    def _nomor(self) -> Phrase:
        nomor = self.family.get("nomor_kk")
        if nomor:
            return lambda lang: f"{t('field.nomor_kk', lang)}: {nomor}"
        return lambda lang: f"{t('field.nomor_kk', lang)}: {t('backoffice.nomor_kk_new', lang)}"

    def on_mount(self) -> None:
        self._show_family()
        self.watch(self.app, "lang", self._relabel, init=False)
        self.query_one("#h-alamat", Input).focus()

    # -- the header ----------------------------------------------------------------------
    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        name = (event.input.id or "")[2:]
        if event.input.id and event.input.id.startswith("h-") and not self._filling:
            self.family[name] = event.value.strip() or None
            self.touched.add(name)
            self.check()

    @on(Select.Changed, "#h-kecamatan")
    def _kecamatan(self, event: Select.Changed) -> None:
        if self._filling:
            return
        value = event.value if isinstance(event.value, str) else None
        if value == self.family.get("kecamatan"):
            return
        self.family["kecamatan"] = value
        self.family["kelurahan"] = None
        self.touched.add("kecamatan")
        kelurahan = self.query_one("#h-kelurahan", Select)
        kelurahan.set_options([(k.name, k.name) for k in kelurahan_of(value or "")])
        self.check()

    @on(Select.Changed, "#h-kelurahan")
    def _kelurahan(self, event: Select.Changed) -> None:
        if self._filling:
            return
        value = event.value if isinstance(event.value, str) else None
        self.family["kelurahan"] = value
        self.touched.add("kelurahan")
        postcode = postcode_of(value) if value else None
        if postcode:
            self.query_one("#h-kode_pos", Input).value = postcode  # checked by _typed
        self.check()

    def _fill_header(self) -> None:
        """Put ``self.family``'s header into the form (after loading an old KK)."""
        self._filling = True
        try:
            for name in TEXT_FIELDS:
                self.query_one(f"#h-{name}", Input).value = str(self.family.get(name) or "")
            kecamatan = self.family.get("kecamatan")
            names = [k.name for k in PONTIANAK_KECAMATAN]
            select = self.query_one("#h-kecamatan", Select)
            select.value = kecamatan if kecamatan in names else Select.NULL
            kelurahan = self.query_one("#h-kelurahan", Select)
            options = [k.name for k in kelurahan_of(kecamatan or "")]
            kelurahan.set_options([(n, n) for n in options])
            value = self.family.get("kelurahan")
            kelurahan.value = value if value in options else Select.NULL
        finally:
            self.call_after_refresh(self._filled)

    def _filled(self) -> None:
        self._filling = False

    # -- checking --------------------------------------------------------------------------
    def check(self) -> list[ValidationError]:
        """Every rule on the family as it stands; problems listed, bad header fields marked."""
        today = self.station.office.now().date()
        self.errors, warnings = family_problems(self.family, today)
        shown = [
            e
            for e in self.errors
            if e.member is not None or e.field not in HEADER or e.field in self.touched
        ]
        if not self.family.get("anggota") and "anggota" not in self.touched:
            shown = [e for e in shown if e.field != "anggota"]
        bad = {e.field for e in shown if e.member is None}
        for name in HEADER:
            self.query_one(f"#h-{name}").set_class(name in bad, "-invalid")
        problems: Phrase = ""
        if shown:
            problems = lambda lang: "\n".join(  # noqa: E731
                [t("backoffice.input.problems", lang, count=len(shown))]
                + [f"- {e.message(lang)}" for e in shown]
            )
        self.query_one("#problems", Say).phrase = problems
        self.query_one("#warnings", Say).phrase = (
            (lambda lang: "\n".join(f"! {w.message(lang)}" for w in warnings)) if warnings else ""
        )
        return shown

    def _show_family(self) -> None:
        self.query_one(MemberTable).members = list(self.family.get("anggota") or [])
        self.query_one("#nomor", Say).phrase = self._nomor()
        button = self.query_one("#new-number", Button)
        button.display = bool(self.family.get("nomor_kk"))
        self._relabel()
        self.check()

    def _relabel(self) -> None:
        label = t("backoffice.input.new_number", self.station.lang)
        self.query_one("#new-number", Button).label = label

    # -- members ---------------------------------------------------------------------------
    def _members(self) -> list[dict[str, Any]]:
        return self.family.setdefault("anggota", [])

    def _cursor(self) -> int | None:
        members = self._members()
        if not members:
            return None
        return min(self.query_one(MemberTable).cursor_row, len(members) - 1)

    @on(Button.Pressed, "#add")
    def add_member(self) -> None:
        """Open an empty member form for a new last row."""
        row = len(self._members()) + 1
        self._edit_member(row, blank_member())

    @on(Button.Pressed, "#edit")
    @on(MemberTable.RowSelected)
    def edit_member(self) -> None:
        """Open the form of the member under the cursor."""
        index = self._cursor()
        if index is not None:
            self._edit_member(index + 1, self._members()[index])

    def _edit_member(self, row: int, member: dict[str, Any]) -> None:
        today = self.station.office.now().date()
        dialog = MemberDialog(copy.deepcopy(self.family), row, member, today)

        def done(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            members = self._members()
            if row > len(members):
                members.append(result)
            else:
                members[row - 1] = result
            self.touched.add("anggota")
            self._show_family()
            self.query_one(MemberTable).move_cursor(row=row - 1)

        self.app.push_screen(dialog, done)

    @on(Button.Pressed, "#remove")
    def remove_member(self) -> None:
        """Take the member under the cursor off the KK."""
        index = self._cursor()
        if index is not None:
            del self._members()[index]
            self.touched.add("anggota")
            self._show_family()

    @on(Button.Pressed, "#up")
    def move_up(self) -> None:
        """Move the member under the cursor one row up (KK order)."""
        self._move(-1)

    @on(Button.Pressed, "#down")
    def move_down(self) -> None:
        """Move the member under the cursor one row down."""
        self._move(1)

    def _move(self, step: int) -> None:
        index = self._cursor()
        members = self._members()
        if index is None or not 0 <= index + step < len(members):
            return
        members[index], members[index + step] = members[index + step], members[index]
        self._show_family()
        self.query_one(MemberTable).move_cursor(row=index + step)

    # -- the previous KK ---------------------------------------------------------------------
    @on(Button.Pressed, "#load-old")
    def load_old(self) -> None:
        """Ask the Nomor KK of the family's current KK and load it into the form."""
        dialog = AskDialog(
            "backoffice.input.load_question",
            yes="backoffice.input.load_yes",
            empty="backoffice.nomor_kk_format_short",
            max_length=16,
            restrict=r"[0-9]*",
        )
        self.app.push_screen(dialog, self._load_number)

    def _load_number(self, nomor: str | None) -> None:
        if not nomor:
            return
        office = self.station.office
        self.say("counter.working")
        self.act(lambda: previous_kk_family(office, nomor), self._loaded)

    def _loaded(self, family: dict[str, Any]) -> None:
        self.family = family
        self.touched = set(HEADER) | {"anggota"}
        self._fill_header()
        self._show_family()
        nomor = family.get("nomor_kk")
        self.say(lambda lang: t("backoffice.input.loaded", lang, nomor_kk=nomor))

    @on(Button.Pressed, "#new-number")
    def new_number(self) -> None:
        """Keep the data but issue a new Nomor KK on save (a member splitting off)."""
        self.family["nomor_kk"] = None
        self._show_family()

    # -- leaving ---------------------------------------------------------------------------
    @on(Button.Pressed, "#leave")
    def leave(self) -> None:
        """Back to the queue; typed data is only dropped after a "yes"."""
        if self.busy:
            return
        if self.family == self.started:
            self.dismiss()
            return
        self.app.push_screen(
            Confirm("backoffice.input.leave_question", yes="backoffice.input.leave_yes"),
            self._leave_answer,
        )

    def _leave_answer(self, yes: bool | None) -> None:
        if yes:
            self.dismiss()

    # -- saving ------------------------------------------------------------------------------
    @on(Button.Pressed, "#save")
    def save(self) -> None:
        """Check again, then store the family, queue the draft and pass the case to the Kasi."""
        self.touched = set(HEADER) | {"anggota"}
        if self.check():
            self.say("backoffice.input.fix_first", problem=True)
            return
        office, session, case_id = self.station.office, self.session, self.case.id
        family = copy.deepcopy(self.family)
        self.say("counter.working")
        self.act(lambda: office.cases.input_family(session, case_id, family), self._saved)

    def _saved(self, case: Case) -> None:
        nomor, version, case_id = case.nomor_kk, case.draft_version, case.id
        self.dismiss(  # type: ignore[arg-type]
            lambda lang: t(
                "backoffice.input.saved", lang, case=case_id, nomor_kk=nomor, version=version
            )
        )
