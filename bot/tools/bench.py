"""Benchmark: latency, throughput, memory, cold start and training time, against a stock Rasa.

    python -m bot.tools.bench                    # baseline + embedded profile (`make bench`)
    python -m bot.tools.bench --scaled           # ... and the scaled profile (nginx, 2 Rasa servers)
    python -m bot.tools.bench --quick            # fewer messages (a smoke run)
    python -m bot.tools.bench --train            # also time a training run of our model

Each target is started by this command on its own ports, loaded through the REST channel with
the same client (aiohttp, one conversation per virtual user, the Dutch message mix below) at
concurrency 1, 10 and 50, and stopped again. The baseline is a stock `rasa init --no-prompt`
assistant, trained once and cached in var/bench/baseline (delete it to retrain).
Output: a table on stdout, var/bench/results.json, var/bench/results.md, var/bench/latency.png.
All traffic goes to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Dict, List, Optional

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench"
BIN = Path(sys.executable).parent

# Ports of the benchmark's own instances (never those of a running development instance).
EMBEDDED_PORTS = {
    "HECHTWIJZER_RASA_PORT": "25005",
    "HECHTWIJZER_ACTIONS_PORT": "25055",
    "HECHTWIJZER_WEB_PORT": "28080",
}
BASELINE_PORT = 25006
SCALED_ENV = {
    "HW_PUBLIC_PORT": "28088",
    "HW_RASA_PORT_BASE": "25105",
    "HW_ACTIONS_PORT": "25155",
    "HW_PG_PORT": "25433",
    "HW_REDIS_PORT": "26380",
    # every virtual user comes from 127.0.0.1: lift the per-client limit for the benchmark
    "HW_RATE_LIMIT": "100000r/s",
    "HW_RATE_BURST": "100000",
    "HW_SCALED_DIR": str(OUT / "scaled"),
}

# One conversation of a parent or teacher: greeting, short and long questions, follow-ups,
# a term, a question the bot cannot answer (fallback), a crisis message, thanks.
CONVERSATION = [
    "hoi",
    "wat is hechting eigenlijk?",
    "vertel meer",
    "Mijn dochter van zeven klampt zich elke ochtend bij het afscheid op school aan me vast en "
    "huilt, terwijl ze thuis juist heel boos kan worden als ik iets van haar vraag. De juf zegt "
    "dat het in de klas wel goed gaat. Hoe kan ik haar helpen om zich veiliger te voelen?",
    "nog een tip",
    "hoe merk ik in de klas dat een leerling onveilig gehecht is?",
    "en als ouder?",
    "wat betekent sensitiviteit?",
    "wie wint het wk voetbal volgend jaar?",
    "ik wil niet meer leven",
    "bedankt",
]
LEVELS = (1, 10, 50)


# ------------------------------------------------------------------ processes
def _say(msg: str) -> None:
    print(f"[bench] {msg}", flush=True)


def _tree(pid: int) -> List[int]:
    """pid and all its descendants (from /proc)."""
    children: Dict[int, List[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo += children.get(p, [])
    return found


def peak_rss_mb(pid: int) -> Dict[str, float]:
    """Peak resident memory (VmHWM) of every process in the tree, by a short name."""
    result: Dict[str, float] = {}
    for p in _tree(pid):
        try:
            status = Path(f"/proc/{p}/status").read_text()
            cmd = Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        if not match:
            continue
        if "rasa_sdk" in cmd:
            name = "action server"
        elif " run " in cmd and "rasa" in cmd:
            port = re.search(r"--port (\d+)", cmd)
            name = f"rasa server :{port.group(1)}" if port else "rasa server"
        elif "bot.launcher" in cmd:
            name = "launcher"
        else:
            continue
        result[name] = max(result.get(name, 0.0), int(match.group(1)) / 1024)
    return result


def spawn(cmd: List[str], log: Path, env: Optional[Dict[str, str]] = None, cwd: Path = ROOT):
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as out:
        return subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env or os.environ.copy(),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(proc: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def post(url: str, sender: str, message: str, timeout: float = 30):
    req = urllib.request.Request(
        url,
        data=json.dumps({"sender": sender, "message": message}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read())


def wait_first_answer(url: str, started: float, timeout: float, alive) -> float:
    """Seconds from `started` until the assistant gives its first answer over REST."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive():
            raise RuntimeError("the server stopped while starting")
        try:
            if post(url, f"bench-cold-{uuid.uuid4().hex[:8]}", "hoi", timeout=10):
                return time.monotonic() - started
        except Exception:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"no answer from {url} within {timeout:.0f}s")


