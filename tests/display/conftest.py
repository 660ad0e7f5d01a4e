"""Display fixtures: the board over the test office, a recording announcer, an async runner."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest

from shared.board import CallEvent
from shared.office import Office
from station.display import DisplayApp


class RecordingAnnouncer:
    """Stands in for :class:`shared.announce.Announcer`: keeps the calls handed to it."""

    def __init__(self) -> None:
        self.events: list[CallEvent] = []
        self.closed = False

    def announce(self, events: Iterable[CallEvent]) -> None:
        self.events.extend(events)

    def close(self) -> None:
        self.closed = True

    def texts(self) -> list[str]:
        return [e.text() for e in self.events]


@pytest.fixture
def announcer() -> RecordingAnnouncer:
    return RecordingAnnouncer()


@pytest.fixture
def make_display(office: Office, announcer: RecordingAnnouncer) -> Callable[..., DisplayApp]:
    """A display board over ``office`` that records its announcements instead of playing them."""

    def make(target: Office | None = None, **kwargs: Any) -> DisplayApp:
        kwargs.setdefault("announcer", announcer)
        return DisplayApp(target or office, **kwargs)

    return make
