"""The office configuration: the default, the typed object, and errors that name file/line/key."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from shared.config import Config, ConfigError, Hours, load_config
from shared.config_locate import index_lines, locate
from shared.sop import STEPS

ROOT = Path(__file__).resolve().parent.parent
ROOT_CONFIG = ROOT / "config.toml"
WIB = ZoneInfo("Asia/Pontianak")

# A small valid file with only the required keys; the line numbers below refer to it.
MINIMAL = """\
[office]
name = "Disdukcapil Contoh"
address = "Jl. Contoh 1"
city = "KOTA CONTOH"
province = "PROVINSI CONTOH"
region_code = "6171"
kepala_dinas_name = "KEPALA"
kepala_dinas_nip = "197001011995031001"

[hours]
mon = "08:00-12:00"
fri = ["08:00-11:00", "13:30-15:00"]

[[services]]
code = "KK"
prefix = "A"
name_id = "Permohonan KK"
kind = "application"

[[services]]
code = "AMBIL"
prefix = "B"
name_id = "Pengambilan KK"
kind = "pickup"

[[kinds]]
code = "hilang_rusak"
label_id = "KK hilang atau rusak"
requirements = [
    { code = "surat_hilang", id = "Surat keterangan hilang" },
    { code = "ktp_el", id = "KTP-el" },
]

[[counters]]
number = 1
services = ["KK", "AMBIL"]
printer = "struk"

[printers.struk]
type = "file"

[printers.a4]
type = "spool"

[kiosk]
printer = "struk"

