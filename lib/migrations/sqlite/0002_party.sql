-- 0002: the party-led grid organisation — partner units, the party organisation tree,
-- party memberships with history, and grid roles (1+1+N service teams, 包保) with history.

-- Partner units (共建单位): outside organisations that contribute resources.
CREATE TABLE partner (
  id        INTEGER PRIMARY KEY,
  name      TEXT NOT NULL UNIQUE,
  type      TEXT NOT NULL,                 -- vocab kind partner-type
  contact   TEXT,                          -- contact person's name
  phone     TEXT,                          -- contact phone (masked in output)
  since     TEXT,                          -- partnership since (ISO date)
  resources TEXT,                          -- what the unit offers
  active    INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  note      TEXT
);

-- The four-level tree: committee → grid branch → building group → central household.
-- Each node below the committee is tied to its place (grid, building, household).
CREATE TABLE party_org (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL UNIQUE,
  level        TEXT NOT NULL CHECK (level IN ('committee', 'branch', 'group', 'central-household')),
  parent_id    INTEGER REFERENCES party_org (id),
  grid_id      INTEGER REFERENCES grid (id),
  building_id  INTEGER REFERENCES building (id),
  household_id INTEGER REFERENCES household (id),
  secretary_id INTEGER REFERENCES person (id),
  founded      TEXT,
  note         TEXT,
  CHECK ((level = 'committee') = (parent_id IS NULL))
);
CREATE INDEX party_org_parent ON party_org (parent_id);

-- Party membership: who is enrolled where, of which kind, from when to when. A person has at
-- most one open membership; leaving or transferring closes it, the rows stay as history.
CREATE TABLE party_membership (
  id         INTEGER PRIMARY KEY,
  person_id  INTEGER NOT NULL REFERENCES person (id),
  org_id     INTEGER NOT NULL REFERENCES party_org (id),
  kind       TEXT NOT NULL DEFAULT 'resident'
             CHECK (kind IN ('resident', 'directly-managed', 'partner-unit')),
  partner_id INTEGER REFERENCES partner (id),
  joined     TEXT NOT NULL,
  left_on    TEXT,
  reason     TEXT,
  note       TEXT,
  CHECK ((kind = 'partner-unit') = (partner_id IS NOT NULL)),
  CHECK (left_on IS NULL OR left_on >= joined)
);
CREATE INDEX party_membership_person ON party_membership (person_id);
CREATE INDEX party_membership_org ON party_membership (org_id);
CREATE UNIQUE INDEX party_membership_open ON party_membership (person_id) WHERE left_on IS NULL;

-- Grid roles with history; the period is [from_date, to_date): a role ended on a day is no
-- longer held that day, so a successor can start the same day.
CREATE TABLE grid_role (
  id           INTEGER PRIMARY KEY,
  person_id    INTEGER NOT NULL REFERENCES person (id),
  role         TEXT NOT NULL CHECK (role IN ('grid-leader', 'neighbourhood-leader', 'committee-member',
                                             'officer', 'central-household')),
  grid_id      INTEGER NOT NULL REFERENCES grid (id),
  household_id INTEGER REFERENCES household (id),   -- central-household: the household
  covers       TEXT,                                -- neighbourhood-leader: "3,5-1" (normalised)
  from_date    TEXT NOT NULL,
  to_date      TEXT,
  reason       TEXT,
  note         TEXT,
  CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE INDEX grid_role_grid ON grid_role (grid_id, role);
CREATE INDEX grid_role_person ON grid_role (person_id);

-- What a neighbourhood leader is responsible for (包保): whole buildings (unit NULL) or single
-- units. Derived from grid_role.covers whenever it is written; used by `role coverage`.
CREATE TABLE grid_role_scope (
  id          INTEGER PRIMARY KEY,
  role_id     INTEGER NOT NULL REFERENCES grid_role (id),
  building_id INTEGER NOT NULL REFERENCES building (id),
  unit        INTEGER
);
CREATE INDEX grid_role_scope_role ON grid_role_scope (role_id);
CREATE INDEX grid_role_scope_building ON grid_role_scope (building_id, unit);
