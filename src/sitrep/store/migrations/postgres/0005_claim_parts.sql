-- A claim that is a part of a total stated beside it, as SQLite's 0005_claim_parts.
ALTER TABLE claims ADD COLUMN part integer NOT NULL DEFAULT 0 CHECK (part IN (0, 1));
