"""What the public display board shows, computed from the day's tickets: no UI here.

The board (``kk display``) hangs in the waiting hall, so it shows ticket
numbers and counters only: never a name, a NIK or a phone number. Everything
it shows comes from :func:`board`, a pure function of the day's tickets and
the configuration:

- per counter (loket), the ticket it is serving now (called there, not yet
  done or skipped);
- the last few calls before those (newest first), so someone who missed the
  call can still find their counter;
- how many tickets wait per service.

:func:`new_calls` compares the tickets with what the board saw before and
returns the calls and recalls to announce (chime and voice), in the order
they happened. A :class:`CallEvent` knows its spoken sentence
(:func:`shared.speech.announcement`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from shared.config import Config, Counter
from shared.model import Ticket, TicketState
from shared.speech import announcement

# What the board remembers of a ticket's calls: (last_called_at, recalls).
CallMark = tuple[datetime | None, int]


@dataclass(frozen=True)
class Serving:
    """A counter and the ticket it serves now (``ticket`` None while it waits for a call)."""

    counter: int
    counter_name: str
    ticket: str | None = None
    called_at: datetime | None = None


@dataclass(frozen=True)
class RecentCall:
    """An earlier call: which ticket went to which counter, when."""

    ticket: str
    counter: int
    counter_name: str
    at: datetime


@dataclass(frozen=True)
class Waiting:
    """How many tickets of a service wait to be called."""

    service: str
    name: str
    count: int


@dataclass(frozen=True)
class Board:
    """Everything the display shows; built by :func:`board`."""

    serving: tuple[Serving, ...]
    recent: tuple[RecentCall, ...]
    waiting: tuple[Waiting, ...]


@dataclass(frozen=True)
class CallEvent:
    """A call (``recall`` False) or a recall of ``ticket`` to ``counter``, to be announced."""

    ticket_id: str
    ticket: str
    counter: int
    counter_name: str
    at: datetime
    recall: bool = False

    def text(self, lang: str = "id") -> str:
        """The sentence spoken: "Nomor antrian A dua belas, silakan ke loket dua"."""
        return announcement(
            self.ticket, self.counter, counter_name=spoken_counter_name(self), lang=lang
        )


def spoken_counter_name(call: CallEvent | Serving | RecentCall) -> str | None:
    """The counter's own name when it says more than "Loket <n>" (else the catalogue's words)."""
    name = call.counter_name.strip()
    if not name or name.lower() == f"loket {call.counter}":
        return None
    return name


def counter_name(config: Config, number: int) -> str:
    """The counter's name from config.toml ("Loket <n>" for a counter no longer configured)."""
    try:
        return config.counter(number).name
    except KeyError:
        return f"Loket {number}"


def board(tickets: Iterable[Ticket], config: Config, lang: str = "id") -> Board:
    """The board for the day's ``tickets`` (service names in ``lang``)."""
    tickets = list(tickets)
    return Board(
        serving=tuple(serving(tickets, config.counters)),
        recent=tuple(recent_calls(tickets, config, config.display.recent_calls)),
        waiting=tuple(waiting(tickets, config, lang)),
    )


def serving(tickets: Iterable[Ticket], counters: Iterable[Counter]) -> list[Serving]:
    """Every configured counter, in order, with the ticket called there and not yet finished."""
    current: dict[int, Ticket] = {}
    for ticket in tickets:
        if ticket.state == TicketState.CALLED and ticket.counter is not None:
            held = current.get(ticket.counter)
            if held is None or _called(ticket) > _called(held):
                current[ticket.counter] = ticket
    out: list[Serving] = []
    for counter in counters:
        now = current.get(counter.number)
        if now is None:
            out.append(Serving(counter.number, counter.name))
        else:
            out.append(Serving(counter.number, counter.name, now.display, _called(now)))
    return out


def recent_calls(tickets: Iterable[Ticket], config: Config, limit: int) -> list[RecentCall]:
    """The last ``limit`` calls before the ones being served, newest (last called) first."""
    if limit <= 0:
        return []
    called = [
        t
        for t in tickets
        if t.counter is not None and t.called_at is not None and t.state != TicketState.CALLED
    ]
    called.sort(key=lambda t: (_called(t), t.id), reverse=True)
    return [
        RecentCall(t.display, t.counter, counter_name(config, t.counter), _called(t))
        for t in called[:limit]
        if t.counter is not None
    ]


def waiting(tickets: Iterable[Ticket], config: Config, lang: str = "id") -> list[Waiting]:
    """Waiting tickets per configured service, in config order (services with none too)."""
    counts: dict[str, int] = {}
    for ticket in tickets:
        if ticket.state == TicketState.WAITING:
            counts[ticket.service] = counts.get(ticket.service, 0) + 1
    return [Waiting(s.code, s.text(lang), counts.get(s.code, 0)) for s in config.services]


def call_marks(tickets: Iterable[Ticket]) -> dict[str, CallMark]:
    """What :func:`new_calls` needs to remember of ``tickets``: each called ticket's mark."""
    return {t.id: (_called(t), t.recalls) for t in tickets if t.called_at is not None}


def new_calls(
    seen: Mapping[str, CallMark], tickets: Iterable[Ticket], config: Config
) -> list[CallEvent]:
    """The calls and recalls in ``tickets`` since ``seen`` (see :func:`call_marks`), oldest first.

    A ticket called since is a call; one whose ``recalls`` grew (or whose
    last call moved) is a recall. Only tickets still being served are
    announced: one called and finished between two looks is not.
    """
    events: list[CallEvent] = []
    for ticket in tickets:
        if ticket.state != TicketState.CALLED or ticket.counter is None:
            continue
        mark = (_called(ticket), ticket.recalls)
        before = seen.get(ticket.id)
        if before == mark:
            continue
        recall = before is not None or ticket.recalls > 0
        events.append(
            CallEvent(
                ticket_id=ticket.id,
                ticket=ticket.display,
                counter=ticket.counter,
                counter_name=counter_name(config, ticket.counter),
                at=_called(ticket),
                recall=recall,
            )
        )
    events.sort(key=lambda e: (e.at, e.ticket_id))
    return events


def _called(ticket: Ticket) -> datetime:
    """When ``ticket`` was last called out (its first call when never recalled)."""
    when = ticket.last_called_at or ticket.called_at
    assert when is not None, f"ticket {ticket.id} was never called"
    return when
