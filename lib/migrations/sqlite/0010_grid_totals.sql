-- 0010: residents per grid kept by triggers, so that `report grid` and `report summary` read a
-- few thousand rows instead of a million persons joined to their households and buildings; and
-- covering indexes for the case and need figures of a period.
--
-- A resident is a person not moved out with a household; the grid is the household's building's.
-- Counts are kept per grid and year of birth (0: unknown), so "aged 60+" on any day is the sum
-- of the years before the one of the 60th birthday plus that year's persons born on or before
-- the day, read from person_born. Like the service-hour totals (0011) the table is derived: the
-- audit's changesets leave it out (a *_totals table), `shequ check` compares it with the
-- persons, and the triggers below keep it whatever order undo applies a changeset in: a person
-- whose household or building is missing counts nowhere, and a household or building that
-- appears or goes takes its residents with it.

CREATE TABLE grid_resident_totals (
  grid_id   INTEGER NOT NULL,
  born      INTEGER NOT NULL,  -- year of birth; 0 if unknown
  residents INTEGER NOT NULL,
  floating  INTEGER NOT NULL,
  PRIMARY KEY (grid_id, born)
) WITHOUT ROWID;

INSERT INTO grid_resident_totals
SELECT b.grid_id, coalesce(CAST(substr(p.birth_date, 1, 4) AS INTEGER), 0), count(*),
       count(CASE WHEN p.residency = 'floating' THEN 1 END)
FROM person p JOIN household h ON h.id = p.household_id JOIN building b ON b.id = h.building_id
WHERE p.moved_out IS NULL GROUP BY 1, 2;

-- Residents born in the year of the 60th birthday, up to the day (report grid). It replaces
-- person_report (0006), which served only the residents counts the totals now hold: each index
-- on person costs every import.
CREATE INDEX person_born ON person (birth_date, household_id) WHERE moved_out IS NULL AND household_id IS NOT NULL;
DROP INDEX person_report;

-- One person in or out.
CREATE TRIGGER person_grid_totals_insert AFTER INSERT ON person
WHEN NEW.moved_out IS NULL AND NEW.household_id IS NOT NULL
BEGIN
  INSERT INTO grid_resident_totals
  SELECT b.grid_id, coalesce(CAST(substr(NEW.birth_date, 1, 4) AS INTEGER), 0), 1, NEW.residency = 'floating'
  FROM household h JOIN building b ON b.id = h.building_id WHERE h.id = NEW.household_id
  ON CONFLICT (grid_id, born) DO UPDATE SET residents = residents + 1, floating = floating + excluded.floating;
END;
CREATE TRIGGER person_grid_totals_delete AFTER DELETE ON person
WHEN OLD.moved_out IS NULL AND OLD.household_id IS NOT NULL
BEGIN
  UPDATE grid_resident_totals SET residents = residents - 1, floating = floating - (OLD.residency = 'floating')
  WHERE born = coalesce(CAST(substr(OLD.birth_date, 1, 4) AS INTEGER), 0)
    AND grid_id = (SELECT b.grid_id FROM household h JOIN building b ON b.id = h.building_id WHERE h.id = OLD.household_id);
END;
CREATE TRIGGER person_grid_totals_update AFTER UPDATE OF household_id, moved_out, residency, birth_date ON person
WHEN (OLD.moved_out IS NULL AND OLD.household_id IS NOT NULL) OR (NEW.moved_out IS NULL AND NEW.household_id IS NOT NULL)
BEGIN
  UPDATE grid_resident_totals SET residents = residents - 1, floating = floating - (OLD.residency = 'floating')
  WHERE OLD.moved_out IS NULL AND born = coalesce(CAST(substr(OLD.birth_date, 1, 4) AS INTEGER), 0)
    AND grid_id = (SELECT b.grid_id FROM household h JOIN building b ON b.id = h.building_id WHERE h.id = OLD.household_id);
  INSERT INTO grid_resident_totals
  SELECT b.grid_id, coalesce(CAST(substr(NEW.birth_date, 1, 4) AS INTEGER), 0), 1, NEW.residency = 'floating'
  FROM household h JOIN building b ON b.id = h.building_id WHERE h.id = NEW.household_id AND NEW.moved_out IS NULL
  ON CONFLICT (grid_id, born) DO UPDATE SET residents = residents + 1, floating = floating + excluded.floating;
END;

-- A household's residents, counted under a building's grid: added (+1) or taken out (-1).
-- (SQLite has no trigger-local functions; the three household triggers spell it out.)
CREATE TRIGGER household_grid_totals_insert AFTER INSERT ON household
BEGIN
  INSERT INTO grid_resident_totals
  SELECT b.grid_id, coalesce(CAST(substr(p.birth_date, 1, 4) AS INTEGER), 0) AS y, count(*),
         count(CASE WHEN p.residency = 'floating' THEN 1 END)
  FROM building b JOIN person p ON p.household_id = NEW.id AND p.moved_out IS NULL WHERE b.id = NEW.building_id GROUP BY y
  ON CONFLICT (grid_id, born) DO UPDATE SET residents = residents + excluded.residents, floating = floating + excluded.floating;
END;
CREATE TRIGGER household_grid_totals_delete AFTER DELETE ON household
BEGIN
  INSERT INTO grid_resident_totals
  SELECT b.grid_id, coalesce(CAST(substr(p.birth_date, 1, 4) AS INTEGER), 0) AS y, -count(*),
         -count(CASE WHEN p.residency = 'floating' THEN 1 END)
  FROM building b JOIN person p ON p.household_id = OLD.id AND p.moved_out IS NULL WHERE b.id = OLD.building_id GROUP BY y
  ON CONFLICT (grid_id, born) DO UPDATE SET residents = residents + excluded.residents, floating = floating + excluded.floating;
