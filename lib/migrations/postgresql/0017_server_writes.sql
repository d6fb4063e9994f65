-- 0017, what a write costs on a server.
-- (1) The residents' grid totals of persons added by one statement (an import's COPY of
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

-- (2) The undo data a write is capturing goes to a table of the community's own, not to a
-- temporary table every write made afresh (a catalog write costing more than a one-row
-- command's own work). Only the community's writer, under its writer lock, fills it, and it
-- empties it before its COMMIT (storage/row_capture.cpp): the table is empty between writes.
-- UNLOGGED: what it holds never outlives its transaction, so it needs no WAL.
CREATE UNLOGGED TABLE shequ_changes (seq bigint, table_name text, op text, old_row json, new_row json);
CREATE OR REPLACE FUNCTION shequ_capture() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
  IF current_setting('shequ.capture', true) IS DISTINCT FROM 'on' THEN RETURN NULL; END IF;
  n := coalesce(nullif(current_setting('shequ.capture_seq', true), ''), '0')::bigint + 1;
  PERFORM set_config('shequ.capture_seq', n::text, true);
  INSERT INTO shequ_changes (seq, table_name, op, old_row, new_row)
  VALUES (n, TG_TABLE_NAME, TG_OP, CASE WHEN TG_OP <> 'INSERT' THEN row_to_json(OLD) END,
          CASE WHEN TG_OP <> 'DELETE' THEN row_to_json(NEW) END);
  RETURN NULL;
END $$;
