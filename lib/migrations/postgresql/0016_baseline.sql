-- PostgreSQL baseline: the schema SQLite reaches after lib/migrations/sqlite/0001..0016, for ONE
-- community. It names no schema: it runs with search_path set to the community's schema.
-- Translated as SQLite keeps its types: INTEGER → bigint (never numeric), REAL → double precision,
-- TEXT → text COLLATE "C" (ordered by bytes, as SQLite orders), BLOB → bytea; INTEGER PRIMARY KEY →
-- an identity. Each SQLite trigger is a PL/pgSQL function and a trigger of the same name, raising the
-- same message (SQLSTATE P0001); SQLite's 0/1 truth values are cast (::int), its IS / IS NOT on
-- nullable values are IS [NOT] DISTINCT FROM. Later migrations (0017, …) exist in both folders.

-- What PRAGMA user_version holds on SQLite: the number of the last migration applied (one row).
CREATE TABLE schema_version (
  version bigint NOT NULL CHECK (version >= 16),
  only_row boolean NOT NULL DEFAULT true PRIMARY KEY CHECK (only_row)
);
INSERT INTO schema_version (version) VALUES (16);

-- The SQL functions shequ registers on SQLite (storage/schema.cpp define_functions), where plain SQL
-- can say the same. shequ_today(): the day shequ works on, which the engine sets per connection
-- (SET shequ.today), today's date otherwise. shequ_age(birth_date): whole years on that day, NULL if
-- the date is unknown or not an ISO date.
CREATE FUNCTION shequ_today() RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce(nullif(current_setting('shequ.today', true), ''), to_char(current_date, 'YYYY-MM-DD'))
$$;
CREATE FUNCTION shequ_age(birth_date text) RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN birth_date ~ '^\d{4}-\d{2}-\d{2}$'
              THEN extract(year FROM age(shequ_today()::date, birth_date::date))::bigint END
$$;
-- The year a birth date starts with, 0 if none: SQLite's coalesce(CAST(substr(d, 1, 4) AS INTEGER), 0),
-- which reads the leading digits and never fails (the resident totals count by it).
CREATE FUNCTION shequ_birth_year(birth_date text) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(substring(substr(birth_date, 1, 4) FROM '^[0-9]+')::bigint, 0)
$$;

-- shequ_integer(text): the whole number a text of ASCII digits alone spells, else NULL.
CREATE FUNCTION shequ_integer(t text) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN t ~ '^[0-9]{1,18}$' THEN t::bigint END
$$;
-- SQLite's spellings the domain's SQL shares with PostgreSQL where PostgreSQL lacks the signature:
-- round(real, digits), which PostgreSQL has for numeric only; substr with a bound (bigint) length;
-- date(day, '+N days'), a modifier as SQLite reads it, NULL for a day that is not an ISO date.
CREATE FUNCTION round(x double precision, digits integer) RETURNS double precision LANGUAGE sql IMMUTABLE AS $$
  SELECT pg_catalog.round(x::numeric, digits)::double precision
