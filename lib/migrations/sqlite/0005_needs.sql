-- 0005: residents' needs and the council meetings that raise them, service programmes with their
-- sites and deliveries (the elderly-service circle's meals), events, and the barometer's evaluations.
-- Team, project and partner come from other migrations: needs, event organisers and evaluations
-- name them by (kind, id) and the code resolves the kind at run time.

CREATE TABLE meeting (
  id            INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL CHECK (kind IN ('council', 'micro-grid-hall')),
  date          TEXT NOT NULL,
  grid_id       INTEGER REFERENCES grid (id),
  place         TEXT,
  attendees     INTEGER CHECK (attendees >= 0),
  organisations TEXT,
  topics        TEXT,
  decisions     TEXT,
  note          TEXT
);
CREATE INDEX meeting_date ON meeting (date);

CREATE TABLE need (
  id             INTEGER PRIMARY KEY,
  title          TEXT NOT NULL,
  description    TEXT,
  category       TEXT NOT NULL,
  channel        TEXT,
  person_id      INTEGER REFERENCES person (id),
  household_id   INTEGER REFERENCES household (id),
  grid_id        INTEGER REFERENCES grid (id),
  meeting_id     INTEGER REFERENCES meeting (id),
  raised_on      TEXT NOT NULL,
  due_on         TEXT,
  status         TEXT NOT NULL DEFAULT 'new'
                 CHECK (status IN ('new', 'accepted', 'in-progress', 'resolved', 'declined')),
  assignee_kind  TEXT CHECK (assignee_kind IN ('team', 'project', 'partner')),
  assignee_id    INTEGER,
  resolution     TEXT,
  closed_on      TEXT,
  decline_reason TEXT,
  satisfaction   INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
  public         INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
  note           TEXT,
  CHECK ((assignee_kind IS NULL) = (assignee_id IS NULL))
);
CREATE INDEX need_status ON need (status, due_on);
CREATE INDEX need_meeting ON need (meeting_id);
CREATE INDEX need_assignee ON need (assignee_kind, assignee_id);

-- Progress notes, on one need or on a project (then they count for every need it answers).
-- Append-only: a correction is a new note.
CREATE TABLE need_progress (
  id         INTEGER PRIMARY KEY,
  need_id    INTEGER REFERENCES need (id),
  project_id INTEGER,
  on_date    TEXT NOT NULL,
  percent    INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100),
  note       TEXT,
  operator   TEXT NOT NULL,
  CHECK ((need_id IS NULL) <> (project_id IS NULL))
);
CREATE INDEX need_progress_need ON need_progress (need_id);
CREATE INDEX need_progress_project ON need_progress (project_id);
CREATE TRIGGER need_progress_no_update BEFORE UPDATE ON need_progress
BEGIN SELECT RAISE(ABORT, 'progress notes are append-only'); END;
CREATE TRIGGER need_progress_no_delete BEFORE DELETE ON need_progress
BEGIN SELECT RAISE(ABORT, 'progress notes are append-only'); END;

CREATE TABLE programme (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  started     TEXT,
  description TEXT,
  note        TEXT
);

CREATE TABLE programme_site (
  id           INTEGER PRIMARY KEY,
  programme_id INTEGER NOT NULL REFERENCES programme (id),
  name         TEXT NOT NULL,
  kind         TEXT NOT NULL DEFAULT 'station' CHECK (kind IN ('centre', 'station', 'other')),
  grid_id      INTEGER REFERENCES grid (id),
  place        TEXT,
  services     TEXT,
  note         TEXT,
  UNIQUE (programme_id, name)
);

-- One line of service given at a site on a day: `count` meals, visits or sessions. Meals carry
-- dine-in/delivered, the subsidy tier and the totals paid by residents and by the subsidy.
CREATE TABLE delivery (
  id            INTEGER PRIMARY KEY,
  programme_id  INTEGER NOT NULL REFERENCES programme (id),
  site_id       INTEGER NOT NULL REFERENCES programme_site (id),
  date          TEXT NOT NULL,
  service_type  TEXT NOT NULL,
  count         INTEGER NOT NULL DEFAULT 1 CHECK (count > 0),
  mode          TEXT CHECK (mode IN ('dine-in', 'delivered')),
  tier          TEXT,
  person_id     INTEGER REFERENCES person (id),
  resident_paid REAL CHECK (resident_paid >= 0),
  subsidy       REAL CHECK (subsidy >= 0),
  note          TEXT
);
CREATE INDEX delivery_site_date ON delivery (site_id, date);
CREATE INDEX delivery_date ON delivery (date);

CREATE TABLE event (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL,
  kind        TEXT,
  date        TEXT NOT NULL,
  end_date    TEXT,
  place       TEXT,
  grid_id     INTEGER REFERENCES grid (id),
  organisers  TEXT,   -- canonical "T2,P3": the organiser rows below follow it
  services    TEXT,
  description TEXT,
  note        TEXT,
  UNIQUE (name, date)
);
CREATE INDEX event_date ON event (date);

CREATE TABLE event_organiser (
  id             INTEGER PRIMARY KEY,
  event_id       INTEGER NOT NULL REFERENCES event (id),
  organiser_kind TEXT NOT NULL CHECK (organiser_kind IN ('team', 'partner')),
  organiser_id   INTEGER NOT NULL,
  UNIQUE (event_id, organiser_kind, organiser_id)
);

CREATE TABLE event_participant (
  id           INTEGER PRIMARY KEY,
  event_id     INTEGER NOT NULL REFERENCES event (id),
  person_id    INTEGER REFERENCES person (id),
  service_type TEXT,
  count        INTEGER NOT NULL DEFAULT 1 CHECK (count > 0),
  note         TEXT
);
CREATE INDEX event_participant_event ON event_participant (event_id);

-- The barometer's tallies: `count` residents gave `score` to a subject on a day. No evaluator
-- is stored: evaluations are anonymous by design.
CREATE TABLE evaluation (
  id           INTEGER PRIMARY KEY,
  subject_kind TEXT NOT NULL CHECK (subject_kind IN ('project', 'need', 'event', 'team')),
  subject_id   INTEGER NOT NULL,
  on_date      TEXT NOT NULL,
  score        INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  count        INTEGER NOT NULL DEFAULT 1 CHECK (count > 0),
  comment      TEXT
);
CREATE INDEX evaluation_subject ON evaluation (subject_kind, subject_id);
