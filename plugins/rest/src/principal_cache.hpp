// Who a credential was, remembered for a few seconds so a busy client does
// not cost the database a lookup of its key, its user and their permissions
// on every request. An entry lasts the TTL at most, never past the
// credential's own end (an API key's expiry), and every entry is dropped at
// once when this process writes a table a principal is read from (a key
// revoked, a user changed, a permission granted through the ORM, the admin or
// plain SQL on the same Database). Writes by another process (createapikey,
// psql, another server) are seen once the entry is older than the TTL.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "cpprustango/db/database.hpp"
#include "cpprustango/rest/authentication.hpp"

namespace cpprustango::rest::detail {

class PrincipalCache {
 public:
  using Expiry = std::chrono::sys_time<std::chrono::microseconds>;

  /** Watches `database`'s writes to the auth tables; `options.ttl` must be above zero. */
  PrincipalCache(db::Database& database, CredentialCache options);

  /** Read it before reading the tables, and give it to keep(): a write in between makes the entry stale. */
  std::uint64_t generation() const noexcept;

  /** The identity kept for `key`; nullopt when there is none, it is older than the TTL or past its expiry. */
  std::optional<Identity> find(const std::string& key);

  /**
   * Keeps `identity` for `key` until the TTL or `expiry`, unless the tables changed since
   * `generation` by more than the caller's own `own_writes` statements (an API key's
   * last_used, which says nothing about who the key is).
   */
  void keep(const std::string& key, const Identity& identity, std::uint64_t generation, std::uint64_t own_writes,
            std::optional<Expiry> expiry);

 private:
  using Clock = std::chrono::steady_clock;
  struct Entry {
    Identity identity;
    Clock::time_point until;
    std::optional<Expiry> expiry;
  };
  /** Drops everything when the tables changed since the entries were read; call with mutex_ held. */
  void forget_if_changed();

  CredentialCache options_;
  std::shared_ptr<const std::atomic<std::uint64_t>> changes_;
  std::mutex mutex_;
  std::uint64_t seen_ = 0;  ///< the generation the entries were read at (or after)
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace cpprustango::rest::detail
