"""The display's voice: chime, espeak-ng, player; never blocking, never raising."""

from __future__ import annotations

import shutil
import subprocess
import threading
import wave
from datetime import datetime

import pytest

from shared.announce import Announcer, write_chime
from shared.board import CallEvent
from shared.clock import OFFICE_TZ
from shared.config import DisplayConfig

AT = datetime(2026, 11, 23, 9, 0, tzinfo=OFFICE_TZ)
SPOKEN = "Nomor antrian A dua belas, silakan ke loket dua"
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng missing")


def settings(**kw) -> DisplayConfig:
    base = {"recent_calls": 5, "chime": True, "voice": "id", "player": "aplay -q"}
    return DisplayConfig(**{**base, **kw})


def call(ticket="A-012", counter=2, *, tid=None, recall=False) -> CallEvent:
    return CallEvent(tid or ticket, ticket, counter, f"Loket {counter}", AT, recall)


class Recorder:
    """Records each command; runs espeak-ng for real when ``real_espeak``."""

    def __init__(self, real_espeak: bool = False, fail: str | None = None) -> None:
        self.real_espeak = real_espeak
        self.fail = fail
        self.commands: list[list[str]] = []
        self.gate = threading.Event()
        self.gate.set()
        self.entered = threading.Event()

    def __call__(self, argv, timeout):
        self.entered.set()
        self.gate.wait(5)
        assert timeout > 0
        self.commands.append(list(argv))
        if self.fail and argv[0].endswith(self.fail):
            raise FileNotFoundError(2, "No such file", argv[0])
        if self.real_espeak and argv[0].endswith("espeak-ng"):
            subprocess.run(list(argv), check=True, timeout=timeout)


def no_espeak(_name):
    return None


def fake_espeak(name):
    return "/usr/bin/espeak-ng" if name == "espeak-ng" else None


def test_chime_then_the_sentence_then_the_player(tmp_path):
    run = Recorder()
    ann = Announcer(settings(), runner=run, which=fake_espeak, workdir=tmp_path)
    ann.announce([call()])
    assert ann.wait_idle(5)

    chime, synth, play = run.commands
    assert chime == ["aplay", "-q", str(tmp_path / "chime.wav")]
    assert synth == ["/usr/bin/espeak-ng", "-v", "id", "-w", str(tmp_path / "call.wav"), SPOKEN]
    assert play == ["aplay", "-q", str(tmp_path / "call.wav")]
    ann.close()


def test_without_espeak_the_chime_alone(tmp_path):
    run = Recorder()
    ann = Announcer(settings(), runner=run, which=no_espeak, workdir=tmp_path)
    ann.announce([call(), call("A-013", 1)])
    assert ann.wait_idle(5)
    assert run.commands == [["aplay", "-q", str(tmp_path / "chime.wav")]] * 2
    ann.close()


def test_an_empty_voice_is_the_chime_alone(tmp_path):
    run = Recorder()
    ann = Announcer(settings(voice=""), runner=run, which=fake_espeak, workdir=tmp_path)
    ann.announce([call()])
    assert ann.wait_idle(5)
    assert [c[-1] for c in run.commands] == [str(tmp_path / "chime.wav")]


def test_no_chime_when_switched_off(tmp_path):
    run = Recorder()
    ann = Announcer(settings(chime=False), runner=run, which=fake_espeak, workdir=tmp_path)
    ann.announce([call()])
    assert ann.wait_idle(5)
    assert [c[0] for c in run.commands] == ["/usr/bin/espeak-ng", "aplay"]


def test_an_empty_player_is_silent_but_logs(tmp_path, caplog):
    run = Recorder()
    ann = Announcer(settings(player=""), runner=run, which=fake_espeak, workdir=tmp_path)
    with caplog.at_level("INFO", logger="shared.announce"):
        ann.announce([call()])
        assert ann.wait_idle(5)
    assert run.commands == []
    assert SPOKEN in caplog.text


def test_a_missing_player_is_logged_not_raised(tmp_path, caplog):
    run = Recorder(fail="aplay")
    ann = Announcer(settings(), runner=run, which=no_espeak, workdir=tmp_path)
    ann.announce([call()])
    assert ann.wait_idle(5)
    ann.announce([call("A-013")])
    assert ann.wait_idle(5)
    assert len(run.commands) == 2
    assert caplog.text.count("aplay failed") == 1  # warned once, then quietly


