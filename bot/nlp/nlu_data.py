"""Reads Rasa NLU example files (data/, tests/nlu/) as (text, label) pairs without loading Rasa.

Label = the finest name: `kennis/vipp` for a knowledge answer, `greet` for small talk. Only the
plain `- intent: / examples: |` form is used in this project (no entity annotations).
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, List, Tuple

import yaml


def _files(paths: Iterable[Path]) -> List[Path]:
    out: List[Path] = []
    for path in paths:
        path = Path(path)
        out.extend(sorted(path.rglob("*.yml")) if path.is_dir() else [path])
    return out


def load_examples(*paths: Path) -> List[Tuple[str, str]]:
    examples: List[Tuple[str, str]] = []
    for file in _files(paths):
        doc = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        for block in doc.get("nlu") or []:
            label = block.get("intent")
            if not label:
                continue
            for line in str(block.get("examples") or "").splitlines():
                line = line.strip()
                if line.startswith("- "):
                    examples.append((line[2:].strip(), label))
    return examples
