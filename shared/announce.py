"""The display's voice: a chime, then the call read out by espeak-ng, offline.

:class:`Announcer` takes :class:`~shared.board.CallEvent` s from the board
and plays them one after another in a background thread, so the screen never
waits for a sound. For each call:

1. the chime (a short two-tone WAV, written once with :mod:`wave`), unless
   ``[display] chime = false``;
2. the sentence ("Nomor antrian A dua belas, silakan ke loket dua"),
   synthesised by ``espeak-ng -v <voice> -w <file> <text>`` and played.
   Without espeak-ng on the PATH, or with ``voice = ""``, the chime alone.

Sounds are played by ``[display] player`` (``aplay -q``), the WAV's path
appended; ``player = ""`` is silent (each call is still logged). Every
command runs with a timeout; a failure is logged and the next call goes on.

Calls that pile up are announced in order, but a ticket waiting to be
announced is not queued twice (a recall pressed again before its turn adds
nothing), and at most ``max_pending`` calls wait: the oldest are dropped
(they are on the screen anyway).

The command runner is injectable, so tests record what would run.
"""

from __future__ import annotations

import logging
import math
import shlex
import shutil
import struct
import subprocess
import tempfile
import threading
import wave
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Protocol

from shared.board import CallEvent
from shared.config import DisplayConfig

log = logging.getLogger(__name__)

Runner = Callable[[Sequence[str], float], None]
"""Runs a command with a timeout in seconds; raises on failure (default: :func:`run_command`)."""

ESPEAK = "espeak-ng"
SYNTH_TIMEOUT = 10.0  # seconds to write one sentence's WAV
PLAY_TIMEOUT = 20.0  # seconds to play the chime or one sentence
SAMPLE_RATE = 22050


class Announces(Protocol):
    """What the display needs of an announcer (tests pass a recorder)."""

    def announce(self, events: Iterable[CallEvent]) -> None: ...

    def close(self) -> None: ...


def run_command(argv: Sequence[str], timeout: float) -> None:
    """Run ``argv``, output discarded; raises on a non-zero exit, a timeout or no program."""
    subprocess.run(
        list(argv),
        timeout=timeout,
        check=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def write_chime(path: Path, *, rate: int = SAMPLE_RATE) -> Path:
    """A two-tone "ding-dong" (E6 then C6, fading) as a 16-bit mono WAV at ``path``."""
    frames = bytearray()
    for freq, seconds in ((1318.5, 0.35), (1046.5, 0.55)):
        count = int(rate * seconds)
        for i in range(count):
            fade = math.exp(-4.0 * i / count)
            attack = min(1.0, i / (0.005 * rate))
            sample = 0.45 * attack * fade * math.sin(2 * math.pi * freq * i / rate)
            frames += struct.pack("<h", int(sample * 32767))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return path


def speech_language(voice: str) -> str:
    """The language the sentence is written in for ``voice``: English for "en*", else Indonesian."""
    return "en" if voice.lower().startswith("en") else "id"


class Announcer:
    """Plays calls in a background daemon thread (see the module docstring).

    ``settings`` is ``[display]`` of config.toml; ``runner`` runs a command
    (tests record instead); ``which`` finds a program on the PATH (tests
    pretend espeak-ng is missing); ``workdir`` holds the chime and the last
    sentence's WAV (default: a new temporary folder, removed by :meth:`close`).
    """

    def __init__(
        self,
        settings: DisplayConfig,
        *,
        runner: Runner = run_command,
        which: Callable[[str], str | None] = shutil.which,
        workdir: Path | None = None,
        max_pending: int = 10,
    ) -> None:
        self.settings = settings
        self.runner = runner
        self.player = shlex.split(settings.player)
        self.espeak = which(ESPEAK) if settings.voice else None
        self.lang = speech_language(settings.voice)
        self.max_pending = max(1, max_pending)
        self._own_workdir = workdir is None
        self.workdir = workdir
        self._pending: deque[CallEvent] = deque()
        self._wake = threading.Condition()
        self._idle = threading.Event()
        self._idle.set()
        self._closed = False
        self._thread: threading.Thread | None = None
        self._chime: Path | None = None
        self._warned: set[str] = set()
        self.dropped = 0
        """How many calls were dropped from a full queue (for logs and tests)."""

    @property
    def speaks(self) -> bool:
        """Whether calls are read out (espeak-ng found, a voice set, a player set)."""
        return bool(self.espeak and self.player)

    # -- the caller's side (the UI thread): never blocks ------------------------------
    def announce(self, events: Iterable[CallEvent]) -> None:
        """Queue ``events`` to be announced in order; returns at once."""
        with self._wake:
            if self._closed:
                return
            for event in events:
                log.info("call: %s -> %s (%s)", event.ticket, event.counter_name, self.text(event))
                if any(p.ticket_id == event.ticket_id for p in self._pending):
                    continue  # already waiting to be announced: same words
                self._pending.append(event)
                while len(self._pending) > self.max_pending:
                    old = self._pending.popleft()
                    self.dropped += 1
                    log.warning("announcement of %s dropped: too many calls at once", old.ticket)
            if self._pending:
                self._idle.clear()
                self._start()
                self._wake.notify()

    def text(self, event: CallEvent) -> str:
        """The sentence spoken for ``event`` (in the voice's language)."""
        return event.text(self.lang)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until every queued call was played (for tests and a clean exit)."""
        return self._idle.wait(timeout)

    def close(self) -> None:
        """Stop after the call being played; queued calls are dropped. Idempotent."""
        with self._wake:
            self._closed = True
            self._pending.clear()
            self._wake.notify()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=1.0)
        if self._own_workdir and self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)

    # -- the announcing thread --------------------------------------------------------
    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._loop, name="kk-announcer", daemon=True)
            self._thread.start()

    def _loop(self) -> None:
        while True:
            with self._wake:
                while not self._pending and not self._closed:
                    self._idle.set()
                    self._wake.wait()
                if self._closed:
                    self._idle.set()
                    return
                event = self._pending.popleft()
            try:
                self.play(event)
            except Exception:  # noqa: BLE001 - the voice must never stop the board
                log.exception("announcing %s failed", event.ticket)

    def play(self, event: CallEvent) -> None:
        """Chime, then the sentence, through the player (runs in the announcing thread)."""
        if not self.player:
            return
        if self.settings.chime:
            self._run([*self.player, str(self._chime_file())], PLAY_TIMEOUT)
        if self.espeak:
            speech = self._folder() / "call.wav"
            argv = [self.espeak, "-v", self.settings.voice, "-w", str(speech), self.text(event)]
            if self._run(argv, SYNTH_TIMEOUT):
                self._run([*self.player, str(speech)], PLAY_TIMEOUT)

    def _run(self, argv: list[str], timeout: float) -> bool:
        try:
            self.runner(argv, timeout)
        except (OSError, subprocess.SubprocessError) as exc:
            program = Path(argv[0]).name
            detail = exc
            if isinstance(exc, subprocess.CalledProcessError) and exc.stderr:
                detail = exc.stderr.decode(errors="replace").strip() or exc
            level = logging.DEBUG if program in self._warned else logging.WARNING
            self._warned.add(program)
            log.log(level, "%s failed: %s", program, detail)
            return False
        return True

    def _folder(self) -> Path:
        if self.workdir is None:
            self.workdir = Path(tempfile.mkdtemp(prefix="kk-display-"))
        return self.workdir

    def _chime_file(self) -> Path:
        if self._chime is None or not self._chime.exists():
            self._chime = write_chime(self._folder() / "chime.wav")
        return self._chime
