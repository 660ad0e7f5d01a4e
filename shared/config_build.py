"""Building the office sections of the configuration: office, hours, services, queue,
kinds of application, Mutu Baku, Nomor KK. Each builder reads one ``[section]`` of
the parsed document and returns typed values, or raises :class:`ConfigError`.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from shared.config_errors import dotted, show
from shared.config_read import MISSING, Table, parse_date, parse_duration, parse_period
from shared.config_types import (
    WEEKDAYS,
    ApplicationKind,
    Hours,
    Label,
    NomorKKRules,
    Office,
    QueueRules,
    Requirement,
    SecurityConfig,
    Service,
)
from shared.i18n import LANGUAGES
from shared.sop import STEPS

SERVICE_CODE = r"[A-Z][A-Z0-9_]{0,15}"
CODE = r"[a-z][a-z0-9_]{0,39}"
SERVICE_KINDS = ("application", "pickup")
PRIORITY_RULES = ("first", "interleave")
REGION_SOURCES = ("kecamatan", "office")


def build_office(root: Table) -> tuple[Office, str]:
    """``[office]``: the office's identity, and the language of its screens."""
    sec = root.table("office", required=True)
    sec.allow(
        "name", "short_name", "address", "city", "province", "region_code", "place_of_issue",
        "kepala_dinas_name", "kepala_dinas_nip", "timezone", "language",
    )  # fmt: skip
    name = sec.string("name")
    city = sec.string("city")
    tz_name = sec.string("timezone", "Asia/Pontianak", expected="timezone")
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise sec.fail("timezone", "wrong_value", "timezone", got=show(tz_name)) from None
    office = Office(
        name=name,
        short_name=sec.string("short_name", name),
        address=sec.string("address"),
        city=city,
        province=sec.string("province"),
        region_code=sec.string("region_code", pattern=r"[0-9]{4}", expected="digits", count=4),
        place_of_issue=sec.string("place_of_issue", city),
        kepala_dinas_name=sec.string("kepala_dinas_name"),
        kepala_dinas_nip=sec.string(
            "kepala_dinas_nip", pattern=r"[0-9]{18}", expected="digits", count=18
        ),
        timezone=tz,
    )
    return office, sec.string("language", "id", choices=LANGUAGES)


def build_hours(root: Table, tz: ZoneInfo) -> Hours:
    """``[hours]``: opening periods per weekday (an omitted day is closed), and holidays."""
    sec = root.table("hours", required=True)
    sec.allow(*WEEKDAYS, "holidays")
    periods: dict[int, tuple[tuple[time, time], ...]] = {}
    for weekday, day in enumerate(WEEKDAYS):
        raw = sec.value(day, (list, str), "periods", [])
        items = [raw] if isinstance(raw, str) else raw
        out: list[tuple[time, time]] = []
        for i, text in enumerate(items):
            key = sec.path + (day,) if isinstance(raw, str) else sec.path + (day, i)
            period = parse_period(text) if isinstance(text, str) else None
            if period is None:
                raise sec.src.error(key, "wrong_value", "period", got=show(text))
            if out and period[0] < out[-1][1]:
                raise sec.src.error(key, "wrong_value", "period_order", got=show(text))
            out.append(period)
        periods[weekday] = tuple(out)
    if not any(periods.values()):
        raise sec.fail(None, "never_open")
    holidays: set[date] = set()
    for i, raw_day in enumerate(sec.value("holidays", list, "date_list", [])):
        day_ = parse_date(raw_day)
        if day_ is None:
            raise sec.src.error(
                sec.path + ("holidays", i), "wrong_value", "date", got=show(raw_day)
            )
        holidays.add(day_)
    return Hours(periods=periods, holidays=frozenset(holidays), timezone=tz)


def unique(table: Table, name: str, value: Any, seen: dict[Any, str]) -> None:
    """Refuse ``value`` if an earlier entry already used it."""
    if value in seen:
        raise table.fail(name, "duplicate", got=show(value), other=seen[value])
    seen[value] = dotted(table.path + (name,))


def build_services(root: Table) -> tuple[Service, ...]:
    """``[[services]]``: queue services; codes and ticket prefixes must be distinct."""
    tables = root.tables("services", required=True)
    if not tables:
        raise root.fail("services", "empty", "table_list")
    out: list[Service] = []
    codes: dict[Any, str] = {}
    prefixes: dict[Any, str] = {}
    for sec in tables:
        sec.allow("code", "prefix", "name_id", "name_en", "kind", "daily_quota")
        code = sec.string("code", pattern=SERVICE_CODE, expected="service_code")
        unique(sec, "code", code, codes)
        prefix = sec.string("prefix", pattern=r"[A-Z]", expected="letter")
        unique(sec, "prefix", prefix, prefixes)
        quota = sec.integer("daily_quota", 0, minimum=0, maximum=9999)
        out.append(
            Service(
                code=code,
                prefix=prefix,
                name=sec.label("name_id", "name_en"),
                kind=sec.string("kind", choices=SERVICE_KINDS),
                daily_quota=quota or None,
            )
        )
    for kind in SERVICE_KINDS:
        if not any(s.kind == kind for s in out):
            raise root.fail("services", "need_service", kind=kind)
    return tuple(out)


