-- The rule that decided a claim's subject country, as SQLite's 0009_side_rules.
ALTER TABLE claims ADD COLUMN side_by text;
