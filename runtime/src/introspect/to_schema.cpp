// Builds schema-language models from a catalog: names made into valid
// identifiers (the real ones kept in @@table/@column), foreign keys into
// ref() fields, keys, uniques, indexes, checks, defaults and comments into
// their attributes. What the language cannot express becomes a comment, so
// the printed file says everything the database holds.
#include "cpprustango/introspect/to_schema.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace cpprustango::introspect {
namespace {

using schema::DefaultKind;
using schema::FieldKind;

/** ASCII words of a name: split at anything else and where lower case turns upper ("AlbumId" -> Album, Id). */
std::vector<std::string> words_of(std::string_view name) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  auto at = [&](std::size_t i) { return static_cast<unsigned char>(name[i]); };
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = at(i);
    if (!std::isalnum(c) || c >= 0x80) {
      flush();
      continue;
    }
    if (std::isupper(c) && !word.empty()) {
      const auto previous = at(i - 1);
      const bool after_lower = std::islower(previous) || std::isdigit(previous);
      // "HTTPLog": the L starts a word because a lower-case letter follows it.
      const bool ends_acronym = std::isupper(previous) && i + 1 < name.size() && std::islower(at(i + 1));
      if (after_lower || ends_acronym) flush();
    }
    word += static_cast<char>(std::tolower(c));
  }
  flush();
  return words;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

/** A name not yet in `used` (adding "_2", "_3", ... or "2", "3", ...), recorded as used. */
std::string unique_name(std::string name, std::set<std::string>& used, const char* separator) {
  std::string candidate = name;
  for (int n = 2; used.count(lower(candidate)); ++n) candidate = name + separator + std::to_string(n);
  used.insert(lower(candidate));
  return candidate;
}

std::string qualified(const Table& table) { return table.schema + "." + table.name; }

/** Whether an index key is just its columns in order, quoted or not ("\"a\", b" for {a, b}). */
bool plain_columns(const std::string& key, const std::vector<std::string>& columns) {
  std::string bare;
  for (const char c : key) {
    if (c != '"' && c != '`' && c != '[' && c != ']' && !std::isspace(static_cast<unsigned char>(c))) bare += c;
  }
  std::string listed;
  for (const auto& column : columns) {
    if (column.empty()) return false;
    listed += (listed.empty() ? "" : ",") + column;
  }
  return bare == listed;
}

bool selected(const Table& table, const SchemaOptions& options) {
  if (options.tables.empty()) return true;
  return std::any_of(options.tables.begin(), options.tables.end(),
                     [&](const std::string& name) { return name == table.name || name == qualified(table); });
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

bool is_number(std::string_view text) {
  if (!text.empty() && text.front() == '-') text.remove_prefix(1);
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text.front()))) return false;
  bool dot = false;
  for (const char c : text) {
    if (c == '.' && !dot) {
      dot = true;
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return text.back() != '.';
}

/** "'it''s'::character varying" -> "it's"; nullopt unless the whole text is one quoted literal (plus a cast). */
std::optional<std::string> string_literal(std::string_view sql) {
  if (sql.empty() || sql.front() != '\'') return std::nullopt;
  std::string value;
  std::size_t i = 1;
  for (; i < sql.size(); ++i) {
    if (sql[i] == '\'') {
      if (i + 1 < sql.size() && sql[i + 1] == '\'') {
        value += '\'';
        ++i;
        continue;
      }
      break;
    }
    value += sql[i];
  }
  if (i >= sql.size()) return std::nullopt;
  // Nothing may follow but a cast to a type name: "::character varying", "::text[]", "::public.mpaa_rating".
  const auto rest = sql.substr(i + 1);
  if (rest.empty()) return value;
  if (rest.rfind("::", 0) != 0) return std::nullopt;
  const bool type_name = std::all_of(rest.begin() + 2, rest.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == ' ' || c == '.' || c == '"' || c == '[' || c == ']' || c == '(' ||
           c == ')' || c == ',';
  });
  if (!type_name) return std::nullopt;
  return value;
}

