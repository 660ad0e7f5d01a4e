"""``kk serve``: the kiosk and a staff station in a real browser, by touch; its settings.

``kk serve kiosk`` runs as its own process on a free port over a temporary
store (config.toml copied beside it, so the kiosk's ticket printer is a file
there); headless Chromium opens the page; a ticket is taken by touch alone
(CDP ``Input.dispatchTouchEvent`` on the buttons' labels); the ticket is then
read from the store through the domain. ``kk serve station`` opens on its
log-in screen. The browser tests skip only when Chromium or chromedriver is
not installed (``apt-get install chromium chromium-driver``).

The page draws the terminal on a canvas, so the text on screen is read from
xterm.js's buffer: a script installed before the page loads keeps a reference
to the page's terminal (``window.__kkTerminal``) when textual-serve's client
creates it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import MONDAY_9

from shared.cli.main import main
from shared.cli.serve import app_argv, kk_program, public_url, shell_command
from shared.clock import ManualClock
from shared.config import ConfigError, load_config
from shared.i18n import t
from shared.model import PrintStatus, TicketState
from shared.office import Office
from shared.store.filestore import FileStore

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT = 30.0  # seconds for anything to show up (a cold start of Chromium and Python)

needs_chromium = pytest.mark.skipif(
    not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)),
    reason=f"needs {CHROMIUM} and {CHROMEDRIVER}: apt-get install chromium chromium-driver",
)

# Before the page's scripts run: keep the terminal textual-serve's client creates. Its
# session object sets ``this.terminal``, then ``this.fitAddon``; the setter sees both.
KEEP_TERMINAL = """
Object.defineProperty(Object.prototype, 'fitAddon', {
  configurable: true,
  set(value) {
    Object.defineProperty(this, 'fitAddon', {value, writable: true, configurable: true});
    window.__kkTerminal = this.terminal;
  },
});
"""
# Every row as text, with the terminal column of each character (wide ones count twice).
READ_SCREEN = """
const term = window.__kkTerminal;
if (!term) return null;
const buffer = term.buffer.active, lines = [];
for (let y = 0; y < term.rows; y++) {
  const line = buffer.getLine(buffer.viewportY + y);
  let text = '';
  const cols = [];
  for (let x = 0; line && x < term.cols; x++) {
    const cell = line.getCell(x);
    if (!cell || cell.getWidth() === 0) continue;
    for (const ch of cell.getChars() || ' ') { text += ch; cols.push(x); }
  }
  lines.push([text, cols]);
}
const r = document.querySelector('#terminal .xterm-screen').getBoundingClientRect();
return {cols: term.cols, rows: term.rows, box: [r.left, r.top, r.width, r.height], lines};
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Served:
    url: str
    config: Path
    log: Path


@pytest.fixture
def office_files(tmp_path: Path) -> Path:
    """config.toml in ``tmp_path`` (store, printers and spool under it) and its new store."""
    config = tmp_path / "config.toml"
    shutil.copyfile(ROOT / "config.toml", config)
    FileStore(load_config(config).store_path).initialise()
    return config


def serve(app: str, config: Path, tmp_path: Path) -> Iterator[Served]:
    """``kk serve APP`` on a free port until the test ends; its processes killed after."""
    port = free_port()
    log = tmp_path / f"serve-{app}.log"
    env = {**os.environ, "KK_NOW": MONDAY_9.replace(tzinfo=None).isoformat(timespec="minutes")}
    env.pop("KK_CONFIG", None)
    argv = [*kk_program(), "serve", app, "--config", str(config), "--port", str(port)]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            argv, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=tmp_path,
            start_new_session=True,  # the server and every app it starts: one process group
        )  # fmt: skip
    try:
        deadline = time.monotonic() + WAIT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"kk serve {app} exited {proc.returncode}:\n{log.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"kk serve {app} did not listen in {WAIT} s:\n{log.read_text()}")
                time.sleep(0.1)
        yield Served(f"http://127.0.0.1:{port}/", config, log)
    finally:
        stop(proc)


def stop(proc: subprocess.Popen) -> None:
    for sig, grace in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=grace)
            os.killpg(proc.pid, signal.SIGKILL)  # an app process left behind, if any
        except ProcessLookupError:
            break
        except subprocess.TimeoutExpired:
            continue
        break


@pytest.fixture
def served_kiosk(office_files: Path, tmp_path: Path) -> Iterator[Served]:
    yield from serve("kiosk", office_files, tmp_path)


@pytest.fixture
def served_station(office_files: Path, tmp_path: Path) -> Iterator[Served]:
    yield from serve("station", office_files, tmp_path)


