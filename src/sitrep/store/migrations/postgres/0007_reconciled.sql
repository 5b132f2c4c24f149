-- How far the stored incidents reach, as SQLite's 0007_reconciled: the last document (by id) stored
-- when they were reconciled, so an ingest that adds nothing checks one row.
CREATE TABLE reconciled (
    id               integer PRIMARY KEY CHECK (id = 1),
    through_document bigint  NOT NULL
);