/** Strips parentheses around a whole expression: "((0))" -> "0", "(-1)" -> "-1". */
std::string_view unwrap(std::string_view sql) {
  while (sql.size() >= 2 && sql.front() == '(' && sql.back() == ')') {
    int depth = 0;
    bool whole = true;
    for (std::size_t i = 0; i < sql.size(); ++i) {
      if (sql[i] == '(') ++depth;
      if (sql[i] == ')' && --depth == 0 && i + 1 < sql.size()) whole = false;
    }
    if (!whole) break;
    sql = sql.substr(1, sql.size() - 2);
  }
  return sql;
}

schema::DefaultValue make_default(DefaultKind kind, std::string text = {}) { return {kind, std::move(text)}; }

/**
 * Whether a default (unwrapped) reads the clock the way now() does for `kind`. PostgreSQL converts
 * now(), CURRENT_TIMESTAMP and LOCALTIMESTAMP to each other's type on assignment, so on a timestamp
 * column all three give the session's wall-clock reading, which is what LOCALTIMESTAMP (sql.cpp's
 * rendering of now() there) gives; the strftime form is sql.cpp's on SQLite, compared as written.
 */
bool is_now(FieldKind kind, std::string_view sql) {
  const std::string word = lower(std::string(sql));
  const bool stamp = word == "now()" || word == "current_timestamp";
  switch (kind) {
    case FieldKind::DateTime: return stamp;
    case FieldKind::Timestamp:
      return stamp || word == "localtimestamp" || sql == "strftime('%Y-%m-%d %H:%M:%f', 'now')";
    case FieldKind::Date: return word == "current_date";
    case FieldKind::Time: return word == "current_time" || word == "localtime";
    case FieldKind::TimeTz: return word == "current_time";
    default: return false;
  }
}

/** The column default in the language's terms; sql("...") when no literal form says the same. */
std::optional<schema::DefaultValue> convert_default(const std::string& sql, const schema::FieldType& type) {
  const std::string_view bare = unwrap(sql);
  const std::string word = lower(std::string(bare));
  if (word == "null" || word.rfind("null::", 0) == 0) return std::nullopt;
  const FieldKind kind = type.kind;
  const bool integer = schema::is_integer(kind) || kind == FieldKind::Ref;
  if (is_number(bare) && (schema::is_numeric(kind) || kind == FieldKind::Ref)) {
    if (!integer || bare.find('.') == std::string_view::npos) return make_default(DefaultKind::Number, std::string(bare));
  }
  if (kind == FieldKind::Bool) {
    if (word == "true" || word == "1" || word == "'t'::boolean") return make_default(DefaultKind::Bool, "true");
    if (word == "false" || word == "0" || word == "'f'::boolean") return make_default(DefaultKind::Bool, "false");
  }
  if (is_now(kind, bare)) return make_default(DefaultKind::Now);
  if (kind == FieldKind::Uuid && word == "gen_random_uuid()") return make_default(DefaultKind::Uuid);
  if (auto text = string_literal(bare)) {
    if (kind == FieldKind::Choice) {
      if (std::find(type.choices.begin(), type.choices.end(), *text) != type.choices.end()) {
        return make_default(DefaultKind::Choice, *text);
      }
    } else if (schema::is_numeric(kind)) {
      if (is_number(*text) && (!schema::is_integer(kind) || text->find('.') == std::string::npos)) {
        return make_default(DefaultKind::Number, *text);
      }
    } else if (kind != FieldKind::Bool && kind != FieldKind::Ref && kind != FieldKind::Array) {
      return make_default(DefaultKind::String, *text);
    }
  }
  return make_default(DefaultKind::Sql, std::string(bare));
}

/** The name the framework would give an index of these fields, to leave out names that say nothing more. */
bool default_index_name(const std::string& app, const schema::Model& model, const std::vector<std::string>& fields,
                        bool unique, const std::string& name) {
  schema::Index index;
  index.fields = fields;
  index.unique = unique;
  return name.empty() || schema::index_name(app, model, index) == name;
}

