#!/usr/bin/env python3
"""Writes the SQL of a generated PostgreSQL schema for bench/inspectdb.

  inspectdb_schema.py app TABLES FKS   an application's schema: TABLES tables
                                       and FKS foreign keys (default 173, 226)
  inspectdb_schema.py chain TABLES     TABLES tables, each referencing one or
                                       two earlier ones (1,998 keys for 1,000)

The `app` shape is that of a real business application's database (the
173-table, 226-key schema the budget was set on): tables of 3 to 30 columns
of the usual types (varchar of various lengths, text, integers, numeric,
booleans, dates, naive and aware timestamps, uuid, jsonb), serial, identity
and uuid keys, nullable columns and defaults, one to four foreign keys on
most tables with their different actions, a few self-references, join
tables with a two-column primary key, unique columns and unique pairs,
CHECKs, an index on most foreign key columns and on some others, and
comments. It is seeded, so every run builds the same schema.
"""
import random
import sys

WORDS = ("account address asset batch budget campaign carrier category channel claim "
         "company contact contract coupon currency customer delivery department device "
         "discount document employee event expense invoice item journal ledger license "
         "location lot message note sales_order partner payment period permit plan position "
         "price product project quote rate receipt region refund report request "
         "reservation return route sale schedule segment shipment site skill source "
         "stock subscription supplier survey task tax team template ticket timesheet "
         "transfer unit vehicle vendor visit voucher warehouse").split()

# name, SQL type, how often a table has it
COLUMNS = (
    ("name", "varchar(120) NOT NULL", 0.8),
    ("code", "varchar(32) NOT NULL", 0.45),
    ("description", "text", 0.5),
    ("notes", "text", 0.2),
    ("email", "varchar(254)", 0.15),
    ("phone", "varchar(40)", 0.12),
    ("status", "varchar(20) NOT NULL DEFAULT 'draft'", 0.4),
    ("quantity", "integer NOT NULL DEFAULT 0", 0.3),
    ("position", "smallint", 0.15),
    ("amount", "numeric(14, 2) NOT NULL DEFAULT 0", 0.35),
    ("tax_rate", "numeric(5, 4)", 0.12),
    ("weight", "double precision", 0.1),
    ("total_cents", "bigint", 0.1),
    ("is_active", "boolean NOT NULL DEFAULT true", 0.5),
    ("is_archived", "boolean NOT NULL DEFAULT false", 0.2),
    ("valid_from", "date", 0.2),
    ("valid_until", "date", 0.15),
    ("due_at", "timestamp without time zone", 0.15),
    ("external_ref", "uuid", 0.1),
    ("attributes", "jsonb", 0.12),
    ("currency", "char(3) NOT NULL DEFAULT 'EUR'", 0.15),
    ("country", "varchar(2)", 0.1),
    ("street", "varchar(200)", 0.08),
    ("city", "varchar(100)", 0.08),
    ("postal_code", "varchar(16)", 0.08),
    ("priority", "integer NOT NULL DEFAULT 3", 0.12),
    ("version", "integer NOT NULL DEFAULT 1", 0.1),
    ("created_at", "timestamp with time zone NOT NULL DEFAULT now()", 0.85),
    ("updated_at", "timestamp with time zone", 0.6),
)
ACTIONS = ("CASCADE", "SET NULL", "RESTRICT", "NO ACTION", "NO ACTION", "CASCADE", "RESTRICT")


