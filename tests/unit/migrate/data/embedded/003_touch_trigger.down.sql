DROP TRIGGER notes_touch;
DROP TABLE note_log;
