"""The office configuration: one typed, frozen object loaded from ``config.toml``.

``config.toml`` at the repository root is the commented example; the same
file ships inside the package as ``shared/default_config.toml`` and is used
when no file is named::

    config = load_config()                 # $KK_CONFIG, else the embedded default
    config = load_config("/etc/kk/config.toml")
    config.service("KK").prefix            # "A"
    config.standard_time(5)                # timedelta(weeks=3), the Mutu Baku of step 5

*Mutu Baku* is the SOP's quality standard: the standard time per file for
each step. A bad file stops the program with a :class:`ConfigError` naming
the file, the line and the key, never with a traceback.

Relative paths in the file (the store, file printers, the PDF spool) are
resolved against the folder of the config file; for the embedded default,
against the current working directory.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from shared.config_build import (
    build_hours,
    build_kinds,
    build_mutu_baku,
    build_nomor_kk,
    build_office,
    build_queue,
    build_security,
    build_services,
)
from shared.config_devices import (
    build_backups,
    build_counters,
    build_display,
    build_documents,
    build_kiosk,
    build_printers,
    build_serve,
    build_station,
    build_store,
)
from shared.config_errors import ConfigError
from shared.config_read import Source, Table
from shared.config_types import (
    ApplicationKind,
    Counter,
    DisplayConfig,
    Hours,
    KioskConfig,
    Label,
    NomorKKRules,
    Office,
    PrinterConfig,
    QueueRules,
    Requirement,
    SecurityConfig,
    ServeConfig,
    Service,
    StationConfig,
)

ENV_VAR = "KK_CONFIG"
DEFAULT_RESOURCE = "default_config.toml"
SECTIONS = (
    "office", "hours", "services", "queue", "kinds", "mutu_baku", "counters", "printers",
    "kiosk", "station", "display", "documents", "security", "store", "nomor_kk", "serve",
)  # fmt: skip

__all__ = [
    "ApplicationKind",
    "Config",
    "ConfigError",
    "Counter",
    "DisplayConfig",
    "Hours",
    "KioskConfig",
    "Label",
    "NomorKKRules",
    "Office",
    "PrinterConfig",
    "QueueRules",
    "Requirement",
    "SecurityConfig",
    "ServeConfig",
    "Service",
    "StationConfig",
    "load_config",
]


@dataclass(frozen=True)
class Config:
    """Everything the office configures, checked and typed. Build it with :func:`load_config`."""

    path: Path | None
    office: Office
    hours: Hours
    services: tuple[Service, ...]
    queue: QueueRules
    kinds: tuple[ApplicationKind, ...]
    mutu_baku: dict[int, timedelta]
    counters: tuple[Counter, ...]
    printers: dict[str, PrinterConfig]
    kiosk: KioskConfig
    station: StationConfig
    display: DisplayConfig
    security: SecurityConfig
    store_path: Path
    nomor_kk: NomorKKRules
    language: str
    document_printer: str  # the A4 printer for the KK, the draft KK and reports
    serve: ServeConfig = field(default_factory=ServeConfig)  # ``kk serve``: host and ports
    backup_folder: Path | None = None  # [store] backup_folder (None: "backups" beside the store)
    backup_keep: int = 7  # automatic daily backups kept (0: none are taken)

    def service(self, code: str) -> Service:
        """The service ``code``; ``KeyError`` if there is none."""
        for s in self.services:
            if s.code == code:
                return s
        raise KeyError(code)

    def service_by_prefix(self, prefix: str) -> Service:
        """The service whose tickets start with ``prefix``; ``KeyError`` if none."""
        for s in self.services:
            if s.prefix == prefix:
                return s
        raise KeyError(prefix)

    def kind(self, code: str) -> ApplicationKind:
        """The kind of application ``code``; ``KeyError`` if there is none."""
        for k in self.kinds:
            if k.code == code:
                return k
        raise KeyError(code)

    def counter(self, number: int) -> Counter:
        """The counter (loket) ``number``; ``KeyError`` if there is none."""
        for c in self.counters:
            if c.number == number:
                return c
        raise KeyError(number)

    def application_services(self) -> tuple[Service, ...]:
        """Services where a KK application is submitted."""
        return tuple(s for s in self.services if s.kind == "application")

    def pickup_services(self) -> tuple[Service, ...]:
        """Services where a finished KK is collected."""
        return tuple(s for s in self.services if s.kind == "pickup")

    def standard_time(self, step: int) -> timedelta:
        """The Mutu Baku standard time of SOP step ``step``; ``KeyError`` if no such step."""
        return self.mutu_baku[step]


def load_config(path: str | Path | None = None) -> Config:
    """Load and check a configuration file.

    ``path`` ``None``: the file named by the ``KK_CONFIG`` environment
    variable if set, else the default embedded in the package. Raises
    :class:`ConfigError` for anything wrong, including a missing file.
    """
    if path is None and os.environ.get(ENV_VAR, "").strip():
        path = os.environ[ENV_VAR].strip()
    if path is None:
        text = resources.files("shared").joinpath(DEFAULT_RESOURCE).read_text(encoding="utf-8")
        src = Source(None, DEFAULT_RESOURCE, text)
        base = Path.cwd()
    else:
        file = Path(path).expanduser()
        src = Source(file, str(file), _read(file))
        base = file.absolute().parent
    return build_config(src, _parse(src), base)


def build_config(src: Source, data: dict[str, Any], base: Path) -> Config:
    """Check a parsed document and build the :class:`Config` (``base``: for relative paths)."""
    root = Table(src, data)
    root.allow(*SECTIONS)
    office, language = build_office(root)
    services = build_services(root)
    printers = build_printers(root, base)
    counters = build_counters(root, services, printers)
    backup_folder, backup_keep = build_backups(root, base)
    return Config(
        path=src.path,
        office=office,
        hours=build_hours(root, office.timezone),
        services=services,
        queue=build_queue(root),
        kinds=build_kinds(root),
        mutu_baku=build_mutu_baku(root),
        counters=counters,
        printers=printers,
        kiosk=build_kiosk(root, printers),
        station=build_station(root, counters),
        display=build_display(root),
        security=build_security(root),
        store_path=build_store(root, base),
        nomor_kk=build_nomor_kk(root, office),
        language=language,
        document_printer=build_documents(root, printers),
        serve=build_serve(root),
        backup_folder=backup_folder,
        backup_keep=backup_keep,
    )


def _read(file: Path) -> str:
    def fail(problem: str, **params: Any) -> ConfigError:
        return ConfigError(
            path=file, display=str(file), line=None, key="",
            problem=f"config.problem.{problem}", **params,
        )  # fmt: skip

    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise fail("not_found") from None
    except IsADirectoryError:
        raise fail("is_directory") from None
    except OSError as e:
        raise fail("unreadable", detail=e.strerror or type(e).__name__) from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise fail("not_utf8", position=e.start) from None


_TOML_POSITION = re.compile(
    r"^(?P<msg>.*?)\s*\((?:at line (?P<line>\d+), column (?P<col>\d+)|at end of document)\)$"
)
_SYNTAX = {
    "Invalid value": "invalid_value",
    "Cannot overwrite a value": "duplicate_key",
    "Cannot declare": "duplicate_table",
    "Expected '=' after a key": "expected_equals",
    "Unterminated string": "unterminated_string",
    "Invalid statement": "invalid_statement",
    "Expected newline or end of document": "expected_newline",
    "Unclosed array": "unclosed_array",
    "Unclosed inline table": "unclosed_table",
    "Invalid date or datetime": "invalid_date",
    "Illegal character '\\n'": "unclosed_quote",
    "Illegal character": "illegal_character",
    "Expected ']'": "unclosed_header",
    "Unescaped '\\'": "backslash",
    "Invalid initial character for a key part": "invalid_key",
}


def _parse(src: Source) -> dict[str, Any]:
    """The parsed document; a syntax error becomes a :class:`ConfigError` with its line."""
    try:
        return tomllib.loads(src.text)
    except tomllib.TOMLDecodeError as e:
        m = _TOML_POSITION.match(str(e))
        raw = m.group("msg") if m else str(e)
        line = int(m.group("line")) if m and m.group("line") else None
        if m and line is None:  # "at end of document"
            line = src.text.count("\n") + (0 if src.text.endswith("\n") else 1)
        column = int(m.group("col")) if m and m.group("col") else None
        code = next((v for k, v in _SYNTAX.items() if raw.startswith(k)), None)
        raise ConfigError(
            path=src.path,
            display=src.display,
            line=line,
            key="",
            problem="config.problem.syntax" if column else "config.problem.syntax_end",
            column=column,
            what=raw,
            **({"what_key": f"config.syntax.{code}"} if code else {}),
        ) from None
