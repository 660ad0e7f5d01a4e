"""The typed, frozen pieces of the office configuration (see :mod:`shared.config`).

Texts a citizen or clerk reads are dicts ``{"id": ..., "en": ...}``; each
class that carries one has ``text(lang)`` returning the text in ``lang``,
falling back to Indonesian.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SEARCH_DAYS = 370

Period = tuple[time, time]


def _text(texts: dict[str, str], lang: str | None) -> str:
    return texts.get(lang or "id") or texts.get("id") or next(iter(texts.values()), "")


@dataclass(frozen=True)
class Office:
    """Who the office is: printed on receipts and on the KK (place of issue, signer)."""

    name: str
    short_name: str
    address: str
    city: str
    province: str
    region_code: str  # 4 digits, the Kabupaten/Kota code (6171 = Kota Pontianak)
    place_of_issue: str
    kepala_dinas_name: str
    kepala_dinas_nip: str  # NIP: the 18-digit civil-servant number
    timezone: ZoneInfo


@dataclass(frozen=True)
class Hours:
    """Opening hours per weekday (0 = Monday) and the holidays the office is closed.

    A period is ``(start, end)``, open from ``start`` up to but not including
    ``end``. A naive datetime is read as office local time; an aware one is
    converted to the office time zone first.
    """

    periods: dict[int, tuple[Period, ...]]
    holidays: frozenset[date]
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Pontianak"))

    def _local(self, dt: datetime) -> datetime:
        return dt if dt.tzinfo is None else dt.astimezone(self.timezone)

    def periods_on(self, d: date) -> tuple[Period, ...]:
        """The opening periods on ``d``: none on a holiday or a closed weekday."""
        if d in self.holidays:
            return ()
        return self.periods.get(d.weekday(), ())

    def is_working_day(self, d: date) -> bool:
        """Whether the office opens at all on ``d``."""
        return bool(self.periods_on(d))

    def is_open(self, dt: datetime) -> bool:
        """Whether the office is open at ``dt``."""
        local = self._local(dt)
        now = local.time()
        return any(start <= now < end for start, end in self.periods_on(local.date()))

    def next_opening(self, dt: datetime) -> datetime | None:
        """The first moment at or after ``dt`` when the office is open.

        ``dt`` itself if the office is open then; ``None`` if it does not open
        in the next 370 days. The result is aware (office time zone) if ``dt``
        is aware, naive otherwise.
        """
        local = self._local(dt)
        if self.is_open(local):
            return local
        for offset in range(SEARCH_DAYS + 1):
            day = local.date() + timedelta(days=offset)
            for start, _end in self.periods_on(day):
                opening = datetime.combine(day, start, tzinfo=local.tzinfo)
                if opening > local:
                    return opening
        return None


@dataclass(frozen=True)
class Service:
    """A queue service: what the citizen picks at the kiosk, with its ticket letter."""

    code: str
    prefix: str  # one letter A-Z, printed before the ticket number ("A012")
    name: dict[str, str]
    kind: str  # "application" (submit a KK application) or "pickup" (collect a KK)
    daily_quota: int | None  # tickets per day; None: no limit

    def text(self, lang: str | None = None) -> str:
        """The service's name in ``lang``."""
        return _text(self.name, lang)


@dataclass(frozen=True)
class Label:
    """A coded choice with a name in each language (e.g. a priority group)."""

    code: str
    name: dict[str, str]

    def text(self, lang: str | None = None) -> str:
        """The name in ``lang``."""
        return _text(self.name, lang)


@dataclass(frozen=True)
class QueueRules:
    """How the next ticket is chosen.

    ``priority_rule`` "first": priority tickets (elderly, disabled, pregnant)
    are always called before regular ones; "interleave": one priority ticket
    after every ``priority_every`` regular ones.
    """

    priority_rule: str
    priority_every: int
    priority_groups: tuple[Label, ...]

    def group(self, code: str) -> Label:
        """The priority group ``code``; ``KeyError`` if there is none."""
        for g in self.priority_groups:
            if g.code == code:
                return g
        raise KeyError(code)


@dataclass(frozen=True)
class Requirement:
    """A document (persyaratan) the clerk checks at step 2.

    ``optional``: needed only in some cases (e.g. the landlord's consent when
    the applicant rents); the clerk decides whether it applies.
    """

    code: str
    label: dict[str, str]
    optional: bool = False

    def text(self, lang: str | None = None) -> str:
        """The requirement in ``lang``."""
        return _text(self.label, lang)