END;
CREATE TRIGGER household_grid_totals_move AFTER UPDATE OF building_id ON household
WHEN OLD.building_id IS NOT NEW.building_id
BEGIN
  INSERT INTO grid_resident_totals
  SELECT b.grid_id, coalesce(CAST(substr(p.birth_date, 1, 4) AS INTEGER), 0) AS y, -count(*),
         -count(CASE WHEN p.residency = 'floating' THEN 1 END)
  FROM building b JOIN person p ON p.household_id = OLD.id AND p.moved_out IS NULL WHERE b.id = OLD.building_id GROUP BY y
  ON CONFLICT (grid_id, born) DO UPDATE SET residents = residents + excluded.residents, floating = floating + excluded.floating;
  INSERT INTO grid_resident_totals
  SELECT b.grid_id, coalesce(CAST(substr(p.birth_date, 1, 4) AS INTEGER), 0) AS y, count(*),
         count(CASE WHEN p.residency = 'floating' THEN 1 END)
  FROM building b JOIN person p ON p.household_id = NEW.id AND p.moved_out IS NULL WHERE b.id = NEW.building_id GROUP BY y
  ON CONFLICT (grid_id, born) DO UPDATE SET residents = residents + excluded.residents, floating = floating + excluded.floating;
END;

-- A building's residents, the same way.
CREATE TRIGGER building_grid_totals_insert AFTER INSERT ON building
BEGIN
  INSERT INTO grid_resident_totals
  SELECT NEW.grid_id, coalesce(CAST(substr(p.birth_date, 1, 4) AS INTEGER), 0) AS y, count(*),
         count(CASE WHEN p.residency = 'floating' THEN 1 END)
  FROM household h JOIN person p ON p.household_id = h.id AND p.moved_out IS NULL WHERE h.building_id = NEW.id GROUP BY y
  ON CONFLICT (grid_id, born) DO UPDATE SET residents = residents + excluded.residents, floating = floating + excluded.floating;
END;
CREATE TRIGGER building_grid_totals_delete AFTER DELETE ON building
BEGIN
  INSERT INTO grid_resident_totals
  SELECT OLD.grid_id, coalesce(CAST(substr(p.birth_date, 1, 4) AS INTEGER), 0) AS y, -count(*),
         -count(CASE WHEN p.residency = 'floating' THEN 1 END)
  FROM household h JOIN person p ON p.household_id = h.id AND p.moved_out IS NULL WHERE h.building_id = OLD.id GROUP BY y
  ON CONFLICT (grid_id, born) DO UPDATE SET residents = residents + excluded.residents, floating = floating + excluded.floating;
END;
CREATE TRIGGER building_grid_totals_move AFTER UPDATE OF grid_id ON building
WHEN OLD.grid_id IS NOT NEW.grid_id
BEGIN
  INSERT INTO grid_resident_totals
  SELECT OLD.grid_id, coalesce(CAST(substr(p.birth_date, 1, 4) AS INTEGER), 0) AS y, -count(*),
         -count(CASE WHEN p.residency = 'floating' THEN 1 END)
  FROM household h JOIN person p ON p.household_id = h.id AND p.moved_out IS NULL WHERE h.building_id = OLD.id GROUP BY y
  ON CONFLICT (grid_id, born) DO UPDATE SET residents = residents + excluded.residents, floating = floating + excluded.floating;
  INSERT INTO grid_resident_totals
  SELECT NEW.grid_id, coalesce(CAST(substr(p.birth_date, 1, 4) AS INTEGER), 0) AS y, count(*),
         count(CASE WHEN p.residency = 'floating' THEN 1 END)
  FROM household h JOIN person p ON p.household_id = h.id AND p.moved_out IS NULL WHERE h.building_id = NEW.id GROUP BY y
  ON CONFLICT (grid_id, born) DO UPDATE SET residents = residents + excluded.residents, floating = floating + excluded.floating;
END;

-- Case figures of a period (lib/case_figures.cpp): each date's index also holds what is counted
-- beside it, so a year's figures read index ranges only, never the cases themselves.
DROP INDEX mediation_case_opened;
CREATE INDEX mediation_case_opened ON mediation_case (opened_on, grid_id);
DROP INDEX mediation_case_agreed;
CREATE INDEX mediation_case_agreed ON mediation_case (agreed_on, grid_id, settled_level, followup_on, opened_on, dispute_since);
DROP INDEX mediation_case_failed;
CREATE INDEX mediation_case_failed ON mediation_case (failed_on, grid_id, referral);
DROP INDEX mediation_case_closed;
CREATE INDEX mediation_case_closed ON mediation_case (closed_on, grid_id);
DROP INDEX mediation_case_followup;
CREATE INDEX mediation_case_followup ON mediation_case (followup_on, grid_id, followup);
-- Cases active at the end of a period: neither agreed nor failed by then.
CREATE INDEX mediation_case_active ON mediation_case (coalesce(agreed_on, failed_on, '9999'), opened_on, grid_id);
-- Open cases per grid (report grid): the status index holds the grid.
DROP INDEX mediation_case_status;
CREATE INDEX mediation_case_status ON mediation_case (status, level, grid_id);

-- Need figures of a period (reports needs, summary, barometer): everything they count or group
-- by, beside the date they range over; a district's needs are then read from the index alone.
DROP INDEX need_raised;
CREATE INDEX need_raised ON need (raised_on, closed_on, status, due_on, satisfaction, grid_id, category, channel);
DROP INDEX need_closed;
CREATE INDEX need_closed ON need (closed_on, status, raised_on, grid_id, category, channel);
