-- 0004: mediation cases (people's mediation): the case with its current state, its parties,
-- its mediators with history, and an append-only timeline.

CREATE TABLE mediation_case (
  id             INTEGER PRIMARY KEY,
  number         TEXT NOT NULL UNIQUE,
  year           INTEGER NOT NULL,
  seq            INTEGER,                      -- NULL for imported numbers of another shape
  title          TEXT NOT NULL,                -- the only free text shown without --reveal
  type           TEXT NOT NULL,                -- vocab case-type
  source         TEXT NOT NULL DEFAULT 'application',  -- vocab case-source
  grid_id        INTEGER REFERENCES grid (id),
  mode           TEXT NOT NULL DEFAULT 'private'
                 CHECK (mode IN ('private', 'online', 'offline', 'public')),
  level          TEXT NOT NULL DEFAULT 'grid' CHECK (level IN ('grid', 'community', 'street')),
  status         TEXT NOT NULL DEFAULT 'open'
                 CHECK (status IN ('open', 'mediating', 'agreed', 'failed', 'closed')),
  opened_on      TEXT NOT NULL,
  dispute_since  TEXT,                         -- a feud can predate the case by years
  deadline       TEXT NOT NULL,                -- opened_on + cases.deadline_days, or extended
  summary        TEXT,                         -- confidential
  agreed_on      TEXT,
  agreement_kind TEXT CHECK (agreement_kind IN ('written', 'oral')),
  agreement_terms TEXT,                        -- confidential
  perform_by     TEXT,                         -- by when the agreement is carried out
  settled_level  TEXT CHECK (settled_level IN ('grid', 'community', 'street')),
  failed_on      TEXT,
  referral       TEXT CHECK (referral IN ('arbitration', 'administrative', 'court')),
  closed_on      TEXT,
  followup       TEXT CHECK (followup IN ('holding', 'broken')),
  followup_on    TEXT,
  UNIQUE (year, seq)
);
CREATE INDEX mediation_case_status ON mediation_case (status, level);
CREATE INDEX mediation_case_grid ON mediation_case (grid_id);
CREATE INDEX mediation_case_opened ON mediation_case (opened_on);
CREATE INDEX mediation_case_agreed ON mediation_case (agreed_on);

-- Who is in the dispute: a person, a household, a partner unit, or a named organisation or
-- person outside the registry (name only). Confidential.
CREATE TABLE case_party (
  id           INTEGER PRIMARY KEY,
  case_id      INTEGER NOT NULL REFERENCES mediation_case (id),
  role         TEXT NOT NULL CHECK (role IN ('applicant', 'respondent', 'party')),
  person_id    INTEGER REFERENCES person (id),
  household_id INTEGER REFERENCES household (id),
  partner_id   INTEGER REFERENCES partner (id),
  name         TEXT,                           -- organisation or unregistered name; partner's name
  is_org       INTEGER NOT NULL DEFAULT 0 CHECK (is_org IN (0, 1)),
  CHECK ((person_id IS NOT NULL) + (household_id IS NOT NULL) + (partner_id IS NOT NULL) <= 1),
  CHECK (person_id IS NOT NULL OR household_id IS NOT NULL OR name IS NOT NULL)
);
CREATE INDEX case_party_case ON case_party (case_id);

-- Mediators with role history: assigning opens a row, ending or replacing the lead closes it.
CREATE TABLE case_mediator (
  id           INTEGER PRIMARY KEY,
  case_id      INTEGER NOT NULL REFERENCES mediation_case (id),
  person_id    INTEGER NOT NULL REFERENCES person (id),
  volunteer_id INTEGER REFERENCES volunteer (id),  -- when assigned as a volunteer
  role         TEXT NOT NULL CHECK (role IN ('lead', 'assist')),
  from_date    TEXT NOT NULL,
  to_date      TEXT
);
CREATE INDEX case_mediator_case ON case_mediator (case_id);
CREATE INDEX case_mediator_person ON case_mediator (person_id);

-- The timeline: one row per step; append-only (corrections are new notes).
CREATE TABLE case_entry (
  id               INTEGER PRIMARY KEY,
  case_id          INTEGER NOT NULL REFERENCES mediation_case (id),
  on_date          TEXT NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('open', 'assign', 'unassign', 'note', 'session',
                   'escalate', 'agree', 'fail', 'follow-up', 'review', 'close', 'reopen', 'extend')),
  status_after     TEXT NOT NULL,
  code             TEXT,     -- method, level reached, agreement kind, referral, follow-up result
  text             TEXT,     -- confidential: note, session record, reason, terms, lessons
  facts            TEXT,     -- agreement: confidential
  issues           TEXT,
  responsibilities TEXT,
  performance      TEXT,     -- agreement: how it is carried out
  due              TEXT,     -- agreement: by when; extension: the new deadline
  satisfaction     INTEGER CHECK (satisfaction BETWEEN 1 AND 5),
  recorded_at      TEXT NOT NULL,
  operator         TEXT NOT NULL
);
CREATE INDEX case_entry_case ON case_entry (case_id);
CREATE TRIGGER case_entry_no_update BEFORE UPDATE ON case_entry
BEGIN SELECT RAISE(ABORT, 'case timeline entries are append-only'); END;
CREATE TRIGGER case_entry_no_delete BEFORE DELETE ON case_entry
BEGIN SELECT RAISE(ABORT, 'case timeline entries are append-only'); END;
