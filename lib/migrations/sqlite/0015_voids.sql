-- 0015: mistakes put right without deleting them, and ratings that keep their history.
--
-- 1. A mistaken need, meeting, delivery, attendance, evaluation, award or certificate is voided
--    with a reason: the row stays, marked (when, by whom, why), and every figure leaves it out.
--    The spelling follows voided service entries (voided_at, voided_by; the reason is void_reason
--    here because these rows have no other reason column).
-- 2. An issued certificate is still never changed, except to be voided (or the void undone) and by
--    `person forget` as before (0007).
-- 3. Every rating of a need is kept with its date; need.satisfaction stays the latest one, which
--    is what reports read. Existing ratings become the first entry, dated when the need closed.
-- 4. Deliveries are summed by reports along delivery_type_date: it now holds only live rows.

ALTER TABLE need ADD COLUMN voided_at TEXT;
ALTER TABLE need ADD COLUMN voided_by TEXT;
ALTER TABLE need ADD COLUMN void_reason TEXT;
ALTER TABLE meeting ADD COLUMN voided_at TEXT;
ALTER TABLE meeting ADD COLUMN voided_by TEXT;
ALTER TABLE meeting ADD COLUMN void_reason TEXT;
ALTER TABLE delivery ADD COLUMN voided_at TEXT;
ALTER TABLE delivery ADD COLUMN voided_by TEXT;
ALTER TABLE delivery ADD COLUMN void_reason TEXT;
ALTER TABLE event_participant ADD COLUMN voided_at TEXT;
ALTER TABLE event_participant ADD COLUMN voided_by TEXT;
ALTER TABLE event_participant ADD COLUMN void_reason TEXT;
ALTER TABLE evaluation ADD COLUMN voided_at TEXT;
ALTER TABLE evaluation ADD COLUMN voided_by TEXT;
ALTER TABLE evaluation ADD COLUMN void_reason TEXT;
ALTER TABLE award ADD COLUMN voided_at TEXT;
ALTER TABLE award ADD COLUMN voided_by TEXT;
ALTER TABLE award ADD COLUMN void_reason TEXT;
ALTER TABLE certificate ADD COLUMN voided_at TEXT;
ALTER TABLE certificate ADD COLUMN voided_by TEXT;
ALTER TABLE certificate ADD COLUMN void_reason TEXT;

DROP TRIGGER certificate_no_update;
CREATE TRIGGER certificate_no_update
BEFORE UPDATE OF id, number, volunteer_id, period_from, period_to, minutes, snapshot, issued_on, issuer,
                 person_in_charge, handler, contact ON certificate
WHEN NOT EXISTS (SELECT 1 FROM audit_scrub)  -- `person forget` still opens the door (0007)
BEGIN SELECT RAISE(ABORT, 'issued certificates are never changed'); END;

CREATE TABLE need_rating (
  id          INTEGER PRIMARY KEY,
  need_id     INTEGER NOT NULL REFERENCES need (id),
  on_date     TEXT NOT NULL,
  score       INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  recorded_at TEXT NOT NULL,
  operator    TEXT NOT NULL
);
CREATE INDEX need_rating_need ON need_rating (need_id, on_date, id);
INSERT INTO need_rating (need_id, on_date, score, recorded_at, operator)
SELECT id, coalesce(closed_on, raised_on), satisfaction, coalesce(closed_on, raised_on), 'migration 0015'
FROM need WHERE satisfaction IS NOT NULL ORDER BY id;

DROP INDEX delivery_type_date;
CREATE INDEX delivery_type_date ON delivery (service_type, date, count, site_id) WHERE voided_at IS NULL;
