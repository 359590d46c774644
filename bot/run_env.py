"""How Hechtwijzer's own commands run Rasa: the one place for their environment.

Rasa's own commands need none of this. In the venv, `rasa shell`, `rasa interactive`,
`rasa run actions`, `rasa train` and `rasa data validate` work as they are: endpoints.yml holds
the defaults (action server on localhost:5055, conversations in var/tracker.db).

What our commands (the launcher, `make test`, deploy/scaled.sh, the tools) add:
- ENV: no usage data to Rasa (telemetry off; a plain `rasa` follows your own
  `rasa telemetry` setting) and no TensorFlow start-up chatter in the logs;
- PYTHONPATH with this repository, so the action server finds actions/ and bot/;
- endpoints_file(): the endpoints Rasa gets. endpoints.yml itself, unless HECHTWIJZER_ACTIONS_PORT
  or HECHTWIJZER_TRACKER_DB (bot/settings.py) move the action server or the conversations, as the
  end-to-end tests and `make bench` do: then a copy in the var folder with those filled in.

Shell scripts take the environment with `eval "$(python -m bot.run_env)"`.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import Any, Dict, Mapping, Optional
from urllib.parse import urlsplit

import yaml

from bot import settings

ENV = {"RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}


def environ(base: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
    """`base` (default: this process's environment) with ENV and the repository on PYTHONPATH."""
    env = dict(os.environ if base is None else base)
    env.update(ENV)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(settings.ROOT), env.get("PYTHONPATH")]))
    return env


def apply() -> None:
    """ENV in this process; call before Rasa or TensorFlow is imported."""
    os.environ.update(ENV)


def endpoints_config() -> Dict[str, Any]:
    """endpoints.yml with the action server and the tracker database of bot/settings.py."""
    config = yaml.safe_load(settings.ENDPOINTS.read_text(encoding="utf-8"))
    url = urlsplit(config["action_endpoint"]["url"])
    config["action_endpoint"]["url"] = url._replace(netloc=f"{url.hostname}:{settings.ACTIONS_PORT}").geturl()
    config["tracker_store"]["db"] = str(settings.TRACKER_DB)
    return config


def endpoints_file() -> Path:
    """endpoints.yml when it already says what bot/settings.py says, else a copy in the var folder."""
    if (
        settings.ACTIONS_PORT == settings.DEFAULT_ACTIONS_PORT
        and settings.TRACKER_DB == settings.DEFAULT_TRACKER_DB
    ):
        return settings.ENDPOINTS
    path = settings.VAR_DIR / "endpoints.yml"
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.write_text(
        "# Written by bot/run_env.py from endpoints.yml with HECHTWIJZER_ACTIONS_PORT and\n"
        "# HECHTWIJZER_TRACKER_DB filled in; edit endpoints.yml, not this copy.\n"
        + yaml.safe_dump(endpoints_config(), sort_keys=False),
        encoding="utf-8",
    )
    return path


if __name__ == "__main__":
    for name in (*ENV, "PYTHONPATH"):
        print(f"export {name}={shlex.quote(environ()[name])}")