# ------------------------------------------------------------------ load
@dataclass
class Level:
    concurrency: int
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    msgs_per_s: float


def _pct(values: List[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


async def _load(url: str, concurrency: int, total: int) -> Level:
    import aiohttp

    latencies: List[float] = []
    errors = 0
    sent = 0

    async def user(session) -> None:
        nonlocal errors, sent
        while sent < total:
            sender = f"bench-{uuid.uuid4().hex[:12]}"
            for message in CONVERSATION:
                if sent >= total:
                    return
                sent += 1
                t0 = time.perf_counter()
                try:
                    async with session.post(url, json={"sender": sender, "message": message}) as resp:
                        body = await resp.json(content_type=None)
                        ok = (
                            resp.status == 200 and body and "er ging bij mij iets mis" not in json.dumps(body)
                        )
                except Exception:
                    ok = False
                latencies.append(time.perf_counter() - t0)
                errors += 0 if ok else 1

    timeout = aiohttp.ClientTimeout(total=120)
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        t0 = time.perf_counter()
        await asyncio.gather(*(user(session) for _ in range(concurrency)))
        seconds = time.perf_counter() - t0
    ms = [x * 1000 for x in latencies]
    return Level(
        concurrency,
        len(ms),
        errors,
        round(seconds, 2),
        round(_pct(ms, 0.5), 1),
        round(_pct(ms, 0.95), 1),
        round(_pct(ms, 0.99), 1),
        round(statistics.mean(ms), 1),
        round(len(ms) / seconds, 1),
    )


def run_levels(url: str, quick: bool) -> List[Level]:
    asyncio.run(_load(url, 1, 2 * len(CONVERSATION)))  # warm-up, not measured
    results = []
    for c in LEVELS:
        total = {1: 60, 10: 150, 50: 250}[c] if quick else {1: 200, 10: 500, 50: 1000}[c]
        level = asyncio.run(_load(url, c, total))
        _say(
            f"  concurrency {c:>2}: p50 {level.p50_ms} ms, p95 {level.p95_ms} ms, p99 {level.p99_ms} ms, "
            f"{level.msgs_per_s} msg/s, {level.errors} errors"
        )
        results.append(level)
    return results


@dataclass
class Target:
    name: str
    cold_start_s: float = 0.0
    training_s: Optional[float] = None
    training_note: str = ""
    peak_rss_mb: Dict[str, float] = field(default_factory=dict)
    levels: List[Level] = field(default_factory=list)

    def level(self, c: int) -> Level:
        return next(l for l in self.levels if l.concurrency == c)

    @property
    def max_msgs_per_s(self) -> float:
        return max(l.msgs_per_s for l in self.levels)

    @property
    def max_rasa_rss_mb(self) -> float:
        return max((v for k, v in self.peak_rss_mb.items() if k.startswith("rasa")), default=0.0)


# ------------------------------------------------------------------ targets
def baseline(quick: bool) -> Target:
    """A stock `rasa init --no-prompt` assistant, trained once (cached), served by `rasa run`."""
    base = OUT / "baseline"
    project = base / "project"
    meta = base / "baseline.json"
    from bot import run_env

    # ENV only: the repository on PYTHONPATH would put our actions/ before the baseline's own
    env = {**os.environ, **run_env.ENV}
    if not (meta.exists() and list((project / "models").glob("*.tar.gz"))):
        shutil.rmtree(base, ignore_errors=True)
        project.mkdir(parents=True)
        _say(
            "baseline: rasa init --no-prompt (trains the stock assistant once; cached in var/bench/baseline)"
        )
        t0 = time.monotonic()
        proc = subprocess.run(
            [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(project)],
            cwd=project,
            env=env,
            stdout=open(base / "init.log", "w"),
            stderr=subprocess.STDOUT,
        )
        if proc.returncode != 0:
            raise SystemExit(f"rasa init failed; see {base / 'init.log'}")
        meta.write_text(
            json.dumps(
                {
                    "training_s": round(time.monotonic() - t0, 1),
                    "measured": datetime.now().isoformat(timespec="seconds"),
                }
            )
        )
    model = sorted((project / "models").glob("*.tar.gz"))[-1]
    target = Target(
        "baseline (rasa init)",
        training_s=json.loads(meta.read_text())["training_s"],
        training_note="`rasa init --no-prompt` (scaffold + train), timed",
    )
    url = f"http://127.0.0.1:{BASELINE_PORT}/webhooks/rest/webhook"
    _say("baseline: starting rasa run")
    t0 = time.monotonic()
    proc = spawn(
        [
            str(BIN / "rasa"),
            "run",
            "--model",
            str(model),
            "--port",
            str(BASELINE_PORT),
            "--interface",
            "127.0.0.1",
        ],
        OUT / "log" / "baseline.log",
        env,
        cwd=project,
    )
    try:
        target.cold_start_s = round(wait_first_answer(url, t0, 300, lambda: proc.poll() is None), 1)
        target.levels = run_levels(url, quick)
        target.peak_rss_mb = peak_rss_mb(proc.pid)
    finally:
        stop(proc)
    return target


def our_training_time(train: bool) -> tuple:
    """(seconds, how it was measured) of training our model."""
    from bot import launcher, run_env

    if train:
        _say("training our model (timed; into var/bench/train, models/ is not touched)")
        t0 = time.monotonic()
        # RASA_MAX_CACHE_SIZE=0: no reuse of components cached by an earlier training
        proc = subprocess.run(
            launcher.train_command("bench", OUT / "train"),
            cwd=ROOT,
            env={**run_env.environ(), "RASA_MAX_CACHE_SIZE": "0"},
            stdout=open(OUT / "log" / "train.log", "w"),
            stderr=subprocess.STDOUT,
        )
        if proc.returncode == 0:
            return round(time.monotonic() - t0, 1), "`rasa train` run by the benchmark, timed"
    fp = json.loads(launcher.FINGERPRINT_PATH.read_text()) if launcher.FINGERPRINT_PATH.exists() else {}
    if fp.get("training_seconds"):
        return (
            float(fp["training_seconds"]),
            "last `make train`, recorded by the launcher (may reuse Rasa's training cache)",
        )
    log = ROOT / "var" / "log" / "train.log"
    model = launcher.MODEL_PATH
    # The launcher's training log belongs to the current model when it was last written while
    # that model was saved (a log still being written belongs to a training in progress).
    if log.exists() and model.exists() and abs(log.stat().st_mtime - model.stat().st_mtime) < 120:
        stamps = re.findall(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", log.read_text(errors="replace"), re.M)
        if len(stamps) >= 2:
            first, last = (datetime.strptime(s, "%Y-%m-%d %H:%M:%S") for s in (stamps[0], stamps[-1]))
            return (
                last - first
            ).total_seconds(), "last `make train`, first to last line of var/log/train.log"
    return None, "not measured (run with --train)"


def embedded(quick: bool, train: bool) -> Target:
    """The embedded profile as `make run` starts it: launcher, action server, Rasa (SQLite)."""
    target = Target("hechtwijzer (embedded)")
    target.training_s, target.training_note = our_training_time(train)
    var = OUT / "embedded"
    shutil.rmtree(var, ignore_errors=True)
    var.mkdir(parents=True)
    env = {
        **os.environ,
        **EMBEDDED_PORTS,
        "HECHTWIJZER_VAR_DIR": str(var),
        "HECHTWIJZER_TRACKER_DB": str(var / "tracker.db"),
    }
    url = f"http://127.0.0.1:{EMBEDDED_PORTS['HECHTWIJZER_RASA_PORT']}/webhooks/rest/webhook"
    # `serve` starts the same servers as `make run` but never retrains the model.
    _say("embedded: python -m bot.launcher serve (action server + rasa run, SQLite tracker store)")
    t0 = time.monotonic()
    proc = spawn([sys.executable, "-m", "bot.launcher", "serve"], OUT / "log" / "embedded.log", env)
    try:
        target.cold_start_s = round(wait_first_answer(url, t0, 300, lambda: proc.poll() is None), 1)
        target.levels = run_levels(url, quick)
        target.peak_rss_mb = peak_rss_mb(proc.pid)
    finally:
        stop(proc, signal.SIGINT)
    return target


def scaled(quick: bool) -> Target:
    """The scaled profile (deploy/scaled.sh): nginx, 2 Rasa servers, PostgreSQL, Redis."""
    target = Target("hechtwijzer (scaled: nginx + 2 Rasa)")
    env = {**os.environ, **SCALED_ENV}
    script = ["bash", str(ROOT / "deploy" / "scaled.sh")]
    url = f"http://127.0.0.1:{SCALED_ENV['HW_PUBLIC_PORT']}/webhooks/rest/webhook"
    _say("scaled: bash deploy/scaled.sh start")
    t0 = time.monotonic()
    log = open(OUT / "log" / "scaled.log", "w")
    try:
        proc = subprocess.run(script + ["start"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        if proc.returncode != 0:
            raise SystemExit(f"scaled profile did not start; see {OUT / 'log' / 'scaled.log'}")
        target.cold_start_s = round(wait_first_answer(url, t0, 60, lambda: True), 1)
        target.levels = run_levels(url, quick)
        run = Path(SCALED_ENV["HW_SCALED_DIR"]) / "run"
        for pidfile in sorted(run.glob("*.pid")):
            if pidfile.stem.startswith("rasa") or pidfile.stem == "actions":
                target.peak_rss_mb.update(peak_rss_mb(int(pidfile.read_text())))
    finally:
        subprocess.run(script + ["stop"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    return target


# ------------------------------------------------------------------ report
def machine() -> Dict[str, str]:
    cpu = next(
        (
            l.split(":", 1)[1].strip()
            for l in Path("/proc/cpuinfo").read_text().splitlines()
            if l.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "ram_gb": f"{mem_kb / 1024**2:.1f}",
        "os": platform.platform(),
        "python": platform.python_version(),
        "date": datetime.now().isoformat(timespec="seconds"),
    }


def _ratio(ours: Optional[float], base: Optional[float]) -> str:
    return f"{ours / base:.2f}×" if ours and base else "–"


def table(targets: List[Target]) -> str:
    base = next((t for t in targets if t.name.startswith("baseline")), None)
    head = (
        "| figure | "
        + " | ".join(t.name for t in targets)
        + (" | ours ÷ baseline |" if base and len(targets) > 1 else " |")
    )
    rows = [head, "|" + "---|" * (head.count("|") - 1)]
    ours = next((t for t in targets if t.name.startswith("hechtwijzer (embedded")), None)

    def row(label, get, fmt="{:.1f}"):
        values = [get(t) for t in targets]
        cells = [fmt.format(v) if v is not None else "–" for v in values]
        extra = f" {_ratio(get(ours), get(base))} |" if base and ours and len(targets) > 1 else ""
        rows.append(f"| {label} | " + " | ".join(cells) + " |" + extra)

    for c in LEVELS:
        for q in ("p50", "p95", "p99"):
            row(f"latency {q} at concurrency {c} (ms)", lambda t, c=c, q=q: getattr(t.level(c), f"{q}_ms"))
    for c in LEVELS:
        row(f"messages/s at concurrency {c}", lambda t, c=c: t.level(c).msgs_per_s)
    row("errors (all levels)", lambda t: sum(l.errors for l in t.levels), "{:d}")
    row("peak RSS per Rasa server (MB)", lambda t: t.max_rasa_rss_mb, "{:.0f}")
    row("peak RSS action server (MB)", lambda t: t.peak_rss_mb.get("action server"), "{:.0f}")
    row("cold start: command to first answer (s)", lambda t: t.cold_start_s)
    row("training time (s)", lambda t: t.training_s)
    return "\n".join(rows)


def targets_check(targets: List[Target]) -> List[str]:
    base = next((t for t in targets if t.name.startswith("baseline")), None)
    ours = next((t for t in targets if t.name.startswith("hechtwijzer (embedded")), None)
    if not ours:
        return []
    lines = []

    def check(label, ok, detail):
        lines.append(f"- {'PASS' if ok else 'MISS'}: {label} ({detail})")

    # The done-means of issue #10 (latency and throughput relative to the stock assistant on the
    # same host, because this host's speed varies by a factor of two between runs).
    if base:
        r = ours.level(1).p50_ms / base.level(1).p50_ms
        check("p50 at concurrency 1 ≤ 1.5× baseline", r <= 1.5, f"{r:.2f}×")
        t = ours.max_msgs_per_s / base.max_msgs_per_s
        check("messages/s ≥ 0.8× baseline", t >= 0.8, f"{t:.2f}×")
    check("p95 at concurrency 1 ≤ 80 ms", ours.level(1).p95_ms <= 80, f"{ours.level(1).p95_ms} ms")
    if ours.training_s:
        check("training ≤ 120 s", ours.training_s <= 120, f"{ours.training_s} s")
    check("RSS ≤ 1.3 GB per Rasa server", ours.max_rasa_rss_mb <= 1331, f"{ours.max_rasa_rss_mb:.0f} MB")
    sc = next((t for t in targets if t.name.startswith("hechtwijzer (scaled")), None)
    if sc:
        lines.append(
            f"- scaled profile: {sc.max_msgs_per_s} msg/s = "
            f"{sc.max_msgs_per_s / ours.max_msgs_per_s:.2f}× one server"
        )
    return lines


def plot(targets: List[Target], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.8))
    colors = ["tab:gray", "tab:blue", "tab:green", "tab:orange"]
    for t, color in zip(targets, colors):
        xs = [l.concurrency for l in t.levels]
        ax.plot(xs, [l.p50_ms for l in t.levels], "o-", color=color, label=f"{t.name} p50")
        ax.plot(xs, [l.p95_ms for l in t.levels], "s--", color=color, alpha=0.7, label=f"{t.name} p95")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(list(LEVELS))
    ax.set_xticklabels([str(c) for c in LEVELS])
    ax.set_xlabel("concurrent conversations")
    ax.set_ylabel("latency per message (ms, log)")
    ax.set_title(f"Hechtwijzer REST latency ({os.cpu_count()} cores)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer messages per level")
    parser.add_argument("--scaled", action="store_true", help="also the scaled profile (deploy/scaled.sh)")
    parser.add_argument("--no-baseline", action="store_true", help="skip the stock rasa init baseline")
    parser.add_argument("--no-embedded", action="store_true", help="skip the embedded profile")
    parser.add_argument("--train", action="store_true", help="time a training run of our model too")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    (OUT / "log").mkdir(parents=True, exist_ok=True)
    targets: List[Target] = []
    if not args.no_baseline:
        targets.append(baseline(args.quick))
    if not args.no_embedded:
        targets.append(embedded(args.quick, args.train))
    if args.scaled:
        targets.append(scaled(args.quick))
    info = machine()
    text = table(targets)
    checks = targets_check(targets)
    print()
    print(f"Machine: {info['nproc']} cores, {info['cpu']}, {info['ram_gb']} GB RAM; {info['date']}")
    print(text)
    print("\n".join(checks))
    plot(targets, OUT / "latency.png")
    (OUT / "results.json").write_text(
        json.dumps(
            {
                "machine": info,
                "conversation": CONVERSATION,
                "quick": args.quick,
                "targets": [{**asdict(t), "max_msgs_per_s": t.max_msgs_per_s} for t in targets],
                "checks": checks,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    (OUT / "results.md").write_text(
        f"Machine: {info['nproc']} cores ({info['cpu']}), {info['ram_gb']} GB RAM, {info['os']}; "
        f"run {info['date']}\n\n{text}\n\n" + "\n".join(checks) + "\n"
    )
    _say(f"wrote {OUT / 'results.json'}, {OUT / 'results.md'}, {OUT / 'latency.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
