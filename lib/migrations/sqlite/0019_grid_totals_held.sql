-- 0019: the residents' grid totals (0010) held like the hours and points totals (0018): while
-- held_totals holds a row, the person triggers an import fires (insert, update) stand aside and
-- the import adds the totals up once at its end (domain/held_totals). That pays on a server,
-- where --skip-bad makes each row a statement and a savepoint of its own (the same totals row
-- updated again in each, a new row version each time, the next stepping over them all), and in
-- a data file's large import, which drops the held triggers until its end (import.cpp).
-- A person is never deleted by an import: that trigger, and those of households and buildings,
-- still count.

DROP TRIGGER person_grid_totals_insert;
CREATE TRIGGER person_grid_totals_insert AFTER INSERT ON person
WHEN NOT EXISTS (SELECT 1 FROM held_totals) AND (NEW.moved_out IS NULL AND NEW.household_id IS NOT NULL)
BEGIN
  INSERT INTO grid_resident_totals
  SELECT b.grid_id, coalesce(CAST(substr(NEW.birth_date, 1, 4) AS INTEGER), 0), 1, NEW.residency = 'floating'
  FROM household h JOIN building b ON b.id = h.building_id WHERE h.id = NEW.household_id
  ON CONFLICT (grid_id, born) DO UPDATE SET residents = residents + 1, floating = floating + excluded.floating;
END;

DROP TRIGGER person_grid_totals_update;
CREATE TRIGGER person_grid_totals_update AFTER UPDATE OF household_id, moved_out, residency, birth_date ON person
WHEN NOT EXISTS (SELECT 1 FROM held_totals) AND
  ((OLD.moved_out IS NULL AND OLD.household_id IS NOT NULL) OR (NEW.moved_out IS NULL AND NEW.household_id IS NOT NULL))
BEGIN
  UPDATE grid_resident_totals SET residents = residents - 1, floating = floating - (OLD.residency = 'floating')
  WHERE OLD.moved_out IS NULL AND born = coalesce(CAST(substr(OLD.birth_date, 1, 4) AS INTEGER), 0)
    AND grid_id = (SELECT b.grid_id FROM household h JOIN building b ON b.id = h.building_id WHERE h.id = OLD.household_id);
  INSERT INTO grid_resident_totals
  SELECT b.grid_id, coalesce(CAST(substr(NEW.birth_date, 1, 4) AS INTEGER), 0), 1, NEW.residency = 'floating'
  FROM household h JOIN building b ON b.id = h.building_id WHERE h.id = NEW.household_id AND NEW.moved_out IS NULL
  ON CONFLICT (grid_id, born) DO UPDATE SET residents = residents + 1, floating = floating + excluded.floating;
END;
