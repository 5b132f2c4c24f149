-- The web app reads an incident's reports and their claims by the reports' names, one incident at a
-- time, instead of holding every report and claim in memory: a report by its name, a claim by its
-- report's name.
CREATE INDEX documents_name ON documents (name);
CREATE INDEX claims_doc ON claims (doc);
