// Password hashing (Argon2id, libargon2), the strength rules createsuperuser
// and the admin apply, and generated passwords. libargon2 and OpenSSL stay in
// the .cpp: this header is the standard library only.
//
//   std::string stored = auth::hash_password("correct horse battery staple");
//   auth::verify_password("correct horse battery staple", stored);   // true
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cpprustango::auth {

/**
 * The PHC-format Argon2id hash of `password` with a fresh 16-byte salt:
 * "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>" (OWASP's minimum parameters).
 */
std::string hash_password(std::string_view password);

/**
 * True when `password` matches `encoded` (a hash_password() result); a
 * malformed or non-Argon2id `encoded` is simply false. Comparison is constant-time.
 */
bool verify_password(std::string_view password, std::string_view encoded);

/**
 * Why `password` is too weak, or nullopt when it is acceptable: at least 10
 * characters, not only digits, not one of the most common passwords, and not
 * the username (or contained in it).
 *   password_problem("12345678901", "ann") == "the password is entirely numeric"
 */
std::optional<std::string> password_problem(std::string_view password, std::string_view username = {});

/** A random 20-character password from the system CSPRNG (letters and digits, about 119 bits). */
std::string generate_password();

}  // namespace cpprustango::auth
