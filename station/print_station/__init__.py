"""The print station (``kk print-station``): the A4 print queue on a back-office screen."""

from station.print_station.app import PrintStationApp

__all__ = ["PrintStationApp"]
