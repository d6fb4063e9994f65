-- 0018: running totals of the points ledger, per volunteer and kind (see the SQLite migration of
-- the same number). Amounts in cents; a reversal counts under the kind it reverses. On a server
-- the totals of the entries one statement adds (a verification of thousands of hours) are added
-- up once for the statement, from its new rows.
CREATE TABLE volunteer_points_totals (
  volunteer_id bigint NOT NULL,
  kind         text COLLATE "C" NOT NULL,
  cents        bigint NOT NULL,
  PRIMARY KEY (volunteer_id, kind)
);

INSERT INTO volunteer_points_totals (volunteer_id, kind, cents)
SELECT x.volunteer_id, coalesce(o.kind, x.kind), sum(round(x.amount * 100)::bigint)
FROM points_ledger x LEFT JOIN points_ledger o ON o.id = x.reverses_id AND x.kind = 'reversal'
GROUP BY 1, 2;

CREATE FUNCTION points_ledger_totals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO volunteer_points_totals AS t (volunteer_id, kind, cents)
  SELECT n.volunteer_id, coalesce(o.kind, n.kind), sum(round(n.amount * 100)::bigint)
  FROM added n LEFT JOIN points_ledger o ON o.id = n.reverses_id AND n.kind = 'reversal'
  GROUP BY 1, 2
  ON CONFLICT (volunteer_id, kind) DO UPDATE SET cents = t.cents + excluded.cents;
  RETURN NULL;
END $$;
CREATE TRIGGER points_ledger_totals AFTER INSERT ON points_ledger REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION points_ledger_totals();
