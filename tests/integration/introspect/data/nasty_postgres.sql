-- Names that are not identifiers, every PostgreSQL 15 type family, composite
-- keys, several foreign keys to one table, views and a partitioned table.
CREATE SCHEMA other;
CREATE TYPE mood AS ENUM ('happy', 'sad', 'meh');
CREATE TYPE "Weird Enum" AS ENUM ('a-b', 'c d');
CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);

CREATE TABLE "Order" (
  "ID" bigserial PRIMARY KEY,
  "class" text NOT NULL DEFAULT 'it''s',
  "2nd place" varchar(30),
  "delete" boolean NOT NULL DEFAULT false,
  "CamelCase" integer DEFAULT -1,
  "id" text
);
COMMENT ON TABLE "Order" IS 'Orders, "quoted"';
COMMENT ON COLUMN "Order"."class" IS 'The class';

CREATE TABLE every_type (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  small smallint, regular integer, big bigint, serial_col serial,
  r real, d double precision, n numeric(12, 3), n_free numeric, m money,
  vc varchar(40), vc_free varchar, c char(2), t text, b boolean DEFAULT true,
  dt date DEFAULT CURRENT_DATE, tm time, tmtz time with time zone, ts timestamp, tstz timestamptz(3),
  iv interval, iv_ym interval year to month,
  u uuid DEFAULT gen_random_uuid(), j json, jb jsonb DEFAULT '{}'::jsonb, by bytea,
  int_array integer[], text_grid text[][], mood_col mood DEFAULT 'happy', weird "Weird Enum", mood_array mood[],
  ip inet, net cidr, mac macaddr, mac8 macaddr8, x xml, tv tsvector, bits bit(8), varbits bit varying(16),
  pt point, rng int4range, q tsquery, dom positive_int,
  created timestamptz NOT NULL DEFAULT now(),
  doubled numeric(14, 3) GENERATED ALWAYS AS (n * 2) STORED
);

CREATE TABLE person (
  id serial PRIMARY KEY,
  name text NOT NULL,
  manager_id integer REFERENCES person (id) ON DELETE SET NULL,
  email varchar(254) UNIQUE
);
CREATE TABLE friendship (
  from_id integer NOT NULL REFERENCES person (id) ON DELETE CASCADE,
  to_id integer NOT NULL REFERENCES person (id) ON DELETE CASCADE ON UPDATE RESTRICT,
  since date,
  PRIMARY KEY (from_id, to_id)
);
CREATE TABLE friendship_note (
  id serial PRIMARY KEY,
  from_id integer NOT NULL,
  to_id integer NOT NULL,
  note text,
  FOREIGN KEY (from_id, to_id) REFERENCES friendship (from_id, to_id),
  CONSTRAINT note_not_empty CHECK (length(note) > 0),
  UNIQUE (from_id, to_id, note)
);
CREATE INDEX person_lower_name ON person (lower(name));
CREATE INDEX person_named ON person (name) WHERE name <> '';
CREATE INDEX person_name_email ON person (name, email);
CREATE UNIQUE INDEX friendship_since ON friendship (since, from_id);
CREATE INDEX every_jb ON every_type USING gin (jb);

CREATE TABLE other.thing (id int PRIMARY KEY, person_id int REFERENCES public.person (id));
CREATE VIEW person_names AS SELECT id, name FROM person;
CREATE MATERIALIZED VIEW person_count AS SELECT count(*) AS n FROM person;
CREATE TABLE measurement (id int NOT NULL, at date NOT NULL, value int, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
CREATE TABLE measurement_2024 PARTITION OF measurement FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE measurement_2025 PARTITION OF measurement FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
-- A foreign key declared on every partition is the partitioned table's.
ALTER TABLE measurement_2024 ADD CONSTRAINT m2024_person FOREIGN KEY (value) REFERENCES person (id);
ALTER TABLE measurement_2025 ADD CONSTRAINT m2025_person FOREIGN KEY (value) REFERENCES person (id);