/**
 * The columns of a table's narrowest unique constraint, or plain unique index
 * (no condition, no expressions), whose columns are all NOT NULL: a key the
 * database already enforces, for a table without a primary key. Empty when
 * there is none.
 */
std::vector<std::string> natural_key(const Table& table) {
  const std::vector<std::string>* best = nullptr;
  auto consider = [&](const Index& index) {
    if (!index.unique || index.predicate || index.has_expressions() || index.columns.empty()) return;
    for (const auto& name : index.columns) {
      const Column* column = table.find_column(name);
      if (!column || column->nullable) return;
    }
    if (!best || index.columns.size() < best->size()) best = &index.columns;
  };
  for (const auto& unique : table.unique_constraints) consider(unique);
  for (const auto& index : table.indexes) consider(index);
  return best ? *best : std::vector<std::string>{};
}

struct Builder {
  const Catalog& catalog;
  const SchemaOptions& options;
  std::map<std::string, std::string> model_of;  // qualified table -> model name
  std::map<std::string, const Table*> table_of;

  /** The ref() target of a single-column foreign key, or why there is none. */
  std::optional<std::string> ref_target(const ForeignKey& fk, std::string& why) const {
    const std::string target = fk.target_schema + "." + fk.target_table;
    const auto model = model_of.find(target);
    if (fk.columns.size() != 1) {
      why = "a composite foreign key";
    } else if (model == model_of.end()) {
      why = "its table is not inspected";
    } else if (table_of.at(target)->primary_key != fk.target_columns) {
      why = "it does not reference the primary key";
    } else {
      return model->second;
    }
    return std::nullopt;
  }

