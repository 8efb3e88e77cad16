// Database URLs: which backend, and where it lives. One parser for the CLI
// (--database, DATABASE_URL) and the runtime, so both accept the same forms:
//   sqlite:relative/path.db   sqlite:/abs/path.db   sqlite:///abs/path.db
//   sqlite::memory:           postgresql://user:pass@host:5432/db?sslmode=require
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cpprustango::db {

enum class Dialect { Sqlite, Postgresql };

/** "sqlite" or "postgresql", as written in URLs and messages. */
std::string_view dialect_name(Dialect dialect) noexcept;

/** A parsed database URL; percent-encoding is already decoded. */
struct Url {
  Dialect dialect = Dialect::Sqlite;
  /** SQLite: the database file (absolute once resolved against a base dir), or ":memory:". */
  std::string path;
  /** PostgreSQL: each part may be empty, and libpq then uses its default. */
  std::string host;
  std::optional<std::uint16_t> port;
  std::string user;
  std::string password;
  std::string dbname;
  /** PostgreSQL query parameters (sslmode, connect_timeout, ...), passed on to libpq. */
  std::vector<std::pair<std::string, std::string>> params;

  bool is_memory() const noexcept { return dialect == Dialect::Sqlite && path == ":memory:"; }

  /**
   * The URL for messages and logs: the password (also a `password=` parameter)
   * becomes "***".
   *   parse_url("postgresql://bob:s3cret@db/app").redacted()  // "postgresql://bob:***@db/app"
   */
  std::string redacted() const;
};

/**
 * Parses a database URL; throws UrlError (db/errors.hpp) with a one-line
 * message for anything else. A relative SQLite path is joined to `base_dir`
 * (the project root) when one is given, and left relative otherwise.
 *   auto url = parse_url("sqlite:var/app.db", project_dir);   // url.path == project_dir/var/app.db
 *   auto pg = parse_url("postgres://app@127.0.0.1:5433/blog"); // pg.port == 5433
 * `sqlite:///abs/x.db` is absolute (the URI reading, as in sqlx); `sqlite://x.db`
 * is refused as ambiguous rather than guessed.
 */
Url parse_url(std::string_view url, const std::filesystem::path& base_dir = {});

/** Hides the password of any URL-looking text, even one that does not parse. */
std::string redact_url(std::string_view url);

}  // namespace cpprustango::db
