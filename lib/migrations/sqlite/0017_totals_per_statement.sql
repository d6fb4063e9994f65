-- 0017: on PostgreSQL, the residents' grid totals of persons added by one statement (an import's
-- COPY) are added up once for the statement, not once per row. Nothing changes in a file:
-- SQLite's triggers run per row, and there a row's trigger costs no more than the row.
SELECT 1;
