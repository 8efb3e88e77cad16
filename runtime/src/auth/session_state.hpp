// What the session middleware attaches to a request (Request::local), read by
// current_user(), csrf_token(), flash messages and the views. Private to the runtime.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpprustango/auth/session.hpp"

namespace cpprustango::auth::detail {

inline constexpr std::string_view kStateKey = "cpprustango.session";
inline constexpr std::string_view kSessionCookie = "cpprustango_session";
inline constexpr std::string_view kCsrfCookie = "cpprustango_csrf";
inline constexpr std::string_view kFlashCookie = "cpprustango_flash";

/**
 * One request's session. Handlers see the request as const, so what they
 * change (a new CSRF token, flash messages, login/logout) sits in mutable
 * members behind a mutex, and the middleware writes it to the response.
 */
struct SessionState {
  SessionOptions options;
  std::optional<CurrentUser> user;
  std::string session_token;  ///< the cookie's token ("" when anonymous)
  std::string session_csrf;   ///< the session's token

  mutable std::mutex mutex;
  mutable std::string anonymous_csrf;                         ///< the double-submit token ("" until asked for or sent)
  mutable bool new_csrf = false;                              ///< anonymous_csrf was made here: set its cookie
  mutable std::vector<std::pair<int, std::string>> incoming;  ///< flash messages that arrived (level, text)
  mutable bool incoming_read = false;
  mutable std::vector<std::pair<int, std::string>> outgoing;  ///< flash messages for the next page
};

/** The request's state, or nullptr without the middleware. */
const SessionState* state(const http::Request& request);
/** state(), or std::logic_error naming auth::use_sessions(). */
const SessionState& require_state(const http::Request& request, std::string_view what);

}  // namespace cpprustango::auth::detail
