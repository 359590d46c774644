"""Reads every NLU example and response of the project once, for the content tests."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

import yaml

from tests import ROOT


def _examples(block: str) -> list[str]:
    return [line.strip()[2:].strip() for line in block.splitlines() if line.strip().startswith("- ")]


def _read_nlu(paths) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for path in paths:
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in doc.get("nlu") or []:
            if "intent" in item:
                found[item["intent"]] += _examples(item.get("examples", ""))
    return dict(found)


@lru_cache(maxsize=None)
def training_examples() -> dict[str, list[str]]:
    return _read_nlu(sorted((ROOT / "data").rglob("*.yml")))


@lru_cache(maxsize=None)
def heldout_examples() -> dict[str, list[str]]:
    return _read_nlu(sorted((ROOT / "tests" / "nlu").glob("*.yml")))


@lru_cache(maxsize=None)
def responses() -> dict[str, list[dict]]:
    """All responses: domain.yml plus the `responses:` sections of data files."""
    found = dict(
        (yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8")) or {}).get("responses", {})
    )
    for path in sorted((ROOT / "data").rglob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        found.update(doc.get("responses") or {})
    return found


def normalise(text: str) -> str:
    return re.sub(r"[^\w ]", "", text.lower()).strip()
