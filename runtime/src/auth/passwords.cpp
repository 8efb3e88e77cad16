// Argon2id through libargon2's encoded (PHC string) API, so parameters and
// salt travel with each hash and can be raised later without a migration.
#include "cpprustango/auth/passwords.hpp"

#include <argon2.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <vector>

#include "auth/crypto.hpp"

namespace cpprustango::auth {
namespace {

// OWASP's minimum for Argon2id: 19 MiB, two passes, one lane.
constexpr std::uint32_t kMemoryKib = 19456;
constexpr std::uint32_t kPasses = 2;
constexpr std::uint32_t kLanes = 1;
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;

// A few of the passwords every breach list starts with; long enough to pass the length rule.
constexpr std::array<std::string_view, 12> kCommon = {
    "1234567890", "qwertyuiop", "password123", "password1234", "1q2w3e4r5t",  "qwerty1234",
    "administrator", "letmein123", "welcome123", "iloveyou123", "passw0rd123", "changeme123"};

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

std::string hash_password(std::string_view password) {
  std::array<unsigned char, kSaltBytes> salt{};
  detail::random_bytes(salt.data(), salt.size());
  const std::size_t length =
      argon2_encodedlen(kPasses, kMemoryKib, kLanes, kSaltBytes, kHashBytes, Argon2_id);
  std::vector<char> encoded(length);
  const int rc = argon2id_hash_encoded(kPasses, kMemoryKib, kLanes, password.data(), password.size(), salt.data(),
                                       salt.size(), kHashBytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) throw std::runtime_error(std::string("hashing the password failed: ") + argon2_error_message(rc));
  return std::string(encoded.data());
}

bool verify_password(std::string_view password, std::string_view encoded) {
  if (!encoded.starts_with("$argon2id$")) return false;
  const std::string hash(encoded);  // argon2id_verify needs a NUL-terminated string
  return argon2id_verify(hash.c_str(), password.data(), password.size()) == ARGON2_OK;
}

std::optional<std::string> password_problem(std::string_view password, std::string_view username) {
  if (password.size() < 10) return "the password is too short: use at least 10 characters";
  if (std::all_of(password.begin(), password.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) {
    return "the password is entirely numeric";
  }
  const std::string folded = lower(password);
  if (std::find(kCommon.begin(), kCommon.end(), folded) != kCommon.end()) return "the password is too common";
  if (!username.empty()) {
    const std::string name = lower(username);
    if (folded.find(name) != std::string::npos || name.find(folded) != std::string::npos) {
      return "the password is too similar to the username";
    }
  }
  return std::nullopt;
}

std::string generate_password() {
  return detail::random_string(20, "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789");
}

}  // namespace cpprustango::auth
