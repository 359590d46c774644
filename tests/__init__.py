from pathlib import Path

# The repository root, for every test (tests/ is a package: `from tests import ROOT`).
ROOT = Path(__file__).resolve().parent.parent
