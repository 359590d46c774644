"""Writes bot/nlp/e5_seed.npz: the sentence vectors of every training example in data/.

    python -m bot.tools.embedding_seed

A fresh checkout trains with these instead of embedding ~7,000 sentences (minutes on two
cores); sentences added later are embedded at training as before. Run it after a large data
change (tests/test_embedding_seed.py says when the seed has fallen behind).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bot.nlp import encoder
from bot.nlp.nlu_data import load_examples

ROOT = Path(__file__).resolve().parents[2]


def training_texts() -> list:
    return [text for text, _ in load_examples(ROOT / "data")]


def main() -> int:
    t0 = time.time()
    n = encoder.write_seed(training_texts())
    size = encoder.SEED_FILE.stat().st_size / 1e6
    print(
        f"[seed] {n} sentences in {encoder.SEED_FILE.relative_to(ROOT)} ({size:.1f} MB, {time.time() - t0:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