$$;
CREATE FUNCTION substr(s text, start bigint, len bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT pg_catalog.substr(s, start::integer, len::integer)
$$;
CREATE FUNCTION date(day text, modifier text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN day ~ '^\d{4}-\d{2}-\d{2}$' AND modifier ~ '^[+-]?\d+ days?$'
              THEN to_char(day::date + modifier::interval, 'YYYY-MM-DD') END
$$;

-- SQLite's scalar max(a, b) and min(a, b) of two texts (dates): NULL if either is.
CREATE FUNCTION max(a text, b text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL WHEN a > b THEN a ELSE b END
$$;
CREATE FUNCTION min(a text, b text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL WHEN a < b THEN a ELSE b END
$$;
-- …and of two numbers (points, balances).
CREATE FUNCTION max(a double precision, b double precision) RETURNS double precision LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL WHEN a > b THEN a ELSE b END
$$;
CREATE FUNCTION min(a double precision, b double precision) RETURNS double precision LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL WHEN a < b THEN a ELSE b END
$$;

-- shequ_masked(text): the text as a masked output shows it (records/validate.cpp
-- mask_personal_numbers): a landline 027-84561234 as 027-****1234, an ID number as its six area
-- digits and 12 stars, a mobile number 13812345678 as 138****5678; each only as a whole run of
-- digits. Searches without --reveal match what they show, never the digits a mask hides.
CREATE FUNCTION shequ_masked(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT regexp_replace(regexp_replace(regexp_replace(t,
           '(?<![0-9])(0[0-9]{2,3})-[0-9]{3,4}([0-9]{4})(?![0-9])', '\1-****\2', 'g'),
           '(?<![0-9])([0-9]{6})[0-9]{11}[0-9Xx](?![0-9])', '\1************', 'g'),
           '(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])', '\1****\2', 'g')
$$;

-- Undo data on a server (what SQLite's session extension captures): every table but the audit
-- log's own and schema_version has the row trigger shequ_capture, added by storage/server.cpp
-- after the migrations, so a later migration's table gets it too. While a writer captures
-- (SET LOCAL shequ.capture = 'on'), it keeps each row's old and new values, in the order written,
-- in the connection's temporary table shequ_changes (storage/row_capture.cpp).
-- The rows are numbered by a counter that lives as long as the transaction (shequ.capture_seq),
-- not by a sequence, whose lastval() would hide the id of the insert that fired the trigger.
CREATE FUNCTION shequ_capture() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
  IF current_setting('shequ.capture', true) IS DISTINCT FROM 'on' THEN RETURN NULL; END IF;
  n := coalesce(nullif(current_setting('shequ.capture_seq', true), ''), '0')::bigint + 1;
  PERFORM set_config('shequ.capture_seq', n::text, true);
  INSERT INTO pg_temp.shequ_changes (seq, table_name, op, old_row, new_row)
  VALUES (n, TG_TABLE_NAME, TG_OP, CASE WHEN TG_OP <> 'INSERT' THEN row_to_json(OLD) END,
          CASE WHEN TG_OP <> 'DELETE' THEN row_to_json(NEW) END);
  RETURN NULL;
END $$;
-- Foreign keys are DEFERRABLE so that undo (SET CONSTRAINTS ALL DEFERRED) may restore rows in
-- any order, as SQLite's PRAGMA defer_foreign_keys allows.

CREATE TABLE vocab (
  id     bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  kind   text COLLATE "C" NOT NULL,
  code   text COLLATE "C" NOT NULL,
  zh     text COLLATE "C" NOT NULL,
  en     text COLLATE "C" NOT NULL,
  active bigint NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  sort   bigint NOT NULL DEFAULT 0,
  UNIQUE (kind, code)
);
CREATE TABLE audit (
  id        bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  at        text COLLATE "C" NOT NULL,
  operator  text COLLATE "C" NOT NULL,
  command   text COLLATE "C" NOT NULL,
  action    text COLLATE "C" NOT NULL CHECK (action IN ('change', 'reveal', 'undo', 'forget')),
  entity    text COLLATE "C",
  entity_id bigint,
  summary   text COLLATE "C",
  changeset bytea,
  undoes    bigint REFERENCES audit (id) DEFERRABLE
, today text COLLATE "C");
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_entity ON audit (entity, entity_id);
CREATE TABLE audit_scrub (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY);
CREATE FUNCTION audit_no_edit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM audit_scrub) THEN
    RAISE EXCEPTION 'audit rows are append-only';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER audit_no_edit BEFORE UPDATE OF command, summary, changeset ON audit FOR EACH ROW EXECUTE FUNCTION audit_no_edit();
CREATE FUNCTION audit_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit rows are append-only';
  RETURN OLD;
END $$;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_no_delete();
CREATE TABLE grid (
  id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  code          text COLLATE "C" NOT NULL UNIQUE,
  name          text COLLATE "C" NOT NULL,
  national_code text COLLATE "C" UNIQUE,
  note          text COLLATE "C"
);
CREATE TABLE building (
  id      bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  number  text COLLATE "C" NOT NULL UNIQUE,
  grid_id bigint NOT NULL REFERENCES grid (id) DEFERRABLE,
  units   bigint NOT NULL DEFAULT 1 CHECK (units BETWEEN 1 AND 99),
  floors  bigint NOT NULL DEFAULT 6 CHECK (floors BETWEEN 1 AND 200),
  note    text COLLATE "C"
);
CREATE INDEX building_grid ON building (grid_id);
CREATE TABLE household (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  address     text COLLATE "C" NOT NULL UNIQUE,
  building_id bigint NOT NULL REFERENCES building (id) DEFERRABLE,
  unit        bigint NOT NULL,
  room        text COLLATE "C" NOT NULL,
  phone       text COLLATE "C",
  tags        text COLLATE "C",
  moved_out   text COLLATE "C",
  note        text COLLATE "C"
);
CREATE INDEX household_building ON household (building_id, moved_out);
CREATE TABLE person (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name         text COLLATE "C" NOT NULL,
  gender       text COLLATE "C" CHECK (gender IN ('M', 'F')),
  birth_date   text COLLATE "C",
  phone        text COLLATE "C",
  id_number    text COLLATE "C" UNIQUE,
  household_id bigint REFERENCES household (id) DEFERRABLE,
  residency    text COLLATE "C" NOT NULL DEFAULT 'registered'
               CHECK (residency IN ('registered', 'permanent', 'floating', 'non-resident')),
  tags         text COLLATE "C",
  moved_in     text COLLATE "C",
  moved_out    text COLLATE "C",
  note         text COLLATE "C",
  forgotten_at text COLLATE "C"
);
CREATE INDEX person_household ON person (household_id, moved_out);
CREATE INDEX person_phone ON person (phone);
CREATE TABLE residence (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  person_id    bigint NOT NULL REFERENCES person (id) DEFERRABLE,
  household_id bigint REFERENCES household (id) DEFERRABLE,
  from_date    text COLLATE "C",
  to_date      text COLLATE "C",
  reason       text COLLATE "C"
);
CREATE INDEX residence_person ON residence (person_id);
CREATE TABLE partner (
  id        bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name      text COLLATE "C" NOT NULL UNIQUE,
  type      text COLLATE "C" NOT NULL,                 -- vocab kind partner-type
  contact   text COLLATE "C",                          -- contact person's name
  phone     text COLLATE "C",                          -- contact phone (masked in output)
  since     text COLLATE "C",                          -- partnership since (ISO date)
  resources text COLLATE "C",                          -- what the unit offers
  active    bigint NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  note      text COLLATE "C"
);
CREATE TABLE party_org (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name         text COLLATE "C" NOT NULL UNIQUE,
  level        text COLLATE "C" NOT NULL CHECK (level IN ('committee', 'branch', 'group', 'central-household')),
  parent_id    bigint REFERENCES party_org (id) DEFERRABLE,
  grid_id      bigint REFERENCES grid (id) DEFERRABLE,
  building_id  bigint REFERENCES building (id) DEFERRABLE,
  household_id bigint REFERENCES household (id) DEFERRABLE,
  secretary_id bigint REFERENCES person (id) DEFERRABLE,
  founded      text COLLATE "C",
  note         text COLLATE "C",
  CHECK ((level = 'committee') = (parent_id IS NULL))
);
CREATE INDEX party_org_parent ON party_org (parent_id);
CREATE TABLE party_membership (
  id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  person_id  bigint NOT NULL REFERENCES person (id) DEFERRABLE,
  org_id     bigint NOT NULL REFERENCES party_org (id) DEFERRABLE,
  kind       text COLLATE "C" NOT NULL DEFAULT 'resident'
             CHECK (kind IN ('resident', 'directly-managed', 'partner-unit')),
  partner_id bigint REFERENCES partner (id) DEFERRABLE,
  joined     text COLLATE "C" NOT NULL,
  left_on    text COLLATE "C",
  reason     text COLLATE "C",
  note       text COLLATE "C",
  CHECK ((kind = 'partner-unit') = (partner_id IS NOT NULL)),
  CHECK (left_on IS NULL OR left_on >= joined)
);
CREATE INDEX party_membership_person ON party_membership (person_id);
CREATE INDEX party_membership_org ON party_membership (org_id);
CREATE UNIQUE INDEX party_membership_open ON party_membership (person_id) WHERE left_on IS NULL;
CREATE TABLE grid_role (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  person_id    bigint NOT NULL REFERENCES person (id) DEFERRABLE,
  role         text COLLATE "C" NOT NULL CHECK (role IN ('grid-leader', 'neighbourhood-leader', 'committee-member',
                                             'officer', 'central-household')),
  grid_id      bigint NOT NULL REFERENCES grid (id) DEFERRABLE,
  household_id bigint REFERENCES household (id) DEFERRABLE,   -- central-household: the household
  covers       text COLLATE "C",                                -- neighbourhood-leader: "3,5-1" (normalised)
  from_date    text COLLATE "C" NOT NULL,
  to_date      text COLLATE "C",
  reason       text COLLATE "C",
  note         text COLLATE "C",
  CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE INDEX grid_role_grid ON grid_role (grid_id, role);
CREATE INDEX grid_role_person ON grid_role (person_id);
CREATE TABLE grid_role_scope (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  role_id     bigint NOT NULL REFERENCES grid_role (id) DEFERRABLE,
  building_id bigint NOT NULL REFERENCES building (id) DEFERRABLE,
  unit        bigint
);
CREATE INDEX grid_role_scope_role ON grid_role_scope (role_id);
CREATE INDEX grid_role_scope_building ON grid_role_scope (building_id, unit);
CREATE TABLE volunteer (
  id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  person_id      bigint NOT NULL UNIQUE REFERENCES person (id) DEFERRABLE,
  number         text COLLATE "C" NOT NULL UNIQUE,   -- public volunteer number, never the ID number
  recruited_via  text COLLATE "C" CHECK (recruited_via IN ('grid-survey', 'group-recommendation', 'self-nomination')),
  skills         text COLLATE "C",                   -- comma-separated codes of vocab kind "skill"
  joined         text COLLATE "C" NOT NULL,
  status         text COLLATE "C" NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'left')),
  points_balance double precision NOT NULL DEFAULT 0, -- always the sum of the volunteer's points_ledger rows
  note           text COLLATE "C"
);
CREATE TABLE team (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name        text COLLATE "C" NOT NULL UNIQUE,
  leader_id   bigint REFERENCES volunteer (id) DEFERRABLE,
  founded     text COLLATE "C",
  description text COLLATE "C",
  active      bigint NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  note        text COLLATE "C"
);
CREATE TABLE team_member (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  team_id      bigint NOT NULL REFERENCES team (id) DEFERRABLE,
  volunteer_id bigint NOT NULL REFERENCES volunteer (id) DEFERRABLE,
  role         text COLLATE "C" NOT NULL DEFAULT 'member' CHECK (role IN ('leader', 'deputy', 'member')),
  from_date    text COLLATE "C" NOT NULL,
  to_date      text COLLATE "C",
  note         text COLLATE "C",
  CHECK (to_date IS NULL OR to_date >= from_date)
);
CREATE UNIQUE INDEX team_member_open ON team_member (team_id, volunteer_id) WHERE to_date IS NULL;
CREATE INDEX team_member_volunteer ON team_member (volunteer_id);
CREATE TABLE project (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name        text COLLATE "C" NOT NULL UNIQUE,
  post_type   text COLLATE "C" NOT NULL,             -- vocab kind "post-type"
  team_id     bigint REFERENCES team (id) DEFERRABLE,
  partner_id  bigint REFERENCES partner (id) DEFERRABLE,
  coefficient double precision NOT NULL DEFAULT 1.0 CHECK (coefficient >= 0),
  description text COLLATE "C",
  active      bigint NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  note        text COLLATE "C"
);
CREATE TABLE service_hours (
  id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  volunteer_id  bigint NOT NULL REFERENCES volunteer (id) DEFERRABLE,
  date          text COLLATE "C" NOT NULL,
  start_time    text COLLATE "C",                    -- HH:MM
  end_time      text COLLATE "C",
  minutes       bigint NOT NULL CHECK (minutes > 0),  -- counted service time, rounded to the unit
  activity      text COLLATE "C" NOT NULL,
  place         text COLLATE "C",
  project_id    bigint REFERENCES project (id) DEFERRABLE,
  event_id      bigint,  -- an event (E…); the table comes with 0005
  team_id       bigint REFERENCES team (id) DEFERRABLE,
  served        text COLLATE "C",                    -- who was served
  content       text COLLATE "C",
  recorder      text COLLATE "C" NOT NULL,
  source        text COLLATE "C" NOT NULL DEFAULT 'import' CHECK (source IN ('cli', 'import')),
  external_key  text COLLATE "C" UNIQUE,
  status        text COLLATE "C" NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'verified', 'rejected', 'void')),
  logged_at     text COLLATE "C" NOT NULL,
  decided_at    text COLLATE "C",                    -- verified or rejected
  decided_by    text COLLATE "C",
  reason        text COLLATE "C",                    -- why rejected or voided
  voided_at     text COLLATE "C",
  voided_by     text COLLATE "C",
  note          text COLLATE "C"
);
CREATE INDEX service_hours_volunteer ON service_hours (volunteer_id, date);
CREATE INDEX service_hours_status ON service_hours (status, project_id);
CREATE INDEX service_hours_totals ON service_hours (volunteer_id, status, minutes);
CREATE FUNCTION service_hours_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'service hours are never deleted; reject or void the entry';
  RETURN OLD;
END $$;
CREATE TRIGGER service_hours_no_delete BEFORE DELETE ON service_hours FOR EACH ROW EXECUTE FUNCTION service_hours_no_delete();
CREATE TABLE reward (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name        text COLLATE "C" NOT NULL UNIQUE,
  cost        double precision NOT NULL CHECK (cost > 0),
  stock       bigint CHECK (stock IS NULL OR stock >= 0),  -- NULL: not limited
  partner_id  bigint REFERENCES partner (id) DEFERRABLE,              -- donated by
  active      bigint NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  description text COLLATE "C",
  note        text COLLATE "C"
);
CREATE TABLE redemption (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  volunteer_id bigint NOT NULL REFERENCES volunteer (id) DEFERRABLE,
  reward_id    bigint NOT NULL REFERENCES reward (id) DEFERRABLE,
  quantity     bigint NOT NULL DEFAULT 1 CHECK (quantity > 0),
  points       double precision NOT NULL CHECK (points > 0),
  at           text COLLATE "C" NOT NULL,
  operator     text COLLATE "C" NOT NULL,
  note         text COLLATE "C"
);
CREATE FUNCTION redemption_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'redemptions are final';
  RETURN OLD;
END $$;
CREATE TRIGGER redemption_no_delete BEFORE DELETE ON redemption FOR EACH ROW EXECUTE FUNCTION redemption_no_delete();
CREATE TABLE award (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  kind         text COLLATE "C" NOT NULL,            -- vocab kind "award-kind"
  year         bigint NOT NULL CHECK (year BETWEEN 1900 AND 2200),
  volunteer_id bigint REFERENCES volunteer (id) DEFERRABLE,
  team_id      bigint REFERENCES team (id) DEFERRABLE,
  household_id bigint REFERENCES household (id) DEFERRABLE,
  title        text COLLATE "C",
  bonus_points double precision CHECK (bonus_points IS NULL OR bonus_points > 0),
  granted_on   text COLLATE "C" NOT NULL,
  note         text COLLATE "C", voided_at text COLLATE "C", voided_by text COLLATE "C", void_reason text COLLATE "C",
  CHECK ((volunteer_id IS NOT NULL)::int + (team_id IS NOT NULL)::int + (household_id IS NOT NULL)::int = 1)
);
CREATE TABLE certificate (
  id               bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  number           text COLLATE "C" NOT NULL UNIQUE,
  volunteer_id     bigint NOT NULL REFERENCES volunteer (id) DEFERRABLE,
  period_from      text COLLATE "C",
  period_to        text COLLATE "C",
  minutes          bigint NOT NULL,
  snapshot         text COLLATE "C" NOT NULL,        -- JSON: what the certificate states
  issued_on        text COLLATE "C" NOT NULL,
  issuer           text COLLATE "C" NOT NULL,
  person_in_charge text COLLATE "C",
  handler          text COLLATE "C" NOT NULL,
  contact          text COLLATE "C"
, voided_at text COLLATE "C", voided_by text COLLATE "C", void_reason text COLLATE "C");
CREATE INDEX certificate_volunteer ON certificate (volunteer_id);
CREATE FUNCTION certificate_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'issued certificates are never changed';
  RETURN OLD;
END $$;
CREATE TRIGGER certificate_no_delete BEFORE DELETE ON certificate FOR EACH ROW EXECUTE FUNCTION certificate_no_delete();
CREATE TABLE mediation_case (
  id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  number         text COLLATE "C" NOT NULL UNIQUE,
  year           bigint NOT NULL,
  seq            bigint,                      -- NULL for imported numbers of another shape
  title          text COLLATE "C" NOT NULL,                -- the only free text shown without --reveal
  type           text COLLATE "C" NOT NULL,                -- vocab case-type
  source         text COLLATE "C" NOT NULL DEFAULT 'application',  -- vocab case-source
  grid_id        bigint REFERENCES grid (id) DEFERRABLE,
  mode           text COLLATE "C" NOT NULL DEFAULT 'private'
                 CHECK (mode IN ('private', 'online', 'offline', 'public')),
  level          text COLLATE "C" NOT NULL DEFAULT 'grid' CHECK (level IN ('grid', 'community', 'street')),
  status         text COLLATE "C" NOT NULL DEFAULT 'open'
                 CHECK (status IN ('open', 'mediating', 'agreed', 'failed', 'closed')),
  opened_on      text COLLATE "C" NOT NULL,
  dispute_since  text COLLATE "C",                         -- a feud can predate the case by years
  deadline       text COLLATE "C" NOT NULL,                -- opened_on + cases.deadline_days, or extended
  summary        text COLLATE "C",                         -- confidential
  agreed_on      text COLLATE "C",
  agreement_kind text COLLATE "C" CHECK (agreement_kind IN ('written', 'oral')),
  agreement_terms text COLLATE "C",                        -- confidential
  perform_by     text COLLATE "C",                         -- by when the agreement is carried out
  settled_level  text COLLATE "C" CHECK (settled_level IN ('grid', 'community', 'street')),
  failed_on      text COLLATE "C",
  referral       text COLLATE "C" CHECK (referral IN ('arbitration', 'administrative', 'court')),
  closed_on      text COLLATE "C",
  followup       text COLLATE "C" CHECK (followup IN ('holding', 'broken')),
  followup_on    text COLLATE "C",
  UNIQUE (year, seq)
);
CREATE INDEX mediation_case_grid ON mediation_case (grid_id);
CREATE TABLE case_party (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  case_id      bigint NOT NULL REFERENCES mediation_case (id) DEFERRABLE,
  role         text COLLATE "C" NOT NULL CHECK (role IN ('applicant', 'respondent', 'party')),
  person_id    bigint REFERENCES person (id) DEFERRABLE,
  household_id bigint REFERENCES household (id) DEFERRABLE,
  partner_id   bigint REFERENCES partner (id) DEFERRABLE,
  name         text COLLATE "C",                           -- organisation or unregistered name; partner's name
  is_org       bigint NOT NULL DEFAULT 0 CHECK (is_org IN (0, 1)),
  CHECK ((person_id IS NOT NULL)::int + (household_id IS NOT NULL)::int + (partner_id IS NOT NULL)::int <= 1),
  CHECK (person_id IS NOT NULL OR household_id IS NOT NULL OR name IS NOT NULL)
);
CREATE INDEX case_party_case ON case_party (case_id);
CREATE TABLE case_mediator (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  case_id      bigint NOT NULL REFERENCES mediation_case (id) DEFERRABLE,
  person_id    bigint NOT NULL REFERENCES person (id) DEFERRABLE,
  volunteer_id bigint REFERENCES volunteer (id) DEFERRABLE,  -- when assigned as a volunteer
  role         text COLLATE "C" NOT NULL CHECK (role IN ('lead', 'assist')),
  from_date    text COLLATE "C" NOT NULL,
  to_date      text COLLATE "C"
);
CREATE INDEX case_mediator_case ON case_mediator (case_id);
CREATE INDEX case_mediator_person ON case_mediator (person_id);
CREATE TABLE case_entry (
  id               bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  case_id          bigint NOT NULL REFERENCES mediation_case (id) DEFERRABLE,
  on_date          text COLLATE "C" NOT NULL,
  kind             text COLLATE "C" NOT NULL CHECK (kind IN ('open', 'assign', 'unassign', 'note', 'session',
                   'escalate', 'agree', 'fail', 'follow-up', 'review', 'close', 'reopen', 'extend')),
  status_after     text COLLATE "C" NOT NULL,
  code             text COLLATE "C",     -- method, level reached, agreement kind, referral, follow-up result
  text             text COLLATE "C",     -- confidential: note, session record, reason, terms, lessons
  facts            text COLLATE "C",     -- agreement: confidential
  issues           text COLLATE "C",
  responsibilities text COLLATE "C",
  performance      text COLLATE "C",     -- agreement: how it is carried out
  due              text COLLATE "C",     -- agreement: by when; extension: the new deadline
  satisfaction     bigint CHECK (satisfaction BETWEEN 1 AND 5),
  recorded_at      text COLLATE "C" NOT NULL,
  operator         text COLLATE "C" NOT NULL
);
CREATE INDEX case_entry_case ON case_entry (case_id);
CREATE FUNCTION case_entry_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case timeline entries are append-only';
  RETURN OLD;
END $$;
CREATE TRIGGER case_entry_no_delete BEFORE DELETE ON case_entry FOR EACH ROW EXECUTE FUNCTION case_entry_no_delete();
CREATE TABLE meeting (
  id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  kind          text COLLATE "C" NOT NULL CHECK (kind IN ('council', 'micro-grid-hall')),
  date          text COLLATE "C" NOT NULL,
  grid_id       bigint REFERENCES grid (id) DEFERRABLE,
  place         text COLLATE "C",
  attendees     bigint CHECK (attendees >= 0),
  organisations text COLLATE "C",
  topics        text COLLATE "C",
  decisions     text COLLATE "C",
  note          text COLLATE "C"
, voided_at text COLLATE "C", voided_by text COLLATE "C", void_reason text COLLATE "C");
CREATE INDEX meeting_date ON meeting (date);
CREATE TABLE need (
  id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  title          text COLLATE "C" NOT NULL,
  description    text COLLATE "C",
  category       text COLLATE "C" NOT NULL,
  channel        text COLLATE "C",
  person_id      bigint REFERENCES person (id) DEFERRABLE,
  household_id   bigint REFERENCES household (id) DEFERRABLE,
  grid_id        bigint REFERENCES grid (id) DEFERRABLE,
  meeting_id     bigint REFERENCES meeting (id) DEFERRABLE,
  raised_on      text COLLATE "C" NOT NULL,
  due_on         text COLLATE "C",
  status         text COLLATE "C" NOT NULL DEFAULT 'new'
                 CHECK (status IN ('new', 'accepted', 'in-progress', 'resolved', 'declined')),
  assignee_kind  text COLLATE "C" CHECK (assignee_kind IN ('team', 'project', 'partner')),
  assignee_id    bigint,
  resolution     text COLLATE "C",
  closed_on      text COLLATE "C",
  decline_reason text COLLATE "C",
  satisfaction   bigint CHECK (satisfaction BETWEEN 1 AND 5),
  public         bigint NOT NULL DEFAULT 0 CHECK (public IN (0, 1)),
  note           text COLLATE "C", voided_at text COLLATE "C", voided_by text COLLATE "C", void_reason text COLLATE "C",
  CHECK ((assignee_kind IS NULL) = (assignee_id IS NULL))
);
CREATE INDEX need_status ON need (status, due_on);
CREATE INDEX need_meeting ON need (meeting_id);
CREATE INDEX need_assignee ON need (assignee_kind, assignee_id);
CREATE TABLE need_progress (
  id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  need_id    bigint REFERENCES need (id) DEFERRABLE,
  project_id bigint,
  on_date    text COLLATE "C" NOT NULL,
  percent    bigint NOT NULL CHECK (percent BETWEEN 0 AND 100),
  note       text COLLATE "C",
  operator   text COLLATE "C" NOT NULL,
  CHECK ((need_id IS NULL) <> (project_id IS NULL))
);
CREATE INDEX need_progress_need ON need_progress (need_id);
CREATE INDEX need_progress_project ON need_progress (project_id);
CREATE FUNCTION need_progress_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'progress notes are append-only';
  RETURN OLD;
END $$;
CREATE TRIGGER need_progress_no_delete BEFORE DELETE ON need_progress FOR EACH ROW EXECUTE FUNCTION need_progress_no_delete();
CREATE TABLE programme (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name        text COLLATE "C" NOT NULL UNIQUE,
  started     text COLLATE "C",
  description text COLLATE "C",
  note        text COLLATE "C"
);
CREATE TABLE programme_site (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  programme_id bigint NOT NULL REFERENCES programme (id) DEFERRABLE,
  name         text COLLATE "C" NOT NULL,
  kind         text COLLATE "C" NOT NULL DEFAULT 'station' CHECK (kind IN ('centre', 'station', 'other')),
  grid_id      bigint REFERENCES grid (id) DEFERRABLE,
  place        text COLLATE "C",
  services     text COLLATE "C",
  note         text COLLATE "C",
  UNIQUE (programme_id, name)
);
CREATE TABLE delivery (
  id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  programme_id  bigint NOT NULL REFERENCES programme (id) DEFERRABLE,
  site_id       bigint NOT NULL REFERENCES programme_site (id) DEFERRABLE,
  date          text COLLATE "C" NOT NULL,
  service_type  text COLLATE "C" NOT NULL,
  count         bigint NOT NULL DEFAULT 1 CHECK (count > 0),
  mode          text COLLATE "C" CHECK (mode IN ('dine-in', 'delivered')),
  tier          text COLLATE "C",
  person_id     bigint REFERENCES person (id) DEFERRABLE,
  resident_paid double precision CHECK (resident_paid >= 0),
  subsidy       double precision CHECK (subsidy >= 0),
  note          text COLLATE "C"
, voided_at text COLLATE "C", voided_by text COLLATE "C", void_reason text COLLATE "C");
CREATE INDEX delivery_site_date ON delivery (site_id, date);
CREATE INDEX delivery_date ON delivery (date);
CREATE TABLE event (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  name        text COLLATE "C" NOT NULL,
  kind        text COLLATE "C",
  date        text COLLATE "C" NOT NULL,
  end_date    text COLLATE "C",
  place       text COLLATE "C",
  grid_id     bigint REFERENCES grid (id) DEFERRABLE,
  organisers  text COLLATE "C",   -- canonical "T2,P3": the organiser rows below follow it
  services    text COLLATE "C",
  description text COLLATE "C",
  note        text COLLATE "C",
  UNIQUE (name, date)
);
CREATE INDEX event_date ON event (date);
CREATE TABLE event_organiser (
  id             bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  event_id       bigint NOT NULL REFERENCES event (id) DEFERRABLE,
  organiser_kind text COLLATE "C" NOT NULL CHECK (organiser_kind IN ('team', 'partner')),
  organiser_id   bigint NOT NULL,
  UNIQUE (event_id, organiser_kind, organiser_id)
);
CREATE TABLE event_participant (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  event_id     bigint NOT NULL REFERENCES event (id) DEFERRABLE,
  person_id    bigint REFERENCES person (id) DEFERRABLE,
  service_type text COLLATE "C",
  count        bigint NOT NULL DEFAULT 1 CHECK (count > 0),
  note         text COLLATE "C"
, voided_at text COLLATE "C", voided_by text COLLATE "C", void_reason text COLLATE "C");
CREATE INDEX event_participant_event ON event_participant (event_id);
CREATE TABLE evaluation (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  subject_kind text COLLATE "C" NOT NULL CHECK (subject_kind IN ('project', 'need', 'event', 'team')),
  subject_id   bigint NOT NULL,
  on_date      text COLLATE "C" NOT NULL,
  score        bigint NOT NULL CHECK (score BETWEEN 1 AND 5),
  count        bigint NOT NULL DEFAULT 1 CHECK (count > 0),
  comment      text COLLATE "C"
, voided_at text COLLATE "C", voided_by text COLLATE "C", void_reason text COLLATE "C");
CREATE INDEX evaluation_subject ON evaluation (subject_kind, subject_id);
CREATE INDEX service_hours_report ON service_hours (date, status, project_id, volunteer_id, minutes, team_id);
CREATE INDEX service_hours_stars ON service_hours (status, volunteer_id, date, minutes);
CREATE FUNCTION case_entry_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM audit_scrub) THEN
    RAISE EXCEPTION 'case timeline entries are append-only';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER case_entry_no_update BEFORE UPDATE ON case_entry FOR EACH ROW EXECUTE FUNCTION case_entry_no_update();
CREATE FUNCTION need_progress_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM audit_scrub) THEN
    RAISE EXCEPTION 'progress notes are append-only';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER need_progress_no_update BEFORE UPDATE ON need_progress FOR EACH ROW EXECUTE FUNCTION need_progress_no_update();
