// HS256 access and refresh tokens through libjwt (see tokens.hpp).
#include "cpprustango/rest/tokens.hpp"

#include <jwt.h>
#include <openssl/rand.h>

#include <cerrno>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>

#include "codec.hpp"
#include "cpprustango/auth/credentials.hpp"
#include "cpprustango/auth/users.hpp"
#include "cpprustango/orm/compiler.hpp"
#include "cpprustango/orm/convert.hpp"
#include "cpprustango/rest/authentication.hpp"
#include "cpprustango/rest/problem.hpp"
#include "cpprustango/rest/serializers.hpp"
#include "cpprustango/rest/throttling.hpp"
#include "principal_cache.hpp"
#include "schemes.hpp"

namespace cpprustango::rest {

namespace {

using json = nlohmann::json;
using Jwt = std::unique_ptr<jwt_t, decltype(&jwt_free)>;

constexpr std::size_t kMinimumSecret = 32;

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string random_id() {
  unsigned char bytes[24];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("the CSPRNG failed");
  return detail::base64url_encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

std::string sign(const TokenOptions& options, std::int64_t user_id, std::string_view type, std::int64_t lifetime,
                 const std::string& jti) {
  jwt_t* raw = nullptr;
  if (jwt_new(&raw) != 0) throw std::runtime_error("libjwt: cannot make a token");
  Jwt token(raw, &jwt_free);
  const std::int64_t now = now_seconds();
  const std::string subject = std::to_string(user_id);
  const std::string kind(type);
  if (jwt_add_grant(token.get(), "sub", subject.c_str()) != 0 || jwt_add_grant(token.get(), "typ", kind.c_str()) != 0 ||
      jwt_add_grant(token.get(), "iss", options.issuer.c_str()) != 0 ||
      jwt_add_grant(token.get(), "jti", jti.c_str()) != 0 || jwt_add_grant_int(token.get(), "iat", now) != 0 ||
      jwt_add_grant_int(token.get(), "exp", now + lifetime) != 0 ||
      jwt_set_alg(token.get(), JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(options.secret.data()),
                  static_cast<int>(options.secret.size())) != 0) {
    throw std::runtime_error("libjwt: cannot sign a token");
  }
  char* text = jwt_encode_str(token.get());
  if (!text) throw std::runtime_error("libjwt: cannot encode a token");
  std::string out(text);
  std::free(text);
  return out;
}

struct Claims {
  std::int64_t user_id = 0;
  std::string jti;
  std::int64_t expires = 0;
};

/** The claims of a token of `type` that this server signed and that has not expired; nullopt otherwise. */
std::optional<Claims> verify(const TokenOptions& options, const std::string& text, std::string_view type) {
  jwt_t* raw = nullptr;
  if (jwt_decode(&raw, text.c_str(), reinterpret_cast<const unsigned char*>(options.secret.data()),
                 static_cast<int>(options.secret.size())) != 0 || !raw) {
    return std::nullopt;
  }
  Jwt token(raw, &jwt_free);
  // Only the algorithm this server signs with: never "none", never another family.
  if (jwt_get_alg(token.get()) != JWT_ALG_HS256) return std::nullopt;
  const char* typ = jwt_get_grant(token.get(), "typ");
  const char* iss = jwt_get_grant(token.get(), "iss");
  const char* sub = jwt_get_grant(token.get(), "sub");
  const char* jti = jwt_get_grant(token.get(), "jti");
  if (!typ || type != typ || !iss || options.issuer != iss || !sub || !jti) return std::nullopt;
  errno = 0;
  const long exp = jwt_get_grant_int(token.get(), "exp");
  if (errno == ENOENT || exp <= now_seconds()) return std::nullopt;
  Claims claims{.user_id = 0, .jti = jti, .expires = exp};
  try {
    std::size_t used = 0;
    claims.user_id = std::stoll(sub, &used);
    if (used != std::string_view(sub).size()) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  return claims;
}

void check_secret(const TokenOptions& options) {
  if (options.secret.size() < kMinimumSecret) {
    throw DeclarationError("the JWT secret must be at least 32 bytes (set security.secret_key)");
  }
}

std::string placeholder(db::Dialect dialect, int number) {
  return dialect == db::Dialect::Postgresql ? "$" + std::to_string(number) : std::string("?");
}

/** The refresh token table's statements, names from the auth app's spec. */
class RefreshStore {
 public:
  explicit RefreshStore(db::Database database) : database_(std::move(database)) {}

  void record(const std::string& jti, std::int64_t user_id, std::int64_t expires) {
    const auto dialect = database_.dialect();
    const DateTime now = orm::now_utc();
    const DateTime until{std::chrono::seconds(expires)};
    database_.execute("INSERT INTO " + table() + " (jti, user_id, created, expires, revoked) VALUES (" +
                          placeholder(dialect, 1) + ", " + placeholder(dialect, 2) + ", " + placeholder(dialect, 3) +
                          ", " + placeholder(dialect, 4) + ", " + placeholder(dialect, 5) + ")",
                      {jti, user_id, orm::Convert<DateTime>::to(now), orm::Convert<DateTime>::to(until), false});
  }

  /** Revokes the live token `jti`; false when it was unknown or already revoked (so two uses cannot both win). */
  bool revoke(const std::string& jti) {
    const auto dialect = database_.dialect();
    return database_.execute("UPDATE " + table() + " SET revoked = " + placeholder(dialect, 1) + " WHERE jti = " +
                                 placeholder(dialect, 2) + " AND revoked = " + placeholder(dialect, 3),
                             {true, jti, false}) == 1;
  }

 private:
  static std::string table() { return orm::quote_identifier(auth::model("RefreshToken").table); }
  db::Database database_;
};

json read_json(const http::Request& request) {
  json body = json::parse(request.body(), nullptr, /*allow_exceptions=*/false);
  if (!body.is_object()) throw Problem(400, "The body must be a JSON object.");
  return body;
}

std::string field(const json& body, const char* name) {
  const auto it = body.find(name);
  if (it == body.end() || !it->is_string() || it->get<std::string>().empty()) {
    throw Problem::validation({{.field = name, .code = "required", .message = "This field is required."}});
  }
  return it->get<std::string>();
}

http::Response pair(const TokenOptions& options, RefreshStore& store, std::int64_t user_id) {
  const std::string jti = random_id();
  const std::int64_t expires = now_seconds() + options.refresh_lifetime.count();
  store.record(jti, user_id, expires);
  const json body = {{"access", sign(options, user_id, "access", options.access_lifetime.count(), random_id())},
                     {"refresh", sign(options, user_id, "refresh", options.refresh_lifetime.count(), jti)}};
  http::Response response = http::Response::json(body.dump());
  response.header("Cache-Control", "no-store");
  return response;
}

template <class Work>
http::Response answer(const http::Request& request, Work&& work) {
  try {
    if (request.method() != http::Method::Post) {
      Problem problem(405, "Use POST.");
      problem.with_header("Allow", "POST");
      throw problem;
    }
    return work();
  } catch (const Problem& problem) {
    return problem_response(problem, request.path());
  }
}

}  // namespace

std::string issue_access_token(const TokenOptions& options, std::int64_t user_id) {
  check_secret(options);
  return sign(options, user_id, "access", options.access_lifetime.count(), random_id());
}

Authenticator jwt_authentication(db::Database database, TokenOptions options) {
  check_secret(options);
  std::shared_ptr<detail::PrincipalCache> known;
  if (options.cache.ttl.count() > 0) known = std::make_shared<detail::PrincipalCache>(database, options.cache);
  return [database, options, known](const http::Request& request) mutable -> std::optional<Identity> {
    const auto token = detail::credentials(request, "Bearer");
    if (!token) return std::nullopt;
    const auto claims = verify(options, *token, "access");
    if (!claims) throw detail::unauthorized("Bearer", "The token is not valid or has expired.");
    // The signature and expiry are checked on every request; only the user is remembered.
    const std::string user = std::to_string(claims->user_id);
    if (known) {
      if (auto identity = known->find(user)) return identity;
    }
    const std::uint64_t generation = known ? known->generation() : 0;
    auto identity = load_identity(database, claims->user_id, "jwt");
    if (!identity) throw detail::unauthorized("Bearer", "The token's user is inactive.");
    if (known) known->keep(user, *identity, generation, 0, std::nullopt);
    return identity;
  };
}

void mount_token_endpoints(App& app, db::Database database, TokenOptions options, std::string prefix) {
  check_secret(options);
  auto shared = std::make_shared<std::pair<TokenOptions, RefreshStore>>(std::move(options), RefreshStore(database));
  const std::initializer_list<http::Method> methods = {http::Method::Get, http::Method::Post, http::Method::Put,
                                                        http::Method::Patch, http::Method::Delete};
  app.router().route(methods, prefix + "auth/token/", [shared, database](const http::Request& request) mutable {
    return answer(request, [&] {
      // Counted before the password is checked, so guessing costs a slot whether it hits or not.
      throttle(database, "token:" + request.client_ip(), shared->first.login_limit);
      const json body = read_json(request);
      const auto user = auth::check_password(database, field(body, "username"), field(body, "password"));
      if (!user) throw detail::unauthorized("Bearer", "No active account with these credentials.");
      return pair(shared->first, shared->second, *user);
    });
  }, "api:token");
  app.router().route(methods, prefix + "auth/token/refresh/", [shared, database](const http::Request& request) mutable {
    return answer(request, [&] {
      const auto claims = verify(shared->first, field(read_json(request), "refresh"), "refresh");
      // Rotation: the used token is revoked, and a revoked one (used before, or revoked by hand) is refused.
      if (!claims || !shared->second.revoke(claims->jti)) {
        throw detail::unauthorized("Bearer", "The refresh token is not valid, has expired or was revoked.");
      }
      if (!auth::principal(database, claims->user_id)) throw detail::unauthorized("Bearer", "The user is inactive.");
      return pair(shared->first, shared->second, claims->user_id);
    });
  }, "api:token-refresh");
  app.router().route(methods, prefix + "auth/token/revoke/", [shared](const http::Request& request) {
    return answer(request, [&] {
      const auto claims = verify(shared->first, field(read_json(request), "refresh"), "refresh");
      if (!claims) throw detail::unauthorized("Bearer", "The refresh token is not valid or has expired.");
      shared->second.revoke(claims->jti);
      return http::Response(204, "", "application/json");
    });
  }, "api:token-revoke");
}

}  // namespace cpprustango::rest
