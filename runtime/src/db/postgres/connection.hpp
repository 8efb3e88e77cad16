// The PostgreSQL backend, on libpqxx 6.4. Transactions are plain SQL
// (BEGIN/SAVEPOINT) sent through a pqxx::nontransaction per statement: the
// shared layer owns nesting, and libpqxx's own transaction classes would not
// let a savepoint outlive a C++ scope.
#pragma once

#include <memory>
#include <pqxx/connection>
#include <string>

#include "db/backend.hpp"
#include "db/postgres/statements.hpp"

namespace pqxx {
class result;
}

namespace cpprustango::db::detail {

class NoticeCatcher;

class PostgresConnection final : public Backend {
 public:
  /** Connects with application_name=cpprustango, client_encoding=UTF8 and verbose error reports. */
  PostgresConnection(const Url& url, const Options& options);
  ~PostgresConnection() override;

  Dialect dialect() const noexcept override { return Dialect::Postgresql; }
  Result query(std::string_view sql, std::span<const Value> params) override;
  void for_each_row(std::string_view sql, std::span<const Value> params,
                    const std::function<void(const Cells&)>& each) override;
  std::int64_t execute(std::string_view sql, std::span<const Value> params) override;
  void execute_script(std::string_view sql) override;
  void begin() override;

  bool error_aborts_transaction() const noexcept override { return true; }
  bool transaction_lost() const noexcept override { return broken_; }

  void advisory_lock(std::int64_t key) override;
  bool try_advisory_lock(std::int64_t key) override;
  void advisory_unlock(std::int64_t key) override;

  bool alive() noexcept override;
  bool reset() noexcept override;

 private:
  template <class Run>
  auto guarded(std::string_view sql, Run&& run);
  /** Runs one statement, prepared when it repeats (statements.hpp). */
  pqxx::result run(std::string_view sql, std::span<const Value> params);
  /** Deallocates every prepared statement (after DDL, which may change what they read). */
  void forget_statements() noexcept;

  std::string redacted_;
  std::unique_ptr<pqxx::connection> connection_;
  // Registered on connection_, so it must go first (members die in reverse order).
  std::unique_ptr<NoticeCatcher> notices_;
  StatementCache statements_;
  bool broken_ = false;
  bool in_transaction_ = false;
  int advisory_locks_ = 0;
};

}  // namespace cpprustango::db::detail