class Page:
    """One browser page on a served app: read its screen, touch what is written on it."""

    def __init__(self, driver, url: str) -> None:
        self.driver = driver
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": KEEP_TERMINAL})
        driver.get(url)
        self.wait_for(lambda: "-first-byte" in self.body_classes(), "the app's first output")

    def body_classes(self) -> str:
        return self.driver.execute_script("return document.body.className") or ""

    def screen(self) -> dict | None:
        return self.driver.execute_script(READ_SCREEN)

    def text(self) -> str:
        screen = self.screen()
        return "\n".join(line for line, _ in screen["lines"]) if screen else ""

    def wait_for(self, ready, what: str, timeout: float = WAIT):
        deadline = time.monotonic() + timeout
        while True:
            value = ready()
            if value:
                return value
            if time.monotonic() > deadline:
                pytest.fail(f"no {what} within {timeout} s; the screen:\n{self.text()}")
            time.sleep(0.1)

    def find(self, label: str) -> tuple[float, float] | None:
        """The pixel centre of ``label`` on screen, or ``None`` if it is not shown."""
        screen = self.screen()
        if not screen:
            return None
        left, top, width, height = screen["box"]
        cell_w, cell_h = width / screen["cols"], height / screen["rows"]
        for row, (text, cols) in enumerate(screen["lines"]):
            at = text.find(label)
            if at >= 0:
                first, last = cols[at], cols[at + len(label) - 1]
                return left + (first + last + 1) / 2 * cell_w, top + (row + 0.5) * cell_h
        return None

    def touch(self, label: str) -> None:
        """A finger on ``label`` (waits until it is on screen)."""
        x, y = self.wait_for(lambda: self.find(label), repr(label))
        send = self.driver.execute_cdp_cmd
        send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
        send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


@pytest.fixture
def browser(tmp_path: Path):
    webdriver = pytest.importorskip("selenium.webdriver", reason="needs selenium (test extra)")
    pytest.importorskip("textual_serve", reason="needs textual-serve (a dependency of kk)")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tmp_path / "chromium-profile"
    for flag in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", "--window-size=1280,800",
    ):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        driver.set_page_load_timeout(WAIT)
        driver.set_script_timeout(WAIT)
        yield driver
    finally:
        driver.quit()


@pytest.mark.browser
@needs_chromium
def test_a_ticket_taken_by_touch_in_the_browser_is_in_the_store(served_kiosk, browser):
    config = load_config(served_kiosk.config)
    page = Page(browser, served_kiosk.url)
    page.touch(t("kiosk.home.apply"))  # Ambil Antrian KK
    page.touch(config.kind("baru_menikah").text("id"))
    page.touch(t("kiosk.nav.continue").split()[0])  # Lanjut (the checklist read)
    page.touch(t("kiosk.prio.none"))  # Tidak, antrian biasa
    page.touch(t("kiosk.phone.skip"))  # Lewati: no phone number
    page.wait_for(lambda: page.find(t("kiosk.ticket.take_slip")), "ticket screen")

    office = Office(FileStore(config.store_path), config, ManualClock(MONDAY_9))
    tickets = page.wait_for(lambda: office.queue.today(MONDAY_9.date()), "ticket in the store")
    (ticket,) = tickets
    assert (ticket.display, ticket.kind, ticket.priority, ticket.phone) == (
        "A-001", "baru_menikah", None, None,
    )  # fmt: skip
    assert ticket.state == TicketState.WAITING

    def printed():
        (now,) = office.queue.today(MONDAY_9.date())
        return now.print_status == PrintStatus.PRINTED

    page.wait_for(printed, "ticket printed")  # on the kiosk's file printer, beside the store
    assert any(config.printers[config.kiosk.printer].options["path"].iterdir())

    # A citizen's keyboard cannot end the served kiosk: Textual's quit keys do nothing.
    from selenium.webdriver.common.keys import Keys

    keys = browser.find_element("css selector", "#terminal .xterm-helper-textarea")
    keys.send_keys(Keys.CONTROL, "q")
    keys.send_keys(Keys.CONTROL, "c")
    page.touch(t("kiosk.nav.home"))  # Selesai: back to the start screen
    page.wait_for(lambda: page.find(t("kiosk.home.apply")), "home screen")
    assert "-closed" not in page.body_classes()
    assert "Sesi Kios warga dibuka dari 127.0.0.1" in served_kiosk.log.read_text()


