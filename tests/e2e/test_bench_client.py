"""The benchmark (`make bench`, bot/tools/bench.py) is not run in CI, but its parts are: the load
client against the real assistant, the percentiles, and the target check that prints PASS/MISS."""

import asyncio

from bot.tools import bench
from tests.e2e.assistant import WEBHOOK


def test_load_client_drives_the_real_assistant_without_errors(assistant):
    total = 2 * len(bench.CONVERSATION)
    level = asyncio.run(bench._load(WEBHOOK, concurrency=3, total=total))
    assert level.requests == total
    assert level.errors == 0  # every message of the mix (crisis and fallback too) got a reply
    assert 0 < level.p50_ms <= level.p95_ms <= level.p99_ms
    assert level.msgs_per_s > 0


def test_percentiles_interpolate():
    values = list(range(1, 101))
    assert bench._pct(values, 0.5) == 50.5
    assert bench._pct(values, 0.99) == 99.01
    assert bench._pct([7.0], 0.95) == 7.0


def _target(name, p50, p95, msgs, rss, training=None):
    levels = [bench.Level(c, 100, 0, 1.0, p50 * c, p95 * c, p95 * c, p50 * c, msgs) for c in bench.LEVELS]
    return bench.Target(name, levels=levels, peak_rss_mb={"rasa server :1": rss}, training_s=training)


def test_target_check_reports_pass_and_miss_against_the_baseline():
    baseline = _target("baseline (rasa init)", 30.0, 40.0, 32.0, 1100.0)
    fast = _target("hechtwijzer (embedded)", 44.0, 79.0, 26.0, 1200.0, training=110.0)
    slow = _target("hechtwijzer (embedded)", 50.0, 90.0, 25.0, 2400.0, training=130.0)
    assert len(bench.targets_check([baseline, fast])) == 5  # the five figures of issue #10
    assert all(line.startswith("- PASS") for line in bench.targets_check([baseline, fast]))
    assert all(line.startswith("- MISS") for line in bench.targets_check([baseline, slow]))
    assert "1.67×" in bench.table([baseline, slow])  # ours ÷ baseline for p50


def test_peak_rss_is_read_per_server_process(assistant):
    figures = bench.peak_rss_mb(assistant.proc.pid)
    assert figures.get("action server", 0) > 10
    assert any(name.startswith("rasa server") and mb > 100 for name, mb in figures.items())
