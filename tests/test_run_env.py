"""Rasa's own commands work in the venv without our variables; our commands take their environment
from one place (bot/run_env.py) and can move the action server and the conversations."""

from __future__ import annotations

import os
import subprocess
import sys

import yaml

from bot import run_env, settings
from tests import ROOT

# Rasa's own reader of the endpoints file, in a process that has none of our variables.
READ_ENDPOINTS = """
import sys
from rasa.core.utils import AvailableEndpoints
e = AvailableEndpoints.read_endpoints(sys.argv[1])
print(e.action.url)
print(e.tracker_store.kwargs["db"])
"""


def _plain_env():
    return {k: v for k, v in os.environ.items() if not k.startswith(("HECHTWIJZER_", "RASA_", "PYTHONPATH"))}


def _rasa_reads(endpoints) -> list:
    out = subprocess.run(
        [sys.executable, "-c", READ_ENDPOINTS, str(endpoints)],
        cwd=ROOT,
        env=_plain_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return out.stdout.split()


def test_plain_rasa_reads_endpoints_yml_without_our_variables():
    assert _rasa_reads(ROOT / "endpoints.yml") == ["http://localhost:5055/webhook", "var/tracker.db"]
    # the folder of that database is in every clone: SQLite does not create it
    tracked = subprocess.run(["git", "ls-files", "var"], cwd=ROOT, capture_output=True, text=True)
    assert tracked.stdout.strip(), "var/ must be in git (var/.gitkeep)"


def test_by_default_rasa_gets_endpoints_yml_itself(monkeypatch, tmp_path):
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)
    monkeypatch.setattr(settings, "ACTIONS_PORT", settings.DEFAULT_ACTIONS_PORT)
    monkeypatch.setattr(settings, "TRACKER_DB", settings.DEFAULT_TRACKER_DB)
    assert run_env.endpoints_file() == ROOT / "endpoints.yml"
    assert not list(tmp_path.iterdir())  # no copy written


def test_moved_action_server_and_database_reach_rasa(monkeypatch, tmp_path):
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path / "var")
    monkeypatch.setattr(settings, "ACTIONS_PORT", 15055)
    monkeypatch.setattr(settings, "TRACKER_DB", tmp_path / "elders.db")
    endpoints = run_env.endpoints_file()
    assert endpoints.parent == tmp_path / "var"
    assert _rasa_reads(endpoints) == ["http://localhost:15055/webhook", str(tmp_path / "elders.db")]
    # everything else is endpoints.yml's
    written, original = (
        yaml.safe_load(endpoints.read_text()),
        yaml.safe_load((ROOT / "endpoints.yml").read_text()),
    )
    assert written["lock_store"] == original["lock_store"]
    assert written["tracker_store"]["type"] == original["tracker_store"]["type"]


def test_settings_take_their_defaults_from_endpoints_yml():
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    assert settings.DEFAULT_ACTIONS_PORT == 5055 and ":5055/" in endpoints["action_endpoint"]["url"]
    assert settings.DEFAULT_TRACKER_DB == ROOT / endpoints["tracker_store"]["db"]


def test_shell_scripts_get_the_same_environment():
    out = subprocess.run(
        [sys.executable, "-m", "bot.run_env"], cwd=ROOT, env=_plain_env(), capture_output=True, text=True
    )
    exported = dict(line.removeprefix("export ").split("=", 1) for line in out.stdout.splitlines())
    assert {k: exported[k] for k in run_env.ENV} == run_env.ENV
    assert exported["PYTHONPATH"].split(os.pathsep)[0] == str(ROOT)
    assert run_env.ENV["RASA_TELEMETRY_ENABLED"] == "false"
