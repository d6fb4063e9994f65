-- 0017: on PostgreSQL, what a write costs: the residents' grid totals of persons added by one
-- statement (an import's COPY) are added up once for the statement, and the undo data being
-- captured goes to a table of the community's own instead of a temporary table made by every
-- write. Nothing changes in a file: SQLite's triggers run per row, and there a row's trigger
-- costs no more than the row; its undo data comes from the session extension.
SELECT 1;
