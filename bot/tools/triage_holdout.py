"""How the crisis triage would have done on a blind round it never saw, for several settings of
`classifier_needs_detector` (content/crisis_triage.yml).

    python -m bot.tools.triage_holdout r16 r17 r18 [--thresholds 0.5 0.6 0.7 0.8]

Every blind round has joined data/ since it was measured, so running the bot on it again says
little about a new message. This tool trains the classifier and the crisis detector without the
round's own files (data/nlu/blind_<round>*.yml) and replays the crisis guard's decision on the
round's crisis messages, near-misses and one-turn knowledge questions (tests/data/blind/<round>/):
a crisis reply when a pattern fires, when the detector alone reaches `detector`, or when the
classifier's best intent is a crisis and the detector reaches the threshold. Denials, resolved
crises and a young child's quoted words are left out of the replay (they come before this choice).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import numpy as np
import yaml

from bot.content import load
from bot.nlp import encoder
from bot.nlp.crisis_model import CrisisModel, is_crisis_label
from bot.nlp.crisis_patterns import analyse
from bot.nlp.intent_model import ModelSettings, TextClassifier, group_ranking
from bot.nlp.nlu_data import load_examples

ROOT = Path(__file__).resolve().parents[2]


def messages(round_name: str) -> Dict[str, List[str]]:
    """The last turn of each crisis case, near-miss and one-turn knowledge question of a round."""
    folder = ROOT / "tests/data/blind" / round_name
    out: Dict[str, List[str]] = {"crisis": [], "ordinary": []}
    for file in sorted(folder.glob("*.yml")):
        for case in yaml.safe_load(file.read_text(encoding="utf-8")) or []:
            turns = case.get("turns") or []
            if case.get("category") == "crisis":
                out["crisis"].append(turns[-1])
            elif case.get("category") == "near_miss" or len(turns) == 1:
                out["ordinary"].append(turns[-1])
    return out


def train_without(round_name: str) -> Tuple[TextClassifier, CrisisModel]:
    files = [
        p for p in sorted((ROOT / "data").rglob("*.yml")) if not p.name.startswith(f"blind_{round_name}")
    ]
    examples = load_examples(*files)
    texts, labels = [t for t, _ in examples], [label for _, label in examples]
    vectors = encoder.embed_many(texts, threads=2)
    classifier = TextClassifier(ModelSettings()).fit(texts, vectors, labels)
    detector = CrisisModel().fit(texts, vectors, [is_crisis_label(label) for label in labels])
    return classifier, detector


def signals(classifier: TextClassifier, detector: CrisisModel, text: str) -> Tuple[bool, bool, float]:
    """(a pattern fires, the classifier's best intent is a crisis, the detector's probability)."""
    vector = encoder.embed(text)
    ranking = classifier.rank(text, vector, top=len(classifier.labels_.classes_))
    best = max(group_ranking(ranking).items(), key=lambda kv: kv[1])[0]
    return analyse(text).is_crisis, best.startswith("crisis_"), detector.probability(text, vector)


def replies(rows: List[Tuple[bool, bool, float]], threshold: float, detector_alone: float) -> Tuple[int, int]:
    """(messages that get a crisis reply, of which only because of the classifier) at `threshold`."""
    by_classifier = sum(
        1
        for pattern, top_crisis, p in rows
        if not pattern and p < detector_alone and top_crisis and p >= threshold
    )
    clear = sum(1 for pattern, _, p in rows if pattern or p >= detector_alone)
    return clear + by_classifier, by_classifier


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rounds", nargs="+")
    ap.add_argument("--thresholds", nargs="+", type=float, default=[0.5, 0.6, 0.7, 0.8])
    args = ap.parse_args(argv)
    detector_alone = float(load("crisis_triage")["thresholds"]["detector"])
    for round_name in args.rounds:
        classifier, detector = train_without(round_name)
        batch = messages(round_name)
        scored = {kind: [signals(classifier, detector, t) for t in texts] for kind, texts in batch.items()}
        print(
            f"{round_name} (trained without it): {len(batch['crisis'])} crises, {len(batch['ordinary'])} ordinary"
        )
        for threshold in args.thresholds:
            (crises, crises_by_classifier), (ordinary, ordinary_by_classifier) = (
                replies(scored[kind], threshold, detector_alone) for kind in ("crisis", "ordinary")
            )
            print(
                f"  classifier_needs_detector {threshold:.2f}: crisis reply for "
                f"{crises}/{len(batch['crisis'])} crises ({crises_by_classifier} by the classifier), "
                f"{ordinary}/{len(batch['ordinary'])} ordinary ({ordinary_by_classifier} by the classifier)"
            )
        near = np.array([p for _, _, p in scored["ordinary"]])
        print(f"  detector on ordinary messages: max {near.max():.2f}, >= 0.5: {(near >= 0.5).sum()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
