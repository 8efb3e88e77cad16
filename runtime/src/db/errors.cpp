// Messages of the database errors. They are built here, by named factories
// and compose() overrides, so every backend produces the same wording and the
// tests can pin it.
#include "cpprustango/db/errors.hpp"

#include <cctype>

namespace cpprustango::db {

namespace {

/** SQL on one line (whitespace runs collapsed) and at most ~200 characters. */
std::string one_line(std::string_view sql) {
  constexpr std::size_t kMax = 200;
  std::string out;
  bool space = false;
  for (char c : sql) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (out.size() >= kMax) return out + "...";
  }
  return out;
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : ", ") + part;
  return out;
}

}  // namespace

DatabaseError::DatabaseError(std::string message, std::string sqlstate)
    : std::runtime_error(message), message_(std::move(message)), sqlstate_(std::move(sqlstate)) {}

UrlError::UrlError(std::string message) : DatabaseError(std::move(message), "08001") {}

ConnectionError::ConnectionError(std::string message, std::string url, std::string sqlstate)
    : DatabaseError(std::move(message), std::move(sqlstate)), url_(std::move(url)) {}

ConnectionError ConnectionError::cannot_connect(std::string_view url, std::string_view reason) {
  return ConnectionError("cannot connect to database " + std::string{url} + ": " + one_line(reason), std::string{url},
                         "08001");
}

ConnectionError ConnectionError::lost(std::string_view url, std::string_view reason) {
  return ConnectionError("lost connection to database " + std::string{url} + ": " + one_line(reason), std::string{url},
                         "08006");
}

ConnectionError ConnectionError::pool_timeout(std::string_view url, std::chrono::milliseconds waited,
                                              std::size_t pool_size) {
  return ConnectionError("no free connection to database " + std::string{url} + " after " +
                             std::to_string(waited.count()) + " ms: all " + std::to_string(pool_size) +
                             " are in use; release connections sooner or raise the pool size",
                         std::string{url}, "53300");
}

ValueTypeError::ValueTypeError(ValueKind wanted, ValueKind actual)
    : DatabaseError(std::string{actual == ValueKind::Integer ? "cannot read an " : "cannot read a "} +
                        std::string{kind_name(actual)} + " value as " + std::string{kind_name(wanted)},
                    "42804"),
      wanted_(wanted),
      actual_(actual) {}

IntegrityError::IntegrityError(ConstraintDetails details, std::string sqlstate)
    : DatabaseError("integrity constraint failed", std::move(sqlstate)), details_(std::move(details)) {}

void IntegrityError::set_table(std::string table) {
  details_.table = std::move(table);
  refresh();
}

void IntegrityError::set_columns(std::vector<std::string> columns) {
  details_.columns = std::move(columns);
  refresh();
}

void IntegrityError::set_value(std::string value) {
  details_.value = std::move(value);
  refresh();
}

std::string IntegrityError::subject() const {
  const auto& columns = details_.columns;
  if (columns.size() == 1) return details_.table.empty() ? columns.front() : details_.table + "." + columns.front();
  std::string out = details_.table;
  if (columns.size() > 1) out += (out.empty() ? "(" : " (") + join(columns) + ")";
  return out;
}

UniqueViolation::UniqueViolation(ConstraintDetails details) : IntegrityError(std::move(details), "23505") { refresh(); }

std::string UniqueViolation::compose() const {
  std::string where = subject();
  std::string out = where.empty() && !constraint().empty() ? "unique constraint \"" + constraint() + "\" failed"
                                                           : "unique constraint failed";
  if (!where.empty()) out += " on " + where;
  if (value()) out += ": " + (columns().size() > 1 ? "(" + *value() + ")" : "'" + *value() + "'") + " already exists";
  return out;
}

ForeignKeyViolation::ForeignKeyViolation(ConstraintDetails details) : IntegrityError(std::move(details), "23503") {
  refresh();
}

std::string ForeignKeyViolation::compose() const {
  std::string where = subject();
  std::string out = where.empty() && !constraint().empty() ? "foreign key constraint \"" + constraint() + "\" failed"
                                                           : "foreign key constraint failed";
  if (!where.empty()) out += " on " + where;
  if (value() && !referenced_table().empty()) {
    std::string shown = columns().size() > 1 ? "(" + *value() + ")" : *value();
    out +=
        ": " + shown + (still_referenced() ? " is still referenced from " : " is not present in ") + referenced_table();
  }
  return out;
}

NotNullViolation::NotNullViolation(ConstraintDetails details) : IntegrityError(std::move(details), "23502") {
  refresh();
}

std::string NotNullViolation::compose() const {
  std::string where = subject();
  return where.empty() ? "not-null constraint failed" : "not-null constraint failed on " + where;
}

CheckViolation::CheckViolation(ConstraintDetails details) : IntegrityError(std::move(details), "23514") { refresh(); }

std::string CheckViolation::compose() const {
  std::string out =
      constraint().empty() ? "check constraint failed" : "check constraint \"" + constraint() + "\" failed";
  if (!table().empty()) out += " on " + table();
  return out;
}

QueryError::QueryError(std::string reason, std::string sql, std::string sqlstate)
    : DatabaseError(one_line(reason) + "; SQL: " + one_line(sql), std::move(sqlstate)),
      reason_(std::move(reason)),
      sql_(std::move(sql)) {}

TransactionConflict::TransactionConflict(const std::string& reason, std::string sqlstate)
    : DatabaseError(one_line(reason) + ": retry the transaction", std::move(sqlstate)) {}

TransactionError::TransactionError(std::string message) : DatabaseError(std::move(message), "25000") {}

TransactionError TransactionError::finished() {
  return TransactionError("transaction already committed or rolled back");
}

TransactionError TransactionError::inner_open() {
  return TransactionError("a nested transaction is still open: commit or roll it back first");
}

TransactionError TransactionError::aborted(std::string_view action) {
  return TransactionError("cannot " + std::string{action} +
                          ": a statement failed inside this transaction; roll it back");
}

}  // namespace cpprustango::db
