"""How long `make review` takes on a year of conversations: fills a temporary SQLite tracker
store and runs the review on it, printing the figures.

    python -m bot.tools.review_bench                 # 100,000 conversations
    python -m bot.tools.review_bench --conversations 10000 --keep /tmp/store.db

The store is written fast, straight into the table of Rasa's SQL tracker store (created by Rasa
itself, so the layout is Rasa's); each event's JSON is Rasa's own serialisation of a real event
(`Event.as_dict()`), with sender, time and text varied. The mix per conversation: 1 to 4
questions answered from the knowledge base, sometimes 👍/👎, 8% an unanswered question (with a
name or phone number in it), 0.5% a crisis message.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path
from typing import List

from bot.tools import review_events as ev

KEYS = [
    "wat_is_hechting",
    "hechtingsstijlen",
    "hulp_zorgen",
    "tips_ouders",
    "tips_klas",
    "vipp",
    "bowlby",
    "adoptie",
    "pleegzorg",
    "school_gedrag",
]
UNANSWERED = [
    "Mag {naam} bij mij logeren als de rechter dat niet wil? Bel me op 06-{num}",
    "Hoe vraag ik een pgb aan voor {naam}?",
    "Wat kost een therapeut per uur bij jullie, mail naar {mail}",
    "Kan {naam} een hond krijgen om te hechten",
    "Wanneer is de volgende ouderavond van de vereniging",
    "Mijn dochter {naam} is geboren op 12-03-2015, is dat te laat voor de basisschool?",
    "hoe lang duurt een wachtlijst bij de ggz in {stad}",
    "Werkt jullie app ook op een tablet",
]
NAMES = ["Sanne", "Daan", "Mohammed", "Noor", "Lieke", "Ahmed", "Julia", "Bram"]
CITIES = ["Utrecht", "Zwolle", "Breda", "Groningen"]


def _events(sender_start: float, rng: random.Random) -> List[dict]:
    from rasa.shared.core.events import (
        ActionExecuted,
        AgentUttered,
        BotUttered,
        SessionStarted,
        SlotSet,
        UserUttered,
    )

    t = sender_start
    out = [
        ActionExecuted("action_session_start", timestamp=t),
        SessionStarted(timestamp=t),
        ActionExecuted("action_listen", timestamp=t),
    ]
    said: List[str] = []
    for _ in range(rng.randint(1, 4)):
        t += rng.uniform(20, 200)
        roll = rng.random()
        if roll < 0.005:
            text = "ik wil niet meer leven"
            out += [
                UserUttered(
                    text,
                    {"name": "crisis_suicide", "confidence": 1.0},
                    parse_data={
                        "text": text,
                        "intent": {"name": "crisis_suicide"},
                        "crisis_guard": {"kind": "suicide"},
                    },
                    timestamp=t,
                ),
                ActionExecuted("action_crisis", timestamp=t + 1),
                BotUttered("(crisisantwoord)", timestamp=t + 1),
                SlotSet("crisis_soort", "suicide", timestamp=t + 1),
            ]
        elif roll < 0.085:
            text = rng.choice(UNANSWERED).format(
                naam=rng.choice(NAMES),
                num=rng.randint(10**7, 10**8 - 1),
                mail=f"{rng.choice(NAMES).lower()}@example.nl",
                stad=rng.choice(CITIES),
            )
            out += [
                UserUttered(
                    text,
                    {"name": "nlu_fallback", "confidence": 0.3},
                    parse_data={"text": text, "intent": {"name": "nlu_fallback"}},
                    timestamp=t,
                ),
                ActionExecuted("action_fallback", timestamp=t + 1),
                BotUttered("Sorry, dat begrijp ik niet goed.", timestamp=t + 1),
            ]
        else:
            key = rng.choice(KEYS)
            text = f"vraag over {key.replace('_', ' ')}"
            said = said + [f"utter_kennis/{key}"] if f"utter_kennis/{key}" not in said else said
            out += [
                UserUttered(
                    text,
                    {"name": "kennis", "confidence": 0.9},
                    parse_data={"text": text, "intent": {"name": "kennis"}},
                    timestamp=t,
                ),
                ActionExecuted("action_kennis", timestamp=t + 1),
                BotUttered("Een antwoord uit de kennisbank.", timestamp=t + 1),
                SlotSet(ev.MEMORY_SLOT, list(said) + ["verwijzing"], timestamp=t + 1),
                SlotSet("onderwerp", key, timestamp=t + 1),
            ]
            if rng.random() < 0.15:
                value = "up" if rng.random() < 0.7 else "down"
                out.append(AgentUttered(data=ev.feedback_data(f"utter_kennis/{key}", value), timestamp=t + 9))
        out.append(ActionExecuted("action_listen", timestamp=t + 2))
    return [e.as_dict() for e in out]


def fill(db: Path, conversations: int, days: float = 365, seed: int = 14) -> int:
    """Writes `conversations` conversations spread over `days`; returns the number of events."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain

    SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(db)).engine.dispose()  # Rasa's schema
    rng = random.Random(seed)
    now = time.time()
    rows = 0
    with sqlite3.connect(db) as conn:
        batch = []
        for i in range(conversations):
            sender = uuid.UUID(int=rng.getrandbits(128)).hex
            start = now - rng.uniform(0, days) * 86400
            for event in _events(start, rng):
                batch.append(
                    (
                        sender,
                        event["event"],
                        event["timestamp"],
                        (event.get("parse_data") or {}).get("intent", {}).get("name"),
                        event.get("name") if event["event"] == "action" else None,
                        json.dumps(event),
                    )
                )
            if len(batch) > 50_000 or i == conversations - 1:
                conn.executemany(
                    "INSERT INTO events (sender_id, type_name, timestamp, intent_name, "
                    "action_name, data) VALUES (?, ?, ?, ?, ?, ?)",
                    batch,
                )
                rows += len(batch)
                batch = []
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="write the store here and keep it")
    parser.add_argument(
        "--embed-sample",
        type=int,
        default=512,
        help="also time embedding this many distinct questions (0: skip)",
    )
    args = parser.parse_args(argv)
    from bot.tools import review, review_report

    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or Path(tmp) / "tracker.db"
        t = time.time()
        events = fill(db, args.conversations)
        fill_s = time.time() - t
        print(
            f"filled {args.conversations} conversations ({events} events, "
            f"{db.stat().st_size / 1e6:.0f} MB) in {fill_s:.1f} s"
        )
        import sqlalchemy as sa

        t = time.time()
        result = review.read(sa.engine.URL.create("sqlite", database=str(db)), progress=True)
        read_s = time.time() - t
        unanswered = len(result.unanswered)
        t = time.time()
        analysis = review_report.analyse(result, say=lambda m: print(f"[review] {m}", flush=True))
        analyse_s = time.time() - t
        t = time.time()
        report, _ = review_report.write(result, analysis, Path(tmp) / "review")
        write_s = time.time() - t
        print(f"read {events} events: {read_s:.1f} s ({events / read_s:,.0f} events/s)")
        print(
            f"unanswered: {unanswered} questions, {sum(len(g.questions) for g in analysis.groups)} "
            f"distinct after de-identification, {len(analysis.groups)} groups: {analyse_s:.1f} s "
            + ", ".join(f"{k} {v:.1f} s" for k, v in analysis.seconds.items())
        )
        print(f"report + suggestions written: {write_s:.1f} s ({report.stat().st_size / 1e3:.0f} kB html)")
        print(f"total review: {read_s + analyse_s + write_s:.1f} s")
    if args.embed_sample:
        # The synthetic questions repeat a few templates; real ones are mostly distinct, and
        # embedding them is what grows with their number.
        from bot.nlp import encoder

        rng = random.Random(1)
        texts = [
            f"{rng.choice(UNANSWERED)} {rng.randint(0, 10**6)}".format(
                naam=rng.choice(NAMES),
                num=rng.randint(10**7, 10**8 - 1),
                mail="x@example.nl",
                stad=rng.choice(CITIES),
            )
            for _ in range(args.embed_sample)
        ]
        encoder.model(2)
        t = time.time()
        encoder.embed_many(texts, threads=2, disk_cache=False)
        rate = len(texts) / (time.time() - t)
        print(
            f"embedding distinct questions: {rate:.0f}/s; {unanswered} distinct questions would take "
            f"{unanswered / rate / 60:.1f} min"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
