"""The station's own widgets; the kiosk's (keypad, buttons, header) are reused as they are."""

from station.widgets.requirement_list import RequirementList, RequirementRow
from station.widgets.work_list import WorkList

__all__ = ["RequirementList", "RequirementRow", "WorkList"]
