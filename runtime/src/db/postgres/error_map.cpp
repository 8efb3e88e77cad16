// Parsing PostgreSQL's verbose error reports. The labels are libpq's
// ("DETAIL:", "TABLE NAME:"); the primary message and DETAIL are the
// server's, in English because test clusters run with lc_messages=C. When a
// field is missing (another locale, a privilege hiding DETAIL) the error is
// still typed by SQLSTATE, only with fewer details.
#include "db/postgres/error_map.hpp"

#include <array>
#include <utility>

namespace cpprustango::db::detail {

namespace {

bool is_sqlstate(std::string_view text) {
  if (text.size() < 7 || text.substr(5, 2) != ": ") return false;
  for (char c : text.substr(0, 5)) {
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return false;
  }
  return true;
}

std::string unquote(std::string_view name) {
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
  return std::string{name};
}

/** Splits "a, lower(b), \"C, d\"" on top-level commas. */
std::vector<std::string> split_columns(std::string_view text) {
  std::vector<std::string> out;
  int depth = 0;
  bool quoted = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    char c = i < text.size() ? text[i] : ',';
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      std::string_view item = text.substr(start, i - start);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      out.push_back(unquote(item));
      start = i + 1;
    }
  }
  return out;
}

/** The first "quoted" name after `marker` in `text`. */
std::string quoted_after(std::string_view text, std::string_view marker) {
  auto at = text.find(marker);
  if (at == std::string_view::npos) return {};
  auto open = text.find('"', at + marker.size());
  if (open == std::string_view::npos) return {};
  auto close = text.find('"', open + 1);
  if (close == std::string_view::npos) return {};
  return std::string{text.substr(open + 1, close - open - 1)};
}

}  // namespace

PostgresErrorFields parse_postgres_error(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, std::string PostgresErrorFields::*>, 5> kLabels{{
      {"DETAIL:  ", &PostgresErrorFields::detail},
      {"HINT:  ", &PostgresErrorFields::hint},
      {"TABLE NAME:  ", &PostgresErrorFields::table},
      {"COLUMN NAME:  ", &PostgresErrorFields::column},
      {"CONSTRAINT NAME:  ", &PostgresErrorFields::constraint},
  }};
  PostgresErrorFields fields;
  std::string* current = nullptr;  // the field a continuation line extends
  bool first = true;
  while (!text.empty()) {
    auto newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    if (first) {
      first = false;
      auto colon = line.find(":  ");
      if (colon != std::string_view::npos && colon < 10) {
        fields.severity = std::string{line.substr(0, colon)};
        line = line.substr(colon + 3);
      }
      if (is_sqlstate(line)) {
        fields.sqlstate = std::string{line.substr(0, 5)};
        line = line.substr(7);
      }
      fields.message = std::string{line};
      current = &fields.message;
      continue;
    }
    bool labelled = false;
    for (const auto& [label, member] : kLabels) {
      if (line.substr(0, label.size()) == label) {
        fields.*member = std::string{line.substr(label.size())};
        current = &(fields.*member);
        labelled = true;
        break;
      }
    }
    if (labelled) continue;
    // Other labelled lines (LOCATION, LINE n, SCHEMA NAME, CONTEXT, ...) end the field.
    auto start = line.find_first_not_of(" \t");
    bool other_label = start == std::string_view::npos || line.find(":  ") != std::string_view::npos ||
                       line.substr(0, 5) == "LINE " || line.back() == '^';
    if (other_label) {
      current = nullptr;
    } else if (current && (current == &fields.message || current == &fields.detail || current == &fields.hint)) {
      *current += " " + std::string{line.substr(start)};
    }
  }
  return fields;
}

ConstraintDetails postgres_constraint_details(const PostgresErrorFields& fields) {
  ConstraintDetails details;
  details.table = fields.table;
  details.constraint = fields.constraint;
  if (!fields.column.empty()) details.columns.push_back(fields.column);
  if (fields.sqlstate == "23503") {
    // The message names the table the statement changed; TABLE NAME is always the referencing one.
    if (auto changed = quoted_after(fields.message, "on table "); !changed.empty()) details.table = changed;
  }
  std::string_view detail = fields.detail;
  if (detail.substr(0, 5) != "Key (") return details;
  auto middle = detail.find(")=(");
  if (middle == std::string_view::npos) return details;
  static constexpr std::array<std::string_view, 3> kEndings{") already exists", ") is not present in table ",
                                                            ") is still referenced from table "};
  for (auto ending : kEndings) {
    auto end = detail.rfind(ending);
    if (end == std::string_view::npos || end < middle) continue;
    details.columns = split_columns(detail.substr(5, middle - 5));
    details.value = std::string{detail.substr(middle + 3, end - middle - 3)};
    if (ending != kEndings[0]) {
      details.referenced_table = quoted_after(detail.substr(end), "table ");
      details.still_referenced = ending == kEndings[2];
    }
    break;
  }
  return details;
}

void throw_postgres_error(std::string_view text, std::string_view sql, std::string_view sqlstate,
                          std::string_view url) {
  PostgresErrorFields fields = parse_postgres_error(text);
  if (!sqlstate.empty()) fields.sqlstate = std::string{sqlstate};
  const std::string& code = fields.sqlstate;
  if (code == "23505") throw UniqueViolation(postgres_constraint_details(fields));
  if (code == "23503") throw ForeignKeyViolation(postgres_constraint_details(fields));
  if (code == "23502") throw NotNullViolation(postgres_constraint_details(fields));
  if (code == "23514") throw CheckViolation(postgres_constraint_details(fields));
  if (code == "40001" || code == "40P01" || code == "55P03" || code == "40000" || code == "40003") {
    throw TransactionConflict(fields.message, code);
  }
  // Class 08 (connection exception) and the shutdown codes of class 57. 08P01
  // (protocol violation) is what a wrong parameter count gets: the statement
  // failed, the connection is fine.
  if ((code.substr(0, 2) == "08" && code != "08P01") || code == "57P01" || code == "57P02" || code == "57P03") {
    throw ConnectionError::lost(url, fields.message);
  }
  throw QueryError(fields.message, std::string{sql}, code.empty() ? "HY000" : code);
}

}  // namespace cpprustango::db::detail
