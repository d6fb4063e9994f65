-- 0003: volunteers, teams, projects, verified service hours, the points ledger, rewards,
-- awards and certificates.

CREATE TABLE volunteer (
  id             INTEGER PRIMARY KEY,
  person_id      INTEGER NOT NULL UNIQUE REFERENCES person (id),
  number         TEXT NOT NULL UNIQUE,   -- public volunteer number, never the ID number
  recruited_via  TEXT CHECK (recruited_via IN ('grid-survey', 'group-recommendation', 'self-nomination')),
  skills         TEXT,                   -- comma-separated codes of vocab kind "skill"
  joined         TEXT NOT NULL,
  status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'left')),
  points_balance REAL NOT NULL DEFAULT 0, -- always the sum of the volunteer's points_ledger rows
  note           TEXT
);

CREATE TABLE team (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  leader_id   INTEGER REFERENCES volunteer (id),
  founded     TEXT,
  description TEXT,
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  note        TEXT
);

-- Membership history: leaving closes a row (to_date), joining again opens a new one.
CREATE TABLE team_member (
  id           INTEGER PRIMARY KEY,
  team_id      INTEGER NOT NULL REFERENCES team (id),
  volunteer_id INTEGER NOT NULL REFERENCES volunteer (id),
  role         TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('leader', 'deputy', 'member')),
  from_date    TEXT NOT NULL,
  to_date      TEXT,
  note         TEXT,
  CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE UNIQUE INDEX team_member_open ON team_member (team_id, volunteer_id) WHERE to_date IS NULL;
CREATE INDEX team_member_volunteer ON team_member (volunteer_id);

CREATE TABLE project (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  post_type   TEXT NOT NULL,             -- vocab kind "post-type"
  team_id     INTEGER REFERENCES team (id),
  partner_id  INTEGER REFERENCES partner (id),
  coefficient REAL NOT NULL DEFAULT 1.0 CHECK (coefficient >= 0),
  description TEXT,
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  note        TEXT
);

-- One service entry. Never deleted: pending → verified | rejected; verified → void.
CREATE TABLE service_hours (
  id            INTEGER PRIMARY KEY,
  volunteer_id  INTEGER NOT NULL REFERENCES volunteer (id),
  date          TEXT NOT NULL,
  start_time    TEXT,                    -- HH:MM
  end_time      TEXT,
  minutes       INTEGER NOT NULL CHECK (minutes > 0),  -- counted service time, rounded to the unit
  activity      TEXT NOT NULL,
  place         TEXT,
  project_id    INTEGER REFERENCES project (id),
  event_id      INTEGER REFERENCES event (id),  -- an event (E…); the table comes with 0005
  team_id       INTEGER REFERENCES team (id),
  served        TEXT,                    -- who was served
  content       TEXT,
  recorder      TEXT NOT NULL,
  source        TEXT NOT NULL DEFAULT 'import' CHECK (source IN ('cli', 'import')),
  external_key  TEXT UNIQUE,
  status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'verified', 'rejected', 'void')),
  logged_at     TEXT NOT NULL,
  decided_at    TEXT,                    -- verified or rejected
  decided_by    TEXT,
  reason        TEXT,                    -- why rejected or voided
  voided_at     TEXT,
  voided_by     TEXT,
  note          TEXT
);
CREATE INDEX service_hours_volunteer ON service_hours (volunteer_id, date);
CREATE INDEX service_hours_status ON service_hours (status, project_id);
CREATE INDEX service_hours_totals ON service_hours (volunteer_id, status, minutes);  -- hours, stars
CREATE TRIGGER service_hours_no_delete BEFORE DELETE ON service_hours
BEGIN SELECT RAISE(ABORT, 'service hours are never deleted; reject or void the entry'); END;
CREATE TRIGGER service_hours_decided BEFORE UPDATE ON service_hours
WHEN OLD.status <> 'pending' AND NOT (
  OLD.status = 'verified' AND NEW.status = 'void' AND NEW.volunteer_id = OLD.volunteer_id
  AND NEW.minutes = OLD.minutes AND NEW.date = OLD.date AND NEW.project_id IS OLD.project_id)
BEGIN SELECT RAISE(ABORT, 'a verified, rejected or voided service entry cannot be changed'); END;

