-- Notes: the first table of the embedded test bundle (UTF-8 BOM, CRLF line ends).
CREATE TABLE notes (
  id INTEGER PRIMARY KEY,
  body TEXT NOT NULL DEFAULT 'none', -- a default; and a comment
  updated INTEGER NOT NULL DEFAULT 0
);
INSERT INTO notes (body) VALUES ('hello; -- world');
