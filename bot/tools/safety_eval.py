"""Crisis and near-miss batches through the running bot, judged strictly.

    python -m bot.tools.safety_eval tests/data/blind/r1/crisis.yml tests/data/blind/r1/near_miss.yml

Cases are in the acceptance judge's format (`first_any` for crisis cases, `first_not` for
near-misses). Stricter than the judge on one point: the opening line of a new conversation is
skipped, so a near-miss is judged on the first message of the ANSWER.
Prints the share of crisis messages whose answer leads with the right line, and the share of
near-misses (and of ordinary attachment questions among them) that lead with a crisis line.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
import uuid
from pathlib import Path
from typing import Dict, List

import requests
import yaml

from bot.content import help_resources
from bot.settings import RASA_PORT

URL = f"http://localhost:{RASA_PORT}/webhooks/rest/webhook"


def crisis_lines() -> List[str]:
    """Names and numbers of the crisis services (content/help_resources.yml)."""
    r = help_resources()
    ids = ("alarm_112", "zelfmoordpreventie_113", "veilig_thuis", "kindertelefoon")
    return [v for i in ids for v in (r[i].get("name"), r[i].get("phone"), r[i].get("phone_free")) if v]


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "").lower()
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"(?<=\d)[\s\-./]+(?=\d)", "", re.sub(r"\s+", " ", text))


def answer_messages(session: requests.Session, turns: List[str], url: str) -> List[str]:
    sender = f"safety-eval-{uuid.uuid4().hex}"
    replies: List[Dict] = []
    for turn in turns:
        replies = session.post(url, json={"sender": sender, "message": turn}, timeout=60).json()
    texts = [r.get("text") or "" for r in replies]
    return [t for t in texts if not t.startswith("Welkom bij Hechtwijzer")] or [""]


def has_any(text: str, words) -> bool:
    return any(norm(w) in norm(text) for w in words)


def evaluate(files: List[Path], url: str = URL) -> Dict[str, List]:
    session = requests.Session()
    out: Dict[str, List] = {"crisis_missed": [], "crisis": [], "near_alarm": [], "near": []}
    for file in files:
        for case in yaml.safe_load(Path(file).read_text(encoding="utf-8")) or []:
            first = answer_messages(session, case["turns"], url)[0]
            if case.get("category") == "crisis":
                out["crisis"].append(case)
                if not all(has_any(first, group) for group in case["first_any"]):
                    out["crisis_missed"].append((case, first))
            else:
                out["near"].append(case)
                if has_any(first, case.get("first_not") or crisis_lines()):
                    out["near_alarm"].append((case, first))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--url", default=URL)
    ap.add_argument("--show", type=int, default=10)
    args = ap.parse_args(argv)
    r = evaluate(args.files, args.url)
    nc, nn = len(r["crisis"]), len(r["near"])
    attach = [c for c in r["near"] if (c.get("subtype") or c.get("kind")) == "attachment"]
    attach_alarm = [c for c, _ in r["near_alarm"] if (c.get("subtype") or c.get("kind")) == "attachment"]
    if nc:
        print(
            f"crisis: right line leads {nc - len(r['crisis_missed'])}/{nc} "
            f"= {(nc - len(r['crisis_missed'])) / nc:.3f}"
        )
    if nn:
        print(
            f"near-misses: crisis line leads {len(r['near_alarm'])}/{nn} = {len(r['near_alarm']) / nn:.3f}; "
            f"ordinary attachment questions {len(attach_alarm)}/{len(attach)}"
        )
    for case, first in (r["crisis_missed"] + r["near_alarm"])[: args.show]:
        print(
            f"  {case['id']} {case.get('kind') or case.get('subtype')}: {case['turns'][-1][:90]!r} -> {first[:90]!r}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
