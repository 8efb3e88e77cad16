// SQLite reports constraint failures as an extended result code plus an
// English message naming the table and columns: "UNIQUE constraint failed:
// post.slug". The code picks the error type; the message fills its details.
#include "db/sqlite/error_map.hpp"

#include <sqlite3.h>

namespace cpprustango::db::detail {

namespace {

std::string_view after_prefix(std::string_view message) {
  auto colon = message.find(": ");
  return colon == std::string_view::npos ? std::string_view{} : message.substr(colon + 2);
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

}  // namespace

ConstraintDetails parse_sqlite_constraint(std::string_view message) {
  ConstraintDetails details;
  std::string_view rest = after_prefix(message);
  if (rest.substr(0, 7) == "index '" && rest.size() > 8 && rest.back() == '\'') {
    // A unique index on an expression: SQLite names the index, not columns.
    details.constraint = std::string{rest.substr(7, rest.size() - 8)};
    return details;
  }
  while (!rest.empty()) {
    auto comma = rest.find(", ");
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 2);
    auto dot = item.find('.');
    if (dot == std::string_view::npos) {
      details.columns.emplace_back(item);
      continue;
    }
    if (details.table.empty()) details.table = std::string{item.substr(0, dot)};
    details.columns.emplace_back(item.substr(dot + 1));
  }
  return details;
}

std::string sqlite_sqlstate(int extended_code, std::string_view message) {
  switch (extended_code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return "23505";
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return "23503";
    case SQLITE_CONSTRAINT_NOTNULL:
      return "23502";
    case SQLITE_CONSTRAINT_CHECK:
      return "23514";
    case SQLITE_BUSY_SNAPSHOT:
      return "40001";
    default:
      break;
  }
  switch (extended_code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return "55P03";
    case SQLITE_CONSTRAINT:
      return "23000";
    case SQLITE_MISMATCH:
      return "42804";
    case SQLITE_READONLY:
      return "25006";
    case SQLITE_RANGE:
      return "08P01";
    case SQLITE_TOOBIG:
      return "54000";
    case SQLITE_FULL:
      return "53100";
    case SQLITE_IOERR:
      return "58030";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return "XX001";
    case SQLITE_CANTOPEN:
      return "08001";
    case SQLITE_ERROR:
      if (contains(message, "syntax error") || contains(message, "incomplete input")) return "42601";
      if (contains(message, "no such table")) return "42P01";
      if (contains(message, "no such column")) return "42703";
      if (contains(message, "no such function")) return "42883";
      if (contains(message, "already exists")) return "42P07";
      break;
    default:
      break;
  }
  return "HY000";
}

void throw_sqlite_error(int extended_code, std::string_view message, std::string_view sql) {
  std::string sqlstate = sqlite_sqlstate(extended_code, message);
  if (sqlstate == "23505") throw UniqueViolation(parse_sqlite_constraint(message));
  if (sqlstate == "23502") throw NotNullViolation(parse_sqlite_constraint(message));
  if (sqlstate == "23503") throw ForeignKeyViolation(ConstraintDetails{});  // SQLite names nothing
  if (sqlstate == "23514") {
    ConstraintDetails details;
    details.constraint = std::string{after_prefix(message)};  // the name, or the expression when unnamed
    throw CheckViolation(std::move(details));
  }
  if (sqlstate == "40001" || sqlstate == "55P03") throw TransactionConflict(std::string{message}, sqlstate);
  throw QueryError(std::string{message}, std::string{sql}, sqlstate);
}

}  // namespace cpprustango::db::detail
