"""Loads the data files in content/ (one place for each fact; code and tests read them here)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Dict

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


@lru_cache(maxsize=None)
def load(name: str) -> Dict[str, Any]:
    """Parsed content/<name>.yml (cached: the files do not change while a server runs)."""
    with open(CONTENT / f"{name}.yml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def topic_map() -> Dict[str, Any]:
    return load("topic_map")


def help_resources() -> Dict[str, Dict[str, Any]]:
    return load("help_resources")["resources"]