def build_queue(root: Table) -> QueueRules:
    """``[queue]``: the priority rule and the priority groups."""
    sec = root.table("queue")
    sec.allow("priority_rule", "priority_every", "priority_groups")
    groups: list[Label] = []
    seen: dict[Any, str] = {}
    for g in sec.tables("priority_groups"):
        g.allow("code", "id", "en")
        code = g.string("code", pattern=CODE, expected="code")
        unique(g, "code", code, seen)
        groups.append(Label(code=code, name=g.label()))
    return QueueRules(
        priority_rule=sec.string("priority_rule", "first", choices=PRIORITY_RULES),
        priority_every=sec.integer("priority_every", 3, minimum=1, maximum=100),
        priority_groups=tuple(groups),
    )


def build_kinds(root: Table) -> tuple[ApplicationKind, ...]:
    """``[[kinds]]``: kinds of application, each with its requirement list."""
    tables = root.tables("kinds", required=True)
    if not tables:
        raise root.fail("kinds", "empty", "table_list")
    out: list[ApplicationKind] = []
    codes: dict[Any, str] = {}
    for sec in tables:
        sec.allow("code", "label_id", "label_en", "requirements")
        code = sec.string("code", pattern=CODE, expected="code")
        unique(sec, "code", code, codes)
        label = sec.label("label_id", "label_en")
        reqs: list[Requirement] = []
        seen: dict[Any, str] = {}
        req_tables = sec.tables("requirements", required=True)
        if not req_tables:
            raise sec.fail("requirements", "empty", "table_list")
        for r in req_tables:
            r.allow("code", "id", "en", "optional")
            rcode = r.string("code", pattern=CODE, expected="code")
            unique(r, "code", rcode, seen)
            optional = r.value("optional", bool, "boolean", False)
            reqs.append(Requirement(code=rcode, label=r.label(), optional=optional))
        out.append(ApplicationKind(code=code, label=label, requirements=tuple(reqs)))
    return tuple(out)


def build_mutu_baku(root: Table) -> dict[int, timedelta]:
    """``[mutu_baku]``: standard time per SOP step; steps not written keep the SOP's."""
    sec = root.table("mutu_baku")
    known = {str(s.number): s.number for s in STEPS}
    times = {s.number: s.standard for s in STEPS}
    for key in sec.names():
        if key not in known:
            raise sec.fail(key, "no_such_step", got=show(key), known=", ".join(known))
        text = sec.value(key, str, "duration", MISSING)
        duration = parse_duration(text)
        if duration is None:
            raise sec.fail(key, "wrong_value", "duration", got=show(text))
        times[known[key]] = duration
    return times


def build_security(root: Table) -> SecurityConfig:
    """``[security]``: staff PIN rules."""
    sec = root.table("security")
    sec.allow("pin_max_failures", "lockout_minutes", "pin_min_length")
    return SecurityConfig(
        pin_max_failures=sec.integer("pin_max_failures", 5, minimum=1, maximum=100),
        lockout_minutes=sec.integer("lockout_minutes", 15, minimum=1, maximum=24 * 60),
        pin_min_length=sec.integer("pin_min_length", 6, minimum=4, maximum=32),
    )


def build_nomor_kk(root: Table, office: Office) -> NomorKKRules:
    """``[nomor_kk]``: how a new Nomor KK is made; the pattern must give 16 digits."""
    sec = root.table("nomor_kk")
    sec.allow("pattern", "serial_digits", "region_source", "default_region")
    region = sec.string(
        "default_region",
        office.region_code + "01",
        pattern=office.region_code + r"[0-9]{2}",
        expected="region",
        region_code=office.region_code,
    )
    rules = NomorKKRules(
        pattern=sec.string("pattern", "{region}{ddmmyy}{serial}", expected="nomor_kk_pattern"),
        serial_digits=sec.integer("serial_digits", 4, minimum=1, maximum=10),
        region_source=sec.string("region_source", "kecamatan", choices=REGION_SOURCES),
        default_region=region,
    )
    try:
        sample = rules.format(region, date(2026, 12, 31), rules.max_serial)
    except (KeyError, IndexError, ValueError, AttributeError, TypeError):  # "{region.x}"
        sample = ""
    if not (len(sample) == 16 and sample.isascii() and sample.isdigit()):
        raise sec.fail("pattern", "wrong_value", "nomor_kk_pattern", got=show(rules.pattern))
    return rules
