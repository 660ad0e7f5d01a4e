"""``kk office``: the whole office as modes of one Textual app (:mod:`station.office.app`)."""

from station.office.app import OfficeApp, OfficeMenuScreen, StaffExitScreen

__all__ = ["OfficeApp", "OfficeMenuScreen", "StaffExitScreen"]
