-- 0007: forgetting a person (PIPL) must reach the append-only timelines too: case entries and
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
-- Service entries once decided, and issued certificates (whose snapshot names the volunteer),
-- open by the same door.
DROP TRIGGER service_hours_decided;
CREATE TRIGGER service_hours_decided BEFORE UPDATE ON service_hours
WHEN OLD.status <> 'pending' AND NOT EXISTS (SELECT 1 FROM audit_scrub) AND NOT (
  OLD.status = 'verified' AND NEW.status = 'void' AND NEW.volunteer_id = OLD.volunteer_id
  AND NEW.minutes = OLD.minutes AND NEW.date = OLD.date AND NEW.project_id IS OLD.project_id)
BEGIN SELECT RAISE(ABORT, 'a verified, rejected or voided service entry cannot be changed'); END;
DROP TRIGGER certificate_no_update;
CREATE TRIGGER certificate_no_update BEFORE UPDATE ON certificate
WHEN NOT EXISTS (SELECT 1 FROM audit_scrub)
BEGIN SELECT RAISE(ABORT, 'issued certificates are never changed'); END;
