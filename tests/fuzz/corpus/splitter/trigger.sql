CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE b SET x = 1; END;
-- comment ; 
SELECT 1;
--> statement-breakpoint
SELECT 'a;b'; /* ; */ SELECT "x;y";