[documents]
printer = "a4"
"""


def write(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def fails(tmp_path: Path, text: str) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    return info.value


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


# -- the default -----------------------------------------------------------------------


def test_root_config_and_packaged_default_are_byte_identical() -> None:
    assert (ROOT / "shared" / "default_config.toml").read_bytes() == ROOT_CONFIG.read_bytes()


def test_default_has_what_the_domain_needs() -> None:
    config = load_config()
    assert isinstance(config, Config) and config.path is None
    assert sorted(config.mutu_baku) == [1, 2, 3, 4, 5, 7, 8, 9, 10]
    assert config.mutu_baku == {s.number: s.standard for s in STEPS}
    assert config.standard_time(5) == timedelta(weeks=3)
    assert [k.code for k in config.kinds] == [
        "baru_menikah", "baru_ganti_kepala", "pisah_kk", "pindah_datang",
        "tambah_anggota", "kurang_anggota", "ubah_data", "hilang_rusak",
    ]  # fmt: skip
    for kind in config.kinds:
        assert kind.requirements and kind.label["id"] and kind.label["en"]
        assert len({r.code for r in kind.requirements}) == len(kind.requirements)
    prefixes = [s.prefix for s in config.services]
    assert len(set(prefixes)) == len(prefixes)
    assert config.application_services() and config.pickup_services()
    assert config.service("KK").prefix == "A" and config.service_by_prefix("B").kind == "pickup"
    assert {g.code for g in config.queue.priority_groups} == {"lansia", "disabilitas", "ibu_hamil"}
    assert config.office.region_code == "6171" and config.office.timezone == WIB
    assert re.fullmatch(r"\d{18}", config.office.kepala_dinas_nip)
    assert config.language == "id"
    assert all(p.type in ("file", "spool") for p in config.printers.values())
    assert config.printers[config.kiosk.printer].is_receipt
    assert not config.printers[config.document_printer].is_receipt
    for counter in config.counters:
        assert config.counter(counter.number) is counter
    assert config.nomor_kk.format("617101", date(2026, 11, 23), 1) == "6171012311260001"


def test_helpers_raise_key_error_for_unknown_codes() -> None:
    config = load_config()
    for lookup, arg in [
        (config.service, "XX"),
        (config.service_by_prefix, "Z"),
        (config.kind, "nope"),
        (config.counter, 99),
        (config.standard_time, 6),
    ]:
        with pytest.raises(KeyError):
            lookup(arg)


def test_embedded_default_resolves_relative_paths_against_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KK_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    config = load_config()
    assert config.store_path == tmp_path / "data" / "store"
    assert config.printers["kantor"].options["path"] == tmp_path / "data" / "spool"


def test_a_file_resolves_relative_paths_against_its_own_folder(tmp_path: Path) -> None:
    config = load_config(ROOT_CONFIG)
    assert config.path == ROOT_CONFIG
    assert config.store_path == ROOT / "data" / "store"
    assert config.printers["kiosk"].options["path"] == ROOT / "data" / "print" / "kiosk"


def test_kk_config_environment_variable_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, edit(MINIMAL, 'name = "Disdukcapil Contoh"', 'name = "Dari KK_CONFIG"'))
    monkeypatch.setenv("KK_CONFIG", str(path))
    assert load_config().office.name == "Dari KK_CONFIG"
    assert load_config(ROOT_CONFIG).office.name.startswith("Dinas")  # an explicit path wins


def test_minimal_file_takes_the_documented_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, MINIMAL))
    assert config.office.short_name == "Disdukcapil Contoh"
    assert config.office.place_of_issue == "KOTA CONTOH"
    assert config.office.timezone == WIB and config.language == "id"
    assert config.service("AMBIL").daily_quota is None
    assert config.service("KK").name == {"id": "Permohonan KK", "en": "Permohonan KK"}
    assert config.queue.priority_rule == "first" and config.queue.priority_groups == ()
    assert config.mutu_baku == {s.number: s.standard for s in STEPS}
    assert config.counters[0].name == "Loket 1"
    assert config.printers["struk"].paper_mm == 80
    assert config.printers["struk"].options["path"] == tmp_path / "data" / "print" / "struk"
    assert config.kiosk.idle_seconds == 60 and config.station.default_counter is None
    assert (config.security.pin_max_failures, config.security.lockout_minutes) == (5, 15)
    assert config.security.pin_min_length == 6
    assert config.store_path == tmp_path / "data" / "store"
    assert config.nomor_kk.default_region == "617101"
    assert config.hours.periods[0] == ((time(8), time(12)),)  # a single string is one period
    assert config.hours.periods[5] == ()
    assert (config.display.recent_calls, config.display.chime) == (5, True)
    assert (config.display.voice, config.display.player) == ("id", "aplay -q")


def test_mutu_baku_units_and_partial_override(tmp_path: Path) -> None:
    text = MINIMAL + '\n[mutu_baku]\n"2" = "1h30m"\n"5" = "3d"\n"8" = "2h"\n'
    config = load_config(write(tmp_path, text))
    assert config.standard_time(2) == timedelta(hours=1, minutes=30)
    assert config.standard_time(5) == timedelta(days=3)
    assert config.standard_time(8) == timedelta(hours=2)
    assert config.standard_time(3) == timedelta(minutes=5)  # not written: the SOP's


def test_printer_types_and_their_options(tmp_path: Path) -> None:
    text = MINIMAL + (
        '\n[printers.lan]\ntype = "network"\nhost = "192.168.1.50"\n'
        '\n[printers.usb58]\ntype = "usb"\npaper_mm = 58\n'
        'vendor_id = "0x04b8"\nproduct_id = 0x0202\n'
        '\n[printers.com]\ntype = "serial"\ndevice = "/dev/ttyUSB0"\nbaudrate = 19200\n'
        '\n[printers.raw]\ntype = "cups"\npaper_mm = 80\nqueue = "STRUK1"\n'
        '\n[printers.kantor]\ntype = "cups"\nqueue = "KANTOR"\n'
    )
    printers = load_config(write(tmp_path, text)).printers
    assert printers["lan"].options == {"host": "192.168.1.50", "port": 9100, "timeout": 10.0}
    assert printers["usb58"].paper_mm == 58
    assert (printers["usb58"].options["vendor_id"], printers["usb58"].options["product_id"]) == (
        0x04B8,
        0x0202,
    )
    assert printers["com"].options["baudrate"] == 19200
    assert printers["raw"].is_receipt and printers["raw"].options == {"queue": "STRUK1"}
    assert not printers["kantor"].is_receipt and printers["kantor"].paper_mm is None


# -- errors: file, line, key -------------------------------------------------------------


def test_error_message_names_file_line_and_key_exactly(tmp_path: Path) -> None:
    err = fails(tmp_path, edit(MINIMAL, 'prefix = "A"', 'prefix = "AB"'))
    path = tmp_path / "config.toml"
    assert (err.path, err.line, err.key) == (path, 16, "services[0].prefix")
    assert (
        str(err) == f"{path} baris 16, kunci services[0].prefix: harus satu huruf A-Z, bukan 'AB'"
    )
    assert err.message("en") == (
        f"{path} line 16, key services[0].prefix: must be one letter A-Z, not 'AB'"
    )
    assert err.expected == "one letter A-Z"
    assert err.to_dict()["line"] == 16 and err.to_dict()["key"] == "services[0].prefix"


# (old text in MINIMAL, new text, key, expected line, a word the Indonesian message has)
CRAFTED = [
    ('prefix = "B"', 'prefix = "A"', "services[1].prefix", 22, "services[0].prefix"),
    ('code = "AMBIL"', 'code = "KK"', "services[1].code", 21, "sudah dipakai"),
    (
        'kind = "pickup"',
        'kind = "pickup"\ndaly_quota = 5',
        "services[1].daly_quota",
        25,
        "daily_quota",
    ),
    ('kind = "pickup"', 'kind = "ambil"', "services[1].kind", 24, "application, pickup"),
    ('name = "Disdukcapil Contoh"\n', "", "office.name", 1, "wajib diisi"),
    ('region_code = "6171"', "region_code = 6171", "office.region_code", 6, "4 angka"),
    (
        'region_code = "6171"',
        'region_code = "6171"\ntimezone = "Asia/Pontianakk"',
        "office.timezone",
        7,
        "zona waktu",
    ),
    ('mon = "08:00-12:00"', 'mon = "08:00-25:00"', "hours.mon", 11, "JJ:MM-JJ:MM"),
    ('"13:30-15:00"', '"10:30-15:00"', "hours.fri[1]", 12, "tumpang tindih"),
    (
        'fri = ["08:00-11:00", "13:30-15:00"]',
        'fri = ["08:00-11:00", 13]',
        "hours.fri[1]",
        12,
        "bukan 13",
    ),
    (
        "fri = [",
        'holidays = ["2026-12-25", "2026-02-30"]\nfri = [',
        "hours.holidays[1]",
        12,
        "2026-02-30",
    ),
    (
        '{ code = "ktp_el", id = "KTP-el" }',
        '{ code = "KTP", id = "KTP-el" }',
        "kinds[0].requirements[1].code",
        31,
        "'KTP'",
    ),
    (
        '{ code = "ktp_el", id = "KTP-el" }',
        '{ code = "surat_hilang", id = "KTP-el" }',
        "kinds[0].requirements[1].code",
        31,
        "sudah dipakai",
    ),
    (
        'services = ["KK", "AMBIL"]',
        'services = ["KK", "AMBILL"]',
        "counters[0].services[1]",
        36,
        "'AMBILL' tidak ada",
    ),
    (
        'services = ["KK", "AMBIL"]',
        "services = []",
        "counters[0].services",
        36,
        "tidak boleh kosong",
    ),
    (
        'printer = "struk"\n\n[printers',
        'printer = "lain"\n\n[printers',
        "counters[0].printer",
        37,
        "'lain' tidak ada",
    ),
    (
        'printer = "struk"\n\n[printers',
        'printer = "a4"\n\n[printers',
        "counters[0].printer",
        37,
        "printer struk",
    ),
    ('type = "spool"', 'type = "laser"', "printers.a4.type", 43, "spool"),
    ('type = "spool"', 'tpye = "spool"', "printers.a4.tpye", 43, "maksud Anda 'type'"),
    (
        'type = "spool"',
        'type = "spool"\npaper_mm = 80',
        "printers.a4.paper_mm",
        44,
        "kunci tidak dikenal",
    ),
    ('type = "file"', 'type = "network"', "printers.struk.host", 39, "wajib diisi"),
    ('type = "file"', 'type = "usb"\nvendor_id = "04b8"', "printers.struk.vendor_id", 41, "0x04b8"),
    ('type = "file"', 'type = "cups"', "printers.struk.queue", 39, "CUPS"),
    ('type = "file"', 'type = "file"\npaper_mm = 70', "printers.struk.paper_mm", 41, "58, 80"),
    (
        'printer = "struk"\n\n[documents]',
        'printer = "nope"\n\n[documents]',
        "kiosk.printer",
        46,
        "'nope' tidak ada",
    ),
    ('printer = "a4"', 'printer = "struk"', "documents.printer", 49, "printer A4"),
]


@pytest.mark.parametrize(
    ("old", "new", "key", "line", "word"), CRAFTED, ids=[c[2] for c in CRAFTED]
)
def test_crafted_errors_name_the_right_line_and_key(
    tmp_path: Path, old: str, new: str, key: str, line: int, word: str
) -> None:
    err = fails(tmp_path, edit(MINIMAL, old, new))
    assert (err.key, err.line) == (key, line), str(err)
    message = str(err)
    assert message.startswith(f"{tmp_path / 'config.toml'} baris {line}, kunci {key}: ")
    assert word in message
    assert f"line {line}, key {key}: " in err.message("en")


# Problems written into the real default file: (old, new, key, word in the message).
IN_DEFAULT = [
    ('"5" = "3w"', '"6" = "3w"', "mutu_baku.6", "tidak memiliki langkah"),
    ('"3" = "5m"', '"3" = "5x"', "mutu_baku.3", "lama waktu"),
    ('"3" = "5m"', '"3" = "0m"', "mutu_baku.3", "lama waktu"),
    (
        "daily_quota = 150",
        "daly_quota = 150",
        "services[0].daly_quota",
        "maksud Anda 'daily_quota'",
    ),
    ("daily_quota = 150", 'daily_quota = "150"', "services[0].daily_quota", "bukan '150'"),
    ("daily_quota = 150", "daily_quota = true", "services[0].daily_quota", "bukan true"),
    ('name = "Loket 1"', 'name = ["Loket 1"]', "counters[0].name", "bukan ['Loket 1']"),
    ('priority_rule = "first"', 'priority_rule = "firts"', "queue.priority_rule", "interleave"),
    (
        '{ code = "disabilitas", id = "P',
        '{ code = "lansia", id = "P',
        "queue.priority_groups[1].code",
        "dipakai",
    ),
    ('"2026-03-18", #', '"2026-3-18", #', "hours.holidays[4]", "TTTT-BB-HH"),
    ("default_counter = 1", "default_counter = 9", "station.default_counter", "tidak ada"),
    (
        'pattern = "{region}{ddmmyy}{serial}"',
        'pattern = "{region}{serial}"',
        "nomor_kk.pattern",
        "16",
    ),
    ('default_region = "617101"', 'default_region = "647101"', "nomor_kk.default_region", "6171"),
    ("pin_min_length = 6", "pin_min_length = 2", "security.pin_min_length", "4 sampai 32"),
    ('timezone = "Asia/Pontianak"', 'timezone = "../../etc/passwd"', "office.timezone", "zona"),
    (
        'kepala_dinas_nip = "197001011995031001"',
        'kepala_dinas_nip = "1970"',
        "office.kepala_dinas_nip",
        "18 angka",
    ),
    ('language = "id"', 'language = "jv"', "office.language", "id, en"),
    ("recent_calls = 5", "recent_calls = 40", "display.recent_calls", "0 sampai 12"),
    ("chime = true", 'chime = "ya"', "display.chime", "bukan 'ya'"),
    ('voice = "id"', 'voice = "id; rm -rf /"', "display.voice", "bukan"),
    ('player = "aplay -q"', "player = 1", "display.player", "bukan 1"),
]


@pytest.mark.parametrize(("old", "new", "key", "word"), IN_DEFAULT, ids=[c[2] for c in IN_DEFAULT])
def test_errors_in_the_default_file_point_at_the_edited_line(
    tmp_path: Path, old: str, new: str, key: str, word: str
) -> None:
    text = edit(ROOT_CONFIG.read_text(encoding="utf-8"), old, new)
    err = fails(tmp_path, text)
    assert err.key == key, str(err)
    assert err.line == line_of(text, new.splitlines()[0]), str(err)
    assert word in str(err)


def test_unknown_section_is_reported_with_a_hint(tmp_path: Path) -> None:
    err = fails(tmp_path, MINIMAL + "\n[secruity]\npin_min_length = 8\n")
    assert (err.key, err.line) == ("secruity", 51)
    assert "maksud Anda 'security'?" in str(err)
    assert "did you mean 'security'?" in err.message("en")


def test_missing_section_names_the_key_without_a_line(tmp_path: Path) -> None:
    err = fails(tmp_path, edit(MINIMAL, '[kiosk]\nprinter = "struk"\n', ""))
    assert (err.key, err.line) == ("kiosk", None)
    assert str(err) == f"{tmp_path / 'config.toml'}, kunci kiosk: wajib diisi (tabel)"


def test_never_open_and_missing_pickup_service_are_refused(tmp_path: Path) -> None:
    closed = edit(edit(MINIMAL, 'mon = "08:00-12:00"', "mon = []"), "fri = [", "fri = []\n#")
    err = fails(tmp_path, closed)
    assert (err.key, err.line) == ("hours", 10) and "tidak pernah buka" in str(err)
    err = fails(tmp_path, edit(MINIMAL, 'kind = "pickup"', 'kind = "application"'))
    assert err.key == "services" and "'pickup'" in str(err)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("[office]\nname = Disdukcapil\n", 2, "tanda kutip"),
        ('[office]\nname = "Disdukcapil\n', 2, "tidak ditutup di baris ini"),
        ('[office]\nname = "a"\nname = "b"\n', 3, "sudah ditulis"),
        ("[[services]]\ncode = 'KK'\n[services]\n", 3, "tabel ini sudah ditulis"),
        ('[office\nname = "a"\n', 1, "']'"),
        ('[store]\npath = "C:\\data"\n', 2, "garis miring"),
        ('[office]\nname = """tidak ditutup\n', 2, "akhir berkas"),
    ],
)
def test_toml_syntax_errors_carry_the_parsers_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    err = fails(tmp_path, text)
    assert err.line == line and err.key == ""
    assert str(err).startswith(f"{tmp_path / 'config.toml'} baris {line}: penulisan TOML salah")
    assert words in str(err)
    assert "TOML syntax error" in err.message("en")


