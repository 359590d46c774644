"""The scaled profile (deploy/scaled.sh) for the tests in this folder, started once per session.

It runs its own copy: other ports and its own directory (var/scaled-test), so it never
touches a `make run-scaled` instance. The script installs PostgreSQL, Redis and nginx from
Debian when they are missing; only when apt cannot do that are these tests skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Dict, List

import pytest
import requests
import sqlalchemy as sa

from tests import ROOT

SCRIPT = ["bash", str(ROOT / "deploy" / "scaled.sh")]
TEST_DIR = ROOT / "var" / "scaled-test"
ENV = {
    "HW_PUBLIC_PORT": "18088",
    "HW_RASA_PORT_BASE": "15105",
    "HW_ACTIONS_PORT": "15155",
    "HW_PG_PORT": "15433",
    "HW_REDIS_PORT": "16380",
    "HW_SCALED_DIR": str(TEST_DIR),
    # Many test requests come from 127.0.0.1 at once; test_rate_limit lowers this on purpose.
    "HW_RATE_LIMIT": "1000r/s",
    "HW_RATE_BURST": "1000",
    # The association's site in test_widget_on_another_site (a host page on its own port).
    "HECHTWIJZER_CORS_ORIGINS": "http://127.0.0.1:18091",
}
HOST_PAGE_PORTS = {"allowed": 18091, "other": 18092}


class Scaled:
    """Handles on the running profile: URLs, the script, the database."""

    def __init__(self) -> None:
        self.env = {**os.environ, **ENV}
        self.dir = TEST_DIR
        self.log_dir = TEST_DIR / "log"
        self.public = f"http://127.0.0.1:{ENV['HW_PUBLIC_PORT']}"
        self.webhook = f"{self.public}/webhooks/rest/webhook"
        base = int(ENV["HW_RASA_PORT_BASE"])
        self.rasa = {f"rasa-{i + 1}": f"http://127.0.0.1:{base + i}/webhooks/rest/webhook" for i in range(2)}

    def script(self, *args: str, check: bool = True, timeout: float = 600, **env: str):
        out = subprocess.run(
            SCRIPT + list(args),
            cwd=ROOT,
            env={**self.env, **env},
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=timeout,
        )
        if check and out.returncode != 0:
            raise AssertionError(
                f"deploy/scaled.sh {' '.join(args)} failed ({out.returncode}):\n{out.stdout[-4000:]}"
            )
        return out

    def pid(self, name: str) -> int:
        return int((self.dir / "run" / f"{name}.pid").read_text())

    def secrets(self) -> Dict[str, str]:
        lines = (self.dir / "secrets.env").read_text().split()
        return dict(line.split("=", 1) for line in lines)

    def pg_env(self) -> Dict[str, str]:
        """The variables deploy/endpoints-scaled.yml needs, as the script sets them."""
        return {
            "HECHTWIJZER_PG_HOST": "127.0.0.1",
            "HECHTWIJZER_PG_PORT": ENV["HW_PG_PORT"],
            "HECHTWIJZER_PG_DB": "hechtwijzer",
            "HECHTWIJZER_PG_USER": "hechtwijzer",
            "HECHTWIJZER_PG_PASSWORD": self.secrets()["HW_PG_PASSWORD_DEFAULT"],
        }

    def db(self) -> sa.engine.Engine:
        e = self.pg_env()
        return sa.create_engine(
            sa.engine.URL.create(
                "postgresql",
                username=e["HECHTWIJZER_PG_USER"],
                password=e["HECHTWIJZER_PG_PASSWORD"],
                host="127.0.0.1",
                port=int(e["HECHTWIJZER_PG_PORT"]),
                database=e["HECHTWIJZER_PG_DB"],
            )
        )

    def user_texts(self, sender: str) -> List[str]:
        """The user messages stored for one conversation, in order."""
        engine = self.db()
        try:
            with engine.connect() as conn:
                rows = conn.execute(
                    sa.text(
                        "SELECT data FROM events WHERE sender_id = :s AND type_name = 'user' ORDER BY id"
                    ),
                    {"s": sender},
                ).all()
        finally:
            engine.dispose()
        import json

        return [json.loads(r[0]).get("text") for r in rows]

    def send(self, message: str, sender: str, url: str = None, timeout: float = 60):
        resp = requests.post(
            url or self.webhook, json={"sender": sender, "message": message}, timeout=timeout
        )
        return resp


def _clean(scaled: Scaled) -> None:
    if scaled.dir.exists():
        scaled.script("stop", check=False, timeout=120)
        pg = scaled.dir / "pg"
        if pg.is_symlink():
            shutil.rmtree(pg.resolve(), ignore_errors=True)
        shutil.rmtree(scaled.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def scaled():
    profile = Scaled()
    model = Path(os.environ.get("HW_MODEL") or ROOT / "models" / "hechtwijzer.tar.gz")
    assert model.exists(), f"no trained model at {model}: the test command trains it first (make train)"
    _clean(profile)
    profile.dir.mkdir(parents=True)
    installed = profile.script("install", check=False)
    if installed.returncode == 3:
        pytest.skip(
            "apt-get could not install postgresql, redis-server and nginx:\n" + installed.stdout[-1500:]
        )
    assert installed.returncode == 0, installed.stdout
    profile.script("start")
    yield profile
    profile.script("stop", check=False, timeout=120)
    if os.environ.get("HW_KEEP_SCALED_TEST") != "1":
        _clean(profile)
