-- 0018: running totals of the points ledger, per volunteer and kind, so that `points balance`
-- of every volunteer reads a few rows per volunteer instead of the whole ledger (millions of
-- entries in a district). The kind is the one an entry counts under: a reversal counts under
-- the kind of the entry it reverses (a voided earn, an undone redemption), as the balance table
-- shows it. Amounts are kept in cents, so that the totals are exact and `shequ check` compares
-- them with the ledger by equality. The ledger is append-only (0003, 0013), so one trigger on
-- INSERT keeps them. Derived, like the hours totals (0009): left out of the audit's changesets.
--
-- A statement over thousands of entries (a month's verification) adds up the running totals
-- once, set-based, instead of by these row triggers (each an upsert per table per row: three
-- quarters of such a verification's time). While held_totals holds a row, inside that
-- statement's transaction, the triggers stand aside and the code that wrote the row adds the
-- totals up itself before it deletes it (domain/hours_totals). `shequ check` reports a row left
-- in it, and compares every total with its entries. Its one column is its key, so that undo,
-- which removes the rows of *_totals whose counts are all zero, leaves it alone.
CREATE TABLE held_totals (since TEXT NOT NULL PRIMARY KEY);

CREATE TABLE volunteer_points_totals (
  volunteer_id INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  cents        INTEGER NOT NULL,
  PRIMARY KEY (volunteer_id, kind)
) WITHOUT ROWID;

INSERT INTO volunteer_points_totals (volunteer_id, kind, cents)
SELECT x.volunteer_id, coalesce(o.kind, x.kind), sum(CAST(round(x.amount * 100) AS INTEGER))
FROM points_ledger x LEFT JOIN points_ledger o ON o.id = x.reverses_id AND x.kind = 'reversal'
GROUP BY 1, 2;

CREATE TRIGGER points_ledger_totals AFTER INSERT ON points_ledger
WHEN NOT EXISTS (SELECT 1 FROM held_totals)
BEGIN
  INSERT INTO volunteer_points_totals (volunteer_id, kind, cents)
  VALUES (NEW.volunteer_id,
          coalesce((SELECT o.kind FROM points_ledger o WHERE o.id = NEW.reverses_id AND NEW.kind = 'reversal'), NEW.kind),
          CAST(round(NEW.amount * 100) AS INTEGER))
  ON CONFLICT (volunteer_id, kind) DO UPDATE SET cents = cents + excluded.cents;
END;

DROP TRIGGER service_hours_totals_same;
CREATE TRIGGER service_hours_totals_same AFTER UPDATE OF volunteer_id, date, minutes, project_id, team_id, status
ON service_hours
WHEN NOT EXISTS (SELECT 1 FROM held_totals) AND (OLD.status IN ('verified', 'pending') AND NEW.volunteer_id = OLD.volunteer_id
  AND substr(NEW.date, 1, 7) = substr(OLD.date, 1, 7) AND NEW.project_id IS OLD.project_id AND NEW.team_id IS OLD.team_id)
BEGIN
  UPDATE hours_totals SET
    verified_entries = verified_entries + (NEW.status = 'verified') - (OLD.status = 'verified'),
    verified_minutes = verified_minutes + NEW.minutes * (NEW.status = 'verified') - OLD.minutes * (OLD.status = 'verified'),
    pending_entries = pending_entries + (NEW.status = 'pending') - (OLD.status = 'pending'),
    pending_minutes = pending_minutes + NEW.minutes * (NEW.status = 'pending') - OLD.minutes * (OLD.status = 'pending'),
    volunteers = volunteers + (SELECT (t.verified_entries + (NEW.status = 'verified') - (OLD.status = 'verified') > 0)
                                      - (t.verified_entries > 0) FROM volunteer_hours_totals t
                               WHERE t.period = hours_totals.period AND t.volunteer_id = NEW.volunteer_id)
  WHERE period IN (substr(NEW.date, 1, 4), substr(NEW.date, 1, 7));
  UPDATE volunteer_hours_totals SET
    verified_entries = verified_entries + (NEW.status = 'verified') - (OLD.status = 'verified'),
    verified_minutes = verified_minutes + NEW.minutes * (NEW.status = 'verified') - OLD.minutes * (OLD.status = 'verified'),
    pending_entries = pending_entries + (NEW.status = 'pending') - (OLD.status = 'pending'),
    pending_minutes = pending_minutes + NEW.minutes * (NEW.status = 'pending') - OLD.minutes * (OLD.status = 'pending')
  WHERE period IN ('', substr(NEW.date, 1, 4), substr(NEW.date, 1, 7)) AND volunteer_id = NEW.volunteer_id;
  UPDATE project_hours_totals SET
    verified_entries = verified_entries + (NEW.status = 'verified') - (OLD.status = 'verified'),
    verified_minutes = verified_minutes + NEW.minutes * (NEW.status = 'verified') - OLD.minutes * (OLD.status = 'verified'),
    pending_entries = pending_entries + (NEW.status = 'pending') - (OLD.status = 'pending'),
    pending_minutes = pending_minutes + NEW.minutes * (NEW.status = 'pending') - OLD.minutes * (OLD.status = 'pending')
  WHERE period IN (substr(NEW.date, 1, 4), substr(NEW.date, 1, 7)) AND project_id = coalesce(NEW.project_id, 0)
    AND team_id = coalesce(NEW.team_id, 0) AND volunteer_id = NEW.volunteer_id;
END;

DROP TRIGGER service_hours_totals_out;
CREATE TRIGGER service_hours_totals_out AFTER UPDATE OF volunteer_id, date, minutes, project_id, team_id, status
ON service_hours
WHEN NOT EXISTS (SELECT 1 FROM held_totals) AND (OLD.status IN ('verified', 'pending') AND NOT (NEW.volunteer_id = OLD.volunteer_id
  AND substr(NEW.date, 1, 7) = substr(OLD.date, 1, 7) AND NEW.project_id IS OLD.project_id AND NEW.team_id IS OLD.team_id))
BEGIN
  UPDATE hours_totals SET
    verified_entries = verified_entries - (OLD.status = 'verified'),
    verified_minutes = verified_minutes - OLD.minutes * (OLD.status = 'verified'),
    pending_entries = pending_entries - (OLD.status = 'pending'),
    pending_minutes = pending_minutes - OLD.minutes * (OLD.status = 'pending'),
    volunteers = volunteers - (OLD.status = 'verified' AND (SELECT t.verified_entries FROM volunteer_hours_totals t
                               WHERE t.period = hours_totals.period AND t.volunteer_id = OLD.volunteer_id) = 1)
  WHERE period IN (substr(OLD.date, 1, 4), substr(OLD.date, 1, 7));
  UPDATE volunteer_hours_totals SET
    verified_entries = verified_entries - (OLD.status = 'verified'),
    verified_minutes = verified_minutes - OLD.minutes * (OLD.status = 'verified'),
    pending_entries = pending_entries - (OLD.status = 'pending'),
    pending_minutes = pending_minutes - OLD.minutes * (OLD.status = 'pending')
  WHERE period IN ('', substr(OLD.date, 1, 4), substr(OLD.date, 1, 7)) AND volunteer_id = OLD.volunteer_id;
  UPDATE project_hours_totals SET
    verified_entries = verified_entries - (OLD.status = 'verified'),
    verified_minutes = verified_minutes - OLD.minutes * (OLD.status = 'verified'),
    pending_entries = pending_entries - (OLD.status = 'pending'),
    pending_minutes = pending_minutes - OLD.minutes * (OLD.status = 'pending')
  WHERE period IN (substr(OLD.date, 1, 4), substr(OLD.date, 1, 7)) AND project_id = coalesce(OLD.project_id, 0)
    AND team_id = coalesce(OLD.team_id, 0) AND volunteer_id = OLD.volunteer_id;
END;

DROP TRIGGER service_hours_totals_in;
CREATE TRIGGER service_hours_totals_in AFTER UPDATE OF volunteer_id, date, minutes, project_id, team_id, status
ON service_hours
WHEN NOT EXISTS (SELECT 1 FROM held_totals) AND (NEW.status IN ('verified', 'pending') AND NOT (OLD.status IN ('verified', 'pending') AND NEW.volunteer_id = OLD.volunteer_id
  AND substr(NEW.date, 1, 7) = substr(OLD.date, 1, 7) AND NEW.project_id IS OLD.project_id AND NEW.team_id IS OLD.team_id))
BEGIN
  INSERT INTO hours_totals
  SELECT p.period, NEW.status = 'verified', NEW.minutes * (NEW.status = 'verified'), NEW.status = 'pending',
         NEW.minutes * (NEW.status = 'pending'),
         NEW.status = 'verified' AND coalesce((SELECT t.verified_entries FROM volunteer_hours_totals t
                                               WHERE t.period = p.period AND t.volunteer_id = NEW.volunteer_id), 0) = 0
  FROM (SELECT substr(NEW.date, 1, 4) AS period UNION ALL SELECT substr(NEW.date, 1, 7)) p WHERE true
  ON CONFLICT (period) DO UPDATE SET
    verified_entries = verified_entries + excluded.verified_entries, verified_minutes = verified_minutes + excluded.verified_minutes,
    pending_entries = pending_entries + excluded.pending_entries, pending_minutes = pending_minutes + excluded.pending_minutes,
    volunteers = volunteers + excluded.volunteers;
  INSERT INTO volunteer_hours_totals
  SELECT p.period, NEW.volunteer_id, NEW.status = 'verified', NEW.minutes * (NEW.status = 'verified'), NEW.status = 'pending',
         NEW.minutes * (NEW.status = 'pending')
  FROM (SELECT '' AS period UNION ALL SELECT substr(NEW.date, 1, 4) UNION ALL SELECT substr(NEW.date, 1, 7)) p WHERE true
  ON CONFLICT (period, volunteer_id) DO UPDATE SET
    verified_entries = verified_entries + excluded.verified_entries, verified_minutes = verified_minutes + excluded.verified_minutes,
    pending_entries = pending_entries + excluded.pending_entries, pending_minutes = pending_minutes + excluded.pending_minutes;
  INSERT INTO project_hours_totals
  SELECT p.period, coalesce(NEW.project_id, 0), coalesce(NEW.team_id, 0), NEW.volunteer_id, NEW.status = 'verified',
         NEW.minutes * (NEW.status = 'verified'), NEW.status = 'pending', NEW.minutes * (NEW.status = 'pending')
  FROM (SELECT substr(NEW.date, 1, 4) AS period UNION ALL SELECT substr(NEW.date, 1, 7)) p WHERE true
  ON CONFLICT (period, project_id, team_id, volunteer_id) DO UPDATE SET
    verified_entries = verified_entries + excluded.verified_entries, verified_minutes = verified_minutes + excluded.verified_minutes,
    pending_entries = pending_entries + excluded.pending_entries, pending_minutes = pending_minutes + excluded.pending_minutes;
END;

DROP TRIGGER service_hours_totals_insert;
CREATE TRIGGER service_hours_totals_insert AFTER INSERT ON service_hours
WHEN NOT EXISTS (SELECT 1 FROM held_totals) AND (NEW.status IN ('verified', 'pending'))
BEGIN
  INSERT INTO hours_totals
  SELECT p.period, NEW.status = 'verified', NEW.minutes * (NEW.status = 'verified'), NEW.status = 'pending',
         NEW.minutes * (NEW.status = 'pending'),
         NEW.status = 'verified' AND coalesce((SELECT t.verified_entries FROM volunteer_hours_totals t
                                               WHERE t.period = p.period AND t.volunteer_id = NEW.volunteer_id), 0) = 0
  FROM (SELECT substr(NEW.date, 1, 4) AS period UNION ALL SELECT substr(NEW.date, 1, 7)) p WHERE true
  ON CONFLICT (period) DO UPDATE SET
    verified_entries = verified_entries + excluded.verified_entries, verified_minutes = verified_minutes + excluded.verified_minutes,
    pending_entries = pending_entries + excluded.pending_entries, pending_minutes = pending_minutes + excluded.pending_minutes,
    volunteers = volunteers + excluded.volunteers;
  INSERT INTO volunteer_hours_totals
  SELECT p.period, NEW.volunteer_id, NEW.status = 'verified', NEW.minutes * (NEW.status = 'verified'), NEW.status = 'pending',
         NEW.minutes * (NEW.status = 'pending')
  FROM (SELECT '' AS period UNION ALL SELECT substr(NEW.date, 1, 4) UNION ALL SELECT substr(NEW.date, 1, 7)) p WHERE true
  ON CONFLICT (period, volunteer_id) DO UPDATE SET
    verified_entries = verified_entries + excluded.verified_entries, verified_minutes = verified_minutes + excluded.verified_minutes,
    pending_entries = pending_entries + excluded.pending_entries, pending_minutes = pending_minutes + excluded.pending_minutes;
  INSERT INTO project_hours_totals
  SELECT p.period, coalesce(NEW.project_id, 0), coalesce(NEW.team_id, 0), NEW.volunteer_id, NEW.status = 'verified',
         NEW.minutes * (NEW.status = 'verified'), NEW.status = 'pending', NEW.minutes * (NEW.status = 'pending')
  FROM (SELECT substr(NEW.date, 1, 4) AS period UNION ALL SELECT substr(NEW.date, 1, 7)) p WHERE true
  ON CONFLICT (period, project_id, team_id, volunteer_id) DO UPDATE SET
    verified_entries = verified_entries + excluded.verified_entries, verified_minutes = verified_minutes + excluded.verified_minutes,
    pending_entries = pending_entries + excluded.pending_entries, pending_minutes = pending_minutes + excluded.pending_minutes;
END;
