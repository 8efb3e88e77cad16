// Typed text as a field's value, and database refusals as field errors:
// shared by project forms and the admin (see values.hpp).
#include "forms/values.hpp"

#include <cctype>
#include <charconv>

#include "admin/registry.hpp"
#include "cpprustango/db/errors.hpp"
#include "cpprustango/orm/convert.hpp"
#include "cpprustango/orm/types.hpp"
#include "forms/schema_kinds.hpp"

namespace cpprustango::forms::detail {

using schema::FieldKind;
using schema::FieldSpec;

std::string trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

std::size_t characters(std::string_view text) {
  std::size_t count = 0;
  for (const unsigned char c : text) count += (c & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

Parsed parse_scalar(const FieldSpec& field, const std::string& text) {
  try {
    if (schema::is_integer(field.kind) || field.kind == FieldKind::Ref) {
      std::int64_t number = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
      if (ec == std::errc{} && end == text.data() + text.size()) return db::Value(number);
      if (field.kind == FieldKind::Ref) return db::Value(text);
      return std::string("Enter a whole number.");
    }
    if (field.kind == FieldKind::Real || field.kind == FieldKind::Double) {
      std::size_t used = 0;
      const double number = std::stod(text, &used);
      if (used != text.size()) return std::string("Enter a number.");
      return db::Value(number);
    }
    if (field.kind == FieldKind::Decimal) return db::Value(cpprustango::Decimal(text).str());
    if (field.kind == FieldKind::Date) return orm::Convert<Date>::to(orm::parse_date(text));
    if (field.kind == FieldKind::Time) return orm::Convert<TimeOfDay>::to(orm::parse_time(text));
    if (field.kind == FieldKind::DateTime) return orm::Convert<DateTime>::to(orm::parse_datetime(text));
    if (field.kind == FieldKind::Timestamp) return orm::Convert<LocalDateTime>::to(orm::parse_local_datetime(text));
    if (field.kind == FieldKind::Uuid) return db::Value(Uuid::parse(text).str());
    if (field.kind == FieldKind::Bytes) return db::to_bytes(text);
  } catch (const std::exception&) {
    if (field.kind == FieldKind::Date) return std::string("Enter a valid date (YYYY-MM-DD).");
    if (field.kind == FieldKind::Time) return std::string("Enter a valid time (HH:MM).");
    if (field.kind == FieldKind::DateTime) return std::string("Enter a valid date and time.");
    if (field.kind == FieldKind::Timestamp) return std::string("Enter a valid date and time, with no time zone.");
    if (field.kind == FieldKind::Uuid) return std::string("Enter a valid UUID.");
    return std::string("Enter a number.");
  }
  return db::Value(text);
}

Parsed parse_typed(const FieldSpec& field, const std::string& typed) {
  if (schema::is_postgres_only(field.kind)) return parse_pg_input(field, typed);
  // Text kinds keep what was typed; the others are read without the spaces around them.
  const std::string text = schema::is_textual(field.kind) ? typed : trimmed(typed);
  if (trimmed(text).empty()) {
    if (field.nullable) return db::Value(nullptr);
    return std::string("This field is required.");
  }
  if (field.kind == FieldKind::Json) {
    std::string problem = json_problem(text);
    if (!problem.empty()) return problem;
    return db::Value(text);
  }
  return parse_scalar(field, text);
}

std::string input_text(const FieldSpec& field, const db::Value& value) {
  if (db::is_null(value)) return {};
  if (schema::is_postgres_only(field.kind)) return pg_input_text(field, value);
  if (field.kind == FieldKind::Bool) return admin::detail::is_true(value) ? "on" : "";
  if (field.kind == FieldKind::DateTime) {
    try {
      std::string text = orm::format_datetime(orm::parse_datetime(db::as_string(value)));
      text.resize(std::min<std::size_t>(text.size(), 19));  // "2026-01-02T03:04:05", what datetime-local takes
      return text;
    } catch (const std::exception&) {
      return db::as_string(value);
    }
  }
  if (field.kind == FieldKind::Timestamp) {
    // The reading as stored, to the microsecond, so saving the form unchanged changes nothing.
    try {
      std::string text = orm::format_local_datetime(orm::parse_local_datetime(db::as_string(value)));
      text[10] = 'T';  // datetime-local's separator
      if (text.find('.') != std::string::npos) {
        while (text.back() == '0') text.pop_back();  // ".120000" -> ".12", the 1-3 digits datetime-local reads
      }
      return text;
    } catch (const std::exception&) {
      return db::as_string(value);
    }
  }
  return admin::detail::value_text(field, value);
}

const FieldSpec* field_of_column(const schema::ModelSpec& model, const std::vector<std::string>& columns) {
  if (columns.size() != 1) return nullptr;
  for (const auto& field : model.fields) {
    if (field.column == columns.front()) return &field;
  }
  return nullptr;
}

namespace {

std::string capitalised(std::string_view text) {
  std::string out(text);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

/** PostgreSQL quotes the refused value ('invalid input syntax for type interval: "x"'): the field typed so. */
std::string data_error_field(const schema::ModelSpec& model, const TypedText& typed, const std::string& reason) {
  const auto open = reason.find(": \"");
  if (open == std::string::npos || !typed) return {};
  const auto close = reason.rfind('"');
  const std::string value = reason.substr(open + 3, close - open - 3);
  for (const auto& field : model.fields) {
    if (auto text = typed(field.name); text && *text == value) return std::string(field.name);
  }
  return {};
}

}  // namespace

std::optional<orm::FieldError> refused_write(const schema::ModelSpec& model, const std::exception& error,
                                             const TypedText& typed) {
  if (const auto* unique = dynamic_cast<const db::UniqueViolation*>(&error)) {
    const auto* field = field_of_column(model, unique->columns());
    const std::string name = capitalised(model.verbose_name);
    return orm::FieldError{field ? std::string(field->name) : "", "unique",
                           field ? name + " with this " + std::string(field->label) + " already exists."
                                 : name + " with these values already exists."};
  }
  if (const auto* foreign = dynamic_cast<const db::ForeignKeyViolation*>(&error)) {
    const auto* field = field_of_column(model, foreign->columns());
    return orm::FieldError{field ? std::string(field->name) : "", "invalid_choice",
                           "Select a valid choice; the referenced row does not exist."};
  }
  if (const auto* integrity = dynamic_cast<const db::IntegrityError*>(&error)) {
    const auto* field = field_of_column(model, integrity->columns());
    return orm::FieldError{field ? std::string(field->name) : "", "invalid", "The database refused this value."};
  }
  if (const auto* query = dynamic_cast<const db::QueryError*>(&error)) {
    if (!query->sqlstate().starts_with("22")) return std::nullopt;  // only data exceptions are the typed values' fault
    return orm::FieldError{data_error_field(model, typed, query->reason()), "invalid",
                           "The database refused this value: " + query->reason().substr(0, query->reason().find('\n'))};
  }
  return std::nullopt;
}

}  // namespace cpprustango::forms::detail