def test_missing_unreadable_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "nope.toml")
    assert info.value.line is None and "tidak ditemukan" in str(info.value)
    assert str(info.value).startswith(str(tmp_path / "nope.toml"))
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert "folder" in str(info.value)
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes(b'[office]\nname = "Caf\xe9"\n')
    with pytest.raises(ConfigError) as info:
        load_config(latin1)
    assert "UTF-8" in str(info.value)


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("[office]\n", 'office = "x"\n[office_]\n', "office_"),
        ("[kiosk]\n", 'kiosk = "struk"\n[kios]\n', "kios"),
        ('[kiosk]\nprinter = "struk"\n\n[doc', 'kiosk = ["struk"]\n[doc', "printers.a4.kiosk"),
        ("[[counters]]\nnumber = 1", "counters = [1]\n[[counters_]]\nnumber = 1", "counters_"),
        ('[printers.a4]\ntype = "spool"\n', '[printers]\na4 = "spool"\n', "printers.a4"),
        ("[[kinds]]", "kinds = 3\n[[kinds_]]", "kinds_"),
        ("requirements = [", "requirements = [1,", "kinds[0].requirements[0]"),
        ('services = ["KK", "AMBIL"]', 'services = "KK"', "counters[0].services"),
        ('mon = "08:00-12:00"', "mon = {}", "hours.mon"),
        ('name_id = "Pengambilan KK"', 'name_id = ""', "services[1].name_id"),
    ],
)
def test_wrong_shapes_give_config_errors_not_tracebacks(
    tmp_path: Path, old: str, new: str, key: str
) -> None:
    err = fails(tmp_path, edit(MINIMAL, old, new))
    assert err.key == key, str(err)


