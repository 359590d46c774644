"""`make review`: what parents ask and which answers help, from the tracker store, privacy first.

    python -m bot.tools.review                                   # endpoints.yml (SQLite)
    python -m bot.tools.review --endpoints deploy/endpoints-scaled.yml   # PostgreSQL
    python -m bot.tools.review --days 7 --out var/review

Writes one self-contained Dutch HTML report (var/review/rapport-<date>.html, plots inline) and
var/review/suggestions.yml (unanswered questions as NLU examples under their likely answer, for
an editor to check and move into data/). `make purge` removes reports older than the retention.

Privacy (issue 14): no sender id leaves this module (they only separate conversations while
reading). Message text is read only for questions that got the fallback or out-of-scope reply,
and shown only after de-identification (bot/tools/review_privacy.py). A message that got a
crisis reply, or that the crisis guard looked at (crisis_guard / crisis_check / crisis_denial in
its parse data), is counted and never read, and so is every later message of that conversation;
an unanswered question that the crisis patterns would flag is left out too.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from bot import settings
from bot.tools import review_events as ev
from bot.tools.purge import add_endpoints_argument, database_url, tracker_store_config

TZ = ZoneInfo("Europe/Amsterdam")
FALLBACK_INTENTS = {"nlu_fallback": "fallback", "out_of_scope": "buiten onderwerp"}
FALLBACK_ACTIONS = {"action_fallback": "fallback", "utter_out_of_scope": "buiten onderwerp"}
CRISIS_ACTIONS = {"action_crisis"}
# Marks of the crisis guard in a message's parse data: such a message is never read.
CRISIS_MARKS = ('"crisis_guard"', '"crisis_check"', '"crisis_denial"')
PROGRESS_EVERY = 200_000
COLUMNS = "sender_id, type_name, timestamp, intent_name, action_name, data"


@dataclass
class Unanswered:
    text: str  # raw: kept in memory only, de-identified before anything is written
    kind: str  # fallback | buiten onderwerp
    hour: int


@dataclass
class Review:
    first: Optional[float] = None
    last: Optional[float] = None
    conversations: int = 0
    messages: int = 0
    per_day: Counter = field(default_factory=Counter)  # 'YYYY-MM-DD' -> conversations started
    per_hour: Counter = field(default_factory=Counter)  # 0..23 -> conversations started
    answers: Counter = field(default_factory=Counter)  # response name -> times said
    feedback: Dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    unanswered: List[Unanswered] = field(default_factory=list)
    unanswered_hidden: int = 0  # left out: the crisis patterns fire
    crisis: Counter = field(default_factory=Counter)  # (hour, kind) -> crisis replies
    events: int = 0


@dataclass
class _Turn:
    timestamp: float
    intent: str
    data: str
    actions: set = field(default_factory=set)
    answers: List[str] = field(default_factory=list)
    crisis_kind: Optional[str] = None


def local(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, TZ)


def _finish(turn: Optional[_Turn], review: Review, after_crisis: bool = False) -> bool:
    """Counts one user turn; True when it got a crisis reply."""
    if turn is None:
        return False
    hour = local(turn.timestamp).hour
    crisis = turn.intent.startswith("crisis_") or turn.actions & CRISIS_ACTIONS
    if crisis:
        kind = turn.crisis_kind or (
            turn.intent[len("crisis_") :] if turn.intent.startswith("crisis_") else "onbekend"
        )
        review.crisis[(hour, kind)] += 1
        return True
    if turn.answers or any(mark in turn.data for mark in CRISIS_MARKS):
        return False
    kind = FALLBACK_INTENTS.get(turn.intent) or next(
        (FALLBACK_ACTIONS[a] for a in sorted(turn.actions) if a in FALLBACK_ACTIONS), None
    )
    if kind is None:
        return False
    if after_crisis:  # the rest of a conversation with a crisis reply is counted, never read
        review.unanswered_hidden += 1
        return False
    try:
        text = json.loads(turn.data).get("text") or ""
    except (ValueError, AttributeError):
        return False
    if text.strip():
        review.unanswered.append(Unanswered(text, kind, hour))
    return False


def rows(url: sa.engine.URL, since: Optional[float], progress: bool) -> Iterator[Tuple]:
    """All events ordered by conversation, streamed (the sender_id index gives this order)."""
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").exists():
        return  # no database yet (and connecting would create an empty file)
    engine = sa.create_engine(url)
    where = "WHERE timestamp >= :since" if since is not None else ""
    params = {"since": since} if since is not None else {}
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("events"):
                return
            total = conn.execute(sa.text(f"SELECT COUNT(*) FROM events {where}"), params).scalar() or 0
            if progress:
                print(
                    f"[review] {total} gebeurtenissen te lezen uit "
                    f"{url.render_as_string(hide_password=True)}",
                    file=sys.stderr,
                    flush=True,
                )
            result = conn.execution_options(stream_results=True).execute(
                sa.text(f"SELECT {COLUMNS} FROM events {where} ORDER BY sender_id, id"), params
            )
            for i, row in enumerate(result, 1):
                if progress and i % PROGRESS_EVERY == 0:
                    print(
                        f"[review] {i}/{total} gelezen ({100 * i // max(total, 1)}%)",
                        file=sys.stderr,
                        flush=True,
                    )
                yield row
    finally:
        engine.dispose()


def read(url: sa.engine.URL, since: Optional[float] = None, progress: bool = True) -> Review:
    """Counts over all conversations; the text of unanswered questions only."""
    review = Review()
    sender = None
    turn: Optional[_Turn] = None
    memory: List[str] = []
    started = crisis = False
    for sender_id, type_name, ts, intent, action, data in rows(url, since, progress):
        review.events += 1
        data = data or ""
        if sender_id != sender:
            _finish(turn, review, crisis)
            sender, turn, memory, started, crisis = sender_id, None, [], False, False
        if ts is not None:
            review.first = ts if review.first is None else min(review.first, ts)
            review.last = ts if review.last is None else max(review.last, ts)
        if type_name == "user":
            crisis = _finish(turn, review, crisis) or crisis
            turn = _Turn(ts or 0.0, intent or "", data)
            review.messages += 1
            if not started:
                started = True
                review.conversations += 1
                day = local(turn.timestamp)
                review.per_day[day.strftime("%Y-%m-%d")] += 1
                review.per_hour[day.hour] += 1
        elif type_name in ("session_started", "restart"):
            memory = []  # slots start empty in a new session (carry_over_slots_to_new_session: false)
        elif type_name == "action" and turn is not None and action:
            turn.actions.add(action)
        elif type_name == "slot" and ('"gezegd"' in data or '"crisis_soort"' in data):
            event = json.loads(data)
            if event.get("name") == ev.MEMORY_SLOT:
                value = list(event.get("value") or [])
                said = ev.new_answers(memory, value)
                memory = value
                review.answers.update(said)
                if turn is not None:
                    turn.answers.extend(said)
            elif event.get("name") == "crisis_soort" and turn is not None and event.get("value"):
                turn.crisis_kind = str(event["value"])
        elif type_name == "agent" and ev.FEEDBACK_KEY in data:
            found = ev.feedback_of(json.loads(data).get("data"))
            if found:
                review.feedback[found["answer"]][found["value"]] += 1
    _finish(turn, review, crisis)
    return review


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_endpoints_argument(parser, "read")
    parser.add_argument(
        "--days",
        type=float,
        default=None,
        help="only events of the last N days (default: everything stored; a conversation "
        "that began earlier may count an earlier answer again)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=settings.VAR_DIR / "review",
        help="folder for the report and suggestions.yml (default: var/review)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.add_argument(
        "--max-questions",
        type=int,
        default=None,
        help="group at most this many distinct unanswered questions, most asked first "
        "(default 5000; embedding runs at about 20 a second)",
    )
    args = parser.parse_args(argv)
    from bot.tools.review_report import analyse, write  # matplotlib and the encoder load here

    started = time.time()
    url = database_url(tracker_store_config(args.endpoints))
    since = time.time() - args.days * 86400 if args.days else None
    review = read(url, since, progress=not args.quiet)
    read_s = time.time() - started
    say = (lambda *_: None) if args.quiet else (lambda m: print(f"[review] {m}", file=sys.stderr, flush=True))
    say(
        f"{review.conversations} gesprekken, {review.messages} berichten, "
        f"{len(review.unanswered)} onbeantwoorde vragen gelezen in {read_s:.1f} s"
    )
    analysis = analyse(
        review, say=say, **({"max_questions": args.max_questions} if args.max_questions else {})
    )
    report, suggestions = write(review, analysis, args.out)
    print(f"review: rapport {report}\nreview: suggesties {suggestions} ({time.time() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
