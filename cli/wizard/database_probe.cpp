#include "wizard/database_probe.hpp"

#include <filesystem>

#include "cpprustango/db/database.hpp"
#include "cpprustango/db/errors.hpp"
#include "cpprustango/db/url.hpp"
#include "cpprustango/migrate/sql.hpp"
#include "support/errors.hpp"
#include "support/secrets.hpp"

namespace cpprustango::cli::wizard {
namespace {

bool mentions(const std::string& text, const char* fragment) { return text.find(fragment) != std::string::npos; }

ProbeStatus classify(const std::string& message) {
  if (mentions(message, "password authentication failed")) return ProbeStatus::BadPassword;
  if (mentions(message, "no password supplied") || mentions(message, "fe_sendauth")) return ProbeStatus::NeedsPassword;
  if (mentions(message, "does not exist") && mentions(message, "database \"")) return ProbeStatus::MissingDatabase;
  if (mentions(message, "could not translate host name") || mentions(message, "Name or service not known")) {
    return ProbeStatus::NoSuchHost;
  }
  if (mentions(message, "Connection refused")) return ProbeStatus::Refused;
  return ProbeStatus::Other;
}

std::string explain(ProbeStatus status, const std::string& message) {
  switch (status) {
    case ProbeStatus::Refused:
      return "connection refused: is the server running, and on that port? (" + message + ")";
    case ProbeStatus::NoSuchHost:
      return "no such host: check the host name (" + message + ")";
    case ProbeStatus::BadPassword:
      return "wrong password or user name (" + message + ")";
    case ProbeStatus::NeedsPassword:
      return "the server wants a password";
    case ProbeStatus::MissingDatabase:
      return "the database does not exist";
    default:
      return message;
  }
}

}  // namespace

Probe probe_database(const std::string& url) {
  try {
    const auto parsed = db::parse_url(url);
    if (parsed.dialect == db::Dialect::Sqlite && !parsed.is_memory() && !std::filesystem::exists(parsed.path)) {
      return {ProbeStatus::Other, "no SQLite database at " + parsed.path};
    }
    auto database = db::Database::open(url, {.max_connections = 1, .read_only = true});
    return {};
  } catch (const std::exception& e) {
    const std::string message = e.what();
    const auto status = classify(message);
    return {status, explain(status, message)};
  }
}

void create_database(const std::string& url) {
  const auto parsed = db::parse_url(url);
  try {
    auto server = db::Database::open(with_dbname(url, "postgres"), {.max_connections = 1});
    server.execute("CREATE DATABASE " + migrate::quote(parsed.dbname));
  } catch (const db::DatabaseError& e) {
    throw CliError("cannot create the database " + parsed.dbname + ": " + e.what());
  }
}

void drop_database(const std::string& url) noexcept {
  try {
    const auto parsed = db::parse_url(url);
    auto server = db::Database::open(with_dbname(url, "postgres"), {.max_connections = 1});
    server.execute("DROP DATABASE IF EXISTS " + migrate::quote(parsed.dbname));
  } catch (...) {
    // Best effort: the failure that led here is what the user needs to see.
  }
}

std::string database_name(const std::string& url) {
  try {
    const auto parsed = db::parse_url(url);
    if (parsed.dialect == db::Dialect::Sqlite) return std::filesystem::path(parsed.path).stem().string();
    return parsed.dbname;
  } catch (const db::DatabaseError&) {
    return {};
  }
}

}  // namespace cpprustango::cli::wizard