# MINIMAL plus every optional section and every printer type, for the shape fuzzing below.
EVERYTHING = (
    MINIMAL
    + """
[queue]
priority_rule = "interleave"
priority_every = 2
priority_groups = [{ code = "lansia", id = "Lansia", en = "Elderly" }]

[mutu_baku]
"5" = "2w"

[station]
idle_logout_minutes = 10
default_counter = 1

[security]
pin_max_failures = 3

[store]
path = "store"

[nomor_kk]
pattern = "{region}{yymmdd}{serial}"
region_source = "office"

[printers.lan]
type = "network"
host = "10.0.0.9"
port = 9100
timeout = 5

[printers.usb]
type = "usb"
vendor_id = "0x04b8"
product_id = "0x0202"

[printers.com]
type = "serial"
device = "/dev/ttyS0"
baudrate = 9600

[printers.raw]
type = "cups"
queue = "RAW"
paper_mm = 58
"""
)


def test_every_optional_section_loads(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, EVERYTHING))
    assert config.queue.priority_rule == "interleave" and config.queue.priority_every == 2
    assert config.standard_time(5) == timedelta(weeks=2)
    assert config.store_path == tmp_path / "store"
    assert config.nomor_kk.format("617101", date(2026, 11, 23), 7) == "6171012611230007"
    assert {p.type for p in config.printers.values()} == {
        "file", "spool", "network", "usb", "serial", "cups",
    }  # fmt: skip


