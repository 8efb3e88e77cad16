// Database errors, typed by what the caller can do about them. Both backends
// map onto this one hierarchy, so the ORM and the admin catch UniqueViolation
// whether it came from SQLite or PostgreSQL. Every what() is one line; none
// carries a bound parameter value or a password.
//
//   DatabaseError                 sqlstate() + one-line what()
//   ├─ UrlError                   a URL we cannot use (08001)
//   ├─ ConnectionError            cannot connect, connection lost, pool exhausted
//   ├─ ValueTypeError             as_int() on text, ... (42804)
//   ├─ IntegrityError             a constraint refused the change
//   │  ├─ UniqueViolation         23505: table, columns, value
//   │  ├─ ForeignKeyViolation     23503: table, columns, value, referenced table
//   │  ├─ NotNullViolation        23502: table, column
//   │  └─ CheckViolation          23514: table, constraint
//   ├─ QueryError                 any other failed statement; carries the SQL
//   ├─ TransactionConflict        serialization failure, deadlock, lock timeout: retry
//   └─ TransactionError           commit()/rollback() used out of order
//
// SQLState codes are PostgreSQL's; for SQLite they are synthesized from the
// extended result code (UNIQUE -> 23505, busy -> 55P03, other errors -> HY000).
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "cpprustango/db/value.hpp"

namespace cpprustango::db {

class DatabaseError : public std::runtime_error {
 public:
  DatabaseError(std::string message, std::string sqlstate);
  const char* what() const noexcept override { return message_.c_str(); }
  /** Five-character SQLSTATE ("23505"). */
  const std::string& sqlstate() const noexcept { return sqlstate_; }

 protected:
  // Integrity errors rebuild their message when the ORM fills in a value.
  void set_message(std::string message) { message_ = std::move(message); }

 private:
  std::string message_;
  std::string sqlstate_;
};

/** A database URL that does not parse or names an unsupported backend. */
class UrlError : public DatabaseError {
 public:
  explicit UrlError(std::string message);
};

class ConnectionError : public DatabaseError {
 public:
  ConnectionError(std::string message, std::string url, std::string sqlstate);

  /** "cannot connect to database sqlite:/srv/app/var/app.db: directory /srv/app/var does not exist" (08001) */
  static ConnectionError cannot_connect(std::string_view url, std::string_view reason);
  /** "lost connection to database postgresql://app@db/app: terminating connection ..." (08006) */
  static ConnectionError lost(std::string_view url, std::string_view reason);
  /** "no free connection to database ... after 5000 ms: all 4 are in use; ..." (53300) */
  static ConnectionError pool_timeout(std::string_view url, std::chrono::milliseconds waited, std::size_t pool_size);

  /** The redacted URL. */
  const std::string& url() const noexcept { return url_; }

 private:
  std::string url_;
};

/** A typed read (as_int, ...) of a Value of another kind. */
class ValueTypeError : public DatabaseError {
 public:
  ValueTypeError(ValueKind wanted, ValueKind actual);
  ValueKind wanted() const noexcept { return wanted_; }
  ValueKind actual() const noexcept { return actual_; }

 private:
  ValueKind wanted_;
  ValueKind actual_;
};

/** What the database said about a refused change; any part may be unknown (empty). */
struct ConstraintDetails {
  // Initialized members, so designated initializers may leave any of them out.
  std::string table{};
  std::vector<std::string> columns{};
  std::string constraint{};
  /** The offending value as the database printed it; "1, hello" for several columns. */
  std::optional<std::string> value{};
  /** Foreign keys: the other table (the parent, or the child still referring to the row). */
  std::string referenced_table{};
  /** Foreign keys: true when deleting or updating a row that others still reference. */
  bool still_referenced = false;
};

/** A constraint refused the change; catch this for "any constraint". */
class IntegrityError : public DatabaseError {
 public:
  const ConstraintDetails& details() const noexcept { return details_; }
  const std::string& table() const noexcept { return details_.table; }
  const std::vector<std::string>& columns() const noexcept { return details_.columns; }
  const std::string& constraint() const noexcept { return details_.constraint; }
  const std::optional<std::string>& value() const noexcept { return details_.value; }

  /**
   * The ORM knows what the driver may not (SQLite never reports the value);
   * setting a part rebuilds what().
   *   catch (db::UniqueViolation& e) { e.set_value(post.slug); throw; }
   */
  void set_table(std::string table);
  void set_columns(std::vector<std::string> columns);
  void set_value(std::string value);

 protected:
  IntegrityError(ConstraintDetails details, std::string sqlstate);
  /** Subclasses call this at the end of their constructor, and the setters call it. */
  void refresh() { set_message(compose()); }
  virtual std::string compose() const = 0;
  /** "post.slug", "post (author_id, slug)", "post", or "". */
  std::string subject() const;

 private:
  ConstraintDetails details_;
};

/** "unique constraint failed on post.slug: 'hello' already exists" */
class UniqueViolation : public IntegrityError {
 public:
  explicit UniqueViolation(ConstraintDetails details);

 private:
  std::string compose() const override;
};

/**
 * "foreign key constraint failed on post.author_id: 99 is not present in author",
 * "foreign key constraint failed on author.id: 1 is still referenced from post";
 * SQLite names nothing: "foreign key constraint failed".
 */
class ForeignKeyViolation : public IntegrityError {
 public:
  explicit ForeignKeyViolation(ConstraintDetails details);
  const std::string& referenced_table() const noexcept { return details().referenced_table; }
  bool still_referenced() const noexcept { return details().still_referenced; }

 private:
  std::string compose() const override;
};

/** "not-null constraint failed on post.title" */
class NotNullViolation : public IntegrityError {
 public:
  explicit NotNullViolation(ConstraintDetails details);
  /** The first (only) column, or "" when unknown. */
  std::string column() const { return columns().empty() ? std::string{} : columns().front(); }

 private:
  std::string compose() const override;
};

/** "check constraint \"price_positive\" failed on product" */
class CheckViolation : public IntegrityError {
 public:
  explicit CheckViolation(ConstraintDetails details);

 private:
  std::string compose() const override;
};

/**
 * Any other failed statement: "near \"SELEC\": syntax error; SQL: SELEC 1".
 * Carries the SQL (on one line, shortened in what()), never the parameters.
 */
class QueryError : public DatabaseError {
 public:
  QueryError(std::string reason, std::string sql, std::string sqlstate);
  const std::string& reason() const noexcept { return reason_; }
  const std::string& sql() const noexcept { return sql_; }

 private:
  std::string reason_;
  std::string sql_;
};

/**
 * Another transaction got in the way (serialization failure 40001, deadlock
 * 40P01, lock timeout or SQLite busy 55P03): retrying the whole transaction
 * may succeed. "deadlock detected: retry the transaction"
 */
class TransactionConflict : public DatabaseError {
 public:
  TransactionConflict(const std::string& reason, std::string sqlstate);
};

/** commit()/rollback() out of order, or commit() after a failed statement (25000). */
class TransactionError : public DatabaseError {
 public:
  explicit TransactionError(std::string message);
  static TransactionError finished();
  static TransactionError inner_open();
  /** `action`: "commit", "begin a nested transaction". */
  static TransactionError aborted(std::string_view action = "commit");
};

}  // namespace cpprustango::db
