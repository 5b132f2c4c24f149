-- Web sources (feeds and pages) with their last fetch, fetched pages, and copies of reports.

CREATE TABLE sources (
    url           TEXT PRIMARY KEY,            -- as the user gave it
    kind          TEXT NOT NULL,               -- feed | page
    status        TEXT,                        -- ok | not_modified | error (NULL: never fetched)
    reason        TEXT,                        -- why the last fetch (or some of its items) failed
    items         INTEGER NOT NULL DEFAULT 0,  -- items in the feed at the last fetch (1 for a page)
    added         INTEGER NOT NULL DEFAULT 0,  -- reports added from this source, in all
    failed        INTEGER NOT NULL DEFAULT 0,  -- items that failed at the last fetch
    etag          TEXT,                        -- validators for conditional GET
    last_modified TEXT,
    last_fetch    TEXT,                        -- ISO 8601 time of the last attempt
    last_ok       TEXT                         -- ISO 8601 time of the last success
);

CREATE TABLE pages (
    url           TEXT PRIMARY KEY,            -- the item link as the feed gives it
    source        TEXT NOT NULL,               -- the feed (or page source) it came from
    status        TEXT NOT NULL,               -- ok | error
    reason        TEXT,
    document      TEXT,                        -- content hash of the report it gave
    final_url     TEXT,
    canonical_url TEXT,
    title         TEXT,
    outlet        TEXT,
    author        TEXT,
    published     TEXT,
    etag          TEXT,
    last_modified TEXT,
    last_fetch    TEXT NOT NULL
);

CREATE INDEX pages_source ON pages (source);

CREATE TABLE copies (
    document   TEXT PRIMARY KEY REFERENCES documents (content_hash) ON DELETE CASCADE,
    original   TEXT NOT NULL REFERENCES documents (content_hash) ON DELETE CASCADE,
    similarity REAL NOT NULL,                  -- shingle overlap with the original, 0-1
    first_seen TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX copies_original ON copies (original);
