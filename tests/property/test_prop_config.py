"""Properties of the configuration loader (shared/config*.py).

Whatever file a person writes (values of the wrong type or range on known keys,
unknown keys, deleted keys, broken TOML, bytes that are not UTF-8), loading it
gives either a :class:`Config` that keeps the loader's promises or the loader's
own :class:`ConfigError`, with a message in Indonesian and English that names
where the problem is. Never another exception.
"""

from __future__ import annotations

import copy
import math
import re
import string
import tomllib
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shared.config import Config, ConfigError, load_config
from shared.i18n import LANGUAGES, catalogue
from shared.nik import check_nomor_kk
from shared.sop import STEPS

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# A valid file using every section and every printer type (the base every example edits).
BASE_TEXT = """\
[office]
name = "Disdukcapil Contoh"
address = "Jl. Contoh 1"
city = "KOTA CONTOH"
province = "PROVINSI CONTOH"
region_code = "6171"
kepala_dinas_name = "KEPALA"
kepala_dinas_nip = "197001011995031001"
timezone = "Asia/Pontianak"
language = "id"

[hours]
mon = ["07:30-12:00", "13:00-15:30"]
fri = "08:00-11:00"
holidays = ["2026-01-01", 2026-12-25]

[[services]]
code = "KK"
prefix = "A"
name_id = "Permohonan KK"
kind = "application"
daily_quota = 40

[[services]]
code = "AMBIL"
prefix = "B"
name_id = "Pengambilan KK"
name_en = "KK pickup"
kind = "pickup"

[queue]
priority_rule = "interleave"
priority_every = 2
priority_groups = [{ code = "lansia", id = "Lansia", en = "Elderly" }]

[[kinds]]
code = "hilang_rusak"
label_id = "KK hilang atau rusak"
requirements = [
    { code = "surat_hilang", id = "Surat keterangan hilang" },
    { code = "ktp_el", id = "KTP-el", optional = true },
]

[mutu_baku]
"5" = "2w"
"2" = "1h30m"

[[counters]]
number = 1
services = ["KK", "AMBIL"]
printer = "struk"

[printers.struk]
type = "file"
paper_mm = 58

[printers.a4]
type = "spool"
path = "spool"

[printers.lan]
type = "network"
host = "10.0.0.9"
port = 9100
timeout = 5

[printers.usb]
type = "usb"
vendor_id = "0x04b8"
product_id = 0x0202

[printers.com]
type = "serial"
device = "/dev/ttyS0"
baudrate = 9600
timeout = 2.5

[printers.raw]
type = "cups"
queue = "RAW"
paper_mm = 80

[kiosk]
printer = "struk"
idle_seconds = 90

[station]
idle_logout_minutes = 10
default_counter = 1

[display]
recent_calls = 4
chime = false
voice = "id"

[documents]
printer = "a4"

[security]
pin_max_failures = 3

[store]
path = "store"

[nomor_kk]
pattern = "{region}{yymmdd}{serial}"
region_source = "office"
serial_digits = 4
"""
BASE: dict[str, Any] = tomllib.loads(BASE_TEXT)

# -- writing TOML -----------------------------------------------------------------------------

_BARE = re.compile(r"[A-Za-z0-9_-]+")


def toml_key(key: str) -> str:
    return key if _BARE.fullmatch(key) else toml_string(key)


