// The session middleware for project views: the admin's database sessions
// and cookie (auth::detail::Store), the request's user, CSRF for logged-in
// and anonymous visitors, login and logout. Flash messages ride on the same
// state (views/messages.cpp).
#include "cpprustango/auth/session.hpp"

#include <filesystem>
#include <memory>
#include <stdexcept>

#include "auth/crypto.hpp"
#include "auth/session_state.hpp"
#include "auth/store.hpp"
#include "config/checked.hpp"
#include "cpprustango/app.hpp"
#include "cpprustango/auth/users.hpp"
#include "cpprustango/config/settings.hpp"
#include "cpprustango/db/database.hpp"
#include "cpprustango/db/errors.hpp"
#include "http/web.hpp"

namespace cpprustango::auth {

namespace detail {

const SessionState* state(const http::Request& request) {
  return static_cast<const SessionState*>(request.local(kStateKey).get());
}

const SessionState& require_state(const http::Request& request, std::string_view what) {
  const auto* found = state(request);
  if (found == nullptr) {
    throw std::logic_error(std::string(what) +
                           " needs the session middleware: call auth::use_sessions(app) after app.set_database()");
  }
  return *found;
}

namespace {

/** What a request's state keeps of the database, so login and logout can reach the store. */
struct StoreHandle {
  db::Database database;
};

struct StateWithStore : SessionState {
  std::shared_ptr<StoreHandle> store;
};

StoreOptions store_options(const SessionOptions& options) { return StoreOptions{.session_age = options.age}; }

CurrentUser current_from(const User& user) {
  return CurrentUser{.id = user.id,
                     .username = user.username,
                     .superuser = user.superuser,
                     .staff = user.staff,
                     .permissions = user.permissions};
}

std::string flash_key(const SessionOptions& options) { return options.secret_key + ":flash"; }

std::vector<std::pair<int, std::string>> read_flash(const SessionOptions& options, const http::Request& request) {
  std::vector<std::pair<int, std::string>> out;
  const std::string value = unsign(flash_key(options), http::detail::cookie(request, kFlashCookie));
  if (value.empty()) return out;
  const auto pairs = http::detail::Form::parse(value);
  for (const auto& [level, text] : pairs.entries()) {
    if (level.size() == 1 && level[0] >= '0' && level[0] <= '3') out.emplace_back(level[0] - '0', text);
  }
  return out;
}

/** The cookies the handler's calls asked for. */
void write_cookies(const StateWithStore& state, http::Response& response) {
  const auto& options = state.options;
  std::lock_guard lock{state.mutex};
  if (state.new_csrf) {
    response.headers().add("Set-Cookie",
                           http::detail::set_cookie(kCsrfCookie, sign(options.secret_key, state.anonymous_csrf), -1,
                                                    options.secure_cookies));
  }
  std::vector<std::pair<std::string, std::string>> keep;
  if (!state.incoming_read) {
    for (const auto& [level, text] : state.incoming) keep.emplace_back(std::to_string(level), text);
  }
  for (const auto& [level, text] : state.outgoing) keep.emplace_back(std::to_string(level), text);
  if (!state.outgoing.empty()) {
    response.headers().add(
        "Set-Cookie", http::detail::set_cookie(kFlashCookie, sign(flash_key(options), http::detail::query_string(keep)),
                                               -1, options.secure_cookies));
  } else if (state.incoming_read && !state.incoming.empty()) {
    response.headers().add("Set-Cookie", http::detail::set_cookie(kFlashCookie, "", 0, options.secure_cookies));
  }
}

}  // namespace
}  // namespace detail

SessionOptions session_options(const config::Settings& settings) {
  const bool production = config::detail::production(settings);
  std::string secret = settings.string_or("security.secret_key", "");
  if (secret.empty()) {
    if (production) {
      throw config::SettingsError(
          "setting security.secret_key is required in production (it signs the session cookies); set "
          "CPPRUSTANGO__SECURITY__SECRET_KEY to a long random string");
    }
    // Outside production a key derived from the project folder keeps sessions valid across dev-server restarts.
    std::error_code error;
    const auto folder = std::filesystem::absolute(settings.project_dir(), error).string();
    secret = detail::sha256_hex("cpprustango development key for " + folder);
  }
  return SessionOptions{.secret_key = std::move(secret), .secure_cookies = production};
}

bool CurrentUser::has_perm(std::string_view codename) const {
  return superuser || permissions.contains(std::string(codename));
}

http::Middleware session_middleware(db::Database database, SessionOptions options) {
  if (options.secret_key.empty()) throw std::invalid_argument("session_middleware needs a secret key");
  auto store = std::make_shared<detail::StoreHandle>(detail::StoreHandle{std::move(database)});
  return [store, options](http::Request& request, const http::Next& next) {
    auto state = std::make_shared<detail::StateWithStore>();
    state->options = options;
    state->store = store;
    const std::string token = detail::unsign(options.secret_key, http::detail::cookie(request, detail::kSessionCookie));
    if (!token.empty()) {
      detail::Store sessions(store->database, detail::store_options(options));
      try {
        if (auto session = sessions.session(token, false)) {
          state->user = detail::current_from(session->user);
          state->session_token = token;
          state->session_csrf = session->csrf;
        }
      } catch (const db::DatabaseError&) {
        // No auth tables yet (before the first migrate): the visitor is anonymous.
      }
    }
    if (!state->user) {
      state->anonymous_csrf = detail::unsign(options.secret_key, http::detail::cookie(request, detail::kCsrfCookie));
    }
    if (request.headers().get("Cookie")) state->incoming = detail::read_flash(options, request);
    request.set_local(std::string(detail::kStateKey), state);
    http::Response response = next(request);
    detail::write_cookies(*state, response);
    return response;
  };
}

void use_sessions(App& app) { use_sessions(app, session_options(app.settings())); }

void use_sessions(App& app, SessionOptions options) { app.use(session_middleware(app.database(), std::move(options))); }

const CurrentUser* current_user(const http::Request& request) {
  const auto* state = detail::state(request);
  return state != nullptr && state->user ? &*state->user : nullptr;
}

std::string csrf_token(const http::Request& request) {
  const auto& state = detail::require_state(request, "auth::csrf_token()");
  if (state.user) return state.session_csrf;
  std::lock_guard lock{state.mutex};
  if (state.anonymous_csrf.empty()) {
    state.anonymous_csrf = detail::random_hex(32);
    state.new_csrf = true;
  }
  return state.anonymous_csrf;
}

bool csrf_valid(const http::Request& request, std::string_view sent) {
  const auto* state = detail::state(request);
  if (state == nullptr) return false;
  std::string given(sent);
  if (given.empty()) given = std::string(request.header("X-CSRF-Token").value_or(""));
  std::string expected;
  if (state->user) {
    expected = state->session_csrf;
  } else {
    std::lock_guard lock{state->mutex};
    // A token this very request made cannot have been sent with it.
    if (!state->new_csrf) expected = state->anonymous_csrf;
  }
  return !given.empty() && !expected.empty() && detail::constant_time_equal(given, expected);
}

LoginResult login(const http::Request& request, http::Response& response, std::string_view username,
                  std::string_view password) {
  const auto& state = static_cast<const detail::StateWithStore&>(detail::require_state(request, "auth::login()"));
  detail::Store store(state.store->database, detail::store_options(state.options));
  const auto outcome = store.login(username, password, request.client_ip(), false);
  using Result = detail::LoginOutcome::Result;
  if (outcome.result == Result::Locked) return LoginResult::Locked;
  if (outcome.result != Result::Ok) return LoginResult::Invalid;
  if (!state.session_token.empty()) store.close_session(state.session_token);
  const std::string token = store.open_session(outcome.user->id);
  const auto& options = state.options;
  response.headers().add("Set-Cookie",
                         http::detail::set_cookie(detail::kSessionCookie, detail::sign(options.secret_key, token),
                                                  static_cast<long>(options.age.count()), options.secure_cookies));
  response.headers().add("Set-Cookie", http::detail::set_cookie(detail::kCsrfCookie, "", 0, options.secure_cookies));
  return LoginResult::Ok;
}

void logout(const http::Request& request, http::Response& response) {
  const auto& state = static_cast<const detail::StateWithStore&>(detail::require_state(request, "auth::logout()"));
  if (!state.session_token.empty()) {
    detail::Store store(state.store->database, detail::store_options(state.options));
    store.close_session(state.session_token);
  }
  response.headers().add("Set-Cookie",
                         http::detail::set_cookie(detail::kSessionCookie, "", 0, state.options.secure_cookies));
}

}  // namespace cpprustango::auth
