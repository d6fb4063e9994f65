-- 0009: running totals of service hours, so that reports over a month or a year read a few
-- thousand rows instead of millions of service entries. Triggers keep them: every change to a
-- service entry takes its old contribution out and puts its new one in, whatever the status
-- transition (undo may set a verified entry back to pending). Periods are 'YYYY' (a year) and
-- 'YYYY-MM' (a month); volunteer totals also have '' (all time) for star levels. Only verified and
-- pending entries count. A project or team left empty is stored as 0. The tables are derived:
-- the audit's changesets leave them out (tables named *_totals) and `shequ check` compares them
-- with the entries. WITHOUT ROWID: the key is the only way they are read or written.

-- The whole community per period; volunteers: how many had a verified entry in it.
CREATE TABLE hours_totals (
  period           TEXT NOT NULL PRIMARY KEY,
  verified_entries INTEGER NOT NULL,
  verified_minutes INTEGER NOT NULL,
  pending_entries  INTEGER NOT NULL,
  pending_minutes  INTEGER NOT NULL,
  volunteers       INTEGER NOT NULL
) WITHOUT ROWID;

-- Per volunteer and period (star levels, hours by volunteer, volunteers who served).
CREATE TABLE volunteer_hours_totals (
  period           TEXT NOT NULL,
  volunteer_id     INTEGER NOT NULL,
  verified_entries INTEGER NOT NULL,
  verified_minutes INTEGER NOT NULL,
  pending_entries  INTEGER NOT NULL,
  pending_minutes  INTEGER NOT NULL,
  PRIMARY KEY (period, volunteer_id)
) WITHOUT ROWID;

-- Per project, the entry's own team and volunteer, and period (hours by project and by team).
CREATE TABLE project_hours_totals (
  period           TEXT NOT NULL,
  project_id       INTEGER NOT NULL,
  team_id          INTEGER NOT NULL,
  volunteer_id     INTEGER NOT NULL,
  verified_entries INTEGER NOT NULL,
  verified_minutes INTEGER NOT NULL,
  pending_entries  INTEGER NOT NULL,
  pending_minutes  INTEGER NOT NULL,
  PRIMARY KEY (period, project_id, team_id, volunteer_id)
) WITHOUT ROWID;

-- Backfill from the entries there are.
CREATE TEMP TABLE hours_backfill AS
SELECT substr(date, 1, 7) AS month, volunteer_id, coalesce(project_id, 0) AS project_id, coalesce(team_id, 0) AS team_id,
       count(CASE WHEN status = 'verified' THEN 1 END) AS ve, sum(CASE WHEN status = 'verified' THEN minutes ELSE 0 END) AS vm,
       count(CASE WHEN status = 'pending' THEN 1 END) AS pe, sum(CASE WHEN status = 'pending' THEN minutes ELSE 0 END) AS pm
FROM service_hours WHERE status IN ('verified', 'pending') GROUP BY 1, 2, 3, 4;
INSERT INTO project_hours_totals
SELECT month, project_id, team_id, volunteer_id, ve, vm, pe, pm FROM hours_backfill
UNION ALL
SELECT substr(month, 1, 4), project_id, team_id, volunteer_id, sum(ve), sum(vm), sum(pe), sum(pm) FROM hours_backfill
GROUP BY substr(month, 1, 4), project_id, team_id, volunteer_id;
INSERT INTO volunteer_hours_totals
SELECT period, volunteer_id, sum(verified_entries), sum(verified_minutes), sum(pending_entries), sum(pending_minutes)
FROM project_hours_totals GROUP BY period, volunteer_id
UNION ALL
SELECT '', volunteer_id, sum(verified_entries), sum(verified_minutes), sum(pending_entries), sum(pending_minutes)
FROM project_hours_totals WHERE length(period) = 4 GROUP BY volunteer_id;
INSERT INTO hours_totals
SELECT period, sum(verified_entries), sum(verified_minutes), sum(pending_entries), sum(pending_minutes),
       count(CASE WHEN verified_entries > 0 THEN 1 END)
FROM volunteer_hours_totals WHERE period <> '' GROUP BY period;
DROP TABLE temp.hours_backfill;

-- Pending entries by project for `report due`, without reading the decided ones.
CREATE INDEX service_hours_pending ON service_hours (project_id, date, volunteer_id, minutes, status) WHERE status = 'pending';

-- A verification, rejection or void (or its undo): the entry stays in the same rows; add the
-- difference. `volunteers` changes when a volunteer's verified entries in the period go from 0 to
-- 1 or back, read from volunteer_hours_totals before it changes.
CREATE TRIGGER service_hours_totals_same AFTER UPDATE OF volunteer_id, date, minutes, project_id, team_id, status
ON service_hours
WHEN OLD.status IN ('verified', 'pending') AND NEW.volunteer_id = OLD.volunteer_id
  AND substr(NEW.date, 1, 7) = substr(OLD.date, 1, 7) AND NEW.project_id IS OLD.project_id AND NEW.team_id IS OLD.team_id
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

-- Taking an entry's contribution out (a deletion, or the old side of any other update).
CREATE TRIGGER service_hours_totals_out AFTER UPDATE OF volunteer_id, date, minutes, project_id, team_id, status
ON service_hours
WHEN OLD.status IN ('verified', 'pending') AND NOT (NEW.volunteer_id = OLD.volunteer_id
  AND substr(NEW.date, 1, 7) = substr(OLD.date, 1, 7) AND NEW.project_id IS OLD.project_id AND NEW.team_id IS OLD.team_id)
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
CREATE TRIGGER service_hours_totals_delete AFTER DELETE ON service_hours
WHEN OLD.status IN ('verified', 'pending')
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

-- Putting an entry's contribution in: an insertion, or the new side of an update that moved it
-- (with service_hours_totals_out, in either order: each keeps `volunteers` right on its own).
CREATE TRIGGER service_hours_totals_insert AFTER INSERT ON service_hours
WHEN NEW.status IN ('verified', 'pending')
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
CREATE TRIGGER service_hours_totals_in AFTER UPDATE OF volunteer_id, date, minutes, project_id, team_id, status
ON service_hours
WHEN NEW.status IN ('verified', 'pending') AND NOT (OLD.status IN ('verified', 'pending') AND NEW.volunteer_id = OLD.volunteer_id
  AND substr(NEW.date, 1, 7) = substr(OLD.date, 1, 7) AND NEW.project_id IS OLD.project_id AND NEW.team_id IS OLD.team_id)
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
