-- A report by its name and a claim by its report's name, as SQLite's 0006_lookups: the web app reads
-- an incident's reports and claims one incident at a time.
CREATE INDEX documents_name ON documents (name);
CREATE INDEX claims_doc ON claims (doc);
