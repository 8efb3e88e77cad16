-- Names that are not identifiers, SQLite's declared types and affinities,
-- composite keys, several foreign keys to one table, a keyless table, a view.
CREATE TABLE "Order Items" (
  "Item ID" INTEGER PRIMARY KEY AUTOINCREMENT,
  [class] TEXT NOT NULL DEFAULT 'it''s',
  `2nd` VARCHAR(30),
  "delete" BOOLEAN NOT NULL DEFAULT 0,
  price NUMERIC(10,2) DEFAULT 0.5 CHECK (price >= 0),
  created DATETIME DEFAULT CURRENT_TIMESTAMP,
  blob_col BLOB,
  anything,
  weird_type MEGAINT,
  u UUID, j JSON, d DATE, t TIME, f FLOAT, amount DECIMAL
);
CREATE TABLE person (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  manager_id INTEGER REFERENCES person (id) ON DELETE SET NULL,
  mentor_id INTEGER REFERENCES person ON DELETE SET NULL
);
CREATE TABLE friendship (
  from_id INTEGER NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  to_id INTEGER NOT NULL REFERENCES person (id),
  since DATE,
  PRIMARY KEY (from_id, to_id),
  CONSTRAINT since_past CHECK (since < '2100-01-01')
);
CREATE TABLE friendship_note (
  id INTEGER PRIMARY KEY,
  from_id INTEGER NOT NULL,
  to_id INTEGER NOT NULL,
  note TEXT,
  FOREIGN KEY (from_id, to_id) REFERENCES friendship (from_id, to_id),
  UNIQUE (from_id, to_id, note)
);
CREATE INDEX person_manager ON person (manager_id);
CREATE INDEX person_lower ON person (lower(name));
CREATE INDEX note_partial ON friendship_note (note) WHERE note IS NOT NULL;
CREATE UNIQUE INDEX friendship_since ON friendship (since, from_id);
CREATE TABLE keyless (at DATETIME, line TEXT);
CREATE VIEW person_names AS SELECT id, name FROM person;
