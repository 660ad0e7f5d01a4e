"""Station fixtures: a station app over the test office, an async test runner."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

import pytest

from shared.office import Office
from station.app import StationApp


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run ``async def`` tests in a fresh event loop (no asyncio plugin needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture
def make_station(office: Office) -> Callable[..., StationApp]:
    """A station over ``office``; no idle log-out unless a test asks for one."""

    def make(**kwargs: Any) -> StationApp:
        kwargs.setdefault("idle_seconds", 3600)
        return StationApp(office, **kwargs)

    return make
