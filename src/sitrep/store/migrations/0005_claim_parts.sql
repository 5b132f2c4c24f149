-- A claim that is a part of a total stated beside it ("200 people, including 10 civilians"): kept so
-- a claim read back from the store still says it never adds to its total.
ALTER TABLE claims ADD COLUMN part INTEGER NOT NULL DEFAULT 0 CHECK (part IN (0, 1));
