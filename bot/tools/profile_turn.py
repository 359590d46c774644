"""Where does the time of one message go? Times every step of Rasa's NLU graph in-process.

    python -m bot.tools.profile_turn [model.tar.gz] [--rounds N]

Loads the trained model (default models/hechtwijzer.tar.gz) without servers, parses the
benchmark conversation (bot/tools/bench.py CONVERSATION) N times and prints, per graph node
(tokenizer, sentence embedding, classifier, fallback, guards), the mean milliseconds per message and
its share of the NLU time, plus the resident memory after loading. The network part of a turn
(REST, tracker store, action server) is what `make bench` adds on top of this.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import time
from collections import defaultdict
from pathlib import Path

from bot import run_env

run_env.apply()  # before main() imports Rasa and TensorFlow

ROOT = Path(__file__).resolve().parents[2]


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", nargs="?", default=str(ROOT / "models" / "hechtwijzer.tar.gz"))
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)

    from rasa.core.agent import Agent
    from rasa.engine.graph import GraphNode

    from bot.tools.bench import CONVERSATION

    spent = defaultdict(float)
    original_call = GraphNode.__call__

    def timed_call(node, *inputs):
        started = time.perf_counter()
        try:
            return original_call(node, *inputs)
        finally:
            spent[node._node_name] += time.perf_counter() - started

    rss_before = _rss_mb()
    loaded = time.perf_counter()
    agent = Agent.load(args.model)
    print(
        f"model loaded in {time.perf_counter() - loaded:.1f} s; "
        f"RSS {rss_before:.0f} MB before, {_rss_mb():.0f} MB after "
        f"(peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)"
    )

    async def parse_all() -> float:
        """Seconds for the measured rounds (after one unmeasured warm-up round)."""
        for text in CONVERSATION:  # warm-up: first calls trace TensorFlow functions
            await agent.parse_message(text)
        spent.clear()
        started = time.perf_counter()
        for _ in range(args.rounds):
            for text in CONVERSATION:
                await agent.parse_message(text)
        return time.perf_counter() - started

    GraphNode.__call__ = timed_call
    try:
        wall = asyncio.run(parse_all())
    finally:
        GraphNode.__call__ = original_call
    messages = args.rounds * len(CONVERSATION)

    total = sum(spent.values())
    print(f"\n{messages} messages, NLU {1000 * wall / messages:.1f} ms per message (wall)\n")
    print(f"{'graph node':<48} {'ms/msg':>7} {'share':>6}")
    for name, seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"{name:<48} {1000 * seconds / messages:>7.2f} {100 * seconds / total:>5.1f}%")
    print(f"\nRSS after parsing: {_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
