"""``kk office``: every app of the office on one terminal, chosen from a menu."""

from station.office.app import OfficeKioskApp, OfficeMenuApp, StaffExitScreen

__all__ = ["OfficeKioskApp", "OfficeMenuApp", "StaffExitScreen"]
