// Users, passwords and API keys for machine clients (see credentials.hpp).
#include "cpprustango/auth/credentials.hpp"

#include "auth/crypto.hpp"
#include "auth/sql.hpp"
#include "auth/store.hpp"
#include "cpprustango/auth/passwords.hpp"
#include "cpprustango/auth/users.hpp"
#include "cpprustango/db/database.hpp"
#include "cpprustango/orm/compiler.hpp"
#include "cpprustango/orm/convert.hpp"
#include "cpprustango/orm/dynamic.hpp"

namespace cpprustango::auth {

namespace {

constexpr std::string_view kKeyAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

const schema::ModelSpec* resolve(const schema::FieldSpec& field) { return specs().target(field); }

orm::Table table(std::string_view name) { return orm::Table(model(name), &resolve); }

std::optional<orm::Record> active_user(db::Database& db, std::string_view username) {
  auto user = table("User").query().filter("username", "exact", {std::string(username)}).first(db);
  if (!user || !db::as_bool(user->get("is_active"))) return std::nullopt;
  return user;
}

}  // namespace

std::optional<Principal> principal(db::Database& db, std::int64_t id) {
  detail::Store store(db, {});
  const auto user = store.user(id);
  if (!user || !user->active) return std::nullopt;
  return Principal{.id = user->id,
                   .username = user->username,
                   .superuser = user->superuser,
                   .staff = user->staff,
                   .permissions = user->permissions};
}

std::optional<std::int64_t> check_password(db::Database& db, std::string_view username, std::string_view password) {
  // A fixed hash to check against when the name is unknown, made once.
  static const std::string decoy = hash_password(detail::random_hex(16));
  const auto user = active_user(db, username);
  const std::string encoded = user ? db::as_string(user->get("password")) : decoy;
  const bool matches = verify_password(password, encoded);
  if (!user || !matches) return std::nullopt;
  return db::as_int(user->get("id"));
}

IssuedApiKey create_api_key(db::Database& db, std::string_view username, std::string_view name,
                            std::optional<std::chrono::days> expires) {
  const auto user = active_user(db, username);
  if (!user) throw UserError("no active user named '" + std::string(username) + "'");
  IssuedApiKey issued;
  issued.prefix = detail::random_string(8, kKeyAlphabet);
  issued.key = "crk_" + issued.prefix + "_" + detail::random_string(40, kKeyAlphabet);
  const orm::Table keys = table("ApiKey");
  orm::Record record = keys.new_record();
  record.set("user", user->get("id"));
  if (!name.empty()) record.set("name", std::string(name));
  record.set("prefix", issued.prefix);
  record.set("hash", detail::sha256_hex(issued.key));
  if (expires) record.set("expires", orm::Convert<DateTime>::to(orm::now_utc() + *expires));
  keys.insert(db, record);
  issued.id = db::as_int(record.get("id"));
  return issued;
}

ApiKeyCheck check_api_key(db::Database& db, std::string_view key) { return resolve_api_key(db, key).check; }

ApiKeyOwner resolve_api_key(db::Database& db, std::string_view key) {
  const auto q = [](std::string_view name) { return orm::quote_identifier(name); };
  const schema::ModelSpec& keys = model("ApiKey");
  const schema::FieldSpec* owner = keys.field("user");
  if (owner == nullptr) throw std::logic_error("auth.ApiKey has no field user");
  // One row per permission of the user (one with a NULL codename when there is none, or for a
  // superuser, who needs none); the hash is the lookup: the key itself never reaches the database.
  const std::string sql =
      "SELECT k.id, k." + q(owner->column) + ", k.revoked, k.expires, k.last_used, u.username, u.is_superuser, "
      "u.is_staff, u.is_active, p.codename FROM " + q(keys.table) + " k JOIN " + q(model("User").table) +
      " u ON u.id = k." + q(owner->column) + " LEFT JOIN " + q(model("Permission").table) +
      " p ON u.is_superuser = ? AND " + detail::granted_to("u.id") + " WHERE k.hash = ?";
  auto connection = db.acquire();
  const db::Result rows =
      connection.query(detail::placeholders(connection.dialect(), sql), {false, detail::sha256_hex(key)});
  ApiKeyOwner found;
  if (rows.empty()) return found;
  const auto first = *rows.begin();
  found.check = {.status = ApiKeyCheck::Status::Valid, .user_id = db::as_int(first[1])};
  const DateTime now = orm::now_utc();
  if (!db::is_null(first[3])) found.expires = orm::parse_datetime(db::as_string(first[3]));
  if (db::as_bool(first[2])) {
    found.check.status = ApiKeyCheck::Status::Revoked;
    return found;
  }
  if (found.expires && *found.expires <= now) {
    found.check.status = ApiKeyCheck::Status::Expired;
    return found;
  }
  if (db::is_null(first[4]) || orm::parse_datetime(db::as_string(first[4])) < now - std::chrono::minutes(1)) {
    // At most one write a minute per key: a busy client must not turn every read into a write.
    connection.execute(detail::placeholders(connection.dialect(), "UPDATE " + q(keys.table) + " SET last_used = ? WHERE id = ?"),
                       {orm::format_datetime(now), db::as_int(first[0])});
    found.use_recorded = true;
  }
  if (!db::as_bool(first[8])) return found;  // a valid key of an inactive user
  Principal user{.id = found.check.user_id,
                 .username = db::as_string(first[5]),
                 .superuser = db::as_bool(first[6]),
                 .staff = db::as_bool(first[7]),
                 .permissions = {}};
  for (const auto row : rows) {
    if (!db::is_null(row[9])) user.permissions.insert(db::as_string(row[9]));
  }
  found.user = std::move(user);
  return found;
}

std::vector<std::string> principal_tables() {
  std::vector<std::string> tables;
  for (std::string_view name : {"User", "Group", "Permission", "ApiKey"}) tables.emplace_back(model(name).table);
  constexpr std::pair<std::string_view, std::string_view> kJoins[] = {
      {"User", "user_permissions"}, {"User", "groups"}, {"Group", "permissions"}};
  for (const auto& [model_name, field] : kJoins) tables.emplace_back(model(model_name).field(field)->through);
  return tables;
}

}  // namespace cpprustango::auth
