// The credential cache of the authenticators (see principal_cache.hpp).
#include "principal_cache.hpp"

#include "cpprustango/auth/credentials.hpp"

namespace cpprustango::rest::detail {

PrincipalCache::PrincipalCache(db::Database& database, CredentialCache options)
    : options_(options), changes_(database.watch_writes(auth::principal_tables())), seen_(changes_->load()) {}

std::uint64_t PrincipalCache::generation() const noexcept { return changes_->load(std::memory_order_acquire); }

void PrincipalCache::forget_if_changed() {
  const std::uint64_t now = generation();
  if (now == seen_) return;
  entries_.clear();
  seen_ = now;
}

std::optional<Identity> PrincipalCache::find(const std::string& key) {
  std::lock_guard lock(mutex_);
  forget_if_changed();
  const auto found = entries_.find(key);
  if (found == entries_.end()) return std::nullopt;
  const Entry& entry = found->second;
  if (Clock::now() >= entry.until ||
      (entry.expiry && *entry.expiry <= std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now()))) {
    entries_.erase(found);
    return std::nullopt;
  }
  return entry.identity;
}

void PrincipalCache::keep(const std::string& key, const Identity& identity, std::uint64_t generation,
                          std::uint64_t own_writes, std::optional<Expiry> expiry) {
  std::lock_guard lock(mutex_);
  const std::uint64_t now_generation = this->generation();
  // Someone else wrote since it was read: what was read may already be stale.
  if (now_generation != generation + own_writes || options_.max_entries == 0) return;
  // The entries read before the caller's own writes still hold (those writes changed no one);
  // older ones may not.
  if (seen_ != generation && seen_ != now_generation) entries_.clear();
  seen_ = now_generation;
  const auto now = Clock::now();
  if (entries_.size() >= options_.max_entries && !entries_.contains(key)) {
    std::erase_if(entries_, [&](const auto& item) { return now >= item.second.until; });
    // Still full of live entries: one goes (any: they all end within the TTL anyway).
    if (entries_.size() >= options_.max_entries && !entries_.empty()) entries_.erase(entries_.begin());
  }
  entries_.insert_or_assign(key, Entry{.identity = identity, .until = now + options_.ttl, .expiry = expiry});
}

}  // namespace cpprustango::rest::detail
