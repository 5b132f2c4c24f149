-- Documents, claims, incidents and failures.

CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,          -- insertion order; rowid of the search index
    content_hash TEXT    NOT NULL UNIQUE,      -- identity: the same text is the same report
    name         TEXT    NOT NULL,
    title        TEXT,
    published    TEXT,                         -- ISO 8601 date
    url          TEXT,
    source       TEXT,
    text         TEXT    NOT NULL,             -- the text as given
    analysis     TEXT    NOT NULL,             -- what the annotators read
    offset_map   TEXT,                         -- JSON array of ints, or NULL
    first_seen   TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE claims (
    document         TEXT    NOT NULL REFERENCES documents (content_hash) ON DELETE CASCADE,
    seq              INTEGER NOT NULL,          -- order within the document
    doc              TEXT    NOT NULL,
    kind             TEXT    NOT NULL,
    low              INTEGER,
    high             INTEGER,
    approx           INTEGER NOT NULL CHECK (approx IN (0, 1)),
    unspecified      INTEGER NOT NULL CHECK (unspecified IN (0, 1)),
    subject          TEXT    NOT NULL,
    subject_country  TEXT,
    subject_role     TEXT    NOT NULL,
    claimant         TEXT,
    claimant_country TEXT,
    unverified       INTEGER NOT NULL CHECK (unverified IN (0, 1)),
    evidence_start   INTEGER NOT NULL,
    evidence_end     INTEGER NOT NULL,
    evidence_text    TEXT    NOT NULL,
    sentence_start   INTEGER NOT NULL,
    sentence_end     INTEGER NOT NULL,
    sentence_text    TEXT    NOT NULL,
    date             TEXT,                      -- JSON DateMention, or NULL
    place            TEXT,                      -- JSON PlaceMention, or NULL
    PRIMARY KEY (document, seq)
) WITHOUT ROWID;

CREATE INDEX claims_kind ON claims (kind);

CREATE TABLE incidents (
    seq              INTEGER PRIMARY KEY,       -- order in the reconciled set
    id               TEXT    NOT NULL UNIQUE,
    date_start       TEXT,                      -- ISO 8601 date
    date_end         TEXT,
    date_precision   TEXT,
    country          TEXT,
    admin1           TEXT,
    location         TEXT,
    lat              REAL,
    lon              REAL,
    geo_precision    INTEGER,
    event_type       TEXT    NOT NULL,
    sub_event_type   TEXT    NOT NULL,
    actor1           TEXT,
    actor2           TEXT,
    docs             TEXT    NOT NULL,          -- JSON array of document ids
    figures          TEXT    NOT NULL,          -- JSON array of figures with their claim refs
    fatalities_low   INTEGER,
    fatalities_best  INTEGER,
    fatalities_high  INTEGER
);

CREATE TABLE failures (
    id         INTEGER PRIMARY KEY,
    source     TEXT NOT NULL,
    stage      TEXT NOT NULL,
    code       TEXT NOT NULL,
    message    TEXT NOT NULL,
    first_seen TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (source, stage, code, message)
);

-- Mark the file as a sitrep store (store.APPLICATION_ID, "SITR"), so reopening it is accepted.
PRAGMA application_id = 1397314642;
