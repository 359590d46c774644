"""Starts and stops Hechtwijzer: trains when needed, runs the servers, says where to chat.

    python -m bot.launcher train   # train only when data, domain, config or NLU code changed
    python -m bot.launcher run     # train if needed, start action server + Rasa + widget, wait for Ctrl-C
    python -m bot.launcher serve   # the same without training (used by `make bench`: it serves the model as it is)

`make run` calls this after installing. Servers write their logs to var/log/.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.server
import importlib.metadata
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Dict, List, Optional

from bot import run_env, settings, widget_server

ROOT = settings.ROOT
MODEL_PATH = settings.MODELS_DIR / f"{settings.MODEL_NAME}.tar.gz"
FINGERPRINT_PATH = settings.MODELS_DIR / f"{settings.MODEL_NAME}.fingerprint.json"
# the code that turns examples into the trained classifier is an input too (not the guards:
# their patterns are read when the server starts)
TRAINING_INPUTS = [
    "config.yml",
    "domain.yml",
    "data",
    "bot/nlp/encoder.py",
    "bot/nlp/intent_model.py",
    "bot/nlp/answer_classifier.py",
    "bot/nlp/sentence_featurizer.py",
]
WEB_DIR = ROOT / "bot" / "web"
BIN = Path(sys.executable).parent


def say(message: str) -> None:
    print(f"[hechtwijzer] {message}", flush=True)


# ------------------------------------------------------------------ private files
# Conversations (tracker database) and logs are for this user only: the servers get umask 077,
# and what older versions left world-readable is closed on every start.
CHILD_UMASK = 0o077


def private_dir(path: Path) -> Path:
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def private_log(path: Path):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, "a")


def make_private() -> None:
    """var/, var/log and the tracker database (with its journal files) are private."""
    log_dir = private_dir(private_dir(settings.VAR_DIR) / "log")
    # A tracker elsewhere (HECHTWIJZER_TRACKER_DB): its folder is made private only when we
    # create it; an existing one (say /tmp) keeps its mode.
    settings.TRACKER_DB.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    for path in [*log_dir.glob("*.log"), *settings.TRACKER_DB.parent.glob(settings.TRACKER_DB.name + "*")]:
        if path.is_file():
            path.chmod(0o600)


# ------------------------------------------------------------------ training
def fingerprint() -> Dict[str, str]:
    """What the trained model depends on: training files and Rasa version."""
    digest = hashlib.sha256()
    for name in TRAINING_INPUTS:
        path = ROOT / name
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if "__pycache__" in file.parts:
                continue
            digest.update(str(file.relative_to(ROOT)).encode())
            digest.update(file.read_bytes())
    return {
        "training_files_sha256": digest.hexdigest(),
        "rasa_version": importlib.metadata.version("rasa"),
    }


def model_is_current() -> bool:
    if not (MODEL_PATH.exists() and FINGERPRINT_PATH.exists()):
        return False
    stored = json.loads(FINGERPRINT_PATH.read_text())
    return {k: stored.get(k) for k in fingerprint()} == fingerprint()


def train_command(model_name: str = settings.MODEL_NAME, out: Path = settings.MODELS_DIR) -> List[str]:
    """`rasa train` on config.yml, domain.yml and data/ (also timed by `make bench BENCH_ARGS=--train`)."""
    return [
        str(BIN / "rasa"),
        "train",
        "--fixed-model-name",
        model_name,
        "--out",
        str(out),
        "--config",
        "config.yml",
        "--domain",
        "domain.yml",
        "--data",
        "data",
        # `make test` runs `rasa data validate` (step 3) before it trains; here that check read
        # all the data a second time, about 15 of the 120 s training may take (issue #10)
        "--skip-validation",
    ]


def train(force: bool = False) -> None:
    """Train only when something the model depends on changed; show progress while training."""
    if not force and model_is_current():
        say(f"model is up to date ({MODEL_PATH.relative_to(ROOT)}); no training needed")
        return
    fp = fingerprint()
    say("training the model (about a minute; the first time the examples are embedded too; progress below)")
    started = time.monotonic()
    make_private()
    proc = subprocess.Popen(
        train_command(),
        cwd=ROOT,
        env=run_env.environ(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
        umask=CHILD_UMASK,
    )
    log_path = settings.VAR_DIR / "log" / "train.log"
    log_path.unlink(missing_ok=True)
    with private_log(log_path) as log:
        for line in _progress_lines(proc.stdout, log):
            say(f"  {line}  ({time.monotonic() - started:.0f}s)")
    if proc.wait() != 0:
        say(f"training failed; see {log_path}")
        raise SystemExit(1)
    fp["training_seconds"] = round(time.monotonic() - started, 1)  # read by `make bench`
    FINGERPRINT_PATH.write_text(json.dumps(fp, indent=2))
    say(f"model trained in {time.monotonic() - started:.0f}s: {MODEL_PATH.relative_to(ROOT)}")


def _progress_lines(stream, log):
    """The few lines of Rasa's training output that tell how far it is."""
    last_epoch_report = 0.0
    for raw in stream:
        log.write(raw)
        for line in raw.replace("\r", "\n").splitlines():
            if "Starting to train component" in line:
                yield "component " + line.split("component", 1)[1].strip(" '.")
            elif line.startswith("[e5]"):  # sentence embeddings of the examples (bot/nlp/encoder.py)
                yield line
            elif line.startswith("Epochs:") and time.monotonic() - last_epoch_report > 20:
                last_epoch_report = time.monotonic()
                yield line.split("[")[0].strip() + " epochs"


# ------------------------------------------------------------------ serving

ACTIONS_KEEP_ALIVE_S = "75"  # seconds; see Servers.start