CREATE TABLE points_ledger (
  id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  volunteer_id  bigint NOT NULL REFERENCES volunteer (id) DEFERRABLE,
  at            text COLLATE "C" NOT NULL,
  kind          text COLLATE "C" NOT NULL CHECK (kind IN ('earn', 'bonus', 'redeem', 'adjust', 'expire', 'reversal')),
  amount        double precision NOT NULL,
  balance_after double precision NOT NULL,
  reason        text COLLATE "C",
  hours_id      bigint REFERENCES service_hours (id) DEFERRABLE,
  redemption_id bigint REFERENCES redemption (id) DEFERRABLE,
  award_id      bigint REFERENCES award (id) DEFERRABLE,
  reverses_id   bigint REFERENCES points_ledger (id) DEFERRABLE,
  operator      text COLLATE "C" NOT NULL,
  CHECK (kind NOT IN ('earn', 'bonus') OR amount >= 0),
  CHECK (kind NOT IN ('redeem', 'expire') OR amount <= 0)
);
CREATE INDEX points_ledger_volunteer ON points_ledger (volunteer_id, id);
CREATE INDEX points_ledger_hours ON points_ledger (hours_id) WHERE hours_id IS NOT NULL;
CREATE INDEX points_ledger_redemption ON points_ledger (redemption_id) WHERE redemption_id IS NOT NULL;
CREATE UNIQUE INDEX points_ledger_reversed_once ON points_ledger (reverses_id) WHERE reverses_id IS NOT NULL;
CREATE INDEX points_ledger_at ON points_ledger (at, kind, amount, volunteer_id);
CREATE FUNCTION points_ledger_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the points ledger is append-only';
  RETURN OLD;
