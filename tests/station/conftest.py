"""Station fixtures: a station app over the test office, an async test runner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from shared.office import Office
from station.app import StationApp


@pytest.fixture
def make_station(office: Office) -> Callable[..., StationApp]:
    """A station over ``office``; no idle log-out unless a test asks for one."""

    def make(**kwargs: Any) -> StationApp:
        kwargs.setdefault("idle_seconds", 3600)
        return StationApp(office, **kwargs)

    return make
