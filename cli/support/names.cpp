// Name validation for projects (and, later, apps and models).
#include "support/names.hpp"

#include <algorithm>
#include <iterator>

#include "cpprustango/schema/model.hpp"
#include <cctype>

namespace cpprustango::cli {
namespace {


// Target names CMake or CTest reserve, and names that would shadow a namespace
// the generated code already uses.
constexpr std::string_view kReservedNames[] = {
    "all", "clean", "help", "install", "test", "package", "std", "cpprustango", "boost", "main"};

}  // namespace

bool is_identifier(std::string_view name) {
  if (name.empty()) return false;
  const auto head = static_cast<unsigned char>(name.front());
  if (!(std::isalpha(head) || head == '_')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || u == '_';
  });
}

bool is_cpp_keyword(std::string_view name) { return schema::is_cpp_keyword(name); }

std::optional<std::string> project_name_problem(std::string_view name) {
  const std::string quoted = "'" + std::string(name) + "'";
  if (!is_identifier(name)) {
    return quoted + " is not a valid project name: use letters, digits and underscores, starting with a letter (e.g. my_site)";
  }
  if (name.front() == '_') return quoted + " is not a valid project name: it must start with a letter";
  if (name.size() > 64) return quoted + " is too long for a project name (64 characters at most)";
  if (is_cpp_keyword(name)) return quoted + " is a C++ keyword and cannot name a project; pick another name";
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (std::ranges::find(kReservedNames, lower) != std::end(kReservedNames)) {
    return quoted + " is reserved (it clashes with a build target or namespace); pick another name";
  }
  return std::nullopt;
}

std::optional<std::string> app_name_problem(std::string_view name) {
  const std::string quoted = "'" + std::string(name) + "'";
  const bool lower_snake = is_identifier(name) && std::islower(static_cast<unsigned char>(name.front())) &&
                           std::none_of(name.begin(), name.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
  if (!lower_snake) {
    return quoted + " is not a valid app name: use lower-case letters, digits and underscores, starting with a letter (e.g. blog)";
  }
  if (name.size() > 64) return quoted + " is too long for an app name (64 characters at most)";
  if (is_cpp_keyword(name)) return quoted + " is a C++ keyword and cannot name an app; pick another name";
  if (std::ranges::find(kReservedNames, name) != std::end(kReservedNames)) {
    return quoted + " is reserved (it clashes with a build target or namespace); pick another name";
  }
  return std::nullopt;
}

}  // namespace cpprustango::cli