def toml_string(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def toml_document(doc: dict[str, Any]) -> str:
    """``doc`` as TOML: top-level tables as ``[headers]``, arrays of tables as ``[[blocks]]``."""
    top, blocks = [], []
    for key, value in doc.items():
        name = toml_key(key)
        if isinstance(value, dict):
            body = "".join(f"{toml_key(k)} = {toml_value(v)}\n" for k, v in value.items())
            blocks.append(f"[{name}]\n{body}")
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for item in value:
                body = "".join(f"{toml_key(k)} = {toml_value(v)}\n" for k, v in item.items())
                blocks.append(f"[[{name}]]\n{body}")
        else:
            top.append(f"{name} = {toml_value(value)}\n")
    return "".join(top) + "\n" + "\n".join(blocks)


def same(a: Any, b: Any) -> bool:
    """Equality that counts NaN equal to NaN (TOML can write it)."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def test_the_toml_writer_round_trips_the_base_document() -> None:
    assert tomllib.loads(toml_document(BASE)) == BASE


# -- what a person might write ----------------------------------------------------------------

TRICKY_STRINGS = [
    "", " ", "x", "A", "AB", "kk", "KK", "ZZ", "1",
    "25:00-26:00", "07:30-12:00", "12:00-07:30", "7:5-8:00", "08:00-08:00", "23:59-24:00",
    "٠٧:٣٠-١٢:٠٠", "08:00 - 12:00", "0m", "-5m", "5x", "1h30m", "3w", "99999999999w",
    "9" * 5000 + "m", "{region}{ddmmyy}{serial}", "{region.x}", "{region[9]}", "{0}",
    "{serial}{serial}{serial}{serial}", "{region:>99}", "{nope}", "{", "}",
    "~nosuchuser-kk/store", "~/store", "a\x00b", "/", ".",
    "Asia/Jakarta", "UTC", "../etc", "/etc/passwd", "Mars/Olympus",
    "٦١٧١", "６１７１", "6171", "617101", "٦١٧١٠١", "0x04b8", "0xFFFFF", "0x", "-0x1",
    "struk", "a4", "lan", "application", "pickup", "first", "interleave", "office", "id", "en",
    "2026-02-30", "2026-13-01", "2026-W01-1", "KK", "AMBIL", "lansia",
]  # fmt: skip

scalars = (
    st.integers(min_value=-(2**70), max_value=2**70)
    | st.sampled_from([0, -1, 1, 9, 10, 99, 100, 9999, 10000, 65535, 65536, 9600, 58, 80])
    | st.floats()
    | st.booleans()
    | st.text(max_size=12)
    | st.sampled_from(TRICKY_STRINGS)
    | st.dates()
    | st.times()
    | st.datetimes()
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
# Values that matter for one key: what a person gets wrong there, edge cases included.
DURATIONS = ["0m", "-5m", "5x", "1h30m", "3w", " 2h ", "2h 30m", "1d1d", "99999999999w",
             "9" * 5000 + "m", "1000000000d", "٥m", "5 m", "m", ""]  # fmt: skip
PATTERNS = ["{region}{ddmmyy}{serial}", "{region}{yymmdd}{serial}", "{region.x}{ddmmyy}{serial}",
            "{region[9]}{ddmmyy}{serial}", "{0}", "{nope}", "{", "{region}{serial}",
            "{region!r}{ddmmyy}{serial}", "{region:>6}{ddmmyy}{serial}", "{serial.real}",
            "{region.__class__}", "61{region}{serial}", "{ddmmyy}{yymmdd}{serial}"]  # fmt: skip
PATHS = ["~nosuchuser-kk/store", "~/store", "a\x00b", "/", ".", "", " ", "data/../x"]
DIGITS = ["6171", "٦١٧١", "６１７１", "617101", "٦١٧١٠١", "6171٠١", "197001011995031001",
          "١٩٧٠٠١٠١١٩٩٥٠٣١٠٠١", "61710", "", "abcd"]  # fmt: skip
ZONES = ["Asia/Jakarta", "UTC", "../etc", "/etc/passwd", "Mars/Olympus", "", "zone.tab",
         "a\x00b", "x" * 300, "posixrules"]  # fmt: skip
PERIODS = ["25:00-26:00", "07:30-12:00", "12:00-07:30", "7:5-8:00", "08:00-08:00",
           "23:59-24:00", "٠٧:٣٠-١٢:٠٠", "08:00 - 12:00", "00:00-23:59", "8-12", ""]  # fmt: skip
TIMEOUTS = [math.inf, -math.inf, math.nan, 0.0, -1.0, 1e300, 5e-324, 0.001, 10**30]
RELEVANT: dict[str, list[Any]] = {
    "path": PATHS,
    "backup_folder": PATHS,
    "pattern": PATTERNS,
    "region_code": DIGITS,
    "kepala_dinas_nip": DIGITS,
    "default_region": DIGITS,
    "timezone": ZONES,
    "timeout": TIMEOUTS,
    **{day: PERIODS for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
}
EXTRA_KEYS = ["default_region", "timeout", "path", "paper_mm", "serial_digits", "holidays",
              "sat", "0", "6", "11", "٥", "tpye", "hots", "nmae", "mon "]  # fmt: skip
unknown_keys = st.sampled_from(EXTRA_KEYS) | st.text(max_size=10)


def values_for(path: tuple) -> st.SearchStrategy[Any]:
    """Any value, or (as often) one that matters for the key at ``path``."""
    relevant = DURATIONS if path[:1] == ("mutu_baku",) else RELEVANT.get(str(path[-1]), [])
    if not relevant:
        return values
    return st.one_of(st.sampled_from(relevant), st.sampled_from(relevant), values)


def paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key path in ``node`` (tables, arrays and leaves)."""
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out.extend(paths(v, prefix + (k,)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.extend(paths(v, prefix + (i,)))
    return out


BASE_PATHS = paths(BASE)


def get(doc: Any, path: tuple) -> Any:
    for part in path:
        doc = doc[part]
    return doc


TABLE_PATHS = [()] + [p for p in BASE_PATHS if isinstance(get(BASE, p), dict)]


@st.composite
def edited_documents(draw) -> dict[str, Any]:
    """The base document with 1-3 edits: a key set to any value, deleted, or a new key added."""
    doc = copy.deepcopy(BASE)
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 3]))):  # one edit finds the most
        op = draw(st.sampled_from(["set", "set", "set", "delete", "add"]))
        if op == "add":
            section = draw(st.sampled_from(sorted(BASE)))
            table = draw(st.sampled_from([p for p in TABLE_PATHS if p[:1] in ((), (section,))]))
            try:
                target = get(doc, table)
            except (KeyError, IndexError, TypeError):
                continue
            if isinstance(target, dict):
                key = draw(unknown_keys)
                target[key] = draw(values_for(table + (key,)))
            continue
        section = draw(st.sampled_from(sorted(BASE)))  # each section as likely as another
        path = draw(st.sampled_from([p for p in BASE_PATHS if p[0] == section]))
        try:
            parent = get(doc, path[:-1])
            parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed or replaced it
        if op == "delete":
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(values_for(path))
    return doc


