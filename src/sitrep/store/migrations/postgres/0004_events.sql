-- The events each stored report describes, as SQLite's 0004_events: incidents are reconciled again
-- from the store without running the pipeline over every report. One row per analysed document
-- (an empty list where it describes none); documents without a row (stored before this step) are
-- analysed again on the next ingest and given one.

CREATE TABLE document_events (
    document text PRIMARY KEY REFERENCES documents (content_hash) ON DELETE CASCADE,
    events   text NOT NULL                     -- JSON array of events, each with its claims
);
