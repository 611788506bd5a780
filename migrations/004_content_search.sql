-- 004_content_search: full-text search over content (docs/repositories.md, "Search").
--
-- content_search is an FTS5 table over each item's title and body, where the body is every
-- string value of its `data`, nested objects and arrays included (keys, numbers and booleans
-- are not text a reader searches). It holds every item, deleted ones too: a search joins
-- `content` and filters there, so a soft delete or a restore leaves or enters the results in
-- its own transaction without touching the index.
--
-- FTS5 rows are keyed by an integer rowid, content by a TEXT id whose implicit rowid VACUUM may
-- renumber, so content_search_docs maps one to the other: doc_id is the FTS5 rowid. The
-- triggers below keep both in step with every write to `content`, whoever makes it (repository,
-- import, a scheduled action, plain SQL), inside the writing transaction: a rolled-back write
-- leaves the index as it was. An item's document is rewritten only when its title or data
-- changed.
--
-- Tokenizer: unicode61 with diacritics removed, so "cafe" finds "Café".

CREATE TABLE content_search_docs (
  doc_id INTEGER PRIMARY KEY,
  content_id TEXT NOT NULL UNIQUE
) STRICT;

CREATE VIRTUAL TABLE content_search USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');

-- The insert trigger first drops a document left for the same id (a REPLACE deletes the old row
-- without firing the delete trigger).
CREATE TRIGGER content_search_insert AFTER INSERT ON content
BEGIN
  DELETE FROM content_search WHERE rowid = (SELECT doc_id FROM content_search_docs WHERE content_id = new.id);
  DELETE FROM content_search_docs WHERE content_id = new.id;
  INSERT INTO content_search_docs (content_id) VALUES (new.id);
  INSERT INTO content_search (rowid, title, body)
  VALUES ((SELECT doc_id FROM content_search_docs WHERE content_id = new.id), new.title,
          (SELECT coalesce(group_concat(value, ' '), '') FROM json_tree(new.data) WHERE type = 'text'));
END;

CREATE TRIGGER content_search_update AFTER UPDATE OF title, data ON content
WHEN old.title IS NOT new.title OR old.data IS NOT new.data
BEGIN
  UPDATE content_search
  SET title = new.title,
      body = (SELECT coalesce(group_concat(value, ' '), '') FROM json_tree(new.data) WHERE type = 'text')
  WHERE rowid = (SELECT doc_id FROM content_search_docs WHERE content_id = new.id);
END;

CREATE TRIGGER content_search_delete AFTER DELETE ON content
BEGIN
  DELETE FROM content_search WHERE rowid = (SELECT doc_id FROM content_search_docs WHERE content_id = old.id);
  DELETE FROM content_search_docs WHERE content_id = old.id;
END;

-- Index the items a database already holds.
INSERT INTO content_search_docs (content_id) SELECT id FROM content ORDER BY created_at, id;
INSERT INTO content_search (rowid, title, body)
SELECT d.doc_id, c.title,
       (SELECT coalesce(group_concat(value, ' '), '') FROM json_tree(c.data) WHERE type = 'text')
FROM content_search_docs AS d JOIN content AS c ON c.id = d.content_id;