def test_a_failed_synthesis_skips_the_sentence(tmp_path):
    run = Recorder(fail="espeak-ng")
    ann = Announcer(settings(), runner=run, which=fake_espeak, workdir=tmp_path)
    ann.announce([call()])
    assert ann.wait_idle(5)
    assert [c[0] for c in run.commands] == ["aplay", "/usr/bin/espeak-ng"]


def test_announce_returns_at_once_while_a_call_plays(tmp_path):
    run = Recorder()
    run.gate.clear()  # every command hangs until the gate opens
    ann = Announcer(settings(), runner=run, which=no_espeak, workdir=tmp_path)
    ann.announce([call()])
    ann.announce([call("A-013", 1)])
    assert not ann.wait_idle(0.05)
    run.gate.set()
    assert ann.wait_idle(5)
    assert len(run.commands) == 2


def test_repeated_recalls_of_a_waiting_ticket_are_coalesced(tmp_path):
    run = Recorder()
    run.gate.clear()
    ann = Announcer(settings(), runner=run, which=no_espeak, workdir=tmp_path)
    ann.announce([call("A-001", 1)])
    assert run.entered.wait(5)  # A-001 is playing (held at the gate)
    ann.announce([call("A-002", 2)])
    ann.announce([call("A-002", 2, recall=True), call("A-002", 2, recall=True)])
    run.gate.set()
    assert ann.wait_idle(5)
    assert len(run.commands) == 2  # once


def test_the_queue_of_calls_is_bounded_oldest_dropped(tmp_path):
    run = Recorder(fail=None)
    run.gate.clear()
    ann = Announcer(settings(chime=False), runner=run, which=fake_espeak, max_pending=3)
    ann.workdir = tmp_path
    ann.announce([call("A-000", 1)])
    assert run.entered.wait(5)  # A-000 is playing
    ann.announce([call(f"A-{n:03}", 1) for n in range(1, 8)])
    assert ann.dropped == 4
    run.gate.set()
    assert ann.wait_idle(5)
    spoken = [c[-1] for c in run.commands if c[0].endswith("espeak-ng")]
    assert [s.split(",")[0] for s in spoken] == [
        "Nomor antrian A nol",
        "Nomor antrian A lima",
        "Nomor antrian A enam",
        "Nomor antrian A tujuh",
    ]


def test_close_drops_what_waits_and_removes_its_own_folder():
    run = Recorder()
    ann = Announcer(settings(), runner=run, which=no_espeak)
    ann.announce([call()])
    assert ann.wait_idle(5)
    folder = ann.workdir
    assert folder is not None and (folder / "chime.wav").exists()
    ann.close()
    assert not folder.exists()
    ann.announce([call("A-099")])  # after close: ignored, no error
    assert len(run.commands) == 1


def test_the_chime_is_a_short_wav(tmp_path):
    path = write_chime(tmp_path / "chime.wav")
    with wave.open(str(path)) as w:
        seconds = w.getnframes() / w.getframerate()
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
    assert 0.5 < seconds < 1.5


@needs_espeak
def test_espeak_ng_writes_the_indonesian_call_as_a_wav(tmp_path):
    run = Recorder(real_espeak=True)
    ann = Announcer(settings(), runner=run, workdir=tmp_path)
    ann.announce([call()])
    assert ann.wait_idle(15)
    assert run.commands[1][-1] == SPOKEN
    with wave.open(str(tmp_path / "call.wav")) as w:
        seconds = w.getnframes() / w.getframerate()
    assert 1.5 < seconds < 10  # a whole sentence, not an empty file


@needs_espeak
def test_the_real_runner_logs_a_missing_player(tmp_path, caplog):
    ann = Announcer(settings(player="no-such-player-kk -q"), workdir=tmp_path)
    ann.announce([call()])
    assert ann.wait_idle(15)
    assert "no-such-player-kk failed" in caplog.text
    assert (tmp_path / "call.wav").stat().st_size > 1000
