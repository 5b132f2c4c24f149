-- Beside each report's events, what orders them for reconciling: a JSON array with, for each event,
-- [day (ISO date or null), report, start of its evidence, sub-event type, event type]. Reconciling a
-- store reads these short rows first, not every event. NULL in rows written before this step: the
-- keys are then read from the events themselves.
ALTER TABLE document_events ADD COLUMN keys TEXT;
