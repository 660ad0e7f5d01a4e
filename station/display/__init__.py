"""``kk display``: the public display board of the queue (Textual), for the waiting hall."""

from station.display.app import DisplayApp

__all__ = ["DisplayApp"]
