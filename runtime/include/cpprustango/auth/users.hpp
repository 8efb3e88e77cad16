// The framework's auth app: its models (runtime/apps/auth/models.schema,
// embedded in the runtime), and the user operations the CLI needs without
// the admin (createsuperuser).
//
//   auto db = db::Database::open(url);
//   if (!auth::tables_exist(db)) ...;            // "run cpprustango migrate"
//   auth::create_user(db, {.username = "ann", .password = "...", .superuser = true});
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "cpprustango/orm/queryset.hpp"
#include "cpprustango/schema/app_spec.hpp"
#include "cpprustango/schema/spec.hpp"

namespace cpprustango::db {
class Database;
}

namespace cpprustango::auth {

/** A user that cannot be created: "a user named 'ann' already exists". */
class UserError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/** The text of the auth app's schema file, as shipped in share/cpprustango/apps/auth/models.schema. */
std::string_view schema_text();
/** The auth app's models (User, Group, Permission, Session, LogEntry, LoginThrottle), parsed once. */
const schema::SpecSet& specs();
/** The auth app as an installed app: its models and their resolver. */
schema::AppSpec app();
/** The auth model named `name` ("User"); throws std::logic_error for a name outside the app. */
const schema::ModelSpec& model(std::string_view name);

/** True when the auth tables exist in `db` (migrate has created them). */
bool tables_exist(db::Database& db);

struct NewUser {
  std::string username{};
  std::string email{};  ///< empty: none
  std::string password{};  ///< plain text; stored as its Argon2id hash
  bool superuser = false;
  bool staff = false;
};

/**
 * Inserts the user with its password hashed and returns its id. Throws
 * UserError for a taken username or a value the User model refuses (each
 * problem named), and nothing is written.
 */
std::int64_t create_user(db::Database& db, const NewUser& user);

/** Django's rule for usernames: 1-150 of letters, digits and @ . + - _. */
bool valid_username(std::string_view username);

}  // namespace cpprustango::auth
