// The contract between libcpprustango and the PostgreSQL driver module
// (libcpprustango-postgres.so.N). The runtime does not link libpqxx: an app
// that never opens a postgresql:// URL never maps libpqxx, libpq and the TLS,
// Kerberos and LDAP libraries behind them. db/postgres_loader.cpp dlopens the
// module on the first such URL and calls the one extern "C" entry below; the
// `cpprustango` executable links the module's objects in directly instead.
#pragma once

#include <cstdint>
#include <memory>

#include "db/backend.hpp"

namespace cpprustango::db::detail {

/** Bumped whenever Backend, Url, Options or this struct change shape. */
inline constexpr std::uint32_t kPostgresModuleAbi = 1;

struct PostgresModule {
  std::uint32_t abi;    // kPostgresModuleAbi when the module was built
  const char* version;  // CPPRUSTANGO_VERSION when the module was built
  std::unique_ptr<Backend> (*connect)(const Url& url, const Options& options);
};

/** The module's connection factory (db/postgres/connection.cpp). */
std::unique_ptr<Backend> connect_postgres(const Url& url, const Options& options);

/**
 * Loads the module from `dir` (empty: the folder of libcpprustango again) on
 * the next PostgreSQL connection; for tests of a missing or broken module.
 */
void set_postgres_module_dir(std::string dir);

}  // namespace cpprustango::db::detail

/** The entry the loader resolves with dlsym; the name is the stamp's first half. */
extern "C" const cpprustango::db::detail::PostgresModule* cpprustango_postgres_module() noexcept;