END $$;
CREATE TRIGGER points_ledger_no_delete BEFORE DELETE ON points_ledger FOR EACH ROW EXECUTE FUNCTION points_ledger_no_delete();
CREATE FUNCTION points_ledger_reversal_mirrors() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.kind = 'reversal' AND NOT EXISTS (
    SELECT 1 FROM points_ledger o WHERE o.id = NEW.reverses_id AND o.kind <> 'reversal'
    AND o.volunteer_id = NEW.volunteer_id AND o.amount = -NEW.amount) THEN
    RAISE EXCEPTION 'a reversal must mirror the entry it reverses (same volunteer, opposite amount)';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER points_ledger_reversal_mirrors BEFORE INSERT ON points_ledger FOR EACH ROW EXECUTE FUNCTION points_ledger_reversal_mirrors();
CREATE FUNCTION points_ledger_earn_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.kind = 'earn' AND EXISTS (
    SELECT 1 FROM points_ledger e WHERE e.hours_id = NEW.hours_id AND e.kind = 'earn'
    AND NOT EXISTS (SELECT 1 FROM points_ledger r WHERE r.reverses_id = e.id)) THEN
    RAISE EXCEPTION 'these hours have already earned points';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER points_ledger_earn_once BEFORE INSERT ON points_ledger FOR EACH ROW EXECUTE FUNCTION points_ledger_earn_once();
