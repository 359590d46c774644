"""Run-time settings: environment variables with the defaults of the embedded profile."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
# endpoints.yml, the file a plain `rasa shell` or `rasa run` reads, holds the defaults of where the
# action server listens and where conversations are stored. HECHTWIJZER_ACTIONS_PORT and
# HECHTWIJZER_TRACKER_DB move them; bot/run_env.py then hands Rasa a copy that says so.
ENDPOINTS = ROOT / "endpoints.yml"
_ENDPOINTS = yaml.safe_load(ENDPOINTS.read_text(encoding="utf-8"))
_ACTIONS = urlsplit(_ENDPOINTS["action_endpoint"]["url"])
DEFAULT_ACTIONS_PORT = int(_ACTIONS.port)
DEFAULT_TRACKER_DB = ROOT / _ENDPOINTS["tracker_store"]["db"]


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


RASA_PORT = int(_env("HECHTWIJZER_RASA_PORT", "5005"))
ACTIONS_PORT = int(_env("HECHTWIJZER_ACTIONS_PORT", str(DEFAULT_ACTIONS_PORT)))
WEB_PORT = int(_env("HECHTWIJZER_WEB_PORT", "8080"))
HOST = _env("HECHTWIJZER_HOST", "127.0.0.1")
# The web sites allowed to show the chat (chat.html) in a frame: frame-ancestors, sent by the
# widget server (bot/widget_server.py) and by nginx. Space-separated origins. The name is from
# when the widget talked to Rasa across origins; since the chat runs in its own frame it talks
# to its own origin. Development default: the demo page served by the launcher. Never "*".
CORS_ORIGINS = _env(
    "HECHTWIJZER_CORS_ORIGINS", f"http://localhost:{WEB_PORT} http://127.0.0.1:{WEB_PORT}"
).split()
# Where conversations are stored (SQLite tracker store of the embedded profile).
TRACKER_DB = Path(_env("HECHTWIJZER_TRACKER_DB", str(DEFAULT_TRACKER_DB)))
# How long conversations are kept; `make purge` deletes older ones.
RETENTION_DAYS = int(_env("HECHTWIJZER_RETENTION_DAYS", "30"))
VAR_DIR = Path(_env("HECHTWIJZER_VAR_DIR", str(ROOT / "var")))
MODELS_DIR = ROOT / "models"
MODEL_NAME = "hechtwijzer"