@pytest.mark.browser
@needs_chromium
def test_a_served_station_opens_on_its_log_in_screen(served_station, browser):
    from selenium.webdriver.common.keys import Keys

    page = Page(browser, served_station.url)
    page.wait_for(lambda: page.find(t("station.login.title")), "log-in screen")
    assert page.find(t("station.login.pin"))

    # The station's ctrl+q ends this page's app (the keys do reach the app), and only that:
    # the page says the session ended; the server goes on, a new page logs in afresh.
    keys = browser.find_element("css selector", "#terminal .xterm-helper-textarea")
    keys.send_keys(Keys.CONTROL, "q")
    page.wait_for(lambda: "-closed" in page.body_classes(), "end of the session")
    again = Page(browser, served_station.url)
    again.wait_for(lambda: again.find(t("station.login.title")), "log-in screen again")


# -- the settings and the command, without a browser ------------------------------------


def write_serve(tmp_path: Path, section: str) -> Path:
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    text = text[: text.index("[serve]")] + "[serve]\n" + section
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_default_serves_this_machine_only_on_ports_8000_to_8003():
    serve = load_config().serve
    assert serve.host == "127.0.0.1"
    assert serve.ports == {"kiosk": 8000, "station": 8001, "display": 8002, "print-station": 8003}


def test_the_other_apps_follow_the_kiosks_port_unless_given_their_own(tmp_path):
    serve = load_config(write_serve(tmp_path, 'host = "0.0.0.0"\nport = 9000\n')).serve
    assert serve.host == "0.0.0.0" and list(serve.ports.values()) == [9000, 9001, 9002, 9003]
    serve = load_config(write_serve(tmp_path, "port = 9000\nprint_station_port = 80\n")).serve
    assert serve.port("print-station") == 80 and serve.port("display") == 9002


@pytest.mark.parametrize(
    ("section", "key", "says"),
    [
        ('host = "kantor kk"\n', "serve.host", "alamat untuk mendengarkan"),
        ("port = 70000\n", "serve.port", "65535"),
        ("port = 65534\n", "serve.port", "tiga port sesudahnya"),
        ("port = 8000\nstation_port = 8002\n", "serve.display_port", "sudah dipakai"),
        ("port = 8000\nstaton_port = 8001\n", "serve.staton_port", "station_port"),
    ],
)
def test_bad_serve_settings_name_their_key(tmp_path, section, key, says):
    with pytest.raises(ConfigError) as info:
        load_config(write_serve(tmp_path, section))
    assert info.value.key == key and says in str(info.value)


def args_for(*argv: str) -> argparse.Namespace:
    from shared.cli.main import build_parser

    return build_parser().parse_args(["serve", *argv])


def test_each_page_runs_the_app_itself_with_this_commands_options(tmp_path):
    kk = kk_program()
    argv = app_argv(args_for("kiosk", "--config", "c.toml", "--lang", "en"))
    assert argv == [
        *kk, "kiosk", "--config", str(Path("c.toml").absolute()), "--lang", "en",
        "--station", "kiosk-1",
    ]  # fmt: skip
    argv = app_argv(args_for("station", "--counter", "3", "--station", "loket-3"))
    assert argv[len(kk) :] == ["station", "--station", "loket-3", "--counter", "3"]
    assert app_argv(args_for("display"))[len(kk) :] == ["display", "--no-sound"]
    assert app_argv(args_for("print-station"))[-2:] == ["--station", "print-1"]
    # one command, run by textual-serve through /bin/sh: replaced by kk, quoted
    weird = str(tmp_path / "a b; rm -rf x" / "store")
    command = shell_command(app_argv(args_for("kiosk", "--store", weird)))
    assert command.startswith("exec ") and f"'{weird}'" in command


def test_options_that_do_not_apply_are_refused_before_serving(tmp_path, capsys):
    FileStore(tmp_path / "store").initialise()
    store = ["--store", str(tmp_path / "store")]
    assert main(["serve", "kiosk", "--counter", "1", *store]) == 1
    assert "--counter hanya untuk kk serve station" in capsys.readouterr().err
    assert main(["serve", "display", "--station", "x", *store, "--lang", "en"]) == 1
    assert "--station does not apply to display" in capsys.readouterr().err
    assert main(["serve", "station", "--counter", "9", *store]) == 1
    assert "Loket 9 tidak ada" in capsys.readouterr().err
    assert main(["serve", "kiosk", "--store", str(tmp_path / "none")]) == 1
    assert "kk init" in capsys.readouterr().err


