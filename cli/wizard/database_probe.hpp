// The wizard connects to a PostgreSQL URL as soon as it is given, so a typo,
// a wrong password or a missing database is reported (and fixed) at the
// question, not after the project is half made.
#pragma once

#include <string>

namespace cpprustango::cli::wizard {

enum class ProbeStatus { Ok, Refused, NoSuchHost, BadPassword, NeedsPassword, MissingDatabase, Other };

struct Probe {
  ProbeStatus status = ProbeStatus::Ok;
  std::string message;  ///< one line for the user: which of the failures it was, and the server's words
};

/** Connects to `url` (PostgreSQL or SQLite) and says what happened; never throws. */
Probe probe_database(const std::string& url);

/** Creates the database `url` names, connecting to the server's `postgres` database; throws CliError. */
void create_database(const std::string& url);

/** Drops the database `url` names (one the wizard created); never throws. */
void drop_database(const std::string& url) noexcept;

/** The database name in a PostgreSQL URL, or the file's stem for SQLite: what the adopted app is named after. */
std::string database_name(const std::string& url);

}  // namespace cpprustango::cli::wizard
