"""Marks, notes and corrections in SQLite (the standard library's sqlite3).

One database per user (`desk.sqlite3` in the data dir), in WAL mode with full syncs: each
change is one short transaction, so a reader killed at any moment leaves every committed change
in place and the file consistent, and two readers on one story never overwrite each other's
changes (an update touches only the columns it changes). The schema is versioned with
`PRAGMA user_version` and migrated forward on open; a database from a newer version is refused
rather than guessed at.

Closing a store writes the log back into the database file (a checkpoint), and every store
still open is closed when the process ends (`close_all`, also called by the reader before it
exits): once the last reader has quit, `desk.sqlite3` alone holds every mark, so a plain copy
of it is a whole backup.
"""

from __future__ import annotations

import atexit
import contextlib
import datetime as dt
import getpass
import json
import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

DATABASE_NAME = "desk.sqlite3"
STATES = ("verified", "disputed")
LINK, DETACH = "link", "detach"

# Each entry takes the schema from version N to N + 1; never edit one that has shipped.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        title TEXT NOT NULL,
        created TEXT NOT NULL,
        seen TEXT NOT NULL
    );
    CREATE TABLE story_sources (
        story INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        digest TEXT NOT NULL,
        source_id TEXT NOT NULL,
        outlet TEXT NOT NULL,
        PRIMARY KEY (story, digest)
    );
    CREATE INDEX story_sources_digest ON story_sources(digest);
    CREATE TABLE marks (
        id INTEGER PRIMARY KEY,
        story INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        state TEXT CHECK (state IS NULL OR state IN ('verified', 'disputed')),
        note TEXT NOT NULL DEFAULT '',
        author TEXT NOT NULL,
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        anchor TEXT NOT NULL,
        anchor_key TEXT NOT NULL,
        claim TEXT NOT NULL DEFAULT '[]',
        orphaned INTEGER NOT NULL DEFAULT 0,
        UNIQUE (story, anchor_key)
    );
    CREATE TABLE corrections (
        id INTEGER PRIMARY KEY,
        story INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('link', 'detach')),
        anchors TEXT NOT NULL,
        author TEXT NOT NULL,
        created TEXT NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

# How long closing waits for another process's transaction before leaving the checkpoint to
# whichever process closes last (SQLite checkpoints on the last close by itself).
CHECKPOINT_WAIT_MS = 500


class DeskError(Exception):
    """The database cannot be opened or used: one line for the user."""


