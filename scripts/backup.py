#!/usr/bin/env python
"""`make backup` / `make restore`: the database to one file, and that file into a new one.

    python scripts/backup.py backup [--from URL] [--to FILE]
    python scripts/backup.py restore FILE --into URL

The database is DATABASE_URL's, as the app reads it (SQLite's db.sqlite3 by default).
PostgreSQL goes through pg_dump's custom format (compressed, restored with pg_restore, one
consistent snapshot while the app keeps running); SQLite through its online backup API (a
consistent copy of a live database, its WAL included). A backup without --to lands in
backups/, named after the database and the time.

`restore` only ever makes a new database: it refuses one that exists (drop it yourself if
that is what you mean), so a restore cannot mix rows into live data. If the code is newer
than the backup, run `manage.py migrate` against the restored database before serving it.
"""

import argparse
import datetime
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchlib import create_database, database_exists, database_name, drop_database

ROOT = Path(__file__).resolve().parent.parent
BACKUPS = ROOT / "backups"
DEFAULT_DATABASE_URL = f"sqlite:///{ROOT / 'db.sqlite3'}"  # as innerback/settings.py


def is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in {"postgres", "postgresql", "pgsql"}


def sqlite_path(url: str) -> Path:
    if urlsplit(url).scheme != "sqlite":
        raise SystemExit(f"Not a PostgreSQL or SQLite URL: {url!r}")
    # sqlite:///relative/path and sqlite:////absolute/path, as dj-database-url reads them.
    return Path(url.removeprefix("sqlite://")[1:] or "db.sqlite3")


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of `source`, even while the app writes to it (the backup API
    copies page by page and starts again if a writer changes a page it has copied)."""
    live, copy = sqlite3.connect(source), sqlite3.connect(target)
    try:
        live.backup(copy)
    finally:
        copy.close()
        live.close()


def backup(url: str, target: Path | None) -> Path:
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    if is_postgres(url):
        target = target or BACKUPS / f"{database_name(url)}-{stamp}.dump"
        target.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), "--dbname", url],
            check=True,
        )
    else:
        source = sqlite_path(url)
        if not source.exists():
            raise SystemExit(f"No database at {source}.")
        target = target or BACKUPS / f"{source.stem}-{stamp}.sqlite3"
        target.parent.mkdir(parents=True, exist_ok=True)
        copy_sqlite(source, target)
    print(f"Backed up to {target}")
    return target


def restore(source: Path, url: str) -> None:
    if not source.exists():
        raise SystemExit(f"No backup at {source}.")
    if is_postgres(url):
        if database_exists(url):
            raise SystemExit(f"Database {database_name(url)} exists; restore makes a new one.")
        create_database(url)
        try:
            subprocess.run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--exit-on-error",
                    "--single-transaction",
                    "--dbname",
                    url,
                    str(source),
                ],
                check=True,
            )
        except BaseException:
            drop_database(url)  # nothing half-restored is left behind
            raise
    else:
        target = sqlite_path(url)
        if target.exists():
            raise SystemExit(f"{target} exists; restore makes a new database.")
        copy_sqlite(source, target)
    print(f"Restored {source} into {url}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup")
    make.add_argument("--from", dest="url", default=os.environ.get("DATABASE_URL"))
    make.add_argument("--to", type=Path)
    put = commands.add_parser("restore")
    put.add_argument("file", type=Path)
    put.add_argument("--into", required=True, help="the new database's URL")
    args = parser.parse_args()
    if args.command == "backup":
        backup(args.url or DEFAULT_DATABASE_URL, args.to)
    else:
        restore(args.file, args.into)


if __name__ == "__main__":
    main()
