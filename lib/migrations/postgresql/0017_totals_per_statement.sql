-- 0017: the residents' grid totals of persons added by one statement (an import's COPY of
-- thousands) are added up once for the statement, from its new rows, instead of by a row
-- trigger per person (an INSERT … ON CONFLICT each: a third of a large import's time).
-- The totals are the same as the row trigger's; born is never NULL (0 if unknown).
CREATE OR REPLACE FUNCTION person_grid_totals_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO grid_resident_totals AS t (grid_id, born, residents, floating)
  SELECT b.grid_id, shequ_birth_year(n.birth_date), count(*), sum((n.residency = 'floating')::int)
  FROM added n JOIN household h ON h.id = n.household_id JOIN building b ON b.id = h.building_id
  WHERE n.moved_out IS NULL AND n.household_id IS NOT NULL
  GROUP BY 1, 2
  ON CONFLICT (grid_id, born) DO UPDATE SET residents = t.residents + excluded.residents,
                                            floating = t.floating + excluded.floating;
  RETURN NULL;
END $$;
DROP TRIGGER person_grid_totals_insert ON person;
CREATE TRIGGER person_grid_totals_insert AFTER INSERT ON person REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION person_grid_totals_insert();
