// OpenSSL-backed primitives for auth (see crypto.hpp).
#include "auth/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <stdexcept>
#include <vector>

namespace cpprustango::auth::detail {
namespace {

std::string to_hex(const unsigned char* data, std::size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = kHex[data[i] >> 4];
    out[2 * i + 1] = kHex[data[i] & 0x0F];
  }
  return out;
}

}  // namespace

void random_bytes(unsigned char* data, std::size_t size) {
  if (RAND_bytes(data, static_cast<int>(size)) != 1) {
    throw std::runtime_error("the system's random number generator failed (OpenSSL RAND_bytes)");
  }
}

std::string random_hex(std::size_t bytes) {
  std::vector<unsigned char> data(bytes);
  random_bytes(data.data(), data.size());
  return to_hex(data.data(), data.size());
}

std::string random_string(std::size_t count, std::string_view alphabet) {
  // Bytes at or above the largest multiple of the alphabet size are dropped, so every character is equally likely.
  const std::size_t limit = 256 - (256 % alphabet.size());
  std::string out;
  unsigned char buffer[64];
  while (out.size() < count) {
    random_bytes(buffer, sizeof buffer);
    for (unsigned char byte : buffer) {
      if (byte >= limit) continue;
      out += alphabet[byte % alphabet.size()];
      if (out.size() == count) break;
    }
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return to_hex(digest, sizeof digest);
}

std::string hmac_hex(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
           data.size(), digest, &length) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed (OpenSSL)");
  }
  return to_hex(digest, length);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string sign(std::string_view key, std::string_view value) {
  return std::string(value) + "." + hmac_hex(key, value);
}

std::string unsign(std::string_view key, std::string_view signed_value) {
  const auto dot = signed_value.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  const auto value = signed_value.substr(0, dot);
  if (!constant_time_equal(hmac_hex(key, value), signed_value.substr(dot + 1))) return {};
  return std::string(value);
}

}  // namespace cpprustango::auth::detail
