// The auth tables behind the admin (see store.hpp). Table and join-table names
// come from the auth app's specs, so the SQL follows the schema file; values
// are always bound.
#include "auth/store.hpp"

#include <algorithm>
#include <cctype>

#include "auth/crypto.hpp"
#include "auth/sql.hpp"
#include "cpprustango/auth/passwords.hpp"
#include "cpprustango/auth/users.hpp"
#include "cpprustango/orm/compiler.hpp"
#include "cpprustango/orm/convert.hpp"

namespace cpprustango::auth::detail {
namespace {

std::string q(std::string_view name) { return orm::quote_identifier(name); }
std::string table(std::string_view model_name) { return q(model(model_name).table); }

const schema::FieldSpec& many_field(std::string_view model_name, std::string_view field) {
  const auto* found = model(model_name).field(field);
  if (found == nullptr) throw std::logic_error("auth." + std::string(model_name) + " has no field " + std::string(field));
  return *found;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

db::Value stamp(DateTime when) { return orm::format_datetime(when); }

DateTime read_time(const db::Value& value) {
  if (db::is_null(value)) return {};
  return orm::parse_datetime(db::as_string(value));
}

}  // namespace

std::string granted_to(std::string_view user) {
  const auto& direct = many_field("User", "user_permissions");
  const auto& groups = many_field("User", "groups");
  const auto& group_perms = many_field("Group", "permissions");
  return "(p.id IN (SELECT " + q(direct.through_target) + " FROM " + q(direct.through) + " WHERE " +
         q(direct.through_source) + " = " + std::string(user) + ") OR p.id IN (SELECT gp." +
         q(group_perms.through_target) + " FROM " + q(group_perms.through) + " gp JOIN " + q(groups.through) +
         " ug ON ug." + q(groups.through_target) + " = gp." + q(group_perms.through_source) + " WHERE ug." +
         q(groups.through_source) + " = " + std::string(user) + "))";
}

std::string_view action_name(Action action) {
  static constexpr std::string_view kNames[] = {"view", "add", "change", "delete"};
  return kNames[static_cast<int>(action)];
}

std::string codename(const schema::ModelSpec& model, Action action) {
  return std::string(model.app) + "." + std::string(action_name(action)) + "_" + lower(model.name);
}

bool User::can(const schema::ModelSpec& model, Action action) const {
  if (!active) return false;
  return superuser || permissions.contains(codename(model, action));
}

bool User::can_any(const schema::ModelSpec& model) const {
  return can(model, Action::View) || can(model, Action::Add) || can(model, Action::Change) ||
         can(model, Action::Delete);
}

Store::Store(db::Database database, StoreOptions options) : database_(std::move(database)), options_(options) {}

db::Result Store::run(std::string_view sql, std::vector<db::Value> params) {
  auto connection = database_.acquire();
  return connection.query(placeholders(connection.dialect(), sql), params);
}

LoginOutcome Store::login(std::string_view username, std::string_view password, std::string_view client,
                          bool staff_only) {
  const std::string throttle = table("LoginThrottle");
  const std::string key = lower(username).substr(0, 150) + "|" + std::string(client).substr(0, 45);
  const auto now = orm::now_utc();

  auto rows = run("SELECT failures, locked_until, last_failure FROM " + throttle + " WHERE key = ?", {key});
  int failures = 0;
  if (!rows.empty()) {
    const auto row = *rows.begin();
    if (read_time(row[1]) > now) return {.result = LoginOutcome::Result::Locked, .user = std::nullopt};
    // Failures older than the window are forgotten.
    if (now - read_time(row[2]) < options_.failure_window) failures = static_cast<int>(db::as_int(row[0]));
  }

  std::optional<User> found;
  auto users = staff_only ? run("SELECT id, password FROM " + table("User") +
                                    " WHERE username = ? AND is_active = ? AND is_staff = ?",
                                {std::string(username), true, true})
                          : run("SELECT id, password FROM " + table("User") + " WHERE username = ? AND is_active = ?",
                                {std::string(username), true});
  if (!users.empty()) {
    const auto row = *users.begin();
    if (verify_password(password, db::as_string(row[1]))) found = user(db::as_int(row[0]));
  } else {
    // The same work as a real check, so timing does not tell which usernames exist.
    static const std::string dummy = hash_password("not a password anyone has");
    verify_password(password, dummy);
  }

  if (found) {
    run("DELETE FROM " + throttle + " WHERE key = ?", {key});
    run("UPDATE " + table("User") + " SET last_login = ? WHERE id = ?", {stamp(now), found->id});
    return {.result = LoginOutcome::Result::Ok, .user = std::move(found)};
  }
  ++failures;
  db::Value locked = failures >= options_.max_failures ? stamp(now + options_.lockout) : db::Value(nullptr);
  if (rows.empty()) {
    run("INSERT INTO " + throttle + " (key, failures, locked_until, last_failure) VALUES (?, ?, ?, ?)",
        {key, std::int64_t{failures}, locked, stamp(now)});
  } else {
    run("UPDATE " + throttle + " SET failures = ?, locked_until = ?, last_failure = ? WHERE key = ?",
        {std::int64_t{failures}, locked, stamp(now), key});
  }
  return {.result = LoginOutcome::Result::Invalid, .user = std::nullopt};
}

std::string Store::open_session(std::int64_t user_id) {
  const std::string token = random_hex(32);
  const auto now = orm::now_utc();
  // Bounded by purge_batch: `expires` is indexed, so this reads only what it deletes.
  const std::string sessions = table("Session");
  run("DELETE FROM " + sessions + " WHERE key IN (SELECT key FROM " + sessions +
          " WHERE expires <= ? ORDER BY expires LIMIT ?)",
      {stamp(now), std::int64_t{options_.purge_batch}});
  run("INSERT INTO " + table("Session") + " (key, user_id, csrf, created, expires) VALUES (?, ?, ?, ?, ?)",
      {sha256_hex(token), user_id, random_hex(32), stamp(now), stamp(now + options_.session_age)});
  return token;
}

std::optional<Session> Store::session(std::string_view token, bool staff_only) {
  if (token.empty()) return std::nullopt;
  auto rows = run("SELECT user_id, csrf, expires FROM " + table("Session") + " WHERE key = ?", {sha256_hex(token)});
  if (rows.empty()) return std::nullopt;
  const auto row = *rows.begin();
  if (read_time(row[2]) <= orm::now_utc()) {
    close_session(token);
    return std::nullopt;
  }
  auto owner = user(db::as_int(row[0]));
  if (!owner || !owner->active || (staff_only && !owner->staff)) return std::nullopt;
  return Session{.user = std::move(*owner), .csrf = db::as_string(row[1]), .key = sha256_hex(token)};
}

void Store::set_password(std::int64_t user_id, std::string_view encoded, std::string_view keep_key) {
  auto connection = database_.acquire();
  auto transaction = connection.begin();
  const auto dialect = connection.dialect();
  connection.execute(placeholders(dialect, "UPDATE " + table("User") + " SET password = ? WHERE id = ?"),
                     {std::string(encoded), user_id});
  connection.execute(placeholders(dialect, "DELETE FROM " + table("Session") + " WHERE user_id = ? AND key <> ?"),
                     {user_id, std::string(keep_key)});
  transaction.commit();
}

void Store::close_session(std::string_view token) {
  run("DELETE FROM " + table("Session") + " WHERE key = ?", {sha256_hex(token)});
}

std::optional<User> Store::user(std::int64_t id) {
  auto rows = run("SELECT id, username, is_superuser, is_staff, is_active FROM " + table("User") + " WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  const auto row = *rows.begin();
  User found{.id = db::as_int(row[0]),
             .username = db::as_string(row[1]),
             .superuser = db::as_bool(row[2]),
             .staff = db::as_bool(row[3]),
             .active = db::as_bool(row[4]),
             .permissions = {}};
  if (found.superuser) return found;  // passes every check: no need to read permissions

  const std::string sql = "SELECT p.codename FROM " + table("Permission") + " p WHERE " + granted_to("?");
  for (const auto permission : run(sql, {id, id})) found.permissions.insert(db::as_string(permission[0]));
  return found;
}

void Store::sync_permissions(std::span<const schema::ModelSpec* const> models) {
  std::set<std::string> existing;
  for (const auto row : run("SELECT codename FROM " + table("Permission"), {})) existing.insert(db::as_string(row[0]));
  for (const auto* spec : models) {
    for (Action action : {Action::View, Action::Add, Action::Change, Action::Delete}) {
      const std::string name = codename(*spec, action);
      if (existing.contains(name)) continue;
      run("INSERT INTO " + table("Permission") + " (codename, app, model, action) VALUES (?, ?, ?, ?)",
          {name, std::string(spec->app), lower(spec->name), std::string(action_name(action))});
    }
  }
}

void Store::log(std::optional<std::int64_t> user_id, const schema::ModelSpec& model, std::string_view object_id,
                std::string_view object_repr, std::string_view action, std::string_view message) {
  run("INSERT INTO " + table("LogEntry") +
          " (user_id, action_time, app, model, object_id, object_repr, action, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      {user_id ? db::Value(*user_id) : db::Value(nullptr), stamp(orm::now_utc()), std::string(model.app),
       lower(model.name), std::string(object_id).substr(0, 255), std::string(object_repr).substr(0, 200),
       std::string(action), std::string(message)});
}

std::vector<HistoryEntry> Store::history(const schema::ModelSpec& model, std::string_view object_id) {
  std::vector<HistoryEntry> out;
  const auto rows = run("SELECT l.action_time, u.username, l.action, l.message FROM " + table("LogEntry") +
                            " l LEFT JOIN " + table("User") +
                            " u ON u.id = l.user_id WHERE l.app = ? AND l.model = ? AND l.object_id = ? "
                            "ORDER BY l.action_time, l.id",
                        {std::string(model.app), lower(model.name), std::string(object_id)});
  for (const auto row : rows) {
    out.push_back({.when = db::as_string(row[0]),
                   .username = db::is_null(row[1]) ? std::string() : db::as_string(row[1]),
                   .action = db::as_string(row[2]),
                   .message = db::is_null(row[3]) ? std::string() : db::as_string(row[3])});
  }
  return out;
}

}  // namespace cpprustango::auth::detail
