"""The Pengolah Data's counter (loket): the queue, and the way into steps 2, 9 and 10.

One screen for both kinds of counter (``[[counters]]`` in config.toml): an
application counter calls application tickets and opens the file check
(step 2, :class:`~station.screens.verify.VerifyScreen`); the pickup counter
calls pickup tickets and opens the handover (step 10,
:class:`~station.screens.pickup.PickupScreen`). Both call next, recall, skip
a no-show, call a particular number, reprint a kiosk ticket whose print
failed, and reach the step-9 pile (:class:`~station.screens.register.RegisterScreen`).
The screen reads the counter again whenever the store changes.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Button

from kiosk.widgets import BigButton, NavBar, Phrase, Say
from shared.counter_desk import (
    PICKUP,
    CounterView,
    counter_view,
    failed_ticket_prints,
    reprint_ticket,
    ticket_of_number,
    waiting_tickets,
)
from shared.errors import DomainError, NotFound
from shared.i18n import t
from shared.model import PrintStatus, Ticket
from shared.office import Session
from station.screens.base import StationScreen, keys
from station.screens.dialogs import ConfirmDialog, PickDialog
from station.widgets.now_serving import NowServing, ticket_label

log = logging.getLogger(__name__)
_UNSEEN = object()


class CounterScreen(StationScreen):
    """The counter's queue: the number being served, large; the queue buttons; the way on.

    Every button also has a function key for a clerk at a keyboard (F2 call
    next ... F9 step 9), in the order of the buttons.
    """

    BINDINGS: ClassVar[list[BindingType]] = keys(
        f2="call-next",
        f3="recall",
        f4="skip",
        f5="call-number",
        f6="reprint",
        f7="serve",
        f9="registers",
    )

    def __init__(self, session: Session, name: str) -> None:
        super().__init__(session)
        self.staff_name = name
        self.view: CounterView | None = None
        self._seen: Any = _UNSEEN
        self._displays: dict[str, str] = {}

    @property
    def number(self) -> int | None:
        """This station's counter number (``None`` only when none was configured or given)."""
        return self.station.counter

    def compose(self) -> ComposeResult:
        yield self.header()
        with Horizontal(id="body", classes="counter"):
            with Vertical(id="now"):
                yield Say(self._who(), id="who")
                yield NowServing(self.station.office.config, id="serving")
                yield from self.compose_message()
            with Grid(id="actions"):
                yield BigButton("counter.call_next", id="call-next", variant="primary")
                yield BigButton("counter.recall", id="recall")
                yield BigButton("counter.skip", id="skip", variant="warning")
                yield BigButton("counter.call_number", id="call-number")
                yield BigButton("counter.reprint", id="reprint")
                yield BigButton("counter.serve", id="serve", variant="success")
        yield NavBar(
            BigButton("counter.register_pile", id="registers"),
            BigButton("station.home.logout", id="logout", variant="error"),
        )

    def _who(self) -> Phrase:
        name, role = self.staff_name, self.session.role.value
        return lambda lang: t(
            "station.home.greeting", lang, name=name, role=t(f"role.{role}", lang)
        )

    def on_mount(self) -> None:
        self._show_view(None)
        self.poll()
        self.set_interval(2, self.poll)

    def on_screen_resume(self) -> None:
        self.refresh_view()

    # -- reading the counter ------------------------------------------------------------
    def poll(self) -> None:
        """Read the counter again when anything in the store changed."""
        seen = self.station.office.store.marker().get("gen")
        if seen != self._seen:
            self._seen = seen
            self._load()

    def refresh_view(self) -> None:
        """Read the counter again now."""
        self._seen = _UNSEEN
        self.poll()

    @work(thread=True, exclusive=True, group="counter-view", exit_on_error=False)
    def _load(self) -> None:
        try:
            if self.number is None:
                raise DomainError("counter.no_counter")
            view = counter_view(self.station.office, self.number)
        except DomainError as err:
            self.app.call_from_thread(self._unusable, err)
            return
        except Exception:  # noqa: BLE001 - try again on the next poll
            log.exception("counter could not be read")
            self._seen = _UNSEEN
            return
        self.app.call_from_thread(self._show_view, view)

    def _unusable(self, err: DomainError) -> None:
        """The counter itself is wrong (not in config): say so, offer only log-out."""
        for button in self.query("#actions BigButton").results(BigButton):
            button.disabled = True
        self.refused(err)

    def _show_view(self, view: CounterView | None) -> None:
        self.view = view
        active = view.active if view else None
        self.query_one(NowServing).show(view)
        pickup = view is not None and view.kind == PICKUP
        self.button("#serve").phrase = "counter.serve_pickup" if pickup else "counter.serve"
        for selector in ("#recall", "#skip", "#serve"):
            self.button(selector).disabled = active is None
        for selector in ("#call-next", "#call-number"):
            self.button(selector).disabled = view is None or active is not None
        failed = len(view.failed_prints) if view else 0
        reprint = self.button("#reprint")
        reprint.hint = (
            (lambda lang: t("counter.reprint_count", lang, count=failed)) if failed else None
        )
        reprint.disabled = view is None
        pile = view.to_register if view else 0
        self.button("#registers").hint = lambda lang: t("counter.register_count", lang, count=pile)

    # -- the queue ----------------------------------------------------------------------
    @on(Button.Pressed, "#call-next")
    def call_next_ticket(self) -> None:
        """Call the next waiting ticket by the priority rule."""
        office, number = self.station.office, self.number
        self.act(lambda: office.queue.call_next(self.session, number), self._called)

    def _called(self, ticket: Ticket | None) -> None:
        if ticket is None:
            self.say("counter.queue_empty")
        else:
            number = self.number
            self.say(lambda lang: t("counter.called", lang, ticket=ticket.display, counter=number))
        self.refresh_view()

    @on(Button.Pressed, "#recall")
    def recall(self) -> None:
        """Call the current ticket again (the display and the voice repeat it)."""
        office, number = self.station.office, self.number
        self.act(lambda: office.queue.recall(self.session, number), self._recalled)

    def _recalled(self, ticket: Ticket) -> None:
        self.say(
            lambda lang: t("counter.recalled", lang, ticket=ticket.display, count=ticket.recalls)
        )
        self.refresh_view()

    @on(Button.Pressed, "#skip")
    def skip(self) -> None:
        """Ask, then mark the current ticket as a no-show."""
        active = self.view.active if self.view else None
        if active is None or self.busy:
            return
        shown = active.display
        question: Phrase = lambda lang: t("counter.skip_confirm", lang, ticket=shown)  # noqa: E731
        self.app.push_screen(ConfirmDialog(question, yes="counter.skip_yes"), self._skip_answer)

    def _skip_answer(self, yes: bool | None) -> None:
        if not yes:
            return
        office, number = self.station.office, self.number
        self.act(lambda: office.queue.skip(self.session, number), self._skipped)

    def _skipped(self, ticket: Ticket) -> None:
        self.say(lambda lang: t("counter.skipped", lang, ticket=ticket.display))
        self.refresh_view()

    @on(Button.Pressed, "#call-number")
    def call_number(self) -> None:
        """Pick a waiting ticket (or type its number) and call it."""
        office, number = self.station.office, self.number
        self.act(lambda: waiting_tickets(office, number), self._pick_waiting)

    def _pick_waiting(self, tickets: list[Ticket]) -> None:
        config = self.station.office.config
        choices = [(ticket.id, ticket_label(config, ticket)) for ticket in tickets]
        dialog = PickDialog(
            "counter.call_number_title",
            choices,
            empty="counter.queue_empty",
            typed="counter.call_number_typed",
        )
        self.app.push_screen(dialog, self._call_chosen)

    def _call_chosen(self, chosen: str | None) -> None:
        if not chosen:
            return
        office, number = self.station.office, self.number

        def call() -> Ticket:
            if chosen.startswith("T-"):  # picked from the list
                return office.queue.call_ticket(self.session, number, chosen)
            try:
                wanted = ticket_of_number(office, number, chosen)
                return office.queue.call_ticket(self.session, number, wanted)
            except NotFound:
                raise DomainError("counter.no_such_ticket", number=chosen.upper()) from None

        self.act(call, self._called)

    # -- reprinting a kiosk ticket ------------------------------------------------------
    @on(Button.Pressed, "#reprint")
    def reprint(self) -> None:
        """List today's tickets whose print failed; reprint the one chosen."""
        office = self.station.office
        self.act(lambda: failed_ticket_prints(office), self._pick_reprint)

    def _pick_reprint(self, tickets: list[Ticket]) -> None:
        choices: list[tuple[str, Phrase]] = []
        self._displays = {ticket.id: ticket.display for ticket in tickets}
        for ticket in tickets:
            shown, error = f"{ticket.display}  {ticket.taken_at:%H:%M}", ticket.print_error or ""
            choices.append((ticket.id, lambda _lang, s=shown, e=error: f"{s}  {e}".strip()))
        dialog = PickDialog("counter.reprint_title", choices, empty="counter.reprint_none")
        self.app.push_screen(dialog, self._reprint_chosen)

    def _reprint_chosen(self, chosen: str | None) -> None:
        if not chosen:
            return
        office, lang, worker = self.station.office, self.station.lang, self.station.station
        self.act(
            lambda: (
                chosen,
                reprint_ticket(office, self.session, chosen, worker=worker, lang=lang),
            ),
            self._reprinted,
        )

    def _reprinted(self, result: tuple[str, Any]) -> None:
        ticket, job = result
        shown = self._displays.get(ticket, ticket)
        if job.status == PrintStatus.PRINTED:
            self.say(lambda lang: t("counter.reprinted", lang, ticket=shown))
        else:
            error = job.error or ""
            self.say(
                lambda lang: t("counter.reprint_failed", lang, ticket=shown, error=error),
                problem=True,
            )
        self.refresh_view()

    # -- the way on ---------------------------------------------------------------------
    @on(Button.Pressed, "#serve")
    def serve(self) -> None:
        """Open the file check (application) or the handover (pickup) for the called ticket."""
        view = self.view
        if view is None or view.active is None or self.busy:
            return
        ticket = view.active
        if view.kind == PICKUP:
            from station.screens.pickup import PickupScreen

            self.app.push_screen(PickupScreen(self.session, ticket))
            return
        office = self.station.office
        if not ticket.case_id:
            return
        case_id = ticket.case_id
        self.act(lambda: office.cases.show(case_id), self._open_verify)

    def _open_verify(self, case: Any) -> None:
        from station.screens.verify import VerifyScreen

        self.app.push_screen(VerifyScreen(self.session, case))

    @on(Button.Pressed, "#registers")
    def registers(self) -> None:
        """Open the step-9 pile: signed KKs to register, stamp and archive."""
        from station.screens.register import RegisterScreen

        if not self.busy:
            self.app.push_screen(RegisterScreen(self.session))

    @on(Button.Pressed, "#logout")
    def _logout(self) -> None:
        self.station.logout()
