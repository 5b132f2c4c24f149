-- The events each stored report describes, so incidents are reconciled again from the store
-- without running the pipeline over every report. One row per analysed document (an empty list
-- where it describes none); documents without a row (stored before this step) are analysed again
-- on the next ingest and given one.

CREATE TABLE document_events (
    document TEXT PRIMARY KEY REFERENCES documents (content_hash) ON DELETE CASCADE,
    events   TEXT NOT NULL              -- JSON array of events, each with its claims
) WITHOUT ROWID;
