"""Fails the test command when NLU quality on the held-out set drops under the targets.

Reads the reports of `rasa test nlu`: intents (intent_report.json) and knowledge answers
chosen by the ResponseSelectors (response_selection_report.json).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

MIN_ACCURACY = 0.92
MIN_MACRO_F1 = 0.90
REPORTS = {"intents": "intent_report.json", "knowledge answers": "response_selection_report.json"}


def check(results_dir: Path) -> list[str]:
    problems = []
    for label, filename in REPORTS.items():
        report = json.loads((results_dir / filename).read_text())
        accuracy, macro_f1 = report["accuracy"], report["macro avg"]["f1-score"]
        n = report["macro avg"]["support"]
        print(f"{label:<18} accuracy {accuracy:.3f} (min {MIN_ACCURACY})  "
              f"macro F1 {macro_f1:.3f} (min {MIN_MACRO_F1})  n={n}")
        weak = sorted((v["f1-score"], k) for k, v in report.items()
                      if isinstance(v, dict) and "f1-score" in v and k not in
                      ("macro avg", "weighted avg", "micro avg") and v["f1-score"] < 0.8)
        for f1, name in weak:
            print(f"    weak: {name:<40} F1 {f1:.2f}")
        if accuracy < MIN_ACCURACY:
            problems.append(f"{label}: accuracy {accuracy:.3f} < {MIN_ACCURACY}")
        if macro_f1 < MIN_MACRO_F1:
            problems.append(f"{label}: macro F1 {macro_f1:.3f} < {MIN_MACRO_F1}")
    return problems


if __name__ == "__main__":
    problems = check(Path(sys.argv[1] if len(sys.argv) > 1 else "results/nlu"))
    for p in problems:
        print(f"NLU quality gate FAILED: {p}")
    sys.exit(1 if problems else 0)
