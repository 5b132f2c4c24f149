-- What orders each report's events for reconciling, as SQLite's 0008_event_keys: for each event,
-- [day, report, start of its evidence, sub-event type, event type]; NULL in rows written before it.
ALTER TABLE document_events ADD COLUMN keys text;
