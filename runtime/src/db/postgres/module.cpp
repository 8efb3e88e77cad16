// The PostgreSQL module's one exported entry: its ABI/version stamp and its
// connection factory (see module.hpp).
#include "db/postgres/module.hpp"

#include "cpprustango/version.hpp"

extern "C" const cpprustango::db::detail::PostgresModule* cpprustango_postgres_module() noexcept {
  static const cpprustango::db::detail::PostgresModule module{
      cpprustango::db::detail::kPostgresModuleAbi, CPPRUSTANGO_VERSION, &cpprustango::db::detail::connect_postgres};
  return &module;
}
