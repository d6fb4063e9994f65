-- 0011: indexes that keep imports fast at district scale.
--
-- A person's natural key (name, household) was probed through an index on the name alone, so
-- at a million residents every probe read the rows of ~28 namesakes; the volunteer lookup
-- compares numbers without regard to case (COLLATE NOCASE, lib/domain/volunteers.cpp) and had no index
-- to do so, so each distinct volunteer cost a pass over all volunteers.
DROP INDEX person_name;
CREATE INDEX person_name ON person (name, household_id);
CREATE INDEX volunteer_number_nocase ON volunteer (number COLLATE NOCASE);
