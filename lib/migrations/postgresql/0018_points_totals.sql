-- 0018: running totals of the points ledger, per volunteer and kind (see the SQLite migration of
-- the same number). Amounts in cents; a reversal counts under the kind it reverses. On a server
-- the totals of the entries one statement adds (a verification of thousands of hours) are added
-- up once for the statement, from its new rows.
--
-- held_totals: while it holds a row, the row triggers of the running totals stand aside and
-- the statement that wrote it adds the totals up set-based (see the SQLite migration).
CREATE TABLE held_totals (since text COLLATE "C" NOT NULL PRIMARY KEY);
CREATE TABLE volunteer_points_totals (
  volunteer_id bigint NOT NULL,
  kind         text COLLATE "C" NOT NULL,
  cents        bigint NOT NULL,
  PRIMARY KEY (volunteer_id, kind)
);

INSERT INTO volunteer_points_totals (volunteer_id, kind, cents)
SELECT x.volunteer_id, coalesce(o.kind, x.kind), sum(round(x.amount * 100)::bigint)
FROM points_ledger x LEFT JOIN points_ledger o ON o.id = x.reverses_id AND x.kind = 'reversal'
GROUP BY 1, 2;

CREATE FUNCTION points_ledger_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM held_totals) THEN RETURN NULL; END IF;
  INSERT INTO volunteer_points_totals AS t (volunteer_id, kind, cents)
  SELECT n.volunteer_id, coalesce(o.kind, n.kind), sum(round(n.amount * 100)::bigint)
  FROM added n LEFT JOIN points_ledger o ON o.id = n.reverses_id AND n.kind = 'reversal'
  GROUP BY 1, 2
  ON CONFLICT (volunteer_id, kind) DO UPDATE SET cents = t.cents + excluded.cents;
  RETURN NULL;
END $$;
CREATE TRIGGER points_ledger_totals AFTER INSERT ON points_ledger REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION points_ledger_totals();

CREATE OR REPLACE FUNCTION service_hours_totals_same() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM held_totals) THEN RETURN NULL; END IF;
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
CREATE OR REPLACE FUNCTION service_hours_totals_out() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM held_totals) THEN RETURN NULL; END IF;
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
CREATE OR REPLACE FUNCTION service_hours_totals_in() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM held_totals) THEN RETURN NULL; END IF;
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
CREATE OR REPLACE FUNCTION service_hours_totals_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM held_totals) THEN RETURN NULL; END IF;
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
