-- Full-text search over document titles (weight A) and texts (weight B), as SQLite's 0002_search.
-- The store fills `search` when it adds a document, from the title and text with case and accents
-- folded (as SQLite's unicode61 tokenizer with remove_diacritics); the 'simple' configuration
-- neither stems nor drops stop words, as in SQLite.

ALTER TABLE documents ADD COLUMN search tsvector;

-- Index the documents stored before this step (case folded; accents as stored).
UPDATE documents
SET search = setweight(to_tsvector('simple', coalesce(title, '')), 'A')
          || setweight(to_tsvector('simple', text), 'B');

ALTER TABLE documents ALTER COLUMN search SET NOT NULL;

CREATE INDEX documents_search ON documents USING gin (search);
