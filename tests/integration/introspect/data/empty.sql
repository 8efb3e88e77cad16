-- A database with no tables: inspectdb must refuse it.
CREATE VIEW only_a_view AS SELECT 1 AS one;