# -- what the loader must give back ----------------------------------------------------------


def _template_fields(key: str) -> set[str]:
    out = set()
    for lang in LANGUAGES:
        out |= {name for _, name, _, _ in string.Formatter().parse(catalogue()[key][lang]) if name}
    return out


def assert_clear_error(err: ConfigError, *, needs_place: bool = True) -> None:
    """A loader error: catalogue texts in both languages, filled in, saying where."""
    assert err.problem in catalogue(), err.problem
    if err.expected_key is not None:
        assert err.expected_key in catalogue(), err.expected_key
    for lang in LANGUAGES:
        text = err.message(lang)
        assert text.strip()
        for key in filter(None, (err.problem, err.expected_key)):
            for name in _template_fields(key) - {"expected"}:
                assert "{" + name + "}" not in text, (err.problem, lang, text)
    assert str(err) == err.message("id")
    assert err.message("id") != err.message("en")  # translated, not the same text twice
    assert err.to_dict("en")["message"] == err.message("en")
    if needs_place:
        assert err.key or err.line, err.message("en")


def assert_promises(config: Config, base: Path) -> None:
    """What code using a loaded :class:`Config` relies on."""
    codes = [s.code for s in config.services]
    prefixes = [s.prefix for s in config.services]
    assert len(set(codes)) == len(codes) and len(set(prefixes)) == len(prefixes)
    assert all(re.fullmatch("[A-Z]", p) for p in prefixes)
    assert config.application_services() and config.pickup_services()
    assert config.kinds and all(k.requirements for k in config.kinds)
    assert any(config.hours.periods.values())
    for periods in config.hours.periods.values():
        assert all(start < end for start, end in periods)
        assert all(a[1] <= b[0] for a, b in zip(periods, periods[1:], strict=False))
    assert sorted(config.mutu_baku) == sorted(s.number for s in STEPS)
    assert all(d > timedelta() for d in config.mutu_baku.values())
    for counter in config.counters:
        assert counter.services and set(counter.services) <= set(codes)
        assert config.printers[counter.printer].is_receipt
    assert config.printers[config.kiosk.printer].is_receipt
    assert not config.printers[config.document_printer].is_receipt
    for printer in config.printers.values():
        timeout = printer.options.get("timeout")
        if timeout is not None:
            assert 0 < timeout < math.inf, (printer.name, timeout)
        if "path" in printer.options:
            assert printer.options["path"].is_absolute() and "\x00" not in str(printer.options)
    assert config.store_path.is_absolute() and "\x00" not in str(config.store_path)
    assert config.language in LANGUAGES
    rules = config.nomor_kk
    for day in (date(2026, 1, 1), date(2099, 12, 31)):
        number = rules.format(rules.default_region, day, rules.max_serial)
        assert len(number) == 16 and number.isascii() and number.isdigit(), number
        assert check_nomor_kk(number, date_rule="off") == [] or not number.startswith(
            config.office.region_code
        )
    assert config.office.region_code.isascii() and config.office.kepala_dinas_nip.isascii()


def load(tmp_path: Path, content: str | bytes) -> Config | ConfigError:
    path = tmp_path / "config.toml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    try:
        return load_config(path)
    except ConfigError as err:
        return err