CREATE FUNCTION service_hours_decided() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'pending' AND NOT EXISTS (SELECT 1 FROM audit_scrub) AND NOT (
    NEW.volunteer_id = OLD.volunteer_id AND NEW.minutes = OLD.minutes AND NEW.date = OLD.date
    AND NEW.project_id IS NOT DISTINCT FROM OLD.project_id AND (
      (OLD.status = 'verified' AND NEW.status = 'void')
      OR (OLD.status = 'verified' AND NEW.status = 'pending' AND NEW.decided_at IS NULL AND NOT EXISTS (
        SELECT 1 FROM points_ledger e WHERE e.hours_id = OLD.id AND e.kind = 'earn'
        AND NOT EXISTS (SELECT 1 FROM points_ledger r WHERE r.reverses_id = e.id)))
      OR (OLD.status = 'void' AND NEW.status = 'verified' AND NEW.voided_at IS NULL AND EXISTS (
        SELECT 1 FROM points_ledger e WHERE e.hours_id = OLD.id AND e.kind = 'earn'
        AND NOT EXISTS (SELECT 1 FROM points_ledger r WHERE r.reverses_id = e.id)))
      OR (OLD.status = 'rejected' AND NEW.status = 'pending' AND NEW.decided_at IS NULL AND NEW.reason IS NULL))) THEN
    RAISE EXCEPTION 'a verified, rejected or voided service entry cannot be changed';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER service_hours_decided BEFORE UPDATE ON service_hours FOR EACH ROW EXECUTE FUNCTION service_hours_decided();
CREATE TABLE hours_totals (
  period           text COLLATE "C" NOT NULL PRIMARY KEY,
  verified_entries bigint NOT NULL,
  verified_minutes bigint NOT NULL,
  pending_entries  bigint NOT NULL,
  pending_minutes  bigint NOT NULL,
  volunteers       bigint NOT NULL
);
CREATE TABLE volunteer_hours_totals (
  period           text COLLATE "C" NOT NULL,
  volunteer_id     bigint NOT NULL,
  verified_entries bigint NOT NULL,
  verified_minutes bigint NOT NULL,
  pending_entries  bigint NOT NULL,
  pending_minutes  bigint NOT NULL,
  PRIMARY KEY (period, volunteer_id)
);
CREATE TABLE project_hours_totals (
  period           text COLLATE "C" NOT NULL,
  project_id       bigint NOT NULL,
  team_id          bigint NOT NULL,
  volunteer_id     bigint NOT NULL,
  verified_entries bigint NOT NULL,
  verified_minutes bigint NOT NULL,
  pending_entries  bigint NOT NULL,
  pending_minutes  bigint NOT NULL,
  PRIMARY KEY (period, project_id, team_id, volunteer_id)
);
CREATE INDEX service_hours_pending ON service_hours (project_id, date, volunteer_id, minutes, status) WHERE status = 'pending';
CREATE FUNCTION service_hours_totals_same() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status IN ('verified', 'pending') AND NEW.volunteer_id = OLD.volunteer_id
    AND substr(NEW.date, 1, 7) = substr(OLD.date, 1, 7) AND NEW.project_id IS NOT DISTINCT FROM OLD.project_id AND NEW.team_id IS NOT DISTINCT FROM OLD.team_id THEN
    UPDATE hours_totals SET
      verified_entries = verified_entries + (NEW.status = 'verified')::int - (OLD.status = 'verified')::int,
      verified_minutes = verified_minutes + NEW.minutes * (NEW.status = 'verified')::int - OLD.minutes * (OLD.status = 'verified')::int,
      pending_entries = pending_entries + (NEW.status = 'pending')::int - (OLD.status = 'pending')::int,
      pending_minutes = pending_minutes + NEW.minutes * (NEW.status = 'pending')::int - OLD.minutes * (OLD.status = 'pending')::int,
      volunteers = volunteers + (SELECT (t.verified_entries + (NEW.status = 'verified')::int - (OLD.status = 'verified')::int > 0)::int
                                        - (t.verified_entries > 0)::int FROM volunteer_hours_totals t
                                 WHERE t.period = hours_totals.period AND t.volunteer_id = NEW.volunteer_id)
    WHERE period IN (substr(NEW.date, 1, 4), substr(NEW.date, 1, 7));
    UPDATE volunteer_hours_totals SET
      verified_entries = verified_entries + (NEW.status = 'verified')::int - (OLD.status = 'verified')::int,
      verified_minutes = verified_minutes + NEW.minutes * (NEW.status = 'verified')::int - OLD.minutes * (OLD.status = 'verified')::int,
      pending_entries = pending_entries + (NEW.status = 'pending')::int - (OLD.status = 'pending')::int,
      pending_minutes = pending_minutes + NEW.minutes * (NEW.status = 'pending')::int - OLD.minutes * (OLD.status = 'pending')::int
    WHERE period IN ('', substr(NEW.date, 1, 4), substr(NEW.date, 1, 7)) AND volunteer_id = NEW.volunteer_id;
    UPDATE project_hours_totals SET
      verified_entries = verified_entries + (NEW.status = 'verified')::int - (OLD.status = 'verified')::int,
      verified_minutes = verified_minutes + NEW.minutes * (NEW.status = 'verified')::int - OLD.minutes * (OLD.status = 'verified')::int,
      pending_entries = pending_entries + (NEW.status = 'pending')::int - (OLD.status = 'pending')::int,
      pending_minutes = pending_minutes + NEW.minutes * (NEW.status = 'pending')::int - OLD.minutes * (OLD.status = 'pending')::int
    WHERE period IN (substr(NEW.date, 1, 4), substr(NEW.date, 1, 7)) AND project_id = coalesce(NEW.project_id, 0)
      AND team_id = coalesce(NEW.team_id, 0) AND volunteer_id = NEW.volunteer_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER service_hours_totals_same AFTER UPDATE OF volunteer_id, date, minutes, project_id, team_id, status ON service_hours FOR EACH ROW EXECUTE FUNCTION service_hours_totals_same();