def test_no_edit_escapes_as_anything_but_config_error(tmp_path: Path) -> None:
    """Delete any line, or put a value of the wrong shape on any key: never a traceback."""
    lines = EVERYTHING.splitlines(keepends=True)
    path = tmp_path / "config.toml"
    variants: list[str] = []
    for i, line in enumerate(lines):
        variants.append("".join(lines[:i] + lines[i + 1 :]))
        m = re.match(r'^(\s*[\w"]+\s*=\s*)', line)
        if m:
            for value in ("[]", "{}", "0", "-1", '"x"', "true", "2026-01-01", "[{}]", '["x", 1]'):
                variants.append("".join(lines[:i] + [m.group(1) + value + "\n"] + lines[i + 1 :]))
    default = ROOT_CONFIG.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(default):
        if line.strip() and not line.lstrip().startswith("#"):
            variants.append("".join(default[:i] + default[i + 1 :]))
    for text in variants:
        path.write_text(text, encoding="utf-8")
        try:
            load_config(path)
        except ConfigError as err:
            assert err.key or err.line, str(err)


# -- opening hours ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def hours() -> Hours:
    return load_config().hours


@pytest.mark.parametrize(
    ("when", "open_"),
    [
        (datetime(2026, 11, 23, 7, 29), False),  # Monday, before opening
        (datetime(2026, 11, 23, 7, 30), True),
        (datetime(2026, 11, 23, 12, 30), False),  # lunch break
        (datetime(2026, 11, 23, 15, 29), True),
        (datetime(2026, 11, 23, 15, 30), False),  # the end is exclusive
        (datetime(2026, 11, 27, 11, 45), False),  # Friday prayer break
        (datetime(2026, 11, 27, 13, 30), True),
        (datetime(2026, 11, 28, 9, 0), False),  # Saturday
        (datetime(2026, 12, 25, 9, 0), False),  # Christmas, a Friday
        (datetime(2026, 11, 23, 1, 0, tzinfo=ZoneInfo("UTC")), True),  # 08:00 WIB
    ],
)
def test_is_open(hours: Hours, when: datetime, open_: bool) -> None:
    assert hours.is_open(when) is open_


