"""The real assistant for end-to-end tests: `python -m bot.launcher run` as a child process.

It runs on its own ports with its own tracker database, so it never touches a running
development instance. Tests talk to it only through POST /webhooks/rest/webhook.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests import ROOT

# HECHTWIJZER_E2E_<NAME> moves a port, so two worktrees can run their e2e tests at once.
PORTS = {
    name: os.environ.get(name.replace("HECHTWIJZER_", "HECHTWIJZER_E2E_"), default)
    for name, default in (
        ("HECHTWIJZER_RASA_PORT", "15005"),
        ("HECHTWIJZER_ACTIONS_PORT", "15055"),
        ("HECHTWIJZER_WEB_PORT", "18080"),
    )
}
BASE = f"http://127.0.0.1:{PORTS['HECHTWIJZER_RASA_PORT']}"
WEBHOOK = f"{BASE}/webhooks/rest/webhook"


class Assistant:
    """The launcher as a child process; can be stopped and started again (same database)."""

    def __init__(self, var_dir: Path):
        self.env = {
            **os.environ,
            **PORTS,
            "HECHTWIJZER_VAR_DIR": str(var_dir),
            "HECHTWIJZER_TRACKER_DB": str(var_dir / "tracker.db"),
        }
        self.proc = None
        self.output = var_dir / "launcher.out"

    def start(self, timeout: float = 300) -> None:
        already = self.output.stat().st_size if self.output.exists() else 0
        with open(self.output, "a") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot.launcher", "run"],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while "ready" not in self.output.read_text()[already:]:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("assistant did not start:\n" + self.output.read_text()[-3000:])
            time.sleep(0.5)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            self.proc.wait(timeout=60)


def reply_text(replies) -> str:
    """All texts and button titles of one reply, as the acceptance judge reads them."""
    parts = []
    for msg in replies:
        parts.append(msg.get("text") or "")
        parts += [b["title"] for b in msg.get("buttons") or []]
    return "\n".join(parts)