CREATE TABLE reward (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  cost        REAL NOT NULL CHECK (cost > 0),
  stock       INTEGER CHECK (stock IS NULL OR stock >= 0),  -- NULL: not limited
  partner_id  INTEGER REFERENCES partner (id),              -- donated by
  active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  description TEXT,
  note        TEXT
);

CREATE TABLE redemption (
  id           INTEGER PRIMARY KEY,
  volunteer_id INTEGER NOT NULL REFERENCES volunteer (id),
  reward_id    INTEGER NOT NULL REFERENCES reward (id),
  quantity     INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
  points       REAL NOT NULL CHECK (points > 0),
  at           TEXT NOT NULL,
  operator     TEXT NOT NULL,
  note         TEXT
);
CREATE TRIGGER redemption_no_update BEFORE UPDATE ON redemption
BEGIN SELECT RAISE(ABORT, 'redemptions are final'); END;
CREATE TRIGGER redemption_no_delete BEFORE DELETE ON redemption
BEGIN SELECT RAISE(ABORT, 'redemptions are final'); END;

CREATE TABLE award (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL,            -- vocab kind "award-kind"
  year         INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2200),
  volunteer_id INTEGER REFERENCES volunteer (id),
  team_id      INTEGER REFERENCES team (id),
  household_id INTEGER REFERENCES household (id),
  title        TEXT,
  bonus_points REAL CHECK (bonus_points IS NULL OR bonus_points > 0),
  granted_on   TEXT NOT NULL,
  note         TEXT,
  CHECK ((volunteer_id IS NOT NULL) + (team_id IS NOT NULL) + (household_id IS NOT NULL) = 1)
);

-- The points ledger: append-only, signed amounts; a correction is a new (reversal/adjust) row.
CREATE TABLE points_ledger (
  id            INTEGER PRIMARY KEY,
  volunteer_id  INTEGER NOT NULL REFERENCES volunteer (id),
  at            TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('earn', 'bonus', 'redeem', 'adjust', 'expire', 'reversal')),
  amount        REAL NOT NULL,
  balance_after REAL NOT NULL,
  reason        TEXT,
  hours_id      INTEGER REFERENCES service_hours (id),
  redemption_id INTEGER REFERENCES redemption (id),
  award_id      INTEGER REFERENCES award (id),
  reverses_id   INTEGER REFERENCES points_ledger (id),
  operator      TEXT NOT NULL,
  CHECK (kind NOT IN ('earn', 'bonus') OR amount >= 0),
  CHECK (kind NOT IN ('redeem', 'expire', 'reversal') OR amount <= 0)
);
CREATE INDEX points_ledger_volunteer ON points_ledger (volunteer_id, id);
CREATE UNIQUE INDEX points_ledger_earn_once ON points_ledger (hours_id) WHERE kind = 'earn';
CREATE UNIQUE INDEX points_ledger_reversed_once ON points_ledger (reverses_id) WHERE reverses_id IS NOT NULL;
CREATE TRIGGER points_ledger_no_update BEFORE UPDATE ON points_ledger
BEGIN SELECT RAISE(ABORT, 'the points ledger is append-only'); END;
CREATE TRIGGER points_ledger_no_delete BEFORE DELETE ON points_ledger
BEGIN SELECT RAISE(ABORT, 'the points ledger is append-only'); END;

-- Issued service certificates: numbered, with the hours snapshot, re-printable by number.
CREATE TABLE certificate (
  id               INTEGER PRIMARY KEY,
  number           TEXT NOT NULL UNIQUE,
  volunteer_id     INTEGER NOT NULL REFERENCES volunteer (id),
  period_from      TEXT,
  period_to        TEXT,
  minutes          INTEGER NOT NULL,
  snapshot         TEXT NOT NULL,        -- JSON: what the certificate states
  issued_on        TEXT NOT NULL,
  issuer           TEXT NOT NULL,
  person_in_charge TEXT,
  handler          TEXT NOT NULL,
  contact          TEXT
);
CREATE INDEX certificate_volunteer ON certificate (volunteer_id);
CREATE TRIGGER certificate_no_update BEFORE UPDATE ON certificate
BEGIN SELECT RAISE(ABORT, 'issued certificates are never changed'); END;
CREATE TRIGGER certificate_no_delete BEFORE DELETE ON certificate
BEGIN SELECT RAISE(ABORT, 'issued certificates are never changed'); END;
