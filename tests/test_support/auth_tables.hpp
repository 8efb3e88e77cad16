// The auth app's tables, written by hand for SQLite and PostgreSQL until the
// framework's migrations create them: the one place to swap for
// `migrate` later. Names follow runtime/apps/auth/models.schema (default
// <app>_<model> tables, many() join tables with a composite key of two
// cascading foreign keys).
#pragma once

namespace test_support {

inline constexpr const char* kAuthSqliteDdl = R"(
CREATE TABLE auth_user (id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT NOT NULL UNIQUE, email TEXT,
  password TEXT NOT NULL, is_superuser INTEGER NOT NULL, is_staff INTEGER NOT NULL, is_active INTEGER NOT NULL,
  date_joined TEXT NOT NULL, last_login TEXT);
CREATE TABLE auth_group (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE);
CREATE TABLE auth_permission (id INTEGER PRIMARY KEY AUTOINCREMENT, codename TEXT NOT NULL UNIQUE, app TEXT NOT NULL,
  model TEXT NOT NULL, action TEXT NOT NULL);
CREATE TABLE auth_user_groups (
  user_id INTEGER NOT NULL REFERENCES auth_user (id) ON DELETE CASCADE,
  group_id INTEGER NOT NULL REFERENCES auth_group (id) ON DELETE CASCADE, PRIMARY KEY (user_id, group_id));
CREATE TABLE auth_user_user_permissions (
  user_id INTEGER NOT NULL REFERENCES auth_user (id) ON DELETE CASCADE,
  permission_id INTEGER NOT NULL REFERENCES auth_permission (id) ON DELETE CASCADE, PRIMARY KEY (user_id, permission_id));
CREATE TABLE auth_group_permissions (
  group_id INTEGER NOT NULL REFERENCES auth_group (id) ON DELETE CASCADE,
  permission_id INTEGER NOT NULL REFERENCES auth_permission (id) ON DELETE CASCADE, PRIMARY KEY (group_id, permission_id));
CREATE TABLE auth_session (key TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES auth_user (id) ON DELETE CASCADE,
  csrf TEXT NOT NULL, created TEXT NOT NULL, expires TEXT NOT NULL);
CREATE INDEX auth_session_expires_idx ON auth_session (expires);
CREATE TABLE auth_log_entry (id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER REFERENCES auth_user (id) ON DELETE SET NULL, action_time TEXT NOT NULL, app TEXT NOT NULL,
  model TEXT NOT NULL, object_id TEXT NOT NULL, object_repr TEXT NOT NULL, action TEXT NOT NULL, message TEXT);
CREATE INDEX auth_log_entry_app_model_object_id_idx ON auth_log_entry (app, model, object_id);
CREATE TABLE auth_login_throttle (key TEXT PRIMARY KEY, failures INTEGER NOT NULL, locked_until TEXT,
  last_failure TEXT NOT NULL);
)";

inline constexpr const char* kAuthPostgresDdl = R"(
CREATE TABLE auth_user (id BIGSERIAL PRIMARY KEY, username VARCHAR(150) NOT NULL UNIQUE, email VARCHAR(254),
  password VARCHAR(255) NOT NULL, is_superuser BOOLEAN NOT NULL, is_staff BOOLEAN NOT NULL, is_active BOOLEAN NOT NULL,
  date_joined TIMESTAMPTZ NOT NULL, last_login TIMESTAMPTZ);
CREATE TABLE auth_group (id BIGSERIAL PRIMARY KEY, name VARCHAR(150) NOT NULL UNIQUE);
CREATE TABLE auth_permission (id BIGSERIAL PRIMARY KEY, codename VARCHAR(100) NOT NULL UNIQUE,
  app VARCHAR(100) NOT NULL, model VARCHAR(100) NOT NULL, action VARCHAR(6) NOT NULL);
CREATE TABLE auth_user_groups (
  user_id BIGINT NOT NULL REFERENCES auth_user (id) ON DELETE CASCADE,
  group_id BIGINT NOT NULL REFERENCES auth_group (id) ON DELETE CASCADE, PRIMARY KEY (user_id, group_id));
CREATE TABLE auth_user_user_permissions (
  user_id BIGINT NOT NULL REFERENCES auth_user (id) ON DELETE CASCADE,
  permission_id BIGINT NOT NULL REFERENCES auth_permission (id) ON DELETE CASCADE, PRIMARY KEY (user_id, permission_id));
CREATE TABLE auth_group_permissions (
  group_id BIGINT NOT NULL REFERENCES auth_group (id) ON DELETE CASCADE,
  permission_id BIGINT NOT NULL REFERENCES auth_permission (id) ON DELETE CASCADE, PRIMARY KEY (group_id, permission_id));
CREATE TABLE auth_session (key VARCHAR(64) PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES auth_user (id) ON DELETE CASCADE, csrf VARCHAR(64) NOT NULL,
  created TIMESTAMPTZ NOT NULL, expires TIMESTAMPTZ NOT NULL);
CREATE INDEX auth_session_expires_idx ON auth_session (expires);
CREATE TABLE auth_log_entry (id BIGSERIAL PRIMARY KEY,
  user_id BIGINT REFERENCES auth_user (id) ON DELETE SET NULL, action_time TIMESTAMPTZ NOT NULL,
  app VARCHAR(100) NOT NULL, model VARCHAR(100) NOT NULL, object_id VARCHAR(255) NOT NULL,
  object_repr VARCHAR(200) NOT NULL, action VARCHAR(8) NOT NULL, message TEXT);
CREATE INDEX auth_log_entry_app_model_object_id_idx ON auth_log_entry (app, model, object_id);
CREATE TABLE auth_login_throttle (key VARCHAR(200) PRIMARY KEY, failures INTEGER NOT NULL,
  locked_until TIMESTAMPTZ, last_failure TIMESTAMPTZ NOT NULL);
)";

}  // namespace test_support
