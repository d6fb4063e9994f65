-- 0013: the audit log's times come from the real clock; when $SHEQU_TODAY set the business
-- date of a command, the row records that date too (NULL otherwise), and it is as fixed as the time.
ALTER TABLE audit ADD COLUMN today TEXT;
DROP TRIGGER audit_no_update;
CREATE TRIGGER audit_no_update BEFORE UPDATE OF id, at, operator, action, entity, entity_id, undoes, today
ON audit BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
-- Forgetting a person reaches every free text, points reasons and redemption notes included:
-- their no-update triggers let `person forget` through by the audit_scrub door (see 0007).
DROP TRIGGER points_ledger_no_update;
CREATE TRIGGER points_ledger_no_update BEFORE UPDATE ON points_ledger
WHEN NOT EXISTS (SELECT 1 FROM audit_scrub)
BEGIN SELECT RAISE(ABORT, 'the points ledger is append-only'); END;
DROP TRIGGER redemption_no_update;
CREATE TRIGGER redemption_no_update BEFORE UPDATE ON redemption
WHEN NOT EXISTS (SELECT 1 FROM audit_scrub)
BEGIN SELECT RAISE(ABORT, 'redemptions are final'); END;
