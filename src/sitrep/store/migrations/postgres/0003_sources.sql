-- Web sources (feeds and pages) with their last fetch, fetched pages, and copies of reports, as
-- SQLite's 0003_sources. `id` keeps the order rows were first written in (SQLite's rowid).

CREATE TABLE sources (
    id            bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    url           text PRIMARY KEY,            -- as the user gave it
    kind          text NOT NULL,               -- feed | page
    status        text,                        -- ok | not_modified | error (NULL: never fetched)
    reason        text,                        -- why the last fetch (or some of its items) failed
    items         bigint NOT NULL DEFAULT 0,   -- items in the feed at the last fetch (1 for a page)
    added         bigint NOT NULL DEFAULT 0,   -- reports added from this source, in all
    failed        bigint NOT NULL DEFAULT 0,   -- items that failed at the last fetch
    etag          text,                        -- validators for conditional GET
    last_modified text,
    last_fetch    text,                        -- ISO 8601 time of the last attempt
    last_ok       text                         -- ISO 8601 time of the last success
);

CREATE TABLE pages (
    id            bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    url           text PRIMARY KEY,            -- the item link as the feed gives it
    source        text NOT NULL,               -- the feed (or page source) it came from
    status        text NOT NULL,               -- ok | error
    reason        text,
    document      text,                        -- content hash of the report it gave
    final_url     text,
    canonical_url text,
    title         text,
    outlet        text,
    author        text,
    published     text,
    etag          text,
    last_modified text,
    last_fetch    text NOT NULL
);

CREATE INDEX pages_source ON pages (source);

CREATE TABLE copies (
    id         bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    document   text PRIMARY KEY REFERENCES documents (content_hash) ON DELETE CASCADE,
    original   text NOT NULL REFERENCES documents (content_hash) ON DELETE CASCADE,
    similarity double precision NOT NULL,      -- shingle overlap with the original, 0-1
    first_seen text NOT NULL
        DEFAULT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
);

CREATE INDEX copies_original ON copies (original);
