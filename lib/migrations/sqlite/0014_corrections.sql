-- 0014: figures that count every step, and corrections that keep what they correct.
-- Follow-up visits are counted from the timeline (a case can be visited more than once).
CREATE INDEX case_entry_kind ON case_entry (kind, on_date, case_id, code);