CREATE FUNCTION service_hours_totals_out() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status IN ('verified', 'pending') AND NOT (NEW.volunteer_id = OLD.volunteer_id
    AND substr(NEW.date, 1, 7) = substr(OLD.date, 1, 7) AND NEW.project_id IS NOT DISTINCT FROM OLD.project_id AND NEW.team_id IS NOT DISTINCT FROM OLD.team_id) THEN
    UPDATE hours_totals SET
      verified_entries = verified_entries - (OLD.status = 'verified')::int,
      verified_minutes = verified_minutes - OLD.minutes * (OLD.status = 'verified')::int,
      pending_entries = pending_entries - (OLD.status = 'pending')::int,
      pending_minutes = pending_minutes - OLD.minutes * (OLD.status = 'pending')::int,
      volunteers = volunteers - (OLD.status = 'verified' AND (SELECT t.verified_entries FROM volunteer_hours_totals t
                                 WHERE t.period = hours_totals.period AND t.volunteer_id = OLD.volunteer_id) = 1)::int
    WHERE period IN (substr(OLD.date, 1, 4), substr(OLD.date, 1, 7));
    UPDATE volunteer_hours_totals SET
      verified_entries = verified_entries - (OLD.status = 'verified')::int,
      verified_minutes = verified_minutes - OLD.minutes * (OLD.status = 'verified')::int,
      pending_entries = pending_entries - (OLD.status = 'pending')::int,
      pending_minutes = pending_minutes - OLD.minutes * (OLD.status = 'pending')::int
    WHERE period IN ('', substr(OLD.date, 1, 4), substr(OLD.date, 1, 7)) AND volunteer_id = OLD.volunteer_id;
    UPDATE project_hours_totals SET
      verified_entries = verified_entries - (OLD.status = 'verified')::int,
      verified_minutes = verified_minutes - OLD.minutes * (OLD.status = 'verified')::int,
      pending_entries = pending_entries - (OLD.status = 'pending')::int,
      pending_minutes = pending_minutes - OLD.minutes * (OLD.status = 'pending')::int
    WHERE period IN (substr(OLD.date, 1, 4), substr(OLD.date, 1, 7)) AND project_id = coalesce(OLD.project_id, 0)
      AND team_id = coalesce(OLD.team_id, 0) AND volunteer_id = OLD.volunteer_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER service_hours_totals_out AFTER UPDATE OF volunteer_id, date, minutes, project_id, team_id, status ON service_hours FOR EACH ROW EXECUTE FUNCTION service_hours_totals_out();
CREATE FUNCTION service_hours_totals_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status IN ('verified', 'pending') THEN
    UPDATE hours_totals SET
      verified_entries = verified_entries - (OLD.status = 'verified')::int,
      verified_minutes = verified_minutes - OLD.minutes * (OLD.status = 'verified')::int,
      pending_entries = pending_entries - (OLD.status = 'pending')::int,
      pending_minutes = pending_minutes - OLD.minutes * (OLD.status = 'pending')::int,
      volunteers = volunteers - (OLD.status = 'verified' AND (SELECT t.verified_entries FROM volunteer_hours_totals t
                                 WHERE t.period = hours_totals.period AND t.volunteer_id = OLD.volunteer_id) = 1)::int
    WHERE period IN (substr(OLD.date, 1, 4), substr(OLD.date, 1, 7));
    UPDATE volunteer_hours_totals SET
      verified_entries = verified_entries - (OLD.status = 'verified')::int,
      verified_minutes = verified_minutes - OLD.minutes * (OLD.status = 'verified')::int,
      pending_entries = pending_entries - (OLD.status = 'pending')::int,
      pending_minutes = pending_minutes - OLD.minutes * (OLD.status = 'pending')::int
    WHERE period IN ('', substr(OLD.date, 1, 4), substr(OLD.date, 1, 7)) AND volunteer_id = OLD.volunteer_id;
    UPDATE project_hours_totals SET
      verified_entries = verified_entries - (OLD.status = 'verified')::int,
      verified_minutes = verified_minutes - OLD.minutes * (OLD.status = 'verified')::int,
      pending_entries = pending_entries - (OLD.status = 'pending')::int,
      pending_minutes = pending_minutes - OLD.minutes * (OLD.status = 'pending')::int
    WHERE period IN (substr(OLD.date, 1, 4), substr(OLD.date, 1, 7)) AND project_id = coalesce(OLD.project_id, 0)
      AND team_id = coalesce(OLD.team_id, 0) AND volunteer_id = OLD.volunteer_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER service_hours_totals_delete AFTER DELETE ON service_hours FOR EACH ROW EXECUTE FUNCTION service_hours_totals_delete();
CREATE FUNCTION service_hours_totals_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IN ('verified', 'pending') THEN
    INSERT INTO hours_totals
    SELECT p.period, (NEW.status = 'verified')::int, NEW.minutes * (NEW.status = 'verified')::int, (NEW.status = 'pending')::int,
           NEW.minutes * (NEW.status = 'pending')::int,
           (NEW.status = 'verified' AND coalesce((SELECT t.verified_entries FROM volunteer_hours_totals t
                                                 WHERE t.period = p.period AND t.volunteer_id = NEW.volunteer_id), 0) = 0)::int
    FROM (SELECT substr(NEW.date, 1, 4) AS period UNION ALL SELECT substr(NEW.date, 1, 7)) p WHERE true
    ON CONFLICT (period) DO UPDATE SET
      verified_entries = hours_totals.verified_entries + excluded.verified_entries, verified_minutes = hours_totals.verified_minutes + excluded.verified_minutes,
      pending_entries = hours_totals.pending_entries + excluded.pending_entries, pending_minutes = hours_totals.pending_minutes + excluded.pending_minutes,
      volunteers = hours_totals.volunteers + excluded.volunteers;
    INSERT INTO volunteer_hours_totals
    SELECT p.period, NEW.volunteer_id, (NEW.status = 'verified')::int, NEW.minutes * (NEW.status = 'verified')::int, (NEW.status = 'pending')::int,
           NEW.minutes * (NEW.status = 'pending')::int
    FROM (SELECT '' AS period UNION ALL SELECT substr(NEW.date, 1, 4) UNION ALL SELECT substr(NEW.date, 1, 7)) p WHERE true
    ON CONFLICT (period, volunteer_id) DO UPDATE SET
      verified_entries = volunteer_hours_totals.verified_entries + excluded.verified_entries, verified_minutes = volunteer_hours_totals.verified_minutes + excluded.verified_minutes,
      pending_entries = volunteer_hours_totals.pending_entries + excluded.pending_entries, pending_minutes = volunteer_hours_totals.pending_minutes + excluded.pending_minutes;
    INSERT INTO project_hours_totals
    SELECT p.period, coalesce(NEW.project_id, 0), coalesce(NEW.team_id, 0), NEW.volunteer_id, (NEW.status = 'verified')::int,
           NEW.minutes * (NEW.status = 'verified')::int, (NEW.status = 'pending')::int, NEW.minutes * (NEW.status = 'pending')::int
    FROM (SELECT substr(NEW.date, 1, 4) AS period UNION ALL SELECT substr(NEW.date, 1, 7)) p WHERE true
    ON CONFLICT (period, project_id, team_id, volunteer_id) DO UPDATE SET
      verified_entries = project_hours_totals.verified_entries + excluded.verified_entries, verified_minutes = project_hours_totals.verified_minutes + excluded.verified_minutes,
      pending_entries = project_hours_totals.pending_entries + excluded.pending_entries, pending_minutes = project_hours_totals.pending_minutes + excluded.pending_minutes;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER service_hours_totals_insert AFTER INSERT ON service_hours FOR EACH ROW EXECUTE FUNCTION service_hours_totals_insert();