def test_is_working_day_and_periods_on(hours: Hours) -> None:
    assert hours.is_working_day(date(2026, 11, 27))  # a Friday
    friday = ((time(7, 30), time(11, 30)), (time(13, 30), time(15, 30)))
    assert hours.periods_on(date(2026, 11, 27)) == friday
    assert not hours.is_working_day(date(2026, 11, 29))  # Sunday
    assert not hours.is_working_day(date(2026, 8, 17))  # Independence Day, a Monday
    assert hours.periods_on(date(2026, 8, 17)) == ()


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (datetime(2026, 11, 23, 9, 0), datetime(2026, 11, 23, 9, 0)),  # open: now
        (datetime(2026, 11, 23, 6, 0), datetime(2026, 11, 23, 7, 30)),
        (datetime(2026, 11, 23, 12, 15), datetime(2026, 11, 23, 13, 0)),
        (datetime(2026, 11, 27, 11, 45), datetime(2026, 11, 27, 13, 30)),  # Friday break
        (datetime(2026, 11, 27, 16, 0), datetime(2026, 11, 30, 7, 30)),  # Friday evening
        # Wednesday evening before Christmas: 24 cuti bersama, 25 Natal, weekend.
        (datetime(2026, 12, 23, 16, 0), datetime(2026, 12, 28, 7, 30)),
    ],
)
def test_next_opening(hours: Hours, when: datetime, expected: datetime) -> None:
    assert hours.next_opening(when) == expected


