CREATE TABLE note_log (note_id INTEGER, what TEXT);
--> statement-breakpoint
CREATE TRIGGER notes_touch AFTER UPDATE OF body ON notes
BEGIN
  UPDATE notes SET updated = updated + 1 WHERE id = NEW.id;
  INSERT INTO note_log VALUES (NEW.id, 'edited; body');
END;
