"""Which object plays "the app" for a screen.

Run alone (``kk kiosk``, ``kk station``, ``kk display``, ``kk print-station``)
a screen's app is that App itself. Inside ``kk office`` one Textual app runs
them all as modes (:mod:`station.office.app`); each mode has a *host* with the
attributes its screens ask their app for (the office, the station's name, the
session, ``logout``, ``go_home``...), and the office app tags every screen of
the mode with its host as the screen is pushed. Screens reach their app only
through :func:`host_of` (their typed ``kiosk`` / ``station`` / ``display_app``
properties), so they run unchanged in both.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

HOST_ATTRIBUTE = "office_host"


def host_of(screen: Screen[Any]) -> Any:
    """The host ``screen`` was tagged with, else its app."""
    return getattr(screen, HOST_ATTRIBUTE, None) or screen.app