@dataclass(frozen=True)
class ApplicationKind:
    """A kind of KK application (KK baru karena menikah, KK hilang, ...) and its requirements."""

    code: str
    label: dict[str, str]
    requirements: tuple[Requirement, ...]

    def text(self, lang: str | None = None) -> str:
        """The kind's label in ``lang``."""
        return _text(self.label, lang)

    def requirement(self, code: str) -> Requirement:
        """The requirement ``code``; ``KeyError`` if this kind has none."""
        for r in self.requirements:
            if r.code == code:
                return r
        raise KeyError(code)


@dataclass(frozen=True)
class Counter:
    """A service counter (loket): its number on the display, its services and receipt printer."""

    number: int
    name: str
    services: tuple[str, ...]
    printer: str


@dataclass(frozen=True)
class PrinterConfig:
    """A printer by name, as configured.

    ``type``: "file", "network", "usb", "serial" or "cups" for thermal receipt
    printers (``paper_mm`` 58 or 80); "spool" or "cups" without ``paper_mm``
    for the A4 office printer. ``options`` holds the type's own settings,
    validated: ``path`` (an absolute :class:`~pathlib.Path`) for file and
    spool; ``host``, ``port``, ``timeout`` for network; ``vendor_id``,
    ``product_id`` (ints) for usb; ``device``, ``baudrate`` for serial;
    ``queue`` for cups.
    """

    name: str
    type: str
    paper_mm: int | None
    options: dict[str, Any]

    @property
    def is_receipt(self) -> bool:
        """A thermal receipt printer (as opposed to the A4 office printer)."""
        return self.paper_mm is not None


@dataclass(frozen=True)
class KioskConfig:
    """The citizen kiosk: its ticket printer and when an idle screen returns home."""

    printer: str
    idle_seconds: int


@dataclass(frozen=True)
class StationConfig:
    """Staff stations: automatic logout and the counter a clerk's station starts on."""

    idle_logout_minutes: int
    default_counter: int | None


@dataclass(frozen=True)
class DisplayConfig:
    """The public display board: how many past calls it lists and how a call sounds.

    ``voice`` is an espeak-ng voice ("id" for Indonesian), empty for no speech;
    ``player`` the command that plays a WAV file (its path appended), empty
    for silence (the board still shows every call).
    """

    recent_calls: int
    chime: bool
    voice: str
    player: str


SERVED_APPS: tuple[str, ...] = ("kiosk", "station", "display", "print-station")


@dataclass(frozen=True)
class ServeConfig:
    """``kk serve APP``: the apps served to browsers (textual-serve), one web server per app.

    ``host`` is the address every server listens on ("127.0.0.1": this machine
    only; "0.0.0.0": every network interface); ``ports`` the port of each app
    of :data:`SERVED_APPS`, all different.
    """

    host: str = "127.0.0.1"
    ports: dict[str, int] = field(
        default_factory=lambda: {app: 8000 + i for i, app in enumerate(SERVED_APPS)}
    )

    def port(self, app: str) -> int:
        """The port ``app`` listens on; ``KeyError`` for an app that is not served."""
        return self.ports[app]


@dataclass(frozen=True)
class SecurityConfig:
    """Staff login: PIN length and lock-out after repeated wrong PINs."""

    pin_max_failures: int
    lockout_minutes: int
    pin_min_length: int


@dataclass(frozen=True)
class NomorKKRules:
    """How a new Nomor KK (16 digits) is made; the scheme is *uncertain*, hence a setting.

    ``pattern`` uses the fields ``{region}`` (6 digits), ``{ddmmyy}`` or
    ``{yymmdd}`` (the issue date) and ``{serial}`` (``serial_digits`` digits,
    counted per region and issue date). ``region_source`` "kecamatan": the
    region is the kecamatan code of the family's address (``default_region``
    when it is unknown); "office": always ``default_region``.
    """

    pattern: str
    serial_digits: int
    region_source: str
    default_region: str

    @property
    def max_serial(self) -> int:
        """The largest serial the pattern can hold."""
        return int(10**self.serial_digits) - 1

    def format(self, region: str, issued: date, serial: int) -> str:
        """The Nomor KK for ``region``, issue date and serial."""
        return self.pattern.format(
            region=region,
            ddmmyy=issued.strftime("%d%m%y"),
            yymmdd=issued.strftime("%y%m%d"),
            serial=f"{serial:0{self.serial_digits}d}",
        )
