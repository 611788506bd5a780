-- 005_content_search_recency: full-text documents keyed by recency (docs/repositories.md,
-- "Search"; docs/performance.md, "Search").
--
-- FTS5 hands its rows over in rowid order without sorting them, so a document's rowid (doc_id)
-- is now derived from the item's updated_at: doc_id = bucket(updated_at) * 2^20 + n, where
-- bucket() clamps the milliseconds to ±2^42 (years 1830 to 2109; items beyond share the
-- end buckets) and n (0 … 2^20 - 1) tells apart the items of one millisecond. Walking the index
-- by descending rowid therefore walks the items from the most recently updated one, whatever
-- the word: a search in newest order reads one page of a word that half the items contain, not
-- all of its matches. Items of one millisecond come in no particular order; the repository reads
-- such a group whole and orders it by id, as content().list does.
--
-- Every write that changes updated_at (or the title or the data) moves the item's document to
-- its new bucket. The work lives in one place, the INSTEAD OF trigger of the view
-- content_search_reindex: inserting an item id there (re)indexes that item.
--
-- 004's tables are rebuilt (their rowids change) and the existing items indexed again; 004's
-- delete trigger stays as it is (it finds a document through content_search_docs).

DROP TRIGGER content_search_insert;
DROP TRIGGER content_search_update;
DROP TABLE content_search;
DROP TABLE content_search_docs;

CREATE TABLE content_search_docs (
  doc_id INTEGER PRIMARY KEY,
  content_id TEXT NOT NULL UNIQUE
) STRICT;

CREATE VIRTUAL TABLE content_search USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');

CREATE VIEW content_search_reindex (content_id) AS SELECT NULL WHERE 0;

-- Drops the item's document (if any) and, when the item exists, indexes it again under a doc_id
-- of its updated_at bucket: one above the bucket's highest, else any free number of the bucket
-- (2^20 items updated in one millisecond are refused).
CREATE TRIGGER content_search_reindex INSTEAD OF INSERT ON content_search_reindex
BEGIN
  DELETE FROM content_search WHERE rowid = (SELECT doc_id FROM content_search_docs WHERE content_id = new.content_id);
  DELETE FROM content_search_docs WHERE content_id = new.content_id;
  INSERT INTO content_search_docs (doc_id, content_id)
  SELECT CASE
           WHEN top IS NULL THEN low
           WHEN top < low + 1048575 THEN top + 1
           ELSE coalesce((SELECT d.doc_id - 1 FROM content_search_docs AS d
                          WHERE d.doc_id BETWEEN low + 1 AND low + 1048575
                            AND NOT EXISTS (SELECT 1 FROM content_search_docs AS e WHERE e.doc_id = d.doc_id - 1)
                          LIMIT 1),
                         RAISE(ABORT, 'content_search: more than 1048576 items share one updated_at'))
         END,
         new.content_id
  FROM (SELECT low, (SELECT max(doc_id) FROM content_search_docs WHERE doc_id BETWEEN low AND low + 1048575) AS top
        FROM (SELECT max(min(updated_at, 4398046511103), -4398046511104) * 1048576 AS low
              FROM content WHERE id = new.content_id));
  INSERT INTO content_search (rowid, title, body)
  SELECT d.doc_id, c.title,
         (SELECT coalesce(group_concat(value, ' '), '') FROM json_tree(c.data) WHERE type = 'text')
  FROM content_search_docs AS d JOIN content AS c ON c.id = d.content_id
  WHERE d.content_id = new.content_id;
END;

-- A REPLACE deletes the old row without firing the delete trigger: the reindex drops it.
CREATE TRIGGER content_search_insert AFTER INSERT ON content
BEGIN
  INSERT INTO content_search_reindex (content_id) VALUES (new.id);
END;

CREATE TRIGGER content_search_update AFTER UPDATE OF title, data, updated_at ON content
WHEN old.title IS NOT new.title OR old.data IS NOT new.data OR old.updated_at IS NOT new.updated_at
BEGIN
  INSERT INTO content_search_reindex (content_id) VALUES (new.id);
END;

-- Index the items the database holds, numbered within each millisecond by id.
INSERT INTO content_search_docs (doc_id, content_id)
SELECT max(min(updated_at, 4398046511103), -4398046511104) * 1048576
         + row_number() OVER (PARTITION BY max(min(updated_at, 4398046511103), -4398046511104) ORDER BY id) - 1,
       id
FROM content;
INSERT INTO content_search (rowid, title, body)
SELECT d.doc_id, c.title,
       (SELECT coalesce(group_concat(value, ' '), '') FROM json_tree(c.data) WHERE type = 'text')
FROM content_search_docs AS d JOIN content AS c ON c.id = d.content_id;

-- One segment for the whole index, as search_repository::optimize() leaves it.
INSERT INTO content_search (content_search) VALUES ('optimize');
