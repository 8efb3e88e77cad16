// SQL for every operation on SQLite and PostgreSQL. Constraints get the names
// PostgreSQL would give them (t_pkey, t_c_key, t_c_fkey, t_c_check), written
// out so that later operations can drop them by name on both databases.
#include "cpprustango/migrate/sql.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "migrate/overloaded.hpp"

namespace cpprustango::migrate {
namespace {

using db::Dialect;

using detail::Overloaded;

std::string literal(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string joined(const std::vector<std::string>& items, std::string_view separator = ", ") {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string column_list(const std::vector<std::string>& columns) {
  std::vector<std::string> quoted;
  for (const std::string& column : columns) quoted.push_back(quote(column));
  return "(" + joined(quoted) + ")";
}

std::string_view action_sql(ReferentialAction action) {
  switch (action) {
    case ReferentialAction::Cascade: return "CASCADE";
    case ReferentialAction::Restrict: return "RESTRICT";
    case ReferentialAction::SetNull: return "SET NULL";
    case ReferentialAction::SetDefault: return "SET DEFAULT";
    case ReferentialAction::NoAction: return "NO ACTION";
  }
  return "NO ACTION";
}

// SQLite generates a random version-4 UUID per row with this expression (a
// DEFAULT may call non-deterministic functions there).
constexpr std::string_view kSqliteUuid =
    "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) "
    "|| '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || "
    "lower(hex(randomblob(6))))";

/** The SQL for a column's default, or empty when it has none the database can hold. */
std::string default_sql(const Column& column, Dialect dialect) {
  if (!column.default_value) return {};
  const schema::DefaultValue& value = *column.default_value;
  const FieldKind kind = column.type.kind;
  switch (value.kind) {
    case schema::DefaultKind::None: return {};
    case schema::DefaultKind::Number: return value.text;
    case schema::DefaultKind::Bool:
      if (dialect == Dialect::Sqlite) return value.text == "true" ? "1" : "0";
      return value.text == "true" ? "TRUE" : "FALSE";
    case schema::DefaultKind::String:
    case schema::DefaultKind::Choice:
    case schema::DefaultKind::ChoiceList: return literal(value.text);
    case schema::DefaultKind::Null: return "NULL";
    case schema::DefaultKind::Now:
      // timestamp: the wall-clock reading with no zone. On PostgreSQL LOCALTIMESTAMP reads the session's time
      // zone, as LOCALTIME does for time (and as now() or CURRENT_TIMESTAMP do when stored in a timestamp).
      if (dialect == Dialect::Postgresql) {
        switch (kind) {
          case FieldKind::Date: return "CURRENT_DATE";
          case FieldKind::Time: return "LOCALTIME";
          case FieldKind::Timestamp: return "LOCALTIMESTAMP";
          case FieldKind::TimeTz: return "CURRENT_TIME";
          default: return "now()";
        }
      }
      // The ORM's own text forms, so rows written by SQL read back like rows it wrote; SQLite's 'now' is UTC.
      switch (kind) {
        case FieldKind::Date: return "(date('now'))";
        case FieldKind::Time: return "(strftime('%H:%M:%f', 'now'))";
        case FieldKind::Timestamp: return "(strftime('%Y-%m-%d %H:%M:%f', 'now'))";
        default: return "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";
      }
    case schema::DefaultKind::Uuid: return dialect == Dialect::Postgresql ? "gen_random_uuid()" : std::string(kSqliteUuid);
    case schema::DefaultKind::Sql: return "(" + value.text + ")";
  }
  return {};
}

/** SQLite's ADD COLUMN takes only constant defaults (literals); expressions need a rebuild. */
bool has_literal_default(const Column& column) {
  if (!column.default_value) return false;
  switch (column.default_value->kind) {
    case schema::DefaultKind::Now:
    case schema::DefaultKind::Uuid:
    case schema::DefaultKind::Sql: return false;
    default: return true;
  }
}

/**
 * A value of the column's type for rows that exist when a NOT NULL column
 * without a default is added (allowed only once the runner has confirmed it).
 */
std::string fill_value(const Column& column, Dialect dialect) {
  if (const std::string d = default_sql(column, dialect); !d.empty() && d != "NULL") return d;
  const ColumnType& type = column.type;
  const bool pg = dialect == Dialect::Postgresql;
  switch (type.kind) {
    case FieldKind::Bool: return pg ? "FALSE" : "0";
    case FieldKind::SmallInt:
    case FieldKind::Int:
    case FieldKind::BigInt:
    case FieldKind::Real:
    case FieldKind::Double: return "0";
    case FieldKind::Decimal: return "0";
    case FieldKind::Date: return "'1970-01-01'";
    case FieldKind::Time: return "'00:00:00'";
    case FieldKind::DateTime: return pg ? "'1970-01-01 00:00:00+00'" : "'1970-01-01T00:00:00Z'";
    case FieldKind::Timestamp: return "'1970-01-01 00:00:00'";
    case FieldKind::TimeTz: return "'00:00:00+00'";
    case FieldKind::Uuid: return pg ? "gen_random_uuid()" : std::string(kSqliteUuid);
    case FieldKind::Json: return pg ? "'{}'::jsonb" : "'{}'";
    case FieldKind::Bytes: return pg ? "'\\x'::bytea" : "X''";
    case FieldKind::Choice: return type.choices.empty() ? "''" : literal(type.choices.front());
    case FieldKind::Inet:
    case FieldKind::Cidr: return "'0.0.0.0/32'";
    case FieldKind::MacAddr: return "'00:00:00:00:00:00'";
    case FieldKind::Bit: return "B'" + std::string(static_cast<std::size_t>(std::max(type.bit_length, 1)), '0') + "'";
    case FieldKind::Array: return "'{}'";
    case FieldKind::Interval: return "'0 seconds'";
    default: return "''";
  }
}

/**
 * The value of `old` (SQL that reads it) as the type of `now`, for a column whose type changes. Between
 * datetime and timestamp the wall-clock reading is taken in UTC both ways, spelled out rather than left to
 * the session's time zone (PostgreSQL) or to text that no longer parses (SQLite: 'T'..'Z' versus ' ').
 */
std::string converted_value(const std::string& value, const ColumnType& old, const ColumnType& now,
                            Dialect dialect) {
  const bool instant_to_reading = old.kind == FieldKind::DateTime && now.kind == FieldKind::Timestamp;
  const bool reading_to_instant = old.kind == FieldKind::Timestamp && now.kind == FieldKind::DateTime;
  if (dialect == Dialect::Postgresql) {
    if (instant_to_reading || reading_to_instant) return value + " AT TIME ZONE 'UTC'";
    return value + "::" + column_type_sql(now, dialect);
  }
  // The ORM writes datetimes as 2026-01-02T03:04:05Z and timestamps as 2026-01-02 03:04:05.
  if (instant_to_reading) return "replace(replace(" + value + ", 'T', ' '), 'Z', '')";
  if (reading_to_instant) return "replace(" + value + ", ' ', 'T') || 'Z'";
  return value;
}

bool is_rowid_key(const Table& table, const Column& column, Dialect dialect) {
  return dialect == Dialect::Sqlite && column.auto_increment && table.primary_key.size() == 1 &&
         table.primary_key.front() == column.name;
}

/** PostgreSQL keeps an @enum column's values in its type; everywhere else a CHECK lists them. */
bool is_pg_enum(const ColumnType& type, Dialect dialect) {
  return dialect == Dialect::Postgresql && !type.enum_type.empty();
}
bool has_choices_check(const ColumnType& type, Dialect dialect) {
  return !type.choices.empty() && !is_pg_enum(type, dialect);
}

/** " COLLATE name" for a column with @collate, as each database names its own ("NOCASE", "C"); an enum has none. */
std::string collate_sql(const Column& column, Dialect dialect) {
  if (column.collation.empty() || is_pg_enum(column.type, dialect)) return "";
  return " COLLATE " + quote(column.collation);
}

/** Made once, by whichever table needs it first; one the database already has (an adopted one) is kept. */
std::string create_enum_sql(const ColumnType& type) {
  std::vector<std::string> labels;
  for (const std::string& choice : type.choices) labels.push_back(literal(choice));
  return "DO $$ BEGIN CREATE TYPE " + quote(type.enum_type) + " AS ENUM (" + joined(labels) +
         "); EXCEPTION WHEN duplicate_object THEN NULL; END $$";
}

std::string choices_check(const Column& column) {
  std::vector<std::string> values;
  for (const std::string& choice : column.type.choices) values.push_back(literal(choice));
  return quote(column.name) + " IN (" + joined(values) + ")";
}

std::string references_sql(const ForeignKey& fk) {
  return "REFERENCES " + quote(fk.table) + " (" + quote(fk.column) + ") ON DELETE " +
         std::string(action_sql(fk.on_delete)) + " ON UPDATE " + std::string(action_sql(fk.on_update));
}

std::string identity_sql(Dialect dialect) {
  return dialect == Dialect::Postgresql ? " GENERATED BY DEFAULT AS IDENTITY" : "";
}

/** One column inside CREATE TABLE or ADD COLUMN; `table` names its constraints. */
std::string column_sql(const Table& table, const Column& column, Dialect dialect) {
  const std::string& t = table.name;
  if (is_rowid_key(table, column, dialect)) {
    // The rowid alias: only this spelling makes SQLite number rows itself (it is never NULL).
    return quote(column.name) + " INTEGER CONSTRAINT " + quote(t + "_pkey") + " PRIMARY KEY AUTOINCREMENT";
  }
  std::string sql = quote(column.name) + " " + column_type_sql(column.type, dialect) + collate_sql(column, dialect);
  if (column.auto_increment) sql += identity_sql(dialect);
  if (!column.nullable) sql += " NOT NULL";
  if (const std::string d = default_sql(column, dialect); !d.empty()) sql += " DEFAULT " + d;
  if (table.primary_key.size() == 1 && table.primary_key.front() == column.name) {
    sql += " CONSTRAINT " + quote(t + "_pkey") + " PRIMARY KEY";
  }
  if (column.unique) sql += " CONSTRAINT " + quote(unique_constraint_name(t, column.name)) + " UNIQUE";
  if (has_choices_check(column.type, dialect)) {
    sql += " CONSTRAINT " + quote(choices_check_name(t, column.name)) + " CHECK (" + choices_check(column) + ")";
  }
  if (column.references) {
    sql += " CONSTRAINT " + quote(foreign_key_name(t, column.name)) + " " + references_sql(*column.references);
  }
  return sql;
}

std::string create_index_sql(const std::string& table, const Index& index, Dialect dialect) {
  std::string sql = std::string(index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") + quote(index.name) + " ON " +
                    quote(table);
  // SQLite has one kind of index; the schema check refuses another method there.
  if (!index.method.empty() && dialect == Dialect::Postgresql) sql += " USING " + index.method;
  sql += " " + (index.expression.empty() ? column_list(index.columns) : "(" + index.expression + ")");
  if (!index.where.empty()) sql += " WHERE " + index.where;
  return sql;
}

/** CREATE TABLE `created_as` with `table`'s shape (its own name names the constraints). */
std::string create_table_sql(const Table& table, Dialect dialect, const std::string& created_as) {
  std::vector<std::string> lines;
  for (const Column& column : table.columns) {
    if (column.exists_on(dialect == Dialect::Sqlite ? Backend::SQLite : Backend::PostgreSQL)) {
      lines.push_back("  " + column_sql(table, column, dialect));
    }
  }
  if (table.primary_key.size() > 1) {
    lines.push_back("  CONSTRAINT " + quote(table.name + "_pkey") + " PRIMARY KEY " + column_list(table.primary_key));
  }
  for (const Check& check : table.checks) {
    lines.push_back("  CONSTRAINT " + quote(check.name) + " CHECK (" + check.expression + ")");
  }
  return "CREATE TABLE " + quote(created_as) + " (\n" + joined(lines, ",\n") + "\n)";
}

bool uses_ltree(const std::vector<Column>& columns) {
  return std::any_of(columns.begin(), columns.end(), [](const Column& c) {
    return c.type.kind == FieldKind::LTree || (c.type.kind == FieldKind::Array && c.type.element == FieldKind::LTree);
  });
}

class Renderer {
 public:
  Renderer(const State& before, Dialect dialect)
      : before_(before), dialect_(dialect), backend_(dialect == Dialect::Sqlite ? Backend::SQLite : Backend::PostgreSQL) {}

  std::vector<std::string> operator()(const CreateTable& o) {
    if (dialect_ == Dialect::Postgresql && uses_ltree(o.table.columns)) out_.push_back("CREATE EXTENSION IF NOT EXISTS ltree");
    for (const Column& column : present(o.table.columns)) create_enum(column.type);
    out_.push_back(create_table_sql(o.table, dialect_, o.table.name));
    for (const Index& index : o.table.indexes) out_.push_back(create_index_sql(o.table.name, index, dialect_));
    return take();
  }

  std::vector<std::string> operator()(const DropTable& o) {
    out_.push_back("DROP TABLE " + quote(o.table));
    if (const Table* table = before_.table(o.table)) {
      std::vector<const ColumnType*> types;
      for (const Column& column : table->columns) types.push_back(&column.type);
      drop_unused_enums(types, o);
    }
    return take();
  }

  std::vector<std::string> operator()(const RenameTable& o) {
    out_.push_back("ALTER TABLE " + quote(o.from) + " RENAME TO " + quote(o.to));
    if (dialect_ == Dialect::Postgresql) {
      // Keep derived constraint names in step with the table, so later operations find them.
      const Table& table = table_before(o.from);
      rename_constraint(o.to, o.from + "_pkey", o.to + "_pkey");
      for (const Column& column : present(table.columns)) rename_column_constraints(o.to, column, o.from, column.name, o.to, column.name);
    }
    return take();
  }

  std::vector<std::string> operator()(const AddColumn& o) {
    if (!o.column.exists_on(backend_)) return {};
    const Table& table = table_before(o.table);
    const Column& c = o.column;
    if (dialect_ == Dialect::Sqlite) {
      const bool in_place = !c.unique && (!c.default_value || has_literal_default(c)) &&
                            (c.nullable || (has_literal_default(c) && default_sql(c, dialect_) != "NULL")) &&
                            (!c.references || !c.default_value || c.default_value->kind == schema::DefaultKind::Null);
      if (!in_place) {
        Table after = table;
        after.columns.push_back(c);
        rebuild(table, after, {{c.name, c.nullable ? "NULL" : fill_value(c, dialect_)}});
        return take();
      }
      out_.push_back("ALTER TABLE " + quote(o.table) + " ADD COLUMN " + column_sql(table, c, dialect_));
      return take();
    }
    create_enum(c.type);
    if (!c.nullable && !c.default_value && !c.auto_increment) {
      // Rows already there get a value of the type once; the column keeps no default.
      Column filled = c;
      filled.default_value = schema::DefaultValue{schema::DefaultKind::Sql, fill_value(c, dialect_)};
      out_.push_back("ALTER TABLE " + quote(o.table) + " ADD COLUMN " + column_sql(table, filled, dialect_));
      out_.push_back(alter(o.table, c.name, "DROP DEFAULT"));
    } else {
      if (uses_ltree({c})) out_.push_back("CREATE EXTENSION IF NOT EXISTS ltree");
      out_.push_back("ALTER TABLE " + quote(o.table) + " ADD COLUMN " + column_sql(table, c, dialect_));
    }
    return take();
  }

  std::vector<std::string> operator()(const DropColumn& o) {
    const Table& table = table_before(o.table);
    const Column* column = table.column(o.column);
    if (column && !column->exists_on(backend_)) return {};
    if (dialect_ == Dialect::Sqlite) {
      Table after = table;
      apply_to(after, o);
      rebuild(table, after, {});
    } else {
      out_.push_back("ALTER TABLE " + quote(o.table) + " DROP COLUMN " + quote(o.column));
      if (column) drop_unused_enums({&column->type}, o);
    }
    return take();
  }

  std::vector<std::string> operator()(const RenameColumn& o) {
    const Table& table = table_before(o.table);
    const Column* column = table.column(o.from);
    if (column && !column->exists_on(backend_)) return {};
    out_.push_back("ALTER TABLE " + quote(o.table) + " RENAME COLUMN " + quote(o.from) + " TO " + quote(o.to));
    if (dialect_ == Dialect::Postgresql && column) rename_column_constraints(o.table, *column, o.table, o.from, o.table, o.to);
    return take();
  }

  std::vector<std::string> operator()(const AlterColumn& o) {
    const Table& table = table_before(o.table);
    const Column* old = table.column(o.column.name);
    if (!old) throw StateError("alter_column: table " + o.table + " has no column " + o.column.name);
    const Column& now = o.column;
    if (!now.exists_on(backend_) && !old->exists_on(backend_)) return {};
    if (dialect_ == Dialect::Sqlite) {
      Table after = table;
      *after.column(now.name) = now;
      std::string copy = converted_value(quote(now.name), old->type, now.type, dialect_);
      if (old->nullable && !now.nullable) copy = "COALESCE(" + copy + ", " + fill_value(now, dialect_) + ")";
      rebuild(table, after, {{now.name, copy}});
      return take();
    }
    alter_postgres(table, *old, now);
    return take();
  }

  std::vector<std::string> operator()(const AddIndex& o) {
    if (!all_present(o.table, o.index.columns)) return {};
    out_.push_back(create_index_sql(o.table, o.index, dialect_));
    return take();
  }

  std::vector<std::string> operator()(const DropIndex& o) {
    const Index* index = table_before(o.table).index(o.index);
    if (index && !all_present(o.table, index->columns)) return {};
    out_.push_back("DROP INDEX " + quote(o.index));
    return take();
  }

  std::vector<std::string> operator()(const AddCheck& o) {
    const Table& table = table_before(o.table);
    if (dialect_ == Dialect::Sqlite) {
      Table after = table;
      after.checks.push_back(o.check);
      rebuild(table, after, {});
    } else {
      out_.push_back("ALTER TABLE " + quote(o.table) + " ADD CONSTRAINT " + quote(o.check.name) + " CHECK (" +
                     o.check.expression + ")");
    }
    return take();
  }

  std::vector<std::string> operator()(const DropCheck& o) {
    const Table& table = table_before(o.table);
    if (dialect_ == Dialect::Sqlite) {
      Table after = table;
      std::erase_if(after.checks, [&](const Check& c) { return c.name == o.check; });
      rebuild(table, after, {});
    } else {
      out_.push_back("ALTER TABLE " + quote(o.table) + " DROP CONSTRAINT " + quote(o.check));
    }
    return take();
  }

  std::vector<std::string> operator()(const RunSql& o) {
    const std::optional<std::string>& specific = dialect_ == Dialect::Sqlite ? o.sql.sqlite : o.sql.postgresql;
    const std::optional<std::string>& text = specific ? specific : o.sql.both;
    if (text && !text->empty()) out_.push_back(*text);
    return take();
  }

 private:
  const Table& table_before(const std::string& name) const {
    const Table* table = before_.table(name);
    if (!table) throw StateError("there is no table " + name);
    return *table;
  }

  std::vector<Column> present(const std::vector<Column>& columns) const {
    std::vector<Column> out;
    for (const Column& c : columns) {
      if (c.exists_on(backend_)) out.push_back(c);
    }
    return out;
  }

  bool all_present(const std::string& table_name, const std::vector<std::string>& columns) const {
    const Table* table = before_.table(table_name);
    if (!table) return true;
    return std::all_of(columns.begin(), columns.end(), [&](const std::string& name) {
      const Column* c = table->column(name);
      return !c || c->exists_on(backend_);
    });
  }

  static void apply_to(Table& table, const DropColumn& o) {
    std::erase_if(table.columns, [&](const Column& c) { return c.name == o.column; });
    std::erase_if(table.indexes, [&](const Index& i) {
      return std::find(i.columns.begin(), i.columns.end(), o.column) != i.columns.end();
    });
  }

  std::string alter(const std::string& table, const std::string& column, std::string_view change) const {
    return "ALTER TABLE " + quote(table) + " ALTER COLUMN " + quote(column) + " " + std::string(change);
  }

  void rename_constraint(const std::string& table, const std::string& from, const std::string& to) {
    if (schema::fit_identifier(from) == schema::fit_identifier(to)) return;
    out_.push_back("ALTER TABLE " + quote(table) + " RENAME CONSTRAINT " + quote(schema::fit_identifier(from)) + " TO " +
                   quote(schema::fit_identifier(to)));
  }

  /** The column's derived constraints, renamed from (old table, old column) to (new table, new column). */
  void rename_column_constraints(const std::string& table, const Column& column, const std::string& old_table,
                                 const std::string& old_column, const std::string& new_table,
                                 const std::string& new_column) {
    auto rename = [&](auto name_of) { rename_constraint(table, name_of(old_table, old_column), name_of(new_table, new_column)); };
    if (column.unique) rename(unique_constraint_name);
    if (column.references) rename(foreign_key_name);
    if (has_choices_check(column.type, dialect_)) rename(choices_check_name);
  }

  /** PostgreSQL: each changed property with its own ALTER, constraints dropped first and added last. */
  void alter_postgres(const Table& table, const Column& old, const Column& now) {
    const std::string& t = table.name;
    const std::string& c = now.name;
    const std::string drop = "ALTER TABLE " + quote(t) + " DROP CONSTRAINT ";
    const std::string add = "ALTER TABLE " + quote(t) + " ADD CONSTRAINT ";
    if (old.references && old.references != now.references) out_.push_back(drop + quote(foreign_key_name(t, c)));
    if (has_choices_check(old.type, dialect_) && (old.type.choices != now.type.choices || is_pg_enum(now.type, dialect_))) {
      out_.push_back(drop + quote(choices_check_name(t, c)));
    }
    if (old.unique && !now.unique) out_.push_back(drop + quote(unique_constraint_name(t, c)));
    if (old.auto_increment && !now.auto_increment) out_.push_back(alter(t, c, "DROP IDENTITY"));

    const std::string type_sql = column_type_sql(now.type, dialect_) + collate_sql(now, dialect_);
    const bool retyped = column_type_sql(old.type, dialect_) + collate_sql(old, dialect_) != type_sql;
    const bool relabeled = is_pg_enum(now.type, dialect_) && old.type.enum_type == now.type.enum_type &&
                           old.type.choices != now.type.choices;
    // An enum converts to and from text only, so a change to or from one goes through text; its
    // default would not convert by itself, so it is set again afterwards.
    const bool via_text = is_pg_enum(now.type, dialect_) || is_pg_enum(old.type, dialect_);
    const bool converted = (retyped && via_text) || relabeled;
    const bool reset_default = (converted && old.default_value) || old.default_value != now.default_value;
    if (reset_default && old.default_value) out_.push_back(alter(t, c, "DROP DEFAULT"));
    if (relabeled) {
      relabel_enum(now.type, t, c);
    } else if (retyped) {
      create_enum(now.type);
      const std::string value = via_text ? quote(c) + "::text::" + type_sql
                                         : converted_value(quote(c), old.type, now.type, dialect_);
      out_.push_back(alter(t, c, "TYPE " + type_sql + " USING " + value));
      drop_unused_enums({&old.type}, AlterColumn{t, now});
    }
    if (reset_default && now.default_value) {
      const std::string d = default_sql(now, dialect_);
      out_.push_back(alter(t, c, d.empty() ? "DROP DEFAULT" : "SET DEFAULT " + d));
    }
    if (old.nullable && !now.nullable) {
      if (now.default_value) {
        out_.push_back("UPDATE " + quote(t) + " SET " + quote(c) + " = " + fill_value(now, dialect_) + " WHERE " +
                       quote(c) + " IS NULL");
      }
      out_.push_back(alter(t, c, "SET NOT NULL"));
    } else if (!old.nullable && now.nullable) {
      out_.push_back(alter(t, c, "DROP NOT NULL"));
    }
    if (!old.auto_increment && now.auto_increment) {
      out_.push_back(alter(t, c, "ADD GENERATED BY DEFAULT AS IDENTITY"));
      // Continue numbering after the rows already there.
      out_.push_back("SELECT setval(pg_get_serial_sequence(" + literal(quote(t)) + ", " + literal(c) + "), COALESCE(MAX(" +
                     quote(c) + "), 0) + 1, false) FROM " + quote(t));
    }
    if (!old.unique && now.unique) out_.push_back(add + quote(unique_constraint_name(t, c)) + " UNIQUE (" + quote(c) + ")");
    if (has_choices_check(now.type, dialect_) &&
        (old.type.choices != now.type.choices || !has_choices_check(old.type, dialect_))) {
      out_.push_back(add + quote(choices_check_name(t, c)) + " CHECK (" + choices_check(now) + ")");
    }
    if (now.references && old.references != now.references) {
      out_.push_back(add + quote(foreign_key_name(t, c)) + " FOREIGN KEY (" + quote(c) + ") " +
                     references_sql(*now.references));
    }
  }

  /**
   * SQLite's table rebuild: the new shape under a temporary name, the rows
   * copied (`copy` gives expressions for new or changed columns), the old
   * table dropped, the new one renamed and its indexes created.
   */
  void rebuild(const Table& before, const Table& after, const std::vector<std::pair<std::string, std::string>>& copy) {
    const std::string temporary = "cpprustango_new_" + after.name;
    out_.push_back(create_table_sql(after, dialect_, temporary));
    std::vector<std::string> targets;
    std::vector<std::string> sources;
    for (const Column& column : present(after.columns)) {
      auto given = std::find_if(copy.begin(), copy.end(), [&](const auto& p) { return p.first == column.name; });
      if (given != copy.end()) {
        targets.push_back(quote(column.name));
        sources.push_back(given->second);
      } else if (const Column* old = before.column(column.name); old && old->exists_on(backend_)) {
        targets.push_back(quote(column.name));
        sources.push_back(quote(column.name));
      }
    }
    out_.push_back("INSERT INTO " + quote(temporary) + " (" + joined(targets) + ") SELECT " + joined(sources) + " FROM " +
                   quote(before.name));
    out_.push_back("DROP TABLE " + quote(before.name));
    out_.push_back("ALTER TABLE " + quote(temporary) + " RENAME TO " + quote(after.name));
    for (const Index& index : after.indexes) out_.push_back(create_index_sql(after.name, index, dialect_));
  }

  // ---- PostgreSQL enum types (@enum): made before the first column needs them, dropped with the last.

  void create_enum(const ColumnType& type) {
    // A ref to an enum key holds no labels of its own: its target made the type.
    if (is_pg_enum(type, dialect_) && !type.choices.empty()) out_.push_back(create_enum_sql(type));
  }

  /** The enum types of `types` that no column uses once `op` is applied: each dropped once. */
  void drop_unused_enums(const std::vector<const ColumnType*>& types, const Operation& op) {
    std::set<std::string> unused;
    for (const ColumnType* type : types) {
      if (is_pg_enum(*type, dialect_)) unused.insert(type->enum_type);
    }
    if (unused.empty()) return;
    State after = before_;
    apply(after, op);
    for (const Table& table : after.tables) {
      for (const Column& column : table.columns) {
        if (column.exists_on(backend_)) unused.erase(column.type.enum_type);
      }
    }
    for (const std::string& name : unused) out_.push_back("DROP TYPE IF EXISTS " + quote(name));
  }

  /**
   * New labels for an enum type: PostgreSQL can add labels but not remove or
   * reorder them, so the type is made again and every column using it converted
   * (a row holding a label that is gone fails the migration, which then changes nothing).
   */
  void relabel_enum(const ColumnType& now, const std::string& altered_table, const std::string& altered_column) {
    const std::string old_name = schema::fit_identifier(now.enum_type + "_old");
    out_.push_back("ALTER TYPE " + quote(now.enum_type) + " RENAME TO " + quote(old_name));
    out_.push_back(create_enum_sql(now));
    for (const Table& table : before_.tables) {
      for (const Column& column : present(table.columns)) {
        if (column.type.enum_type != now.enum_type) continue;
        const bool altered = table.name == altered_table && column.name == altered_column;
        const std::string d = default_sql(column, dialect_);
        if (!altered && !d.empty()) out_.push_back(alter(table.name, column.name, "DROP DEFAULT"));
        out_.push_back(alter(table.name, column.name, "TYPE " + quote(now.enum_type) + " USING " + quote(column.name) +
                                                          "::text::" + quote(now.enum_type)));
        if (!altered && !d.empty()) out_.push_back(alter(table.name, column.name, "SET DEFAULT " + d));
      }
    }
    out_.push_back("DROP TYPE " + quote(old_name));
  }

  std::vector<std::string> take() { return std::exchange(out_, {}); }

  const State& before_;
  Dialect dialect_;
  Backend backend_;
  std::vector<std::string> out_;
};

}  // namespace

std::string quote(std::string_view identifier) {
  std::string out = "\"";
  for (const char c : identifier) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string column_type_sql(const ColumnType& type, Dialect dialect) {
  const bool pg = dialect == Dialect::Postgresql;
  auto varchar = [](int n) { return "VARCHAR(" + std::to_string(n) + ")"; };
  switch (type.kind) {
    case FieldKind::Bool: return "BOOLEAN";
    case FieldKind::SmallInt: return "SMALLINT";
    case FieldKind::Int: return "INTEGER";
    case FieldKind::BigInt: return "BIGINT";
    case FieldKind::Real: return "REAL";
    case FieldKind::Double: return pg ? "DOUBLE PRECISION" : "DOUBLE";
    // On SQLite NUMERIC affinity keeps up to 15 digits exactly (check's schema.W001 warns past that).
    case FieldKind::Decimal:
      return "NUMERIC(" + std::to_string(type.precision) + ", " + std::to_string(type.scale) + ")";
    case FieldKind::String:
    case FieldKind::Email:
    case FieldKind::Url:
    case FieldKind::Slug: return type.max_length > 0 ? varchar(type.max_length) : "TEXT";
    case FieldKind::Text: return "TEXT";
    case FieldKind::Date: return "DATE";
    case FieldKind::Time: return "TIME";
    case FieldKind::DateTime: return pg ? "TIMESTAMPTZ" : "DATETIME";
    // SQLite: a declared type of its own, so inspectdb tells the two apart (type_map.cpp).
    case FieldKind::Timestamp: return "TIMESTAMP";
    case FieldKind::Uuid: return "UUID";
    // SQLite: TEXT affinity, so a JSON document such as 1 stays text.
    case FieldKind::Json: return pg ? "JSONB" : "TEXT";
    case FieldKind::Bytes: return pg ? "BYTEA" : "BLOB";
    case FieldKind::Choice: {
      if (pg && !type.enum_type.empty()) return quote(type.enum_type);
      std::size_t longest = 1;
      for (const std::string& choice : type.choices) longest = std::max(longest, choice.size());
      return varchar(static_cast<int>(longest));
    }
    case FieldKind::MultiChoice: return "TEXT";
    case FieldKind::Ref:
    case FieldKind::Many: return "BIGINT";
    case FieldKind::Inet: return pg ? "INET" : "TEXT";
    case FieldKind::Cidr: return pg ? "CIDR" : "TEXT";
    case FieldKind::MacAddr: return pg ? "MACADDR" : "TEXT";
    case FieldKind::Xml: return pg ? "XML" : "TEXT";
    case FieldKind::LTree: return pg ? "LTREE" : "TEXT";
    case FieldKind::Bit: return pg ? "BIT(" + std::to_string(std::max(type.bit_length, 1)) + ")" : "TEXT";
    case FieldKind::TsVector: return pg ? "TSVECTOR" : "TEXT";
    case FieldKind::Array: {
      ColumnType element = type;
      element.kind = type.element;
      return pg ? column_type_sql(element, dialect) + "[]" : "TEXT";
    }
    case FieldKind::Interval: return pg ? "INTERVAL" : "TEXT";
    case FieldKind::TimeTz: return pg ? "TIME WITH TIME ZONE" : "TEXT";
  }
  return "TEXT";
}

std::vector<std::string> render(const Operation& op, const State& before, Dialect dialect) {
  Renderer renderer(before, dialect);
  return std::visit(renderer, op);
}

}  // namespace cpprustango::migrate
