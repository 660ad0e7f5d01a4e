"""The kiosk's widgets: big touch buttons, the keypad, the header, the language switch."""

from kiosk.widgets.big_button import BigButton
from kiosk.widgets.big_number import BigNumber
from kiosk.widgets.choice_pager import ChoicePager
from kiosk.widgets.clock_header import ClockHeader
from kiosk.widgets.keypad import Keypad
from kiosk.widgets.language_switch import LanguageSwitch
from kiosk.widgets.nav_bar import NavBar
from kiosk.widgets.number_entry import NumberEntry
from kiosk.widgets.text import Phrase, Say, render_phrase

__all__ = [
    "BigButton",
    "BigNumber",
    "ChoicePager",
    "ClockHeader",
    "Keypad",
    "LanguageSwitch",
    "NavBar",
    "NumberEntry",
    "Phrase",
    "Say",
    "render_phrase",
]