CREATE FUNCTION service_hours_totals_in() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IN ('verified', 'pending') AND NOT (OLD.status IN ('verified', 'pending') AND NEW.volunteer_id = OLD.volunteer_id
    AND substr(NEW.date, 1, 7) = substr(OLD.date, 1, 7) AND NEW.project_id IS NOT DISTINCT FROM OLD.project_id AND NEW.team_id IS NOT DISTINCT FROM OLD.team_id) THEN
    INSERT INTO hours_totals
    SELECT p.period, (NEW.status = 'verified')::int, NEW.minutes * (NEW.status = 'verified')::int, (NEW.status = 'pending')::int,
           NEW.minutes * (NEW.status = 'pending')::int,
           (NEW.status = 'verified' AND coalesce((SELECT t.verified_entries FROM volunteer_hours_totals t
                                                 WHERE t.period = p.period AND t.volunteer_id = NEW.volunteer_id), 0) = 0)::int
    FROM (SELECT substr(NEW.date, 1, 4) AS period UNION ALL SELECT substr(NEW.date, 1, 7)) p WHERE true
    ON CONFLICT (period) DO UPDATE SET
      verified_entries = hours_totals.verified_entries + excluded.verified_entries, verified_minutes = hours_totals.verified_minutes + excluded.verified_minutes,
      pending_entries = hours_totals.pending_entries + excluded.pending_entries, pending_minutes = hours_totals.pending_minutes + excluded.pending_minutes,
      volunteers = hours_totals.volunteers + excluded.volunteers;
    INSERT INTO volunteer_hours_totals
    SELECT p.period, NEW.volunteer_id, (NEW.status = 'verified')::int, NEW.minutes * (NEW.status = 'verified')::int, (NEW.status = 'pending')::int,
           NEW.minutes * (NEW.status = 'pending')::int
    FROM (SELECT '' AS period UNION ALL SELECT substr(NEW.date, 1, 4) UNION ALL SELECT substr(NEW.date, 1, 7)) p WHERE true
    ON CONFLICT (period, volunteer_id) DO UPDATE SET
      verified_entries = volunteer_hours_totals.verified_entries + excluded.verified_entries, verified_minutes = volunteer_hours_totals.verified_minutes + excluded.verified_minutes,
      pending_entries = volunteer_hours_totals.pending_entries + excluded.pending_entries, pending_minutes = volunteer_hours_totals.pending_minutes + excluded.pending_minutes;
    INSERT INTO project_hours_totals
    SELECT p.period, coalesce(NEW.project_id, 0), coalesce(NEW.team_id, 0), NEW.volunteer_id, (NEW.status = 'verified')::int,
           NEW.minutes * (NEW.status = 'verified')::int, (NEW.status = 'pending')::int, NEW.minutes * (NEW.status = 'pending')::int
    FROM (SELECT substr(NEW.date, 1, 4) AS period UNION ALL SELECT substr(NEW.date, 1, 7)) p WHERE true
    ON CONFLICT (period, project_id, team_id, volunteer_id) DO UPDATE SET
      verified_entries = project_hours_totals.verified_entries + excluded.verified_entries, verified_minutes = project_hours_totals.verified_minutes + excluded.verified_minutes,
      pending_entries = project_hours_totals.pending_entries + excluded.pending_entries, pending_minutes = project_hours_totals.pending_minutes + excluded.pending_minutes;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER service_hours_totals_in AFTER UPDATE OF volunteer_id, date, minutes, project_id, team_id, status ON service_hours FOR EACH ROW EXECUTE FUNCTION service_hours_totals_in();
CREATE TABLE grid_resident_totals (
  grid_id   bigint NOT NULL,
  born      bigint NOT NULL,  -- year of birth; 0 if unknown
  residents bigint NOT NULL,
  floating  bigint NOT NULL,
  PRIMARY KEY (grid_id, born)
);
CREATE INDEX person_born ON person (birth_date, household_id) WHERE moved_out IS NULL AND household_id IS NOT NULL;
CREATE FUNCTION person_grid_totals_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.moved_out IS NULL AND NEW.household_id IS NOT NULL THEN
    INSERT INTO grid_resident_totals
    SELECT b.grid_id, shequ_birth_year(NEW.birth_date), 1, (NEW.residency = 'floating')::int
    FROM household h JOIN building b ON b.id = h.building_id WHERE h.id = NEW.household_id
    ON CONFLICT (grid_id, born) DO UPDATE SET residents = grid_resident_totals.residents + 1, floating = grid_resident_totals.floating + excluded.floating;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER person_grid_totals_insert AFTER INSERT ON person FOR EACH ROW EXECUTE FUNCTION person_grid_totals_insert();
