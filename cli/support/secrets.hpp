// A database password never goes into a project's committed files: the URL
// in config/default.toml is written without it, and the whole URL goes into
// .env (git-ignored), which the settings loader reads at start-up.
#pragma once

#include <string>
#include <string_view>

namespace cpprustango::cli {

/** The URL with its password taken out: "postgresql://bob:pw@h/db" -> "postgresql://bob@h/db". */
std::string without_password(std::string_view url);

/** True when the URL carries a password. */
bool has_password(std::string_view url);

/** The URL with `password` (percent-encoded) put in as the user's password. */
std::string with_password(std::string_view url, std::string_view password);

/** The URL with `user` (percent-encoded) as its user name, replacing any user and password. */
std::string with_user(std::string_view url, std::string_view user);

/** The URL with another database name: the path after the host, keeping any ?parameters. */
std::string with_dbname(std::string_view url, std::string_view dbname);

/** The .env text holding `url` as DATABASE_URL, with a comment saying what the file is. */
std::string dotenv_text(std::string_view url);

}  // namespace cpprustango::cli
