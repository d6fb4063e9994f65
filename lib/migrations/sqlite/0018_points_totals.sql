-- 0018: running totals of the points ledger, per volunteer and kind, so that `points balance`
-- of every volunteer reads a few rows per volunteer instead of the whole ledger (millions of
-- entries in a district). The kind is the one an entry counts under: a reversal counts under
-- the kind of the entry it reverses (a voided earn, an undone redemption), as the balance table
-- shows it. Amounts are kept in cents, so that the totals are exact and `shequ check` compares
-- them with the ledger by equality. The ledger is append-only (0003, 0013), so one trigger on
-- INSERT keeps them. Derived, like the hours totals (0009): left out of the audit's changesets.
CREATE TABLE volunteer_points_totals (
  volunteer_id INTEGER NOT NULL,
  kind         TEXT NOT NULL,
  cents        INTEGER NOT NULL,
  PRIMARY KEY (volunteer_id, kind)
) WITHOUT ROWID;

INSERT INTO volunteer_points_totals (volunteer_id, kind, cents)
SELECT x.volunteer_id, coalesce(o.kind, x.kind), sum(CAST(round(x.amount * 100) AS INTEGER))
FROM points_ledger x LEFT JOIN points_ledger o ON o.id = x.reverses_id AND x.kind = 'reversal'
GROUP BY 1, 2;

CREATE TRIGGER points_ledger_totals AFTER INSERT ON points_ledger
BEGIN
  INSERT INTO volunteer_points_totals (volunteer_id, kind, cents)
  VALUES (NEW.volunteer_id,
          coalesce((SELECT o.kind FROM points_ledger o WHERE o.id = NEW.reverses_id AND NEW.kind = 'reversal'), NEW.kind),
          CAST(round(NEW.amount * 100) AS INTEGER))
  ON CONFLICT (volunteer_id, kind) DO UPDATE SET cents = cents + excluded.cents;
END;