def test_a_port_in_use_is_said_plainly(tmp_path, capsys):
    FileStore(tmp_path / "store").initialise()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        code = main(["serve", "kiosk", "--store", str(tmp_path / "store"), "--port", port])
    assert code == 1
    assert f"Tidak dapat mendengarkan di 127.0.0.1:{port}" in capsys.readouterr().err


def test_a_served_page_connects_back_to_the_address_the_browser_used(office_files, tmp_path):
    import urllib.request

    for served in serve("kiosk", office_files, tmp_path):
        asked = urllib.request.Request(served.url, headers={"Host": "kk-kantor.lan:8000"})
        with urllib.request.urlopen(asked, timeout=WAIT) as response:
            page = response.read().decode()
        assert 'data-session-websocket-url="ws://kk-kantor.lan:8000/ws"' in page
        log = served.log.read_text()
        assert f"Kios warga disajikan di {served.url.rstrip('/')}" in log
        assert "Press Ctrl+C to quit" not in log  # textual-serve's own banner is not shown


def request(host: str, scheme: str = "http", **headers: str) -> SimpleNamespace:
    return SimpleNamespace(host=host, scheme=scheme, headers=headers)


def test_the_page_connects_back_to_the_address_the_browser_used():
    fallback = "http://kk-server:8000"
    assert public_url(request("192.168.1.10:8000"), fallback) == "http://192.168.1.10:8000"
    assert public_url(request("[fe80::1]:8000"), fallback) == "http://[fe80::1]:8000"
    proxied = request(
        "127.0.0.1:8000", **{"X-Forwarded-Host": "kk.kantor", "X-Forwarded-Proto": "https"}
    )
    assert public_url(proxied, fallback) == "https://kk.kantor"
    assert public_url(request('x"><script>'), fallback) == fallback
    assert public_url(request("kk", scheme="javascript"), fallback) == fallback


# -- deploy/: the example config and the commands the units and docs/deploy.md run ---------

DEPLOYMENT_SECTIONS = {"printers", "store", "serve"}  # what deploy/config.toml changes


def test_the_example_server_config_loads_and_differs_only_where_a_server_does():
    import tomllib

    example = load_config(ROOT / "deploy" / "config.toml")
    assert example.store_path == Path("/var/lib/kk/store") and example.serve.host == "0.0.0.0"
    assert {p.type for p in example.printers.values()} == {"usb", "network", "cups"}
    ours, theirs = (
        tomllib.loads((ROOT / name).read_text(encoding="utf-8"))
        for name in ("config.toml", "deploy/config.toml")
    )
    assert set(ours) == set(theirs)
    for section in set(ours) - DEPLOYMENT_SECTIONS:
        assert theirs[section] == ours[section], f"deploy/config.toml [{section}] is behind"


def kk_commands() -> list[tuple[str, list[str]]]:
    """Every kk command line of the units (``/opt/kk/venv/bin/kk ...``) and of the docs."""
    import re
    import shlex

    found = []
    for unit in sorted((ROOT / "deploy" / "systemd").iterdir()):
        for line in unit.read_text().splitlines():
            if line.startswith("Exec") and "/opt/kk/venv/bin/kk " in line:
                args = line.split("/opt/kk/venv/bin/kk ", 1)[1]
                args = args.replace("${KK_SERVE_APP}", "kiosk").replace("$KK_SERVE_ARGS", "")
                found.append((unit.name, shlex.split(args)))
    doc = (ROOT / "docs" / "deploy.md").read_text()
    for block in re.findall(r"```sh\n(.*?)```", doc, flags=re.S):
        for line in block.splitlines():
            line = line.strip().split("  #")[0]
            if line.startswith("kk ") and "()" not in line:
                found.append(("docs/deploy.md", shlex.split(line)[1:]))
            elif "KK_SERVE_ARGS=" in line:
                app = re.search(r"KK_SERVE_APP=(\S+?)\\n", line).group(1)
                extra = re.search(r"KK_SERVE_ARGS=(.*?)\\n", line).group(1)
                found.append(("docs/deploy.md", ["serve", app, *shlex.split(extra)]))
    return found


def test_every_kk_command_of_the_units_and_the_docs_exists_with_its_options():
    from shared.cli.main import build_parser

    commands = kk_commands()
    names = {tuple(argv[:2]) for _, argv in commands}
    assert {("serve", "kiosk"), ("store", "backup"), ("queue", "close-day")} <= names
    assert ("serve", "station") in names  # the per-counter instance of the docs
    for where, argv in commands:
        try:
            build_parser().parse_args(argv)
        except SystemExit:
            pytest.fail(f"{where}: kk {' '.join(argv)} is not a valid command")
