-- A database with no tables: inspectdb must refuse it.
CREATE VIEW nothing AS SELECT 1 AS one;
