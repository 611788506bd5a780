-- 004_content_search (PostgreSQL): full-text search over content, the PostgreSQL form of
-- migrations/004_content_search.sql and 005_content_search_recency.sql (docs/postgres.md, "The
-- CMS schema on PostgreSQL").
--
-- content_search_docs holds one row per content item: its title, its body (every string value
-- of its `data`, nested objects and arrays included, joined by spaces: the text ts_headline
-- cuts snippets from) and `document`, the tsvector a search matches: the title's words with
-- weight A, the strings of `data` with weight B. Keys, numbers and booleans are not text a
-- reader searches (jsonb_to_tsvector(..., '["string"]')). As on SQLite, it holds every item,
-- deleted ones too: a search joins `content` and filters there, so a soft delete or a restore
-- leaves or enters the results in its own transaction without touching the index.
--
-- The triggers below keep it in step with every write to `content`, whoever makes it
-- (repository, import, a scheduled action, plain SQL), inside the writing transaction: a
-- rolled-back write leaves the index as it was. A deleted item's row goes with it (ON DELETE
-- CASCADE). A document is rewritten only when the item's title or data changed. No recency key
-- is needed (SQLite's 005): PostgreSQL sorts the matches by content.updated_at.
--
-- Text search configuration content_search: `simple` (no stemming, no stop words: FTS5's
-- unicode61 does neither) with diacritics removed first by the `unaccent` dictionary, so
-- "cafe" finds "Café". unaccent is a trusted contrib extension (Debian: postgresql-contrib,
-- part of postgresql-15): the database owner may create it. Extensions belong to a database,
-- not a schema: it is created once, in `public`, and found wherever it already is, so a second
-- CMS schema in the same database migrates too. The advisory lock makes two schemas migrating
-- at once take turns instead of both creating it (the loser would fail on a duplicate key).

SELECT pg_advisory_xact_lock(hashtext('vellum'), hashtext('create extension unaccent'));
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;

CREATE TEXT SEARCH CONFIGURATION content_search (COPY = pg_catalog.simple);
DO $$
BEGIN
  EXECUTE format('ALTER TEXT SEARCH CONFIGURATION content_search '
                 'ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part '
                 'WITH %I.unaccent, simple',
                 (SELECT n.nspname FROM pg_catalog.pg_extension AS e
                  JOIN pg_catalog.pg_namespace AS n ON n.oid = e.extnamespace
                  WHERE e.extname = 'unaccent'));
END
$$;

CREATE TABLE content_search_docs (
  content_id TEXT PRIMARY KEY NOT NULL REFERENCES content (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  document TSVECTOR NOT NULL
);

CREATE INDEX idx_content_search_docs_document ON content_search_docs USING GIN (document);

-- The body: every string of `data`, in document order, joined by spaces ('' when none).
CREATE FUNCTION content_search_body(data JSONB) RETURNS TEXT
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(string_agg(value #>> '{}', ' '), '')
  FROM jsonb_path_query(data, 'strict $.** ? (@.type() == "string")') AS value
$$;

-- The document: the title's words (weight A) and the strings of data (weight B). SET
-- search_path FROM CURRENT pins the schema this migration ran in, so the configuration
-- content_search is found whatever the writing session's search_path is.
CREATE FUNCTION content_search_document(title TEXT, data JSONB) RETURNS TSVECTOR
LANGUAGE sql STABLE STRICT PARALLEL SAFE SET search_path FROM CURRENT AS $$
  SELECT setweight(to_tsvector('content_search', title), 'A')
         || setweight(jsonb_to_tsvector('content_search', data, '["string"]'), 'B')
$$;

-- (Re)writes the item's row (search_path pinned as above, for content_search_docs).
CREATE FUNCTION content_search_index() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO content_search_docs (content_id, title, body, document)
  VALUES (new.id, new.title, content_search_body(new.data), content_search_document(new.title, new.data))
  ON CONFLICT (content_id) DO UPDATE
  SET title = excluded.title, body = excluded.body, document = excluded.document;
  RETURN NULL;
END
$$;

CREATE TRIGGER content_search_insert AFTER INSERT ON content
FOR EACH ROW EXECUTE FUNCTION content_search_index();

CREATE TRIGGER content_search_update AFTER UPDATE OF title, data ON content
FOR EACH ROW WHEN (old.title IS DISTINCT FROM new.title OR old.data IS DISTINCT FROM new.data)
EXECUTE FUNCTION content_search_index();

-- Index the items a database already holds.
INSERT INTO content_search_docs (content_id, title, body, document)
SELECT id, title, content_search_body(data), content_search_document(title, data) FROM content;
