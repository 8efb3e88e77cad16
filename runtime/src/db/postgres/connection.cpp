// PostgreSQL connections. Parameters go to the server separately from the SQL
// (PQexecParams, or PQexecPrepared for a repeated statement: statements.hpp); values travel in text form, bytea as its hex text, and the
// server types them from the statement. Results are mapped by column type:
// bool, integers, floats and bytea become those Value kinds, everything else
// (numeric, dates, uuid, json, arrays...) the server's exact text.
#include "db/postgres/connection.hpp"

#include <poll.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <cmath>
#include <pqxx/binarystring>
#include <pqxx/errorhandler>
#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/prepared_statement>
#include <pqxx/result>

#include "db/postgres/error_map.hpp"
#include "db/postgres/module.hpp"

namespace cpprustango::db::detail {

/** Keeps server notices off stderr (libpq prints them by default) and remembers a FATAL goodbye. */
class NoticeCatcher final : public pqxx::errorhandler {
 public:
  explicit NoticeCatcher(pqxx::connection_base& connection) : pqxx::errorhandler(connection) {}

  bool operator()(const char message[]) noexcept override {
    try {
      std::string_view text{message};
      if (text.substr(0, 6) == "FATAL:") {
        last_fatal = parse_postgres_error(text).message;
      } else {
        spdlog::debug("postgresql: {}", text.substr(0, text.find('\n')));
      }
    } catch (...) {
      // Out of memory while logging a notice: drop the notice.
    }
    return false;
  }

