// Users, passwords and API keys for machine clients (see credentials.hpp).
#include "cpprustango/auth/credentials.hpp"

#include "auth/crypto.hpp"
#include "auth/store.hpp"
#include "cpprustango/auth/passwords.hpp"
#include "cpprustango/auth/users.hpp"
#include "cpprustango/db/database.hpp"
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

ApiKeyCheck check_api_key(db::Database& db, std::string_view key) {
  const orm::Table keys = table("ApiKey");
  // The hash is the lookup: the key itself never reaches the database.
  auto record = keys.query().filter("hash", "exact", {detail::sha256_hex(key)}).first(db);
  if (!record) return {};
  ApiKeyCheck check{.status = ApiKeyCheck::Status::Valid, .user_id = db::as_int(record->get("user"))};
  const DateTime now = orm::now_utc();
  if (db::as_bool(record->get("revoked"))) {
    check.status = ApiKeyCheck::Status::Revoked;
  } else if (const auto& expires = record->get("expires");
             !db::is_null(expires) && orm::parse_datetime(db::as_string(expires)) <= now) {
    check.status = ApiKeyCheck::Status::Expired;
  } else if (const auto& last = record->get("last_used");
             db::is_null(last) || orm::parse_datetime(db::as_string(last)) < now - std::chrono::minutes(1)) {
    // At most one write a minute per key: a busy client must not turn every read into a write.
    record->set("last_used", orm::Convert<DateTime>::to(now));
    keys.update(db, *record);
  }
  return check;
}

}  // namespace cpprustango::auth