@dataclass(frozen=True)
class Anchor:
    """Where a mark stands: a passage by its text, in a source known by the digest of its
    text (and, should that change, by its file stem and outlet)."""

    digest: str
    source_id: str
    outlet: str
    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        """What makes two anchors the same place (one mark per passage)."""
        return json.dumps([self.digest, self.start, self.text], ensure_ascii=False)

    def to_json(self) -> dict[str, object]:
        return {
            "digest": self.digest,
            "source": self.source_id,
            "outlet": self.outlet,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Anchor:
        return cls(
            digest=str(data["digest"]),
            source_id=str(data["source"]),
            outlet=str(data["outlet"]),
            text=str(data["text"]),
            start=int(str(data["start"])),
            end=int(str(data["end"])),
        )


@dataclass(frozen=True)
class Member:
    """One passage of the marked claim, as it stood when the mark was last placed."""

    outlet: str
    text: str


@dataclass(frozen=True)
class Mark:
    id: int
    story: int
    state: str | None  # "verified", "disputed", or None (a note alone)
    note: str
    author: str
    created: str  # UTC, ISO 8601
    updated: str
    anchor: Anchor
    claim: tuple[Member, ...]  # the claim's passages when last placed
    orphaned: bool  # its passage could not be found when the story was last opened


@dataclass(frozen=True)
class Correction:
    id: int
    story: int
    kind: str  # LINK (two passages into one claim) or DETACH (one passage out of its claim)
    anchors: tuple[Anchor, ...]
    author: str
    created: str
    undone: bool


@dataclass(frozen=True)
class StoryRecord:
    id: int
    path: str
    title: str
    seen: str


# Every store not yet closed, so the process can close them as it ends (`close_all`).
_OPEN: weakref.WeakSet[DeskStore] = weakref.WeakSet()
_OPEN_LOCK = threading.RLock()  # re-entrant: a signal handler may close while closing


def close_all() -> None:
    """Close (and so checkpoint) every store still open: the reader calls it before it
    exits, and it runs at the interpreter's exit for everything else."""
    with _OPEN_LOCK:
        stores = list(_OPEN)
    for store in stores:
        store.close()


atexit.register(close_all)


def default_path() -> Path:
    from tui.locations import user_data_dir

    return user_data_dir() / DATABASE_NAME


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def current_user() -> str:
    """Who makes a change: the login name (COVERAGE_TUI_AUTHOR overrides it)."""
    name = os.environ.get("COVERAGE_TUI_AUTHOR")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name (a container without a passwd entry)
        return "unknown"


class DeskStore:
    """The open database. Every public method is one transaction."""

    def __init__(self, path: Path | None = None, create: bool = True) -> None:
        self.path = Path(path) if path is not None else default_path()
        if not create and not self.path.exists():
            raise DeskError(f"{self.path}: no marks have been made yet")
        self._closed = False
        try:
            if create:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                self.path, timeout=15, isolation_level=None, check_same_thread=False
            )
        except sqlite3.DatabaseError as error:
            raise DeskError(f"{self.path}: {error}") from None
        except OSError as error:
            raise DeskError(f"{self.path}: {error.strerror or error}") from None
        try:
            self._db.execute("PRAGMA busy_timeout = 15000")
            mode = self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise DeskError(f"{self.path}: cannot use write-ahead logging ({mode})")
            self._db.execute("PRAGMA synchronous = FULL")
            self._db.execute("PRAGMA foreign_keys = ON")
            self._migrate()
        except BaseException as error:
            with contextlib.suppress(sqlite3.Error):  # no connection left behind
                self._db.close()
            self._closed = True
            if isinstance(error, sqlite3.DatabaseError):
                raise DeskError(f"{self.path}: {error}") from None
            if isinstance(error, OSError):
                raise DeskError(f"{self.path}: {error.strerror or error}") from None
            raise
        with _OPEN_LOCK:
            _OPEN.add(self)

    def close(self) -> None:
        """Checkpoint the log into the database file, truncating it, then close. Another
        process in the middle of a transaction (or reading an older snapshot) makes the
        checkpoint give up after `CHECKPOINT_WAIT_MS`; nothing is lost either way: what is
        still in the log is in the database for every reader, and the last one to close
        writes it back. Closing twice is harmless."""
        with _OPEN_LOCK:
            if self._closed:
                return
            self._closed = True
            _OPEN.discard(self)
        with contextlib.suppress(sqlite3.Error):
            self._db.execute(f"PRAGMA busy_timeout = {CHECKPOINT_WAIT_MS}")
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        with contextlib.suppress(sqlite3.Error):
            self._db.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE: the write lock is taken first, so a read-modify-write of two
        processes is serialised rather than one of them failing half way."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise DeskError(f"{self.path}: {error}") from None
        try:
            yield self._db
        except sqlite3.Error as error:  # a full disk, a lock held past the timeout
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise DeskError(f"{self.path}: {error}") from None
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise
        else:
            try:
                self._db.execute("COMMIT")
            except sqlite3.Error as error:
                raise DeskError(f"{self.path}: {error}") from None

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise DeskError(
                f"{self.path}: made by a newer coverage-tui (schema {version}, this one "
                f"knows {SCHEMA_VERSION}); left untouched"
            )
        if version == SCHEMA_VERSION:
            return
        with self._transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]  # another process?
            for number in range(version, SCHEMA_VERSION):
                for statement in _statements(MIGRATIONS[number]):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {number + 1}")

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    # -- stories ----------------------------------------------------------------------------

    def find_story(
        self,
        path: str,
        title: str,
        sources: Sequence[tuple[str, str, str]],
        create: bool = True,
    ) -> int | None:
        """The story these sources (digest, source id, outlet) belong to: the one sharing
        most of their contents, at least half of the smaller set (so a moved or renamed
        folder, or one with an article added or edited, is the same story, while two stories
        that share one wire article stay apart), else the one last seen at `path`; else a new
        one (when `create`). Its path, title and sources are brought up to date."""
        digests = [digest for digest, _, _ in sources]
        with self._transaction() as db:
            found = None
            if digests:
                marks = ",".join("?" * len(digests))
                rows = db.execute(
                    f"SELECT story, COUNT(*) AS shared, "
                    f"(SELECT COUNT(*) FROM story_sources t WHERE t.story = s.story), "
                    f"(SELECT seen FROM stories WHERE id = s.story) AS seen "
                    f"FROM story_sources s WHERE digest IN ({marks}) "
                    f"GROUP BY story ORDER BY shared DESC, seen DESC",
                    digests,
                ).fetchall()
                for story, shared, known, _seen in rows:
                    if shared * 2 >= min(len(set(digests)), known):
                        found = story
                        break
            if found is None:
                row = db.execute(
                    "SELECT id FROM stories WHERE path = ? ORDER BY seen DESC LIMIT 1", (path,)
                ).fetchone()
                found = row[0] if row else None
            if not create:
                return None if found is None else int(found)
            stamp = now()
            if found is None:
                found = db.execute(
                    "INSERT INTO stories (path, title, created, seen) VALUES (?, ?, ?, ?)",
                    (path, title, stamp, stamp),
                ).lastrowid
            else:
                db.execute(
                    "UPDATE stories SET path = ?, title = ?, seen = ? WHERE id = ?",
                    (path, title, stamp, found),
                )
            db.execute("DELETE FROM story_sources WHERE story = ?", (found,))
            db.executemany(
                "INSERT OR IGNORE INTO story_sources (story, digest, source_id, outlet) "
                "VALUES (?, ?, ?, ?)",
                [(found, d, s, o) for d, s, o in sources],
            )
            return int(found or 0)

    def _read(self, query: str, parameters: tuple[object, ...] = ()) -> list[tuple]:
        try:
            return self._db.execute(query, parameters).fetchall()
        except sqlite3.Error as error:
            raise DeskError(f"{self.path}: {error}") from None

    def stories(self) -> list[StoryRecord]:
        rows = self._read("SELECT id, path, title, seen FROM stories ORDER BY seen DESC")
        return [StoryRecord(*row) for row in rows]

    # -- marks ------------------------------------------------------------------------------

    def marks(self, story: int | None = None) -> list[Mark]:
        query = (
            "SELECT id, story, state, note, author, created, updated, anchor, claim, orphaned "
            "FROM marks"
        )
        if story is None:
            rows = self._read(query + " ORDER BY story, created, id")
        else:
            rows = self._read(query + " WHERE story = ? ORDER BY created, id", (story,))
        return [_mark(row) for row in rows]

    def add_mark(
        self,
        story: int,
        anchor: Anchor,
        state: str | None,
        note: str = "",
        claim: Sequence[Member] = (),
    ) -> int:
        """A mark on the anchor's passage; if it has one already (another reader made it
        meanwhile), that one takes the new state, and the note when one is given."""
        _check_state(state)
        stamp = now()
        with self._transaction() as db:
            db.execute(
                "INSERT INTO marks (story, state, note, author, created, updated, anchor, "
                "anchor_key, claim) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (story, anchor_key) DO UPDATE SET state = excluded.state, "
                "note = CASE WHEN excluded.note = '' THEN note ELSE excluded.note END, "
                "updated = excluded.updated, author = excluded.author",
                (
                    story,
                    state,
                    note,
                    current_user(),
                    stamp,
                    stamp,
                    json.dumps(anchor.to_json(), ensure_ascii=False),
                    anchor.key,
                    _claim_json(claim),
                ),
            )
            row = db.execute(
                "SELECT id FROM marks WHERE story = ? AND anchor_key = ?", (story, anchor.key)
            ).fetchone()
            return int(row[0])

    def set_state(self, mark_id: int, state: str | None) -> None:
        """Verified, disputed, or neither; a mark left with neither and no note is removed."""
        _check_state(state)
        with self._transaction() as db:
            db.execute(
                "UPDATE marks SET state = ?, updated = ?, author = ? WHERE id = ?",
                (state, now(), current_user(), mark_id),
            )
            db.execute("DELETE FROM marks WHERE id = ? AND state IS NULL AND note = ''", (mark_id,))

    def set_note(self, mark_id: int, note: str) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE marks SET note = ?, updated = ?, author = ? WHERE id = ?",
                (note, now(), current_user(), mark_id),
            )
            db.execute("DELETE FROM marks WHERE id = ? AND state IS NULL AND note = ''", (mark_id,))

    def record_placement(
        self, story: int, placed: Mapping[int, Sequence[Member]], orphaned: Sequence[int]
    ) -> None:
        """Remember which marks could be placed (with their claim as it now stands) and which
        could not, for listings made without analysing the story again."""
        with self._transaction() as db:
            db.executemany(
                "UPDATE marks SET orphaned = 0, claim = ? WHERE id = ? AND story = ?",
                [(_claim_json(members), mark, story) for mark, members in placed.items()],
            )
            db.executemany(
                "UPDATE marks SET orphaned = 1 WHERE id = ? AND story = ?",
                [(mark, story) for mark in orphaned],
            )

    # -- corrections ------------------------------------------------------------------------

    def add_correction(self, story: int, kind: str, anchors: Sequence[Anchor]) -> int:
        if kind not in (LINK, DETACH):
            raise ValueError(kind)
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO corrections (story, kind, anchors, author, created) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    story,
                    kind,
                    json.dumps([a.to_json() for a in anchors], ensure_ascii=False),
                    current_user(),
                    now(),
                ),
            )
            return int(cursor.lastrowid or 0)

    def set_undone(self, correction_id: int, undone: bool = True) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE corrections SET undone = ? WHERE id = ?", (int(undone), correction_id)
            )

    def corrections(self, story: int, include_undone: bool = False) -> list[Correction]:
        rows = self._read(
            "SELECT id, story, kind, anchors, author, created, undone FROM corrections "
            "WHERE story = ? ORDER BY id",
            (story,),
        )
        found = [
            Correction(
                id=row[0],
                story=row[1],
                kind=row[2],
                anchors=tuple(Anchor.from_json(a) for a in json.loads(row[3])),
                author=row[4],
                created=row[5],
                undone=bool(row[6]),
            )
            for row in rows
        ]
        return found if include_undone else [c for c in found if not c.undone]

    def integrity(self) -> str:
        """SQLite's own check of the file: "ok" when it is sound."""
        return str(self._db.execute("PRAGMA integrity_check").fetchone()[0])


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]


def _check_state(state: str | None) -> None:
    if state is not None and state not in STATES:
        raise ValueError(f"a mark is {' or '.join(STATES)}, not {state!r}")


def _claim_json(members: Sequence[Member]) -> str:
    return json.dumps([[m.outlet, m.text] for m in members], ensure_ascii=False)


def _mark(row: tuple) -> Mark:
    return Mark(
        id=row[0],
        story=row[1],
        state=row[2],
        note=row[3],
        author=row[4],
        created=row[5],
        updated=row[6],
        anchor=Anchor.from_json(json.loads(row[7])),
        claim=tuple(Member(str(o), str(t)) for o, t in json.loads(row[8])),
        orphaned=bool(row[9]),
    )
