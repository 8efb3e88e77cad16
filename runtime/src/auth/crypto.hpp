// The few primitives sessions, CSRF and passwords need, over OpenSSL: random
// tokens from the CSPRNG, HMAC-SHA256 signatures, SHA-256 and a constant-time
// comparison. Private to the runtime.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cpprustango::auth::detail {

/** Fills `data` from the CSPRNG; throws std::runtime_error when it fails. */
void random_bytes(unsigned char* data, std::size_t size);
/** `bytes` random bytes from the CSPRNG, hex-encoded (2 * bytes characters). */
std::string random_hex(std::size_t bytes);
/** `count` characters drawn uniformly from `alphabet` (rejection sampling, no modulo bias). */
std::string random_string(std::size_t count, std::string_view alphabet);
/** Lower-case hex SHA-256 of `data`. */
std::string sha256_hex(std::string_view data);
/** Lower-case hex HMAC-SHA256 of `data` under `key`. */
std::string hmac_hex(std::string_view key, std::string_view data);
/** Equality that takes the same time wherever the strings differ. */
bool constant_time_equal(std::string_view a, std::string_view b);

/** "token.signature": a cookie value that the server alone could have written. */
std::string sign(std::string_view key, std::string_view value);
/** The value of a sign() result, or "" when the signature does not match. */
std::string unsign(std::string_view key, std::string_view signed_value);

}  // namespace cpprustango::auth::detail
