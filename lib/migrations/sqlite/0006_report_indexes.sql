-- 0006: indexes for reports. Every report is aggregate SQL over a period; these let
-- the period filters and the per-grid counts read an index instead of the whole table.

-- Residents per household (grid report, summary): household, still living here, residency, age.
CREATE INDEX person_report ON person (household_id, moved_out, residency, birth_date);
-- Needs raised or closed in a period.
CREATE INDEX need_raised ON need (raised_on);
CREATE INDEX need_closed ON need (closed_on);
-- Case figures count failures, closures and follow-up visits of a period.
CREATE INDEX mediation_case_failed ON mediation_case (failed_on);
CREATE INDEX mediation_case_closed ON mediation_case (closed_on);
CREATE INDEX mediation_case_followup ON mediation_case (followup_on);
-- Hours of a period, covering everything the hours report groups by.
CREATE INDEX service_hours_report ON service_hours (date, status, project_id, volunteer_id, minutes, team_id);
-- Star levels: cumulative verified minutes per volunteer before and within a period.
CREATE INDEX service_hours_stars ON service_hours (status, volunteer_id, date, minutes);
-- Points ledger entries of a period by kind.
CREATE INDEX points_ledger_at ON points_ledger (at, kind, amount, volunteer_id);
