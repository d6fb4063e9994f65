-- 0016: undo data as rows shequ reads itself, not as an engine's changeset: one audit_row per
-- row a change touched (net effect per row), its key, and its values before and after as JSON
-- objects by column name (an update holds the changed columns). Older files' changesets are
-- converted when they migrate (schema.cpp), so audit.changeset is left empty from now on.
-- Append-only like the audit log; `person forget` drops rows by the audit_scrub door.
CREATE TABLE audit_row (
  audit_id   INTEGER NOT NULL REFERENCES audit (id),
  seq        INTEGER NOT NULL,
  table_name TEXT NOT NULL,
  op         TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
  row_key    TEXT NOT NULL,
  old_values TEXT,
  new_values TEXT,
  PRIMARY KEY (audit_id, seq)
) WITHOUT ROWID;
CREATE TRIGGER audit_row_no_update BEFORE UPDATE ON audit_row
BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
CREATE TRIGGER audit_row_no_delete BEFORE DELETE ON audit_row
WHEN NOT EXISTS (SELECT 1 FROM audit_scrub)
BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
