"""The one place that decides which Dutch spaCy pipeline Hechtwijzer uses.

Preferred: Explosion's nl_core_news_sm 3.4.0. It is published only on GitHub, which some
machines cannot reach; then the trained stand-in nl_ud_lassy_alpino_sm (same architecture,
UD Dutch treebanks; see ../shared/wheels/README.md) is used. `python -m bot.nlp.spacy_choice`
prints the chosen name; config.yml receives it as ${HECHTWIJZER_SPACY_MODEL}.
"""

from __future__ import annotations

import importlib.util
import os
import sys

PREFERRED = "nl_core_news_sm"
FALLBACK = "nl_ud_lassy_alpino_sm"
OFFICIAL_WHEEL_URL = (
    "https://github.com/explosion/spacy-models/releases/download/"
    "nl_core_news_sm-3.4.0/nl_core_news_sm-3.4.0-py3-none-any.whl"
)
OFFICIAL_WHEEL_SHA256 = "e90cf58e9d5aa9f54e23c4938d70f1d40ead69336b1c779cc0700000ddd0089b"


def installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def chosen() -> str:
    """Name of the pipeline to load: an explicit override, else the best one installed."""
    override = os.environ.get("HECHTWIJZER_SPACY_MODEL")
    if override:
        return override
    for name in (PREFERRED, FALLBACK):
        if installed(name):
            return name
    raise SystemExit("No Dutch spaCy pipeline installed; run `make install`.")


if __name__ == "__main__":
    print(chosen())
    sys.exit(0)