def test_next_opening_keeps_awareness_and_gives_up_after_370_days(hours: Hours) -> None:
    aware = hours.next_opening(datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("UTC")))  # 16:00 WIB
    assert aware == datetime(2026, 11, 30, 7, 30, tzinfo=WIB) and aware.tzinfo is not None
    start = date(2026, 1, 1)
    every_day = frozenset(start + timedelta(days=n) for n in range(400))
    shut = Hours(periods={0: ((time(8), time(12)),)}, holidays=every_day, timezone=WIB)
    assert shut.next_opening(datetime(2026, 1, 1, 8)) is None


# -- the line locator ------------------------------------------------------------------


def test_locator_understands_arrays_of_tables_inline_tables_and_strings() -> None:
    text = (
        "# comment [not.a.table]\n"  # 1
        "[[a]]\n"  # 2
        'x = "]#[ \\" still a string"\n'  # 3
        "[[a]]\n"  # 4
        "x = 1\n"  # 5
        "[[a.b]]\n"  # 6
        "y = 2\n"  # 7
        "[[a.b]]\n"  # 8
        'c.d = """\n'  # 9
        'multi\nline = 3 """\n'  # 10, 11
        "list = [\n"  # 12
        "  1, # one\n"  # 13
        "  { k = 'v', 'q k' = 2 },\n"  # 14
        "]\n"  # 15
        "[t]\n"  # 16
        "z = 9\n"  # 17
    )
    index = index_lines(text)
    assert index[("a", 0)] == 2 and index[("a", 0, "x")] == 3
    assert index[("a", 1)] == 4 and index[("a", 1, "x")] == 5
    assert index[("a", 1, "b", 0, "y")] == 7 and index[("a", 1, "b", 1)] == 8
    assert index[("a", 1, "b", 1, "c", "d")] == 9
    assert ("multi",) not in index and ("a", 1, "b", 1, "line") not in index
    assert index[("a", 1, "b", 1, "list", 0)] == 13
    assert index[("a", 1, "b", 1, "list", 1, "q k")] == 14
    assert index[("t", "z")] == 17
    assert locate(index, ("t", "missing")) == 16
    assert locate(index, ("nothing",)) is None


def test_locator_survives_text_it_does_not_understand() -> None:
    index = index_lines('[ok]\nx = 1\n[broken\ny = "unterminated\n')
    assert index[("ok", "x")] == 2
    assert locate(index, ("ok", "x", "deeper")) == 2
