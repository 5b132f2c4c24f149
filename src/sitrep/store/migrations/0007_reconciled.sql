-- How far the stored incidents reach: the last document (by id) stored when they were reconciled.
-- An ingest that adds nothing then knows from one row, not from every report and incident, whether
-- a run stopped before reconciling left reports out of the incidents.
CREATE TABLE reconciled (
    id               INTEGER PRIMARY KEY CHECK (id = 1),
    through_document INTEGER NOT NULL
);
