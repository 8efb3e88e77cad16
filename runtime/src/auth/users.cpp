// The auth app: its embedded schema, parsed once into specs, and creating users.
#include "cpprustango/auth/users.hpp"

#include <algorithm>
#include <stdexcept>

#include "cpprustango/auth/passwords.hpp"
#include "cpprustango/db/database.hpp"
#include "cpprustango/db/errors.hpp"
#include "cpprustango/orm/dynamic.hpp"
#include "cpprustango/orm/validation.hpp"
#include "cpprustango/schema/parser.hpp"

namespace cpprustango::auth {

namespace detail {
extern const std::string_view kSchemaText;
}

std::string_view schema_text() { return detail::kSchemaText; }

const schema::SpecSet& specs() {
  static const schema::SpecSet set(schema::parse(detail::kSchemaText, "apps/auth/models.schema", "auth"));
  return set;
}

namespace {

const schema::ModelSpec* resolve_auth(const schema::FieldSpec& field) { return specs().target(field); }

// The app's models as AppSpec wants them: pointers into the SpecSet, which lives as long as the process.
std::span<const schema::ModelSpec* const> model_pointers() {
  static const std::vector<const schema::ModelSpec*> pointers = [] {
    std::vector<const schema::ModelSpec*> out;
    for (const auto& model : specs().models()) out.push_back(&model);
    return out;
  }();
  return pointers;
}

}  // namespace

schema::AppSpec app() { return {.name = "auth", .models = model_pointers(), .resolve = &resolve_auth}; }

const schema::ModelSpec& model(std::string_view name) {
  const auto* found = specs().find("auth", name);
  if (found == nullptr) throw std::logic_error("the auth app has no model " + std::string(name));
  return *found;
}

bool tables_exist(db::Database& database) {
  try {
    // Reading no rows is enough: a missing table fails on either backend.
    database.acquire().query("SELECT 1 FROM auth_user WHERE 1 = 0");
    database.acquire().query("SELECT 1 FROM auth_session WHERE 1 = 0");
    return true;
  } catch (const db::QueryError&) {
    return false;
  }
}

bool valid_username(std::string_view username) {
  if (username.empty() || username.size() > 150) return false;
  return std::all_of(username.begin(), username.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '@' || c == '.' || c == '+' || c == '-' || c == '_';
  });
}

std::int64_t create_user(db::Database& database, const NewUser& user) {
  if (!valid_username(user.username)) {
    throw UserError("the username '" + user.username +
                    "' is not valid: use 1 to 150 letters, digits and @ . + - _ characters");
  }
  orm::Table users(model("User"), [](const schema::FieldSpec& f) { return specs().target(f); });
  if (users.query().filter("username", "exact", {user.username}).exists(database)) {
    throw UserError("a user named '" + user.username + "' already exists");
  }
  orm::Record record = users.new_record();
  record.set("username", user.username);
  record.set("email", user.email.empty() ? db::Value(nullptr) : db::Value(user.email));
  record.set("password", hash_password(user.password));
  record.set("is_superuser", user.superuser);
  record.set("is_staff", user.staff || user.superuser);
  record.set("is_active", true);
  try {
    users.insert(database, record);
  } catch (const orm::ValidationError& error) {
    std::string message;
    for (const auto& problem : error.errors()) {
      message += (message.empty() ? "" : "; ") + problem.field + ": " + problem.message;
    }
    throw UserError("the user cannot be created: " + message);
  } catch (const db::UniqueViolation&) {
    // Another process created the same name between the check and the insert.
    throw UserError("a user named '" + user.username + "' already exists");
  }
  return db::as_int(record.get("id"));
}

}  // namespace cpprustango::auth
