// Rules for names the user gives: a project or app name becomes a C++
// namespace, a CMake target and a folder, so it must be valid as all three.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cpprustango::cli {

/**
 * Why `name` cannot name a project, or nullopt when it can:
 *   project_name_problem("my-site") == "'my-site' is not a valid identifier (...)"
 */
std::optional<std::string> project_name_problem(std::string_view name);

/** Why `name` cannot name an app (a folder, a C++ namespace, a table prefix), or nullopt. */
std::optional<std::string> app_name_problem(std::string_view name);

bool is_identifier(std::string_view name);
bool is_cpp_keyword(std::string_view name);

}  // namespace cpprustango::cli