  schema::Model build(const Table& table) const {
    schema::Model model;
    model.name = model_of.at(qualified(table));
    model.table = table.name;
    model.managed = options.managed && table.kind != TableKind::View && table.kind != TableKind::MaterializedView;
    model.comment = table.comment;
    // Comments are one line each; SQLite keeps DDL as written, line breaks included.
    auto note = [&](const std::string& text) {
      std::string line = " ";
      for (const char c : text) {
        const bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
        if (!space || line.back() != ' ') line += space ? ' ' : c;
      }
      model.comments.leading.push_back(line);
    };
    if (table.schema != "main" && table.schema != "public") {
      note("Table " + table.name + " lives in schema " + table.schema + ": put it on the connection's search_path.");
    }
    if (table.kind != TableKind::Table) {
      note(std::string("A ") + table_kind_name(table.kind) + " in the database.");
    }
    if (!table.partitions.empty()) note("Partitions, folded into this model: " + join(table.partitions) + ".");
    for (const auto& fk : table.partition_foreign_keys) {
      note("Some partitions (not all) declare a foreign key (" + join(fk.columns) + ") references " + fk.target_table +
           " (" + join(fk.target_columns) + ").");
    }

    // Single-column foreign keys to a primary key become ref() fields; one per column.
    std::map<std::string, std::pair<const ForeignKey*, std::string>> refs;  // column -> fk, target model
    for (const auto& fk : table.foreign_keys) {
      std::string why;
      const auto target = ref_target(fk, why);
      if (target && !refs.count(fk.columns.front())) {
        refs[fk.columns.front()] = {&fk, *target};
      } else {
        note("Foreign key " + (fk.name.empty() ? "" : fk.name + " ") + "(" + join(fk.columns) + ") references " +
             fk.target_table + " (" + join(fk.target_columns) + "), not a ref() field: " +
             (why.empty() ? "its column already has one" : why) + ".");
      }
    }

    std::set<std::string> used;
    std::map<std::string, std::string> field_of;  // column -> field
    // A table without a primary key is keyed by a unique rule the database already enforces
    // (natural_key); only when it has none is its first column marked @id.
    const std::vector<std::string> key = table.primary_key.empty() ? natural_key(table) : table.primary_key;
    if (table.primary_key.empty() && !key.empty()) {
      note("No primary key in the database: the unique (" + join(key) + ") keys the model so the ORM can address rows.");
    }
    const bool keyless = key.empty() && !table.columns.empty();
    for (const auto& column : table.columns) {
      schema::Field field;
      const auto ref = refs.find(column.name);
      std::string name = field_name_for(column.name);
      if (ref != refs.end()) {
        // "artist_id" is the column of a field "artist".
        if (name.size() > 3 && name.compare(name.size() - 3, 3, "_id") == 0) name.resize(name.size() - 3);
        field.type.kind = FieldKind::Ref;
        field.type.target = ref->second.second;
      }
      const bool key_member = std::find(key.begin(), key.end(), column.name) != key.end();
      // A model without @id or @@id gets an implicit "id" key, so a plain column of that name needs another.
      const bool marked_key = key_member || (keyless && &column == &table.columns.front());
      if (name == "id" && key.size() <= 1 && !marked_key) name = "id_field";
      field.name = unique_name(name, used, "_");
      field_of[column.name] = field.name;
      if (schema::column_name(field) != column.name) field.column = column.name;

      std::vector<std::string> notes;
      if (ref != refs.end()) {
        const ForeignKey& fk = *ref->second.first;
        if (fk.on_delete != "cascade") field.on_delete = action(fk.on_delete);
        if (fk.on_update != "cascade") field.on_update = action(fk.on_update);
      } else {
        auto mapped = map_type(column.type, catalog.dialect);
        field.type = std::move(mapped.type);
        if (mapped.note) notes.push_back(*mapped.note);
        field.enum_type = mapped.enum_type;
      }
      field.nullable = column.nullable;
      if (key_member || (keyless && &column == &table.columns.front())) field.nullable = false;
      if (key.size() == 1 && key_member) field.primary_key = true;
      if (keyless && &column == &table.columns.front()) {
        field.primary_key = true;
        note("No primary key in the database: " + column.name +
             " is marked @id so the ORM can address rows; make sure it is unique.");
      }
      if (column.auto_increment && schema::is_integer(field.type.kind) &&
          (catalog.dialect == db::Dialect::Postgresql || field.primary_key)) {
        field.auto_increment = true;
        if (!column.identity.empty()) notes.push_back("identity column, generated " + column.identity);
      } else if (column.default_sql) {
        field.default_value = convert_default(*column.default_sql, field.type);
      }
      if (column.collation && (schema::is_textual(field.type.kind) || field.type.kind == FieldKind::Choice)) {
        field.collation = column.collation;
      } else if (column.collation) {
        notes.push_back("COLLATE " + *column.collation + ", not recreated by migrations");
      }
      if (column.generated) {
        notes.push_back("generated column" + (column.generated->empty() ? "" : ": " + *column.generated));
        field.noedit = true;
      }
      if (column.comment) field.help = column.comment;
      if (!notes.empty()) {
        std::string joined;
        for (const auto& text : notes) joined += (joined.empty() ? "" : "; ") + text;
        field.comment = joined;
      }
      model.fields.push_back(std::move(field));
    }
    if (key.size() > 1) {
      for (const auto& column : key) model.id_fields.push_back(field_of.at(column));
    }

    auto fields_of = [&](const Index& index) {
      std::vector<std::string> fields;
      for (const auto& column : index.columns) fields.push_back(field_of.at(column));
      return fields;
    };
    for (const auto& unique : table.unique_constraints) {
      const auto fields = fields_of(unique);
      if (fields.size() == 1 && default_index_name(options.app, model, fields, true, unique.name)) {
        model.find_field(fields.front())->unique = true;
        continue;
      }
      schema::Index entry;
      entry.fields = fields;
      entry.unique = true;
      if (!unique.name.empty()) entry.name = unique.name;
      model.uniques.push_back(std::move(entry));
    }
    for (const auto& index : table.indexes) {
      schema::Index entry;
      entry.unique = index.unique;
      if (!index.name.empty()) entry.name = index.name;
      entry.where = index.predicate;
      if (!index.method.empty() && index.method != "btree") entry.method = index.method;
      const auto key = index_key(index.definition);
      // Beyond the key only the WHERE clause has a spelling here (not INCLUDE, WITH, TABLESPACE, ...).
      const bool only_where = key && (key->rest.empty() || (index.predicate && lower(key->rest).starts_with("where")));
      if (!index.has_expressions() && (!key || plain_columns(key->key, index.columns))) {
        entry.fields = fields_of(index);
      } else if (key && only_where) {
        entry.expression = key->key;  // expressions, DESC, COLLATE or operator classes, as the database wrote them
      }
      if ((entry.fields.empty() && !entry.expression) || (key && !only_where)) {
        note("Index " + index.name + " is not expressible here: " +
             (index.definition.empty() ? "(" + join(index.columns) + ")" : index.definition));
        continue;
      }
      if (entry.fields.size() == 1 && !index.unique && !entry.where && !entry.method &&
          default_index_name(options.app, model, entry.fields, false, index.name)) {
        model.find_field(entry.fields.front())->indexed = true;
        continue;
      }
      model.indexes.push_back(std::move(entry));
    }
    for (const auto& check : table.checks) {
      schema::Check entry;
      entry.expression = check.expression;
      if (!check.name.empty()) entry.name = check.name;
      model.checks.push_back(std::move(entry));
    }
    return model;
  }

