-- Every report's publication date and ingest time without its text, as SQLite's 0010_report_times.
CREATE INDEX IF NOT EXISTS documents_times ON documents (name, published, first_seen);