def check_document(tmp_path: Path, doc: dict[str, Any]) -> None:
    text = toml_document(doc)
    assert same(tomllib.loads(text), doc)  # the writer wrote what was meant
    outcome = load(tmp_path, text)
    if isinstance(outcome, ConfigError):
        assert_clear_error(outcome)
        assert outcome.path == tmp_path / "config.toml"
        if outcome.line is not None:
            assert 1 <= outcome.line <= text.count("\n") + 1
    else:
        assert_promises(outcome, tmp_path)


# Every key of the base (and a few optional ones it leaves out) with every value that
# matters there plus a handful of wrong shapes: a deterministic sweep of single edits.
WRONG_SHAPES: list[Any] = [-1, 0, 2**63, 1.5, True, "", "x", [], {}, date(2026, 1, 1)]
LEAF_PATHS = [p for p in BASE_PATHS if not isinstance(get(BASE, p), dict | list)]
OPTIONAL_PATHS = [("nomor_kk", "default_region"), ("mutu_baku", "8"), ("mutu_baku", "6"),
                  ("printers", "lan", "timeout"), ("printers", "usb", "timeout"),
                  ("printers", "struk", "path"), ("store", "backup_folder"),
                  ("store", "backup_keep")]  # fmt: skip
SINGLE_EDITS = [
    (path, value)
    for path in LEAF_PATHS + OPTIONAL_PATHS
    for value in (
        (DURATIONS if path[0] == "mutu_baku" else RELEVANT.get(str(path[-1]), [])) + WRONG_SHAPES
    )
]


def edit(path: tuple, value: Any) -> dict[str, Any]:
    doc = copy.deepcopy(BASE)
    get(doc, path[:-1])[path[-1]] = value
    return doc


def test_every_single_edit_gives_a_config_or_a_clear_config_error(tmp_path: Path) -> None:
    failures = []
    for path, value in SINGLE_EDITS:
        try:
            check_document(tmp_path, edit(path, value))
        except Exception as exc:  # collected: one run lists every failing edit
            failures.append(f"{path} = {value!r:.40}: {type(exc).__name__}: {exc!s:.120}")
    assert not failures, f"{len(failures)} of {len(SINGLE_EDITS)} edits:\n" + "\n".join(failures)


@SETTINGS
@given(edited_documents())
def test_an_edited_file_gives_a_config_or_a_clear_config_error(tmp_path_factory, doc):
    check_document(tmp_path_factory.mktemp("cfg"), doc)


@SETTINGS
@given(st.data())
def test_a_file_with_a_typo_anywhere_gives_a_config_or_a_clear_config_error(tmp_path_factory, data):
    text = BASE_TEXT
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        op = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        char = data.draw(st.sampled_from("\"'[]{}=,.#\n \\x0") | st.characters(codec="utf-8"))
        if op == "insert":
            text = text[:at] + char + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + 1 :]
        else:
            text = text[:at] + char + text[at + 1 :]
    outcome = load(tmp_path_factory.mktemp("cfg"), text)
    if isinstance(outcome, ConfigError):
        assert_clear_error(outcome)
        if outcome.problem.startswith("config.problem.syntax"):
            assert outcome.line is not None and 1 <= outcome.line <= text.count("\n") + 1
    else:
        assert_promises(outcome, Path())


@SETTINGS
@given(st.text(max_size=200) | st.binary(max_size=200).map(lambda b: b.decode("latin-1")))
def test_any_text_at_all_gives_a_config_or_a_clear_config_error(tmp_path_factory, text):
    outcome = load(tmp_path_factory.mktemp("cfg"), text)
    assert isinstance(outcome, ConfigError)  # nothing this short configures a whole office
    assert_clear_error(outcome, needs_place=not outcome.problem.startswith("config.problem.syntax"))


@SETTINGS
@given(st.binary(max_size=40), st.binary(min_size=1, max_size=40), st.integers(0, 1000))
def test_bytes_that_are_not_utf8_are_refused_with_their_position(
    tmp_path_factory, before, after, at
):
    raw = BASE_TEXT.encode()[:at] + before + b"\xff" + after + BASE_TEXT.encode()[at:]
    outcome = load(tmp_path_factory.mktemp("cfg"), raw)
    assert isinstance(outcome, ConfigError) and outcome.problem == "config.problem.not_utf8"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as e:
        assert outcome.params["position"] == e.start
    assert_clear_error(outcome, needs_place=False)
    assert "UTF-8" in outcome.message("id") and "UTF-8" in outcome.message("en")