class Servers:
    """The action server and the Rasa server as child processes, plus the widget's files."""

    def __init__(self) -> None:
        self.procs: List[subprocess.Popen] = []
        self.web: Optional[http.server.ThreadingHTTPServer] = None
        self.log_dir = settings.VAR_DIR / "log"

    def start(self) -> None:
        make_private()
        env = run_env.environ()
        # Only Rasa on this machine calls the action server: it has no authentication, so it
        # listens on 127.0.0.1 whatever interface Rasa itself uses (rasa_sdk's default is all).
        self._spawn(
            "actions",
            [
                str(BIN / "python"),
                "-m",
                "rasa_sdk",
                "--actions",
                "actions",
                "--port",
                str(settings.ACTIONS_PORT),
            ],
            # Keep-alive longer than the Rasa server's client pool (aiohttp keeps idle connections
            # 15 s; Sanic closed them after 5 s): a message that reused a connection the action
            # server was just closing got the error reply ("Cannot write to closing transport",
            # 1 of ~1,000 messages under load, blind r12 run, 2026-12-03).
            {**env, "SANIC_HOST": "127.0.0.1", "SANIC_KEEP_ALIVE_TIMEOUT": ACTIONS_KEEP_ALIVE_S},
        )
        self._spawn(
            "rasa",
            [
                str(BIN / "rasa"),
                "run",
                "--model",
                str(MODEL_PATH),
                "--endpoints",
                str(run_env.endpoints_file()),
                "--credentials",
                "credentials.yml",
                "--interface",
                settings.HOST,
                "--port",
                str(settings.RASA_PORT),
            ],
            env,
        )
        # No --cors: no browser talks to Rasa directly. The chat's frame comes from the widget
        # server, which passes its messages on (bot/widget_server.py), so they are same-origin.
        if WEB_DIR.is_dir():
            self.web = widget_server.start(
                WEB_DIR,
                settings.HOST,
                settings.WEB_PORT,
                f"http://127.0.0.1:{settings.RASA_PORT}",
                settings.CORS_ORIGINS,
            )

    def _spawn(self, name: str, cmd: List[str], env: Dict[str, str]) -> None:
        log = private_log(self.log_dir / f"{name}.log")
        # Own process group: Ctrl-C reaches the launcher, which then stops children in order.
        self.procs.append(
            subprocess.Popen(
                cmd, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True, umask=CHILD_UMASK
            )
        )

    def wait_until_ready(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        checks = {
            "action server": f"http://127.0.0.1:{settings.ACTIONS_PORT}/health",
            "Rasa server": f"http://127.0.0.1:{settings.RASA_PORT}/webhooks/rest/",
        }
        for name, url in checks.items():
            while not _answers(url):
                if any(p.poll() is not None for p in self.procs):
                    raise RuntimeError(f"a server stopped while starting; see {self.log_dir}/")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not answer within {timeout:.0f}s; see {self.log_dir}/")
                time.sleep(0.5)
            say(f"{name} is up")

    def stop(self) -> None:
        if self.web:
            self.web.shutdown()
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as resp:
            return resp.status == 200
    except OSError:
        return False


def _port_in_use(port: int) -> bool:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@contextlib.contextmanager
def single_instance():
    """A second start while one runs gets a clear message instead of a port clash."""
    pid_file = settings.VAR_DIR / "hechtwijzer.pid"
    private_dir(pid_file.parent)
    if pid_file.exists():
        try:
            other = int(pid_file.read_text())
            os.kill(other, 0)
            raise SystemExit(
                f"Hechtwijzer draait al (proces {other}). Stop die eerst met Ctrl-C, "
                f"of chat op http://localhost:{settings.RASA_PORT}."
            )
        except (ValueError, ProcessLookupError):
            pass  # a stale file from a crashed run
    busy = [p for p in (settings.RASA_PORT, settings.ACTIONS_PORT, settings.WEB_PORT) if _port_in_use(p)]
    if busy:
        raise SystemExit(
            f"Poort {', '.join(map(str, busy))} is al in gebruik door een ander programma. "
            "Stop dat programma of kies andere poorten (HECHTWIJZER_RASA_PORT, ...)."
        )
    pid_file.write_text(str(os.getpid()))
    try:
        yield
    finally:
        pid_file.unlink(missing_ok=True)


def run(train_first: bool = True) -> None:
    with single_instance():
        if train_first:
            train()
        elif not MODEL_PATH.exists():
            raise SystemExit(f"{MODEL_PATH.relative_to(ROOT)} is missing: run `make train` first")
        say("starting the action server and the Rasa server (loading takes about half a minute)")
        servers = Servers()
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        try:
            servers.start()
            servers.wait_until_ready()
            rest = f"http://localhost:{settings.RASA_PORT}/webhooks/rest/webhook"
            say("ready. Chat with Hechtwijzer:")
            if servers.web:
                say(f"  in the browser:  http://localhost:{settings.WEB_PORT}/demo.html")
            say(
                f"  over REST:       curl -s -XPOST {rest} -H 'Content-Type: application/json' "
                "-d '{\"sender\": \"'\"$(openssl rand -hex 16)\"'\", \"message\": \"Wat is hechting?\"}'"
            )
            say("Ctrl-C stops everything.")
            while not stop.wait(1):
                if any(p.poll() is not None for p in servers.procs):
                    say(f"a server stopped unexpectedly; see {servers.log_dir}/")
                    break
        finally:
            say("stopping...")
            servers.stop()
            say("stopped")


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["run", "serve", "train"])
    parser.add_argument("--force", action="store_true", help="train even when nothing changed")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    if args.command == "train":
        train(force=args.force)
    else:
        run(train_first=args.command == "run")


if __name__ == "__main__":
    main()
