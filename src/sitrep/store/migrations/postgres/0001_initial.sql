-- Documents, claims, incidents and failures (as SQLite's 0001_initial), and the schema version.
-- Integers are bigint (SQLite's are 64-bit); flags stay 0/1 integers and JSON stays text, so rows
-- read back equal to SQLite's; times are ISO 8601 text in UTC.

CREATE TABLE sitrep_schema (
    application_id bigint  NOT NULL,           -- store_pg.APPLICATION_ID ("SITR"): this is a sitrep store
    version        integer NOT NULL            -- the last schema step applied
);
INSERT INTO sitrep_schema (application_id, version) VALUES (1397314642, 0);

CREATE TABLE documents (
    id           bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,   -- insertion order
    content_hash text    NOT NULL UNIQUE,      -- identity: the same text is the same report
    name         text    NOT NULL,
    title        text,
    published    text,                         -- ISO 8601 date
    url          text,
    source       text,
    text         text    NOT NULL,             -- the text as given
    analysis     text    NOT NULL,             -- what the annotators read
    offset_map   text,                         -- JSON array of ints, or NULL
    first_seen   text    NOT NULL
        DEFAULT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
);

CREATE TABLE claims (
    document         text    NOT NULL REFERENCES documents (content_hash) ON DELETE CASCADE,
    seq              integer NOT NULL,          -- order within the document
    doc              text    NOT NULL,
    kind             text    NOT NULL,
    low              bigint,
    high             bigint,
    approx           integer NOT NULL CHECK (approx IN (0, 1)),
    unspecified      integer NOT NULL CHECK (unspecified IN (0, 1)),
    subject          text    NOT NULL,
    subject_country  text,
    subject_role     text    NOT NULL,
    claimant         text,
    claimant_country text,
    unverified       integer NOT NULL CHECK (unverified IN (0, 1)),
    evidence_start   bigint  NOT NULL,
    evidence_end     bigint  NOT NULL,
    evidence_text    text    NOT NULL,
    sentence_start   bigint  NOT NULL,
    sentence_end     bigint  NOT NULL,
    sentence_text    text    NOT NULL,
    date             text,                      -- JSON DateMention, or NULL
    place            text,                      -- JSON PlaceMention, or NULL
    PRIMARY KEY (document, seq)
);

CREATE INDEX claims_kind ON claims (kind);

CREATE TABLE incidents (
    seq              bigint  PRIMARY KEY,       -- order in the reconciled set
    id               text    NOT NULL UNIQUE,
    date_start       text,                      -- ISO 8601 date
    date_end         text,
    date_precision   text,
    country          text,
    admin1           text,
    location         text,
    lat              double precision,
    lon              double precision,
    geo_precision    bigint,
    event_type       text    NOT NULL,
    sub_event_type   text    NOT NULL,
    actor1           text,
    actor2           text,
    docs             text    NOT NULL,          -- JSON array of document ids
    figures          text    NOT NULL,          -- JSON array of figures with their claim refs
    fatalities_low   bigint,
    fatalities_best  bigint,
    fatalities_high  bigint
);

CREATE TABLE failures (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source     text NOT NULL,
    stage      text NOT NULL,
    code       text NOT NULL,
    message    text NOT NULL,
    first_seen text NOT NULL
        DEFAULT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
);

-- One row per distinct failure; hashed, as a b-tree entry cannot hold a very long message.
CREATE UNIQUE INDEX failures_once ON failures (md5(source), stage, code, md5(message));
