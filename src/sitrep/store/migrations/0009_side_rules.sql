-- The rule that decided a claim's subject country (sitrep.sides.RULES), so each side can be traced.
ALTER TABLE claims ADD COLUMN side_by TEXT;