  std::string last_fatal;
};

namespace {

// Type OIDs from pg_type.h; stable across PostgreSQL versions.
constexpr unsigned kBoolOid = 16;
constexpr unsigned kByteaOid = 17;
constexpr unsigned kInt8Oid = 20;
constexpr unsigned kInt2Oid = 21;
constexpr unsigned kInt4Oid = 23;
constexpr unsigned kOidOid = 26;
constexpr unsigned kFloat4Oid = 700;
constexpr unsigned kFloat8Oid = 701;

std::string quote_conninfo(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string conninfo(const Url& url, const Options& options) {
  std::string out;
  auto add = [&](std::string_view key, std::string_view value) {
    out += std::string{key} + "=" + quote_conninfo(value) + " ";
  };
  if (!url.host.empty()) add("host", url.host);
  if (url.port) add("port", std::to_string(*url.port));
  if (!url.user.empty()) add("user", url.user);
  if (!url.password.empty()) add("password", url.password);
  if (!url.dbname.empty()) add("dbname", url.dbname);
  bool has_application = false;
  bool has_timeout = false;
  bool has_options = false;
  for (const auto& [key, value] : url.params) {
    if (key == "client_encoding") continue;  // strings are UTF-8 throughout cpprustango
    has_application = has_application || key == "application_name";
    has_timeout = has_timeout || key == "connect_timeout";
    has_options = has_options || key == "options";
    add(key, value);
  }
  if (options.read_only && !has_options) add("options", "-c default_transaction_read_only=on");
  if (!has_application) add("application_name", "cpprustango");
  if (!has_timeout) add("connect_timeout", std::to_string(options.connect_timeout.count()));
  add("client_encoding", "UTF8");
  return out;
}

std::string format_double(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  char buffer[32];
  auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;  // shortest exact round trip
  return std::string(buffer, end);
}

/** The parameters as libpq's text values; nullptr is SQL NULL. */
struct TextParams {
  TextParams(std::span<const Value> params, std::string_view sql) {
    static constexpr char kHex[] = "0123456789abcdef";
    storage.reserve(params.size());  // pointers below point into it: no reallocation
    for (std::size_t i = 0; i < params.size(); ++i) {
      const Value& value = params[i];
      switch (kind(value)) {
        case ValueKind::Null:
          pointers.push_back(nullptr);
          continue;
        case ValueKind::Bool:
          storage.emplace_back(std::get<bool>(value) ? "true" : "false");
          break;
        case ValueKind::Integer:
          storage.push_back(std::to_string(std::get<std::int64_t>(value)));
          break;
        case ValueKind::Real:
          storage.push_back(format_double(std::get<double>(value)));
          break;
        case ValueKind::Text:
          if (std::get<std::string>(value).find('\0') != std::string::npos) {
            throw QueryError("parameter " + std::to_string(i + 1) +
                                 " contains a NUL character, which PostgreSQL text cannot hold; bind it as bytes",
                             std::string{sql}, "22021");
          }
          storage.push_back(std::get<std::string>(value));
          break;
        case ValueKind::Binary: {
          std::string hex = "\\x";
          for (std::byte b : std::get<Bytes>(value)) {
            auto byte = std::to_integer<unsigned>(b);
            hex += kHex[byte >> 4];
            hex += kHex[byte & 0xF];
          }
          storage.push_back(std::move(hex));
          break;
        }
      }
      pointers.push_back(storage.back().c_str());
    }
  }
  std::vector<std::string> storage;
  std::vector<const char*> pointers;
};

/** A float4/float8 in PostgreSQL's text form, the special values included. */
double parse_real(std::string_view text) {
  if (text == "NaN") return std::nan("");
  if (text == "Infinity") return HUGE_VAL;
  if (text == "-Infinity") return -HUGE_VAL;
  double real = 0;
  std::from_chars(text.data(), text.data() + text.size(), real);
  return real;
}

Value read_field(const pqxx::field& field, unsigned type) {
  if (field.is_null()) return nullptr;
  std::string_view text(field.c_str(), field.size());
  switch (type) {
    case kBoolOid:
      return text == "t";
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid: {
      std::int64_t integer = 0;
      std::from_chars(text.data(), text.data() + text.size(), integer);
      return integer;
    }
    case kFloat4Oid:
    case kFloat8Oid:
      return parse_real(text);
    case kByteaOid: {
      pqxx::binarystring binary(field);  // unescapes the hex (or legacy escape) form
      const auto* data = reinterpret_cast<const std::byte*>(binary.data());
      return Bytes(data, data + binary.size());
    }
    default:
      return std::string{text};
  }
}

/** What read_field() makes of a non-NULL cell of this type. */
ValueKind kind_of(unsigned type) {
  switch (type) {
    case kBoolOid: return ValueKind::Bool;
    case kInt2Oid: case kInt4Oid: case kInt8Oid: case kOidOid: return ValueKind::Integer;
    case kFloat4Oid: case kFloat8Oid: return ValueKind::Real;
    case kByteaOid: return ValueKind::Binary;
    default: return ValueKind::Text;
  }
}

/** One row of a libpq result read in place; the kinds are read_field()'s, so both paths agree. */
class RowCells final : public Cells {
 public:
  RowCells(const pqxx::row& row, const std::vector<unsigned>& types, std::size_t rows) noexcept
      : row_(row), types_(types), rows_(rows) {}

  std::size_t size() const noexcept override { return types_.size(); }
  ValueKind kind(std::size_t column) const override {
    return field(column).is_null() ? ValueKind::Null : kind_of(types_[column]);
  }
  std::int64_t integer(std::size_t column) const override {
    std::int64_t integer = 0;
    const std::string_view digits = text(column);
    std::from_chars(digits.data(), digits.data() + digits.size(), integer);
    return integer;
  }
  double real(std::size_t column) const override { return parse_real(text(column)); }
  std::string_view text(std::size_t column) const override {
    const pqxx::field cell = field(column);
    return {cell.c_str(), cell.size()};
  }
  Value value(std::size_t column) const override { return read_field(field(column), types_[column]); }
  std::size_t rows_hint() const noexcept override { return rows_; }

 private:
  pqxx::field field(std::size_t column) const { return row_[static_cast<pqxx::row::size_type>(column)]; }

  const pqxx::row& row_;
  const std::vector<unsigned>& types_;
  std::size_t rows_;
};

std::vector<unsigned> column_types(const pqxx::result& rows) {
  std::vector<unsigned> types;
  for (pqxx::row::size_type i = 0; i < rows.columns(); ++i) types.push_back(rows.column_type(i));
  return types;
}

Result to_result(const pqxx::result& rows) {
  auto width = rows.columns();
  std::vector<std::string> columns;
  const std::vector<unsigned> types = column_types(rows);
  for (pqxx::row::size_type i = 0; i < width; ++i) columns.emplace_back(rows.column_name(i));
  std::vector<Value> cells;
  cells.reserve(rows.size() * width);
  for (const auto& row : rows) {
    for (pqxx::row::size_type i = 0; i < width; ++i) cells.push_back(read_field(row[i], types[i]));
  }
  return Result(std::move(columns), std::move(cells), static_cast<std::int64_t>(rows.affected_rows()));
}

}  // namespace

PostgresConnection::PostgresConnection(const Url& url, const Options& options) : redacted_(url.redacted()) {
  try {
    connection_ = std::make_unique<pqxx::connection>(conninfo(url, options));
  } catch (const std::exception& error) {
    throw ConnectionError::cannot_connect(redacted_, error.what());
  }
  // Verbose reports carry SQLSTATE, table, column and constraint (see error_map.hpp).
  connection_->set_verbosity(pqxx::connection_base::verbose);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  // libpqxx 6 silently reconnects a dropped connection, which would lose an
  // open transaction's BEGIN and run the rest in autocommit. We replace
  // broken connections in the pool instead.
  connection_->inhibit_reactivation(true);
#pragma GCC diagnostic pop
  notices_ = std::make_unique<NoticeCatcher>(*connection_);
}

PostgresConnection::~PostgresConnection() = default;

template <class Run>
auto PostgresConnection::guarded(std::string_view sql, Run&& run) {
  if (broken_) throw ConnectionError::lost(redacted_, "the connection failed earlier and was closed");
  try {
    return run();
  } catch (const pqxx::broken_connection& error) {
    // libpqxx also reports server errors of class 08 this way (08P01, a wrong
    // parameter count), on a connection that is fine.
    if (connection_->is_open() && notices_->last_fatal.empty()) throw_postgres_error(error.what(), sql, {}, redacted_);
    broken_ = true;
    throw ConnectionError::lost(redacted_, notices_->last_fatal.empty() ? error.what() : notices_->last_fatal);
  } catch (const pqxx::in_doubt_error&) {
    broken_ = true;
    throw ConnectionError::lost(redacted_, "the connection broke during COMMIT; whether it took effect is unknown");
  } catch (const pqxx::sql_error& error) {
    if (!connection_->is_open()) broken_ = true;
    throw_postgres_error(error.what(), sql, error.sqlstate(), redacted_);
  } catch (const pqxx::failure& error) {
    // transaction_rollback and its kin (serialization, deadlock) carry the report without a sqlstate() accessor.
    if (!connection_->is_open()) broken_ = true;
    throw_postgres_error(error.what(), sql, {}, redacted_);
  }
}

pqxx::result PostgresConnection::run(std::string_view sql, std::span<const Value> params) {
  TextParams text(params, sql);
  const auto values = pqxx::prepare::make_dynamic_params(text.pointers);
  const StatementCache::Use use = statements_.use(sql);
  if (use.name == nullptr) {
    pqxx::nontransaction statement(*connection_);
    return statement.exec_params(std::string{sql}, values);
  }
  const std::string name = *use.name;
  if (use.define) connection_->prepare(name, std::string{sql});
  try {
    pqxx::nontransaction statement(*connection_);
    return statement.exec_prepared(name, values);
  } catch (const pqxx::sql_error& error) {
    // 0A000 "cached plan must not change result type": a column it reads
    // changed type since it was prepared (a migration). Outside a transaction
    // nothing was lost, so run the statement afresh; inside one, the server has
    // aborted the transaction and the caller sees the error.
    if (error.sqlstate() != "0A000") throw;
    statements_.forget(sql);
    if (in_transaction_) throw;
    connection_->unprepare(name);
    pqxx::nontransaction statement(*connection_);
    return statement.exec_params(std::string{sql}, values);
  }
}

void PostgresConnection::forget_statements() noexcept {
  for (const auto& name : statements_.forget_all()) {
    try {
      connection_->unprepare(name);
    } catch (...) {
      // Inside a failed transaction DEALLOCATE fails too; the statement stays
      // on the server, unused (names are not reused), until the connection closes.
    }
  }
}

Result PostgresConnection::query(std::string_view sql, std::span<const Value> params) {
  return guarded(sql, [&] { return to_result(run(sql, params)); });
}

void PostgresConnection::for_each_row(std::string_view sql, std::span<const Value> params,
                                      const std::function<void(const Cells&)>& each) {
  // libpq holds the whole result anyway; reading it in place spares a Value per cell.
  const pqxx::result rows = guarded(sql, [&] { return run(sql, params); });
  const std::vector<unsigned> types = column_types(rows);
  for (const auto& row : rows) each(RowCells(row, types, static_cast<std::size_t>(rows.size())));
}

std::int64_t PostgresConnection::execute(std::string_view sql, std::span<const Value> params) {
  if (sql == "COMMIT" || sql == "ROLLBACK") in_transaction_ = false;
  // DDL may change what prepared statements read; they are cheap to make again.
  if (StatementCache::changes_schema(sql)) forget_statements();
  return guarded(sql, [&]() -> std::int64_t { return static_cast<std::int64_t>(run(sql, params).affected_rows()); });
}

void PostgresConnection::execute_script(std::string_view sql) {
  forget_statements();
  guarded(sql, [&] {
    // The simple query protocol runs several statements (in one implicit transaction).
    pqxx::nontransaction script(*connection_);
    script.exec(std::string{sql});
  });
}

void PostgresConnection::begin() {
  execute("BEGIN", {});
  in_transaction_ = true;
}

void PostgresConnection::advisory_lock(std::int64_t key) {
  const Value params[] = {key};
  execute("SELECT pg_advisory_lock($1::bigint)", params);
  ++advisory_locks_;
}

bool PostgresConnection::try_advisory_lock(std::int64_t key) {
  const Value params[] = {key};
  bool locked = as_bool(query("SELECT pg_try_advisory_lock($1::bigint)", params).scalar());
  if (locked) ++advisory_locks_;
  return locked;
}

void PostgresConnection::advisory_unlock(std::int64_t key) {
  const Value params[] = {key};
  if (as_bool(query("SELECT pg_advisory_unlock($1::bigint)", params).scalar()) && advisory_locks_ > 0) {
    --advisory_locks_;
  }
}

bool PostgresConnection::alive() noexcept {
  if (broken_ || !connection_->is_open()) return false;
  // An idle connection has nothing to read. If the socket is readable, the
  // server has said something unasked: a notification (consumed below) or
  // its FATAL goodbye followed by end-of-file, which stays readable.
  pollfd socket{connection_->sock(), POLLIN, 0};
  for (int round = 0; round < 2; ++round) {
    socket.revents = 0;
    int ready = ::poll(&socket, 1, 0);
    if (ready <= 0) return true;
    if (socket.revents & (POLLHUP | POLLERR | POLLNVAL)) return false;
    if (round == 1) return false;
    try {
      connection_->get_notifs();
    } catch (...) {
      return false;
    }
    // The FATAL arrives a moment before the end-of-file; either one means gone.
    if (!connection_->is_open() || !notices_->last_fatal.empty()) return false;
  }
  return true;
}

bool PostgresConnection::reset() noexcept {
  if (broken_) return false;
  if (advisory_locks_ == 0) return true;
  // Session advisory locks outlive the lease; the next user must not inherit them.
  try {
    execute("SELECT pg_advisory_unlock_all()", {});
    advisory_locks_ = 0;
    return true;
  } catch (...) {
    return false;
  }
}

std::unique_ptr<Backend> connect_postgres(const Url& url, const Options& options) {
  return std::make_unique<PostgresConnection>(url, options);
}

}  // namespace cpprustango::db::detail
