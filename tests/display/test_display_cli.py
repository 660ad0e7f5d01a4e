"""``kk display``: registered with the other commands, options passed to the board."""

from __future__ import annotations

import subprocess
import sys

import pytest

import station.display.app
from shared.announce import Announcer
from shared.cli.main import build_parser, main


def test_kk_display_takes_a_language_and_no_sound():
    args = build_parser().parse_args(["display", "--no-sound", "--lang", "en"])
    assert args.command == "display" and args.no_sound and args.lang == "en"


@pytest.mark.parametrize(
    ("extra", "voice", "player"), [([], "id", "aplay -q"), (["--no-sound"], "", "")]
)
def test_kk_display_runs_the_board_with_those_options(store, monkeypatch, extra, voice, player):
    seen: dict[str, object] = {}

    def fake_run(app: station.display.app.DisplayApp) -> None:
        assert isinstance(app.announcer, Announcer)
        settings = app.announcer.settings
        seen.update(lang=app.lang, voice=settings.voice, player=settings.player)

    monkeypatch.setattr(station.display.app.DisplayApp, "run", fake_run)
    assert main(["display", "--store", str(store.root), "--lang", "en", *extra]) == 0
    assert seen == {"lang": "en", "voice": voice, "player": player}


def test_the_cli_does_not_load_textual_until_the_display_runs():
    code = "import sys; from shared.cli.main import build_parser; "
    code += "build_parser().parse_args(['display']); import shared.board, shared.announce; "
    code += "sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
