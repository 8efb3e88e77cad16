// The interface each database backend implements (src/db/sqlite,
// src/db/postgres). Everything above it (pool, transactions, savepoints) is
// shared, so both backends behave the same where SQL allows.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "cpprustango/db/database.hpp"

namespace cpprustango::db::detail {

/** One open connection. Used by one thread at a time (the pool hands it out). */
class Backend {
 public:
  virtual ~Backend() = default;

  virtual Dialect dialect() const noexcept = 0;
  /** One statement, parameters bound; throws the typed errors of db/errors.hpp. */
  virtual Result query(std::string_view sql, std::span<const Value> params) = 0;
  /** One statement whose rows go to `each` as they are read (Connection::for_each_row). */
  virtual void for_each_row(std::string_view sql, std::span<const Value> params,
                            const std::function<void(const Cells&)>& each) = 0;
  virtual std::int64_t execute(std::string_view sql, std::span<const Value> params) = 0;
  virtual void execute_script(std::string_view sql) = 0;
  /** The outermost BEGIN (savepoints are plain SQL, issued by the shared layer). */
  virtual void begin() = 0;

  /** True when a failed statement aborts the whole open transaction (PostgreSQL), not only itself (SQLite). */
  virtual bool error_aborts_transaction() const noexcept = 0;
  /** True when the server ended an open transaction on its own (SQLite does on some errors; a lost connection). */
  virtual bool transaction_lost() const noexcept = 0;

  virtual void advisory_lock(std::int64_t key) = 0;
  virtual bool try_advisory_lock(std::int64_t key) = 0;
  virtual void advisory_unlock(std::int64_t key) = 0;

  /** Cheap check before an idle connection is handed out again; false: replace it. */
  virtual bool alive() noexcept = 0;
  /** Readies the session for its next lease (releases advisory locks, ends a stray transaction); false: discard it. */
  virtual bool reset() noexcept = 0;
};

std::unique_ptr<Backend> open_sqlite(const Url& url, const Options& options);
/** Loads the PostgreSQL module on first use (db/postgres_loader.cpp); throws ConnectionError if it cannot. */
std::unique_ptr<Backend> open_postgres(const Url& url, const Options& options);

}  // namespace cpprustango::db::detail
