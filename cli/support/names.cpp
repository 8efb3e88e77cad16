// Name validation for projects (and, later, apps and models).
#include "support/names.hpp"

#include <algorithm>
#include <iterator>
#include <cctype>

namespace cpprustango::cli {
namespace {

constexpr std::string_view kCppKeywords[] = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case",
    "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const",
    "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await", "co_return",
    "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast", "else", "enum",
    "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if", "inline", "int",
    "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr", "operator", "or",
    "or_eq", "private", "protected", "public", "register", "reinterpret_cast", "requires", "return",
    "short", "signed", "sizeof", "static", "static_assert", "static_cast", "struct", "switch",
    "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename",
    "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
    "final", "override", "import", "module"};

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

bool is_cpp_keyword(std::string_view name) {
  return std::ranges::find(kCppKeywords, name) != std::end(kCppKeywords);
}

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

}  // namespace cpprustango::cli
