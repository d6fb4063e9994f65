-- 0019: the residents' grid totals held like the hours and points totals (see the SQLite
-- migration of the same number): while held_totals holds a row, the person triggers an import
-- fires (insert, update) stand aside, and the import adds the totals up once at its end. With
-- --skip-bad each row is a statement and a savepoint of its own: the insert trigger updated the
-- same totals row once a row, a new row version each time, which the next had to step over.
CREATE OR REPLACE FUNCTION person_grid_totals_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM held_totals) THEN RETURN NULL; END IF;
  INSERT INTO grid_resident_totals AS t (grid_id, born, residents, floating)
  SELECT b.grid_id, shequ_birth_year(n.birth_date), count(*), sum((n.residency = 'floating')::int)
  FROM added n JOIN household h ON h.id = n.household_id JOIN building b ON b.id = h.building_id
  WHERE n.moved_out IS NULL AND n.household_id IS NOT NULL
  GROUP BY 1, 2
  ON CONFLICT (grid_id, born) DO UPDATE SET residents = t.residents + excluded.residents,
                                            floating = t.floating + excluded.floating;
  RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION person_grid_totals_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM held_totals) THEN RETURN NULL; END IF;
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