CREATE FUNCTION person_grid_totals_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.moved_out IS NULL AND OLD.household_id IS NOT NULL THEN
    UPDATE grid_resident_totals SET residents = residents - 1, floating = floating - (OLD.residency = 'floating')::int
    WHERE born = shequ_birth_year(OLD.birth_date)
      AND grid_id = (SELECT b.grid_id FROM household h JOIN building b ON b.id = h.building_id WHERE h.id = OLD.household_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER person_grid_totals_delete AFTER DELETE ON person FOR EACH ROW EXECUTE FUNCTION person_grid_totals_delete();
CREATE FUNCTION person_grid_totals_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (OLD.moved_out IS NULL AND OLD.household_id IS NOT NULL) OR (NEW.moved_out IS NULL AND NEW.household_id IS NOT NULL) THEN
    UPDATE grid_resident_totals SET residents = residents - 1, floating = floating - (OLD.residency = 'floating')::int
    WHERE OLD.moved_out IS NULL AND born = shequ_birth_year(OLD.birth_date)
      AND grid_id = (SELECT b.grid_id FROM household h JOIN building b ON b.id = h.building_id WHERE h.id = OLD.household_id);
    INSERT INTO grid_resident_totals
    SELECT b.grid_id, shequ_birth_year(NEW.birth_date), 1, (NEW.residency = 'floating')::int
    FROM household h JOIN building b ON b.id = h.building_id WHERE h.id = NEW.household_id AND NEW.moved_out IS NULL
    ON CONFLICT (grid_id, born) DO UPDATE SET residents = grid_resident_totals.residents + 1, floating = grid_resident_totals.floating + excluded.floating;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER person_grid_totals_update AFTER UPDATE OF household_id, moved_out, residency, birth_date ON person FOR EACH ROW EXECUTE FUNCTION person_grid_totals_update();
CREATE FUNCTION household_grid_totals_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO grid_resident_totals
  SELECT b.grid_id, shequ_birth_year(p.birth_date) AS y, count(*),
         count(CASE WHEN p.residency = 'floating' THEN 1 END)
  FROM building b JOIN person p ON p.household_id = NEW.id AND p.moved_out IS NULL WHERE b.id = NEW.building_id GROUP BY 1, y
  ON CONFLICT (grid_id, born) DO UPDATE SET residents = grid_resident_totals.residents + excluded.residents, floating = grid_resident_totals.floating + excluded.floating;
  RETURN NULL;
END $$;
CREATE TRIGGER household_grid_totals_insert AFTER INSERT ON household FOR EACH ROW EXECUTE FUNCTION household_grid_totals_insert();
CREATE FUNCTION household_grid_totals_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO grid_resident_totals
  SELECT b.grid_id, shequ_birth_year(p.birth_date) AS y, -count(*),
         -count(CASE WHEN p.residency = 'floating' THEN 1 END)
  FROM building b JOIN person p ON p.household_id = OLD.id AND p.moved_out IS NULL WHERE b.id = OLD.building_id GROUP BY 1, y
  ON CONFLICT (grid_id, born) DO UPDATE SET residents = grid_resident_totals.residents + excluded.residents, floating = grid_resident_totals.floating + excluded.floating;
  RETURN NULL;
END $$;
CREATE TRIGGER household_grid_totals_delete AFTER DELETE ON household FOR EACH ROW EXECUTE FUNCTION household_grid_totals_delete();
CREATE FUNCTION household_grid_totals_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.building_id IS DISTINCT FROM NEW.building_id THEN
    INSERT INTO grid_resident_totals
    SELECT b.grid_id, shequ_birth_year(p.birth_date) AS y, -count(*),
           -count(CASE WHEN p.residency = 'floating' THEN 1 END)
    FROM building b JOIN person p ON p.household_id = OLD.id AND p.moved_out IS NULL WHERE b.id = OLD.building_id GROUP BY 1, y
    ON CONFLICT (grid_id, born) DO UPDATE SET residents = grid_resident_totals.residents + excluded.residents, floating = grid_resident_totals.floating + excluded.floating;
    INSERT INTO grid_resident_totals
    SELECT b.grid_id, shequ_birth_year(p.birth_date) AS y, count(*),
           count(CASE WHEN p.residency = 'floating' THEN 1 END)
    FROM building b JOIN person p ON p.household_id = NEW.id AND p.moved_out IS NULL WHERE b.id = NEW.building_id GROUP BY 1, y
    ON CONFLICT (grid_id, born) DO UPDATE SET residents = grid_resident_totals.residents + excluded.residents, floating = grid_resident_totals.floating + excluded.floating;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER household_grid_totals_move AFTER UPDATE OF building_id ON household FOR EACH ROW EXECUTE FUNCTION household_grid_totals_move();
CREATE FUNCTION building_grid_totals_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO grid_resident_totals
  SELECT NEW.grid_id, shequ_birth_year(p.birth_date) AS y, count(*),
         count(CASE WHEN p.residency = 'floating' THEN 1 END)
  FROM household h JOIN person p ON p.household_id = h.id AND p.moved_out IS NULL WHERE h.building_id = NEW.id GROUP BY 1, y
  ON CONFLICT (grid_id, born) DO UPDATE SET residents = grid_resident_totals.residents + excluded.residents, floating = grid_resident_totals.floating + excluded.floating;
  RETURN NULL;
END $$;
CREATE TRIGGER building_grid_totals_insert AFTER INSERT ON building FOR EACH ROW EXECUTE FUNCTION building_grid_totals_insert();
CREATE FUNCTION building_grid_totals_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO grid_resident_totals
  SELECT OLD.grid_id, shequ_birth_year(p.birth_date) AS y, -count(*),
         -count(CASE WHEN p.residency = 'floating' THEN 1 END)
  FROM household h JOIN person p ON p.household_id = h.id AND p.moved_out IS NULL WHERE h.building_id = OLD.id GROUP BY 1, y
  ON CONFLICT (grid_id, born) DO UPDATE SET residents = grid_resident_totals.residents + excluded.residents, floating = grid_resident_totals.floating + excluded.floating;
  RETURN NULL;
END $$;
CREATE TRIGGER building_grid_totals_delete AFTER DELETE ON building FOR EACH ROW EXECUTE FUNCTION building_grid_totals_delete();
CREATE FUNCTION building_grid_totals_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.grid_id IS DISTINCT FROM NEW.grid_id THEN
    INSERT INTO grid_resident_totals
    SELECT OLD.grid_id, shequ_birth_year(p.birth_date) AS y, -count(*),
           -count(CASE WHEN p.residency = 'floating' THEN 1 END)
    FROM household h JOIN person p ON p.household_id = h.id AND p.moved_out IS NULL WHERE h.building_id = OLD.id GROUP BY 1, y
    ON CONFLICT (grid_id, born) DO UPDATE SET residents = grid_resident_totals.residents + excluded.residents, floating = grid_resident_totals.floating + excluded.floating;
    INSERT INTO grid_resident_totals
    SELECT NEW.grid_id, shequ_birth_year(p.birth_date) AS y, count(*),
           count(CASE WHEN p.residency = 'floating' THEN 1 END)
    FROM household h JOIN person p ON p.household_id = h.id AND p.moved_out IS NULL WHERE h.building_id = NEW.id GROUP BY 1, y
    ON CONFLICT (grid_id, born) DO UPDATE SET residents = grid_resident_totals.residents + excluded.residents, floating = grid_resident_totals.floating + excluded.floating;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER building_grid_totals_move AFTER UPDATE OF grid_id ON building FOR EACH ROW EXECUTE FUNCTION building_grid_totals_move();
CREATE INDEX mediation_case_opened ON mediation_case (opened_on, grid_id);
CREATE INDEX mediation_case_agreed ON mediation_case (agreed_on, grid_id, settled_level, followup_on, opened_on, dispute_since);
CREATE INDEX mediation_case_failed ON mediation_case (failed_on, grid_id, referral);
CREATE INDEX mediation_case_closed ON mediation_case (closed_on, grid_id);
CREATE INDEX mediation_case_followup ON mediation_case (followup_on, grid_id, followup);
CREATE INDEX mediation_case_active ON mediation_case ((coalesce(agreed_on, failed_on, '9999')), opened_on, grid_id);
CREATE INDEX mediation_case_status ON mediation_case (status, level, grid_id);
CREATE INDEX need_raised ON need (raised_on, closed_on, status, due_on, satisfaction, grid_id, category, channel);
CREATE INDEX need_closed ON need (closed_on, status, raised_on, grid_id, category, channel);
CREATE INDEX person_name ON person (name, household_id);
CREATE INDEX volunteer_number_nocase ON volunteer (lower(number));
CREATE FUNCTION audit_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit rows are append-only';
  RETURN NEW;
END $$;
CREATE TRIGGER audit_no_update BEFORE UPDATE OF id, at, operator, action, entity, entity_id, undoes, today ON audit FOR EACH ROW EXECUTE FUNCTION audit_no_update();
CREATE FUNCTION points_ledger_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM audit_scrub) THEN
    RAISE EXCEPTION 'the points ledger is append-only';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER points_ledger_no_update BEFORE UPDATE ON points_ledger FOR EACH ROW EXECUTE FUNCTION points_ledger_no_update();
CREATE FUNCTION redemption_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM audit_scrub) THEN
    RAISE EXCEPTION 'redemptions are final';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER redemption_no_update BEFORE UPDATE ON redemption FOR EACH ROW EXECUTE FUNCTION redemption_no_update();
CREATE INDEX case_entry_kind ON case_entry (kind, on_date, case_id, code);
CREATE FUNCTION certificate_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM audit_scrub) THEN
    RAISE EXCEPTION 'issued certificates are never changed';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER certificate_no_update BEFORE UPDATE OF id, number, volunteer_id, period_from, period_to, minutes, snapshot, issued_on, issuer, person_in_charge, handler, contact ON certificate FOR EACH ROW EXECUTE FUNCTION certificate_no_update();
CREATE TABLE need_rating (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  need_id     bigint NOT NULL REFERENCES need (id) DEFERRABLE,
  on_date     text COLLATE "C" NOT NULL,
  score       bigint NOT NULL CHECK (score BETWEEN 1 AND 5),
  recorded_at text COLLATE "C" NOT NULL,
  operator    text COLLATE "C" NOT NULL
);
CREATE INDEX need_rating_need ON need_rating (need_id, on_date, id);
CREATE INDEX delivery_type_date ON delivery (service_type, date, count, site_id) WHERE voided_at IS NULL;
CREATE TABLE audit_row (
  audit_id   bigint NOT NULL REFERENCES audit (id) DEFERRABLE,
  seq        bigint NOT NULL,
  table_name text COLLATE "C" NOT NULL,
  op         text COLLATE "C" NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
  row_key    text COLLATE "C" NOT NULL,
  old_values text COLLATE "C",
  new_values text COLLATE "C",
  PRIMARY KEY (audit_id, seq)
);
CREATE FUNCTION audit_row_no_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit rows are append-only';
  RETURN NEW;
END $$;
CREATE TRIGGER audit_row_no_update BEFORE UPDATE ON audit_row FOR EACH ROW EXECUTE FUNCTION audit_row_no_update();
CREATE FUNCTION audit_row_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM audit_scrub) THEN
    RAISE EXCEPTION 'audit rows are append-only';
  END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER audit_row_no_delete BEFORE DELETE ON audit_row FOR EACH ROW EXECUTE FUNCTION audit_row_no_delete();
ALTER TABLE service_hours ADD FOREIGN KEY (event_id) REFERENCES event (id) DEFERRABLE;
