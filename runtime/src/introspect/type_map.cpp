// Column types to the field catalogue. Every type SQLite and PostgreSQL 15
// ship lands on a kind; when the kind does not say everything (a padded
// char(n), a json that is not jsonb, a type outside the catalogue) the
// mapping carries a note naming the original, which inspectdb writes as the
// field's @comment.
#include <algorithm>
#include <cctype>

#include "cpprustango/introspect/to_schema.hpp"

namespace cpprustango::introspect {
namespace {

using schema::FieldKind;
using schema::FieldType;

FieldType kind(FieldKind k) {
  FieldType type;
  type.kind = k;
  return type;
}

FieldType string_of(int length) {
  FieldType type = kind(FieldKind::String);
  type.max_length = length;
  return type;
}

FieldType decimal(int precision, int scale) {
  FieldType type = kind(FieldKind::Decimal);
  type.precision = precision;
  type.scale = scale;
  return type;
}

MappedType exact(FieldType type) { return {std::move(type), std::nullopt}; }
MappedType noted(FieldType type, std::string note) { return {std::move(type), std::move(note)}; }

std::string join_labels(const std::vector<std::string>& labels) {
  std::string out;
  for (const auto& label : labels) out += (out.empty() ? "'" : ", '") + label + "'";
  return out;
}

MappedType map_postgres_scalar(const ColumnType& type) {
  const std::string& base = type.base;
  if (!type.enum_values.empty()) {
    const bool labels_fit = std::all_of(type.enum_values.begin(), type.enum_values.end(),
                                        [](const std::string& label) { return schema::is_choice_value(label); });
    if (labels_fit) {
      // The same enum type on PostgreSQL (@enum); the portable CHECK on SQLite.
      FieldType choice = kind(FieldKind::Choice);
      choice.choices = type.enum_values;
      return {std::move(choice), std::nullopt, base};
    }
    std::size_t longest = 1;
    for (const auto& label : type.enum_values) longest = std::max(longest, label.size());
    return noted(string_of(static_cast<int>(longest)),
                 "PostgreSQL enum " + base + " (" + join_labels(type.enum_values) + ")");
  }
  if (base == "smallint") return exact(kind(FieldKind::SmallInt));
  if (base == "integer") return exact(kind(FieldKind::Int));
  if (base == "bigint") return exact(kind(FieldKind::BigInt));
  if (base == "real") return exact(kind(FieldKind::Real));
  if (base == "double precision") return exact(kind(FieldKind::Double));
  if (base == "numeric") {
    if (type.precision) return exact(decimal(*type.precision, type.scale.value_or(0)));
    return noted(decimal(38, 10), "numeric without precision: any number of digits");
  }
  if (base == "money") return noted(decimal(19, 2), "PostgreSQL type money");
  if (base == "character varying") {
    if (type.length) return exact(string_of(*type.length));
    return noted(kind(FieldKind::Text), "character varying without a length");
  }
  if (base == "character" || base == "bpchar") {
    return noted(string_of(type.length.value_or(1)), "character(" + std::to_string(type.length.value_or(1)) +
                                                         "): blank-padded to its length");
  }
  if (base == "text") return exact(kind(FieldKind::Text));
  if (base == "name") return noted(string_of(63), "PostgreSQL type name");
  if (base == "citext") return noted(kind(FieldKind::Text), "PostgreSQL type citext: compared case-insensitively");
  if (base == "boolean") return exact(kind(FieldKind::Bool));
  if (base == "date") return exact(kind(FieldKind::Date));
  if (base == "time without time zone") return exact(kind(FieldKind::Time));
  if (base == "time with time zone") return exact(kind(FieldKind::TimeTz));
  if (base == "timestamp with time zone") return exact(kind(FieldKind::DateTime));
  if (base == "timestamp without time zone") return exact(kind(FieldKind::Timestamp));
  if (base == "interval") return exact(kind(FieldKind::Interval));
  if (base == "uuid") return exact(kind(FieldKind::Uuid));
  if (base == "jsonb") return exact(kind(FieldKind::Json));
  if (base == "json") return noted(kind(FieldKind::Json), "json (not jsonb)");
  if (base == "bytea") return exact(kind(FieldKind::Bytes));
  if (base == "inet") return exact(kind(FieldKind::Inet));
  if (base == "cidr") return exact(kind(FieldKind::Cidr));
  if (base == "macaddr") return exact(kind(FieldKind::MacAddr));
  if (base == "macaddr8") return noted(kind(FieldKind::MacAddr), "macaddr8 (EUI-64)");
  if (base == "xml") return exact(kind(FieldKind::Xml));
  if (base == "tsvector") return exact(kind(FieldKind::TsVector));
  if (base == "ltree") return exact(kind(FieldKind::LTree));
  if (base == "bit" || base == "bit varying") {
    FieldType bits = kind(FieldKind::Bit);
    bits.bit_length = type.length.value_or(1);
    if (base == "bit") return exact(std::move(bits));
    return noted(std::move(bits), type.length ? "bit varying(" + std::to_string(*type.length) + ")" : "bit varying");
  }
  if (base == "oid" || base == "xid8" || base == "pg_lsn") return noted(kind(FieldKind::BigInt), "PostgreSQL type " + base);
  // Geometric types, ranges, tsquery, and types from extensions: their text form.
  return noted(kind(FieldKind::Text), "PostgreSQL type " + type.declared);
}

bool contains(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

MappedType map_sqlite(const ColumnType& type) {
  const std::string& base = type.base;
  if (base == "integer" || base == "int" || base == "mediumint" || base == "int4") return exact(kind(FieldKind::Int));
  if (base == "bigint" || base == "int8" || base == "unsigned big int") return exact(kind(FieldKind::BigInt));
  if (base == "smallint" || base == "int2" || base == "tinyint") return exact(kind(FieldKind::SmallInt));
  // PostgreSQL's spellings, which schemas written for both databases keep on SQLite (Bacula's
  // "serial", Kamailio's "TIMESTAMP WITHOUT TIME ZONE"): by affinity alone they would be numbers.
  if (base == "serial") return noted(kind(FieldKind::Int), "SQLite type " + type.declared + ": not numbered by SQLite");
  if (base == "bigserial") return noted(kind(FieldKind::BigInt), "SQLite type " + type.declared + ": not numbered by SQLite");
  if (base == "smallserial") {
    return noted(kind(FieldKind::SmallInt), "SQLite type " + type.declared + ": not numbered by SQLite");
  }
  if (base == "timestamp without time zone") return noted(kind(FieldKind::Timestamp), "SQLite type " + type.declared);
  if (base == "timestamp with time zone" || base == "timestamptz") {
    return noted(kind(FieldKind::DateTime), "SQLite type " + type.declared);
  }
  if (base == "time without time zone" || base == "time with time zone") {
    return noted(kind(FieldKind::Time), "SQLite type " + type.declared);
  }
  if (base == "bytea") return noted(kind(FieldKind::Bytes), "SQLite type " + type.declared);
  if (base == "jsonb") return noted(kind(FieldKind::Json), "SQLite type " + type.declared);
  const bool character = base == "varchar" || base == "nvarchar" || base == "character varying" ||
                         base == "varying character" || base == "char" || base == "nchar" || base == "character" ||
                         base == "native character";
  if (character) return type.length ? exact(string_of(*type.length)) : exact(kind(FieldKind::Text));
  if (base == "text" || base == "clob") return exact(kind(FieldKind::Text));
  if (base == "real" || base == "double" || base == "double precision" || base == "float") {
    return exact(kind(FieldKind::Double));
  }
  if (base == "numeric" || base == "decimal") {
    if (type.precision) return exact(decimal(*type.precision, type.scale.value_or(0)));
    return noted(decimal(15, 5), base + " without precision: digits guessed");
  }
  if (base == "boolean" || base == "bool") return exact(kind(FieldKind::Bool));
  if (base == "date") return exact(kind(FieldKind::Date));
  // DATETIME stays an instant: it is what the framework declares for datetime, and Django's columns (UTC,
  // written without an offset) read right as one. TIMESTAMP is a wall-clock reading: what the framework
  // declares for timestamp, and the form SQLite's own CURRENT_TIMESTAMP default writes ('2026-01-02 03:04:05').
  if (base == "datetime") return exact(kind(FieldKind::DateTime));
  if (base == "timestamp") return exact(kind(FieldKind::Timestamp));
  if (base == "time") return exact(kind(FieldKind::Time));
  if (base == "blob") return exact(kind(FieldKind::Bytes));
  if (base == "uuid") return exact(kind(FieldKind::Uuid));
  if (base == "json") return exact(kind(FieldKind::Json));
  if (base.empty()) return noted(kind(FieldKind::Bytes), "no declared type: any value");
  // SQLite's own affinity rules (section 3.1 of its datatype page), in its order.
  const std::string note = "SQLite type " + type.declared;
  if (contains(base, "int")) return noted(kind(FieldKind::BigInt), note);
  if (contains(base, "char") || contains(base, "clob") || contains(base, "text")) {
    return noted(kind(FieldKind::Text), note);
  }
  if (contains(base, "blob")) return noted(kind(FieldKind::Bytes), note);
  if (contains(base, "real") || contains(base, "floa") || contains(base, "doub")) {
    return noted(kind(FieldKind::Double), note);
  }
  return noted(decimal(15, 5), note);
}

}  // namespace

MappedType map_type(const ColumnType& type, db::Dialect dialect) {
  if (dialect == db::Dialect::Sqlite) return map_sqlite(type);
  MappedType mapped = map_postgres_scalar(type);
  if (type.array_dimensions > 0) {
    std::string note = type.declared;
    if (!schema::is_array_element(mapped.type.kind)) {
      // An array of enum labels: the labels as text (arrays hold no choices).
      if (mapped.enum_type) mapped.note = "PostgreSQL enum " + *mapped.enum_type;
      mapped.enum_type.reset();
      mapped.type = kind(FieldKind::Text);
    }
    FieldType array = mapped.type;
    array.element = mapped.type.kind;
    array.kind = FieldKind::Array;
    array.choices.clear();
    const bool lossless = type.array_dimensions == 1 && !mapped.note;
    mapped = {std::move(array), lossless ? std::nullopt : std::optional<std::string>(note + (mapped.note ? ": " + *mapped.note : ""))};
  }
  if (type.domain) {
    mapped.note = "domain " + *type.domain + " over " + type.declared + (mapped.note ? "; " + *mapped.note : "");
  }
  return mapped;
}

}  // namespace cpprustango::introspect
