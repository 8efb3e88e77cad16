// API-key authentication and the Identity of a user (see authentication.hpp).
#include "cpprustango/rest/authentication.hpp"

#include "cpprustango/auth/credentials.hpp"
#include "cpprustango/auth/session.hpp"
#include "cpprustango/rest/problem.hpp"
#include "codec.hpp"
#include "principal_cache.hpp"
#include "schemes.hpp"

namespace cpprustango::rest {

namespace {

Identity to_identity(auth::Principal principal, std::string scheme) {
  return Identity{.user_id = principal.id,
                  .username = std::move(principal.username),
                  .staff = principal.staff,
                  .superuser = principal.superuser,
                  .permissions = std::move(principal.permissions),
                  .scheme = std::move(scheme)};
}

}  // namespace

std::optional<Identity> load_identity(db::Database& database, std::int64_t user_id, std::string scheme) {
  auto principal = auth::principal(database, user_id);
  if (!principal) return std::nullopt;
  return to_identity(std::move(*principal), std::move(scheme));
}

Authenticator session_authentication() {
  return [](const http::Request& request) -> std::optional<Identity> {
    const auth::CurrentUser* user = auth::current_user(request);
    if (!user) return std::nullopt;
    const http::Method method = request.method();
    const bool safe = method == http::Method::Get || method == http::Method::Head || method == http::Method::Options;
    if (!safe && !auth::csrf_valid(request, "")) {
      throw Problem(403, "CSRF token missing or incorrect: send the session's token in the X-CSRF-Token header.");
    }
    return Identity{.user_id = user->id,
                    .username = user->username,
                    .staff = user->staff,
                    .superuser = user->superuser,
                    .permissions = user->permissions,
                    .scheme = "session"};
  };
}

Authenticator api_key_authentication(db::Database database, CredentialCache cache) {
  std::shared_ptr<detail::PrincipalCache> known;
  if (cache.ttl.count() > 0) known = std::make_shared<detail::PrincipalCache>(database, cache);
  return [database, known](const http::Request& request) mutable -> std::optional<Identity> {
    const auto key = detail::credentials(request, "Api-Key");
    if (!key) return std::nullopt;
    // Kept under the key's hash, as the database keeps it.
    const std::string hash = known ? detail::sha256_hex(*key) : std::string();
    if (known) {
      if (auto identity = known->find(hash)) return identity;
    }
    const std::uint64_t generation = known ? known->generation() : 0;
    auto owner = auth::resolve_api_key(database, *key);
    using Status = auth::ApiKeyCheck::Status;
    if (owner.check.status == Status::Unknown) throw detail::unauthorized("Api-Key", "The API key is not valid.");
    if (owner.check.status == Status::Revoked) throw detail::unauthorized("Api-Key", "The API key has been revoked.");
    if (owner.check.status == Status::Expired) throw detail::unauthorized("Api-Key", "The API key has expired.");
    if (!owner.user) throw detail::unauthorized("Api-Key", "The API key's user is inactive.");
    Identity identity = to_identity(std::move(*owner.user), "apikey");
    if (known) known->keep(hash, identity, generation, owner.use_recorded ? 1 : 0, owner.expires);
    return identity;
  };
}

}  // namespace cpprustango::rest