  static schema::ReferentialAction action(const std::string& name) {
    if (name == "restrict") return schema::ReferentialAction::Restrict;
    if (name == "set_null") return schema::ReferentialAction::SetNull;
    if (name == "set_default") return schema::ReferentialAction::SetDefault;
    if (name == "no_action") return schema::ReferentialAction::NoAction;
    return schema::ReferentialAction::Cascade;
  }
};

/** A name words_of() would give back unchanged: [a-z][a-z0-9]*, words joined by single underscores. */
bool already_snake_case(std::string_view name) {
  if (name.empty() || name.front() < 'a' || name.front() > 'z' || name.back() == '_') return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool word_char = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!word_char && (c != '_' || name[i - 1] == '_')) return false;
  }
  return true;
}

}  // namespace

std::string model_name_for(std::string_view table_name) {
  std::string name;
  for (auto word : words_of(table_name)) {
    word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(word[0])));
    name += word;
  }
  if (name.empty() || !std::isupper(static_cast<unsigned char>(name[0]))) name = "Table" + name;
  return name;
}

std::string field_name_for(std::string_view column_name) {
  std::string name;
  if (already_snake_case(column_name)) {
    name = column_name;  // most columns: no need to split and join their words
  } else {
    for (const auto& word : words_of(column_name)) name += (name.empty() ? "" : "_") + word;
  }
  if (name.empty()) return "field";
  if (!std::islower(static_cast<unsigned char>(name[0]))) name = "field_" + name;
  if (schema::is_cpp_keyword(name) || schema::is_generated_member(name) || schema::is_standard_macro(name) ||
      name == "pk") {
    name += "_field";
  }
  return name;
}

bool has_table(const Catalog& catalog, std::string_view name) {
  return std::any_of(catalog.tables.begin(), catalog.tables.end(),
                     [&](const Table& table) { return name == table.name || name == qualified(table); });
}

schema::SchemaFile to_schema(const Catalog& catalog, const SchemaOptions& options) {
  Builder builder{catalog, options, {}, {}};
  std::set<std::string> used;
  std::vector<const Table*> tables;
  for (const auto& table : catalog.tables) {
    if (!selected(table, options)) continue;
    tables.push_back(&table);
    builder.model_of[qualified(table)] = unique_name(model_name_for(table.name), used, "");
    builder.table_of[qualified(table)] = &table;
  }
  schema::SchemaFile file;
  file.app = options.app;
  file.path = "apps/" + options.app + "/models.schema";
  file.header_comments = {" Models of the " + options.app + " app, written by `cpprustango inspectdb` from the " +
                              std::string(db::dialect_name(catalog.dialect)) + " database.",
                          options.managed ? " Migrations manage these tables (--managed)."
                                          : " @@managed(false): migrations never create, alter or drop these tables."};
  for (const Table* table : tables) file.models.push_back(builder.build(*table));
  schema::name_reverse_accessors(file);
  return file;
}

}  // namespace cpprustango::introspect