def app(tables, fks):
    rng = random.Random(173)
    names = []
    while len(names) < tables:
        name = rng.choice(WORDS)
        if rng.random() < 0.6:
            name += "_" + rng.choice(("line", "item", "log", "type", "group", "rule", "entry", "state", "tag", "link",
                                      "history", "setting", "attachment", "version"))
        if name not in names:
            names.append(name)
    # Foreign keys: every table but a few roots gets at least one; the rest
    # go to tables at random, at most four each, join tables taking two.
    joins = set(rng.sample(range(10, tables), tables // 12))
    per_table = [0] * tables
    for i in range(tables):
        per_table[i] = 2 if i in joins else (1 if i >= 8 and rng.random() < 0.8 else 0)
    while sum(per_table) < fks:
        i = rng.randrange(3, tables)
        if i not in joins and per_table[i] < 4:
            per_table[i] += 1
    while sum(per_table) > fks:
        i = rng.randrange(tables)
        if i not in joins and per_table[i] > 0:
            per_table[i] -= 1

    out = ["BEGIN;"]
    key_kind = {}
    for i, table in enumerate(names):
        cols, after = [], []
        if i in joins:
            targets = rng.sample([t for t in range(i) if key_kind[t]], 2)
            columns = []
            for target in targets:
                column = names[target] + "_id"
                if column in columns:
                    column = names[target] + "_other_id"
                columns.append(column)
                cols.append(f"{column} {key_kind[target]} NOT NULL REFERENCES {names[target]} (id) ON DELETE CASCADE")
            cols.append("created_at timestamp with time zone NOT NULL DEFAULT now()")
            cols.append(f"PRIMARY KEY ({columns[0]}, {columns[1]})")
            key_kind[i] = None
            out.append(f"CREATE TABLE {table} (\n  " + ",\n  ".join(cols) + "\n);")
            out.append(f"CREATE INDEX {table}_{columns[1]}_idx ON {table} ({columns[1]});")
            continue
        kind = rng.choices(("serial", "bigint identity", "uuid"), (0.7, 0.2, 0.1))[0]
        if kind == "serial":
            cols.append("id serial PRIMARY KEY")
            key_kind[i] = "integer"
        elif kind == "bigint identity":
            cols.append("id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
            key_kind[i] = "bigint"
        else:
            cols.append("id uuid PRIMARY KEY DEFAULT gen_random_uuid()")
            key_kind[i] = "uuid"
        present = []
        for name, sql, odds in COLUMNS:
            if rng.random() < odds:
                cols.append(f"{name} {sql}")
                present.append(name)
        for n in range(rng.choice((0, 0, 0, 1, 2, 4, 8))):
            cols.append(f"extra_{n} {rng.choice(('varchar(60)', 'text', 'integer', 'date', 'boolean'))}")
        targets = [t for t in range(i) if key_kind.get(t)]
        used = set()
        for n in range(per_table[i]):
            self_ref = n == 0 and rng.random() < 0.05
            target = i if self_ref or not targets else rng.choice(targets)
            column = ("parent" if target == i else names[target]) + "_id"
            while column in used:
                column = column[:-3] + "_alt_id"
            used.add(column)
            action = rng.choice(ACTIONS)
            required = action != "SET NULL" and rng.random() < 0.6
            key_type = key_kind[i] if target == i else key_kind[target]
            cols.append(f"{column} {key_type}{' NOT NULL' if required else ''} "
                        f"REFERENCES {names[target]} (id) ON DELETE {action}")
            if rng.random() < 0.85:
                after.append(f"CREATE INDEX {table}_{column}_idx ON {table} ({column});")
        if "code" in present:
            cols.append(f"CONSTRAINT {table}_code_key UNIQUE (code)")
        elif "name" in present and used and rng.random() < 0.3:
            cols.append(f"CONSTRAINT {table}_name_uniq UNIQUE ({sorted(used)[0]}, name)")
        if "status" in present:
            cols.append(f"CONSTRAINT {table}_status_check CHECK "
                        "(status IN ('draft', 'open', 'done', 'cancelled'))")
        if "amount" in present and rng.random() < 0.5:
            cols.append(f"CONSTRAINT {table}_amount_check CHECK (amount >= 0)")
        if "created_at" in present and rng.random() < 0.3:
            after.append(f"CREATE INDEX {table}_created_at_idx ON {table} (created_at);")
        if "email" in present and rng.random() < 0.5:
            after.append(f"CREATE UNIQUE INDEX {table}_email_uniq ON {table} (email);")
        if rng.random() < 0.2:
            after.append(f"COMMENT ON TABLE {table} IS 'The {table.replace('_', ' ')} records.';")
        out.append(f"CREATE TABLE {table} (\n  " + ",\n  ".join(cols) + "\n);")
        out.extend(after)
    out.append("COMMIT;")
    return "\n".join(out)


def chain(tables):
    # Each table: a serial key, a few typed columns, one or two foreign keys
    # to earlier tables, a unique column and an index.
    out = ["BEGIN;"]
    for i in range(tables):
        refs = []
        if i > 0:
            refs.append(f"parent_id integer NOT NULL REFERENCES t{(i - 1)} (id) ON DELETE CASCADE")
        if i > 1:
            refs.append(f"other_id integer REFERENCES t{(i * 7) % i} (id) ON DELETE SET NULL")
        cols = ["id serial PRIMARY KEY", "code varchar(40) NOT NULL UNIQUE", "title text",
                "amount numeric(10, 2) NOT NULL DEFAULT 0", "created timestamptz NOT NULL DEFAULT now()",
                "active boolean NOT NULL DEFAULT true"] + refs
        out.append(f"CREATE TABLE t{i} (" + ", ".join(cols) + ");")
        out.append(f"CREATE INDEX t{i}_created ON t{i} (created);")
    out.append("COMMIT;")
    return "\n".join(out)


if __name__ == "__main__":
    shape = sys.argv[1] if len(sys.argv) > 1 else ""
    if shape == "app":
        print(app(int(sys.argv[2]) if len(sys.argv) > 2 else 173, int(sys.argv[3]) if len(sys.argv) > 3 else 226))
    elif shape == "chain" and len(sys.argv) == 3:
        print(chain(int(sys.argv[2])))
    else:
        sys.exit(__doc__)
