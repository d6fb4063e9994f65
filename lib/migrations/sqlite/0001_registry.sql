-- 0001: vocabularies, the audit log, and the registry of places and people.

CREATE TABLE vocab (
  id     INTEGER PRIMARY KEY,
  kind   TEXT NOT NULL,
  code   TEXT NOT NULL,
  zh     TEXT NOT NULL,
  en     TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  sort   INTEGER NOT NULL DEFAULT 0,
  UNIQUE (kind, code)
);

-- One row per command that changed the file (with the SQLite session changeset: enough to
-- undo it) and per reveal of masked data. Append-only: the triggers refuse edits.
CREATE TABLE audit (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  operator  TEXT NOT NULL,
  command   TEXT NOT NULL,
  action    TEXT NOT NULL CHECK (action IN ('change', 'reveal', 'undo', 'forget')),
  entity    TEXT,
  entity_id INTEGER,
  summary   TEXT,
  changeset BLOB,
  undoes    INTEGER REFERENCES audit (id)
);
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_entity ON audit (entity, entity_id);
CREATE TRIGGER audit_no_update BEFORE UPDATE OF id, at, operator, action, entity, entity_id, undoes
ON audit BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
-- Forgetting a person (PIPL) scrubs their data from old command lines and changesets; only
-- `person forget` opens this door, inside its own transaction, by a row in audit_scrub.
CREATE TABLE audit_scrub (id INTEGER PRIMARY KEY);
CREATE TRIGGER audit_no_edit BEFORE UPDATE OF command, summary, changeset ON audit
WHEN NOT EXISTS (SELECT 1 FROM audit_scrub)
BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;

CREATE TABLE grid (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  national_code TEXT UNIQUE,
  note          TEXT
);

CREATE TABLE building (
  id      INTEGER PRIMARY KEY,
  number  TEXT NOT NULL UNIQUE,
  grid_id INTEGER NOT NULL REFERENCES grid (id),
  units   INTEGER NOT NULL DEFAULT 1 CHECK (units BETWEEN 1 AND 99),
  floors  INTEGER NOT NULL DEFAULT 6 CHECK (floors BETWEEN 1 AND 200),
  note    TEXT
);
CREATE INDEX building_grid ON building (grid_id);

CREATE TABLE household (
  id          INTEGER PRIMARY KEY,
  address     TEXT NOT NULL UNIQUE,
  building_id INTEGER NOT NULL REFERENCES building (id),
  unit        INTEGER NOT NULL,
  room        TEXT NOT NULL,
  phone       TEXT,
  tags        TEXT,
  moved_out   TEXT,
  note        TEXT
);
CREATE INDEX household_building ON household (building_id, moved_out);

CREATE TABLE person (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  gender       TEXT CHECK (gender IN ('M', 'F')),
  birth_date   TEXT,
  phone        TEXT,
  id_number    TEXT UNIQUE,
  household_id INTEGER REFERENCES household (id),
  residency    TEXT NOT NULL DEFAULT 'registered'
               CHECK (residency IN ('registered', 'permanent', 'floating', 'non-resident')),
  tags         TEXT,
  moved_in     TEXT,
  moved_out    TEXT,
  note         TEXT,
  forgotten_at TEXT
);
CREATE INDEX person_household ON person (household_id, moved_out);
CREATE INDEX person_name ON person (name);
CREATE INDEX person_phone ON person (phone);

-- Where a person lived and when: `person move` closes one row and opens the next.
CREATE TABLE residence (
  id           INTEGER PRIMARY KEY,
  person_id    INTEGER NOT NULL REFERENCES person (id),
  household_id INTEGER REFERENCES household (id),
  from_date    TEXT,
  to_date      TEXT,
  reason       TEXT
);
CREATE INDEX residence_person ON residence (person_id);
