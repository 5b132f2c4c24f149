-- The figures' history and the claimants' record read every report's publication date and ingest
-- time: an index holding both beside the name answers that without reading the reports' text.
CREATE INDEX IF NOT EXISTS documents_times ON documents (name, published, first_seen);
