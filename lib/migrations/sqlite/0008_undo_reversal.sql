-- 0008: undo of ledger-writing commands writes reversal entries.
--
-- 1. The points ledger is rebuilt to relax one CHECK: a reversal now mirrors the entry it
--    reverses (amount = -reversed amount), so undoing a redemption, an expiry or a downward
--    adjustment writes a positive reversal. The rule is a trigger, because a CHECK cannot look
--    at the reversed row. Existing rows are copied unchanged.
-- 2. "Hours earn points once" becomes "at most one live (unreversed) earn per service entry":
--    an entry whose verification was undone (earn reversed) can be verified again.
-- 3. Decided service entries may go back only where undo needs it, and only when the ledger
--    agrees: verified → pending once every earn of the entry is reversed; void → verified once
--    it has a live earn again; rejected → pending with the decision cleared.

ALTER TABLE points_ledger RENAME TO points_ledger_0003;
CREATE TABLE points_ledger (
  id            INTEGER PRIMARY KEY,
  volunteer_id  INTEGER NOT NULL REFERENCES volunteer (id),
  at            TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('earn', 'bonus', 'redeem', 'adjust', 'expire', 'reversal')),
  amount        REAL NOT NULL,
  balance_after REAL NOT NULL,
  reason        TEXT,
  hours_id      INTEGER REFERENCES service_hours (id),
  redemption_id INTEGER REFERENCES redemption (id),
  award_id      INTEGER REFERENCES award (id),
  reverses_id   INTEGER REFERENCES points_ledger (id),
  operator      TEXT NOT NULL,
  CHECK (kind NOT IN ('earn', 'bonus') OR amount >= 0),
  CHECK (kind NOT IN ('redeem', 'expire') OR amount <= 0)
);
INSERT INTO points_ledger (id, volunteer_id, at, kind, amount, balance_after, reason, hours_id, redemption_id,
                           award_id, reverses_id, operator)
SELECT id, volunteer_id, at, kind, amount, balance_after, reason, hours_id, redemption_id, award_id, reverses_id,
       operator FROM points_ledger_0003 ORDER BY id;
DROP TABLE points_ledger_0003;

CREATE INDEX points_ledger_volunteer ON points_ledger (volunteer_id, id);
CREATE INDEX points_ledger_hours ON points_ledger (hours_id) WHERE hours_id IS NOT NULL;
CREATE INDEX points_ledger_redemption ON points_ledger (redemption_id) WHERE redemption_id IS NOT NULL;
CREATE UNIQUE INDEX points_ledger_reversed_once ON points_ledger (reverses_id) WHERE reverses_id IS NOT NULL;
CREATE INDEX points_ledger_at ON points_ledger (at, kind, amount, volunteer_id);
CREATE TRIGGER points_ledger_no_update BEFORE UPDATE ON points_ledger
BEGIN SELECT RAISE(ABORT, 'the points ledger is append-only'); END;
CREATE TRIGGER points_ledger_no_delete BEFORE DELETE ON points_ledger
BEGIN SELECT RAISE(ABORT, 'the points ledger is append-only'); END;
CREATE TRIGGER points_ledger_reversal_mirrors BEFORE INSERT ON points_ledger
WHEN NEW.kind = 'reversal' AND NOT EXISTS (
  SELECT 1 FROM points_ledger o WHERE o.id = NEW.reverses_id AND o.kind <> 'reversal'
  AND o.volunteer_id = NEW.volunteer_id AND o.amount = -NEW.amount)
BEGIN SELECT RAISE(ABORT, 'a reversal must mirror the entry it reverses (same volunteer, opposite amount)'); END;
CREATE TRIGGER points_ledger_earn_once BEFORE INSERT ON points_ledger
WHEN NEW.kind = 'earn' AND EXISTS (
  SELECT 1 FROM points_ledger e WHERE e.hours_id = NEW.hours_id AND e.kind = 'earn'
  AND NOT EXISTS (SELECT 1 FROM points_ledger r WHERE r.reverses_id = e.id))
BEGIN SELECT RAISE(ABORT, 'these hours have already earned points'); END;

DROP TRIGGER service_hours_decided;
CREATE TRIGGER service_hours_decided BEFORE UPDATE ON service_hours
WHEN OLD.status <> 'pending' AND NOT EXISTS (SELECT 1 FROM audit_scrub) AND NOT (
  NEW.volunteer_id = OLD.volunteer_id AND NEW.minutes = OLD.minutes AND NEW.date = OLD.date
  AND NEW.project_id IS OLD.project_id AND (
    (OLD.status = 'verified' AND NEW.status = 'void')
    OR (OLD.status = 'verified' AND NEW.status = 'pending' AND NEW.decided_at IS NULL AND NOT EXISTS (
      SELECT 1 FROM points_ledger e WHERE e.hours_id = OLD.id AND e.kind = 'earn'
      AND NOT EXISTS (SELECT 1 FROM points_ledger r WHERE r.reverses_id = e.id)))
    OR (OLD.status = 'void' AND NEW.status = 'verified' AND NEW.voided_at IS NULL AND EXISTS (
      SELECT 1 FROM points_ledger e WHERE e.hours_id = OLD.id AND e.kind = 'earn'
      AND NOT EXISTS (SELECT 1 FROM points_ledger r WHERE r.reverses_id = e.id)))
    OR (OLD.status = 'rejected' AND NEW.status = 'pending' AND NEW.decided_at IS NULL AND NEW.reason IS NULL)))
BEGIN SELECT RAISE(ABORT, 'a verified, rejected or voided service entry cannot be changed'); END;
