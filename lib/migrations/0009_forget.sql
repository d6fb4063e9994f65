-- 0009: forgetting a person (PIPL) must reach the append-only timelines too: case entries and
-- need progress notes may name the person. Their no-update triggers now let `person forget`
-- through, by the same door as the audit log (a row in audit_scrub, inside its transaction).
-- Deleting stays forbidden.
DROP TRIGGER case_entry_no_update;
CREATE TRIGGER case_entry_no_update BEFORE UPDATE ON case_entry
WHEN NOT EXISTS (SELECT 1 FROM audit_scrub)
BEGIN SELECT RAISE(ABORT, 'case timeline entries are append-only'); END;
DROP TRIGGER need_progress_no_update;
CREATE TRIGGER need_progress_no_update BEFORE UPDATE ON need_progress
WHEN NOT EXISTS (SELECT 1 FROM audit_scrub)
BEGIN SELECT RAISE(ABORT, 'progress notes are append-only'); END;
