"""Deletes conversations older than the retention period from the tracker store.

    python -m bot.tools.purge                       # embedded profile: endpoints.yml (SQLite)
    python -m bot.tools.purge --endpoints deploy/endpoints-scaled.yml   # PostgreSQL
    python -m bot.tools.purge --days 7 --dry-run    # only count

`make purge` runs the first line. It also removes review reports (`make review`, var/review/)
older than the same retention period: they describe conversations that are gone. A conversation is removed whole (all its events) when its
LAST event is older than the cutoff (now - HECHTWIJZER_RETENTION_DAYS, default 30 days):
a conversation that is still going on is kept, however old its first message is.

The tracker store is the one the launcher gives Rasa (endpoints.yml with HECHTWIJZER_TRACKER_DB,
bot/run_env.py), or that of --endpoints FILE, with ${VAR} filled in from the environment as Rasa
does. Rasa's SQL tracker store keeps everything in one table, `events`
(id, sender_id, type_name, timestamp (epoch seconds), intent_name, action_name, data).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Optional

import sqlalchemy as sa
import yaml

from bot import run_env, settings

ENV_VAR = re.compile(r"\$\{([^}]+)\}")
STALE = "SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < :cutoff"


@dataclass
class PurgeResult:
    conversations: int
    events: int
    cutoff: float


def _fill_env(value: Any) -> Any:
    if isinstance(value, str):

        def repl(match: re.Match) -> str:
            name = match.group(1)
            if name not in os.environ:
                raise SystemExit(f"purge: the endpoints file needs ${{{name}}}, which is not set")
            return os.environ[name]

        return ENV_VAR.sub(repl, value)
    if isinstance(value, dict):
        return {k: _fill_env(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill_env(v) for v in value]
    return value


def tracker_store_config(endpoints: Optional[Path] = None) -> Dict[str, Any]:
    """The tracker_store section of an endpoints file, environment variables filled in; without
    a file, the one the launcher gives Rasa."""
    data = run_env.endpoints_config() if endpoints is None else yaml.safe_load(endpoints.read_text()) or {}
    config = data.get("tracker_store")
    if not config:
        raise SystemExit(f"purge: {endpoints} has no tracker_store section")
    return _fill_env(config)


def database_url(config: Dict[str, Any]) -> sa.engine.URL:
    """The SQLAlchemy URL of Rasa's SQL tracker store, built as Rasa builds it."""
    if str(config.get("type", "")).lower() != "sql":
        raise SystemExit(f"purge: only SQL tracker stores are supported, not {config.get('type')!r}")
    dialect = config.get("dialect", "sqlite")
    if dialect == "sqlite":
        db = Path(config.get("db", "rasa.db"))
        if not db.is_absolute():
            db = settings.ROOT / db
        return sa.engine.URL.create("sqlite", database=str(db))
    host = config.get("url")
    if host and "://" in host:
        return sa.engine.make_url(host)
    port = config.get("port")
    return sa.engine.URL.create(
        dialect,
        username=config.get("username"),
        password=config.get("password"),
        host=host,
        port=int(port) if port else None,
        database=config.get("db"),
        query=config.get("query") or {},
    )


def purge(url: sa.engine.URL, days: float, now: Optional[float] = None, dry_run: bool = False) -> PurgeResult:
    """Removes (or with dry_run only counts) conversations whose last event is older than `days`."""
    cutoff = (time.time() if now is None else now) - days * 86400
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").exists():
        return PurgeResult(0, 0, cutoff)  # no database yet: nothing stored, nothing to purge
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:  # one transaction: counted and deleted see the same rows
            if not sa.inspect(conn).has_table("events"):
                return PurgeResult(0, 0, cutoff)
            params = {"cutoff": cutoff}
            conversations = conn.execute(sa.text(f"SELECT COUNT(*) FROM ({STALE}) AS stale"), params).scalar()
            if dry_run:
                events = conn.execute(
                    sa.text(f"SELECT COUNT(*) FROM events WHERE sender_id IN ({STALE})"), params
                ).scalar()
            else:
                events = conn.execute(
                    sa.text(f"DELETE FROM events WHERE sender_id IN ({STALE})"), params
                ).rowcount
        return PurgeResult(int(conversations or 0), int(events or 0), cutoff)
    finally:
        engine.dispose()


def purge_reports(folder: Path, days: float, now: Optional[float] = None, dry_run: bool = False) -> int:
    """Removes (or counts) review outputs in `folder` last written before the cutoff."""
    cutoff = (time.time() if now is None else now) - days * 86400
    old = (
        [p for p in sorted(folder.glob("*")) if p.is_file() and p.stat().st_mtime < cutoff]
        if folder.is_dir()
        else []
    )
    if not dry_run:
        for path in old:
            path.unlink()
    return len(old)


def add_endpoints_argument(parser: argparse.ArgumentParser, done: str) -> None:
    """--endpoints FILE: the tracker store this tool reads (`done`: what it does to it)."""
    parser.add_argument(
        "--endpoints",
        type=Path,
        default=None,
        help=f"endpoints file whose tracker_store is {done} (default: endpoints.yml, with "
        "HECHTWIJZER_TRACKER_DB when set)",
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_endpoints_argument(parser, "purged")
    parser.add_argument(
        "--days",
        type=float,
        default=settings.RETENTION_DAYS,
        help="retention in days (default: HECHTWIJZER_RETENTION_DAYS or 30)",
    )
    parser.add_argument("--dry-run", action="store_true", help="only count what would be removed")
    parser.add_argument(
        "--reports",
        type=Path,
        default=settings.VAR_DIR / "review",
        help="folder of `make review` outputs (default: var/review)",
    )
    args = parser.parse_args(argv)
    if args.days < 0:
        parser.error("--days must be 0 or more")
    url = database_url(tracker_store_config(args.endpoints))
    result = purge(url, args.days, dry_run=args.dry_run)
    cutoff = time.strftime("%Y-%m-%d %H:%M", time.localtime(result.cutoff))
    where = url.render_as_string(hide_password=True)
    verb = "would remove" if args.dry_run else "removed"
    print(
        f"purge: {verb} {result.conversations} conversation(s) ({result.events} events) "
        f"with no activity since {cutoff} (retention {args.days:g} days) from {where}"
    )
    reports = purge_reports(args.reports, args.days, dry_run=args.dry_run)
    print(f"purge: {verb} {reports} review file(s) older than {cutoff} from {args.reports}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
