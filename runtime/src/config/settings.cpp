// Layered settings: TOML files flattened to dotted keys, then environment
// overrides. Getters are strict about types so a mistyped setting fails
// loudly at startup instead of silently falling back to a default.
#include "cpprustango/config/settings.hpp"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <toml.hpp>

#include "config/checked.hpp"

extern char** environ;  // POSIX; not declared by every libc header.

namespace cpprustango::config {

namespace detail {
namespace {

constexpr std::string_view kEnvironmentPrefix = "CPPRUSTANGO__";

std::string type_name(const Value& value) {
  switch (value.index()) {
    case 0: return "string";
    case 1: return "integer";
    case 2: return "float";
    default: return "boolean";
  }
}

std::string describe(const Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return "\"" + *text + "\"";
  if (const auto* integer = std::get_if<std::int64_t>(&value)) return std::to_string(*integer);
  if (const auto* number = std::get_if<double>(&value)) {
    std::ostringstream out;
    out << *number;
    return out.str();
  }
  return std::get<bool>(value) ? "true" : "false";
}

[[noreturn]] void wrong_type(std::string_view key, std::string_view wanted, const Value& value) {
  throw SettingsError("setting " + std::string{key} + " must be " + std::string{wanted} + ", got " + type_name(value) +
                      " " + describe(value));
}

/** toml11's messages span several lines with a source excerpt; keep the first. */
std::string one_line(const toml::exception& error) {
  std::string message = error.what();
  message = message.substr(0, message.find('\n'));
  if (message.rfind("[error] ", 0) == 0) message.erase(0, 8);
  // "toml::parse_table: ..." names an internal function, not useful to users.
  if (message.rfind("toml::", 0) == 0) {
    if (auto colon = message.find(": "); colon != std::string::npos) message.erase(0, colon + 2);
  }
  return message;
}

Value scalar_from_toml(const toml::value& value, const std::string& key, const std::string& source) {
  switch (value.type()) {
    case toml::value_t::boolean: return value.as_boolean();
    case toml::value_t::integer: return static_cast<std::int64_t>(value.as_integer());
    case toml::value_t::floating: return static_cast<double>(value.as_floating());
    case toml::value_t::string: return value.as_string().str;
    case toml::value_t::offset_datetime:
    case toml::value_t::local_datetime:
    case toml::value_t::local_date:
    case toml::value_t::local_time: {
      // No date type in Value; the RFC 3339 text is what a caller would parse.
      std::ostringstream out;
      out << value;
      return out.str();
    }
    default:
      // Arrays other than lists of strings are refused rather than guessed at
      // (joined? first element?): a silently reshaped setting is worse than a
      // clear error at startup.
      throw SettingsError(source + ": setting " + key +
                          " is an array of non-strings; settings take scalars or lists of strings");
  }
}

void flatten(const toml::value& table, const std::string& prefix, const std::string& source, Settings& out) {
  for (const auto& [name, child] : table.as_table()) {
    std::string key = prefix.empty() ? name : prefix + "." + name;
    if (child.is_table()) {
      flatten(child, key, source, out);
    } else if (child.is_array() && std::all_of(child.as_array().begin(), child.as_array().end(),
                                               [](const toml::value& item) { return item.is_string(); })) {
      std::vector<std::string> items;
      for (const auto& item : child.as_array()) items.push_back(item.as_string().str);
      out.set_list(key, std::move(items));
    } else {
      out.set(key, scalar_from_toml(child, key, source));
    }
  }
}

/** Types an environment value the way a TOML reader would: bool, integer, float, else text. */
Value parse_environment_value(const std::string& text) {
  if (text == "true") return true;
  if (text == "false") return false;
  const char* begin = text.data();
  const char* end = begin + text.size();
  std::int64_t integer = 0;
  if (auto [ptr, ec] = std::from_chars(begin, end, integer); !text.empty() && ec == std::errc{} && ptr == end) {
    return integer;
  }
  // from_chars also accepts "inf" and "nan"; only plain decimal numbers count.
  bool numeric_chars = std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
  });
  bool has_digit = std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  double number = 0;
  if (numeric_chars && has_digit) {
    if (auto [ptr, ec] = std::from_chars(begin, end, number); ec == std::errc{} && ptr == end) return number;
  }
  return text;
}

bool valid_env_name(std::string_view env) {
  return !env.empty() && std::all_of(env.begin(), env.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SettingsError("cannot read settings file " + path.string());
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace
}  // namespace detail

std::optional<std::string> key_from_environment_name(std::string_view name) {
  if (name.substr(0, detail::kEnvironmentPrefix.size()) != detail::kEnvironmentPrefix) return std::nullopt;
  std::string_view rest = name.substr(detail::kEnvironmentPrefix.size());
  if (rest.empty()) return std::nullopt;
  std::string key;
  while (true) {
    auto separator = rest.find("__");
    std::string_view part = rest.substr(0, separator);
    // Each part must look like a TOML bare key; a stray '_' at either end
    // means a mistyped separator ("___"), which must not become a key.
    bool valid = !part.empty() && part.front() != '_' && part.back() != '_' &&
                 std::all_of(part.begin(), part.end(), [](char c) {
                   return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
                 });
    if (!valid) return std::nullopt;
    if (!key.empty()) key += '.';
    for (char c : part) key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (separator == std::string_view::npos) break;
    rest = rest.substr(separator + 2);
  }
  return key;
}

Settings Settings::load(const std::filesystem::path& project_dir) {
  const char* env = std::getenv("CPPRUSTANGO_ENV");
  return load(project_dir, env != nullptr && *env != '\0' ? std::string{env} : std::string{"dev"});
}

Settings Settings::load(const std::filesystem::path& project_dir, std::string env) {
  // The env names a file; refuse anything that could step out of config/.
  if (!detail::valid_env_name(env)) {
    throw SettingsError("CPPRUSTANGO_ENV \"" + env + "\" is not a valid environment name (use letters, digits, '-', '_')");
  }
  Settings settings;
  settings.project_dir_ = project_dir;
  settings.env_ = env;
  const auto config_dir = project_dir / "config";
  for (const auto& file : {config_dir / "default.toml", config_dir / (env + ".toml")}) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) continue;
    settings.merge_toml(detail::read_file(file), file.lexically_normal().string());
  }
  std::error_code ec;
  if (const auto dotenv = project_dir / ".env"; std::filesystem::is_regular_file(dotenv, ec)) {
    settings.merge_dotenv(detail::read_file(dotenv));
  }
  settings.merge_environment();
  return settings;
}

void Settings::merge_dotenv(std::string_view text) {
  std::istringstream in{std::string{text}};
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto eq = line.find('=');
    if (line.empty() || line.front() == '#' || eq == std::string::npos) continue;
    std::string name = line.substr(0, eq);
    if (name.starts_with("export ")) name = name.substr(7);
    std::string value = line.substr(eq + 1);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') && value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    const auto key = name == "DATABASE_URL" ? std::optional<std::string>("database.url") : key_from_environment_name(name);
    if (!key) continue;
    set(*key, detail::parse_environment_value(value));
    environment_text_[*key] = std::move(value);
  }
}

void Settings::merge_toml(std::string_view toml_text, const std::string& source_name) {
  std::istringstream in{std::string{toml_text}};
  toml::value document;
  try {
    document = toml::parse(in, source_name);
  } catch (const toml::exception& error) {
    throw SettingsError("cannot parse " + source_name + ", line " + std::to_string(error.location().line()) + ": " +
                        detail::one_line(error));
  }
  detail::flatten(document, "", source_name, *this);
}

void Settings::merge_environment() {
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string_view pair = *entry;
    auto eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    auto key = key_from_environment_name(pair.substr(0, eq));
    if (!key) continue;
    std::string text{pair.substr(eq + 1)};
    set(*key, detail::parse_environment_value(text));
    environment_text_[*key] = std::move(text);
  }
  // DATABASE_URL is the name hosting platforms and twelve-factor tools set, so
  // it outranks CPPRUSTANGO__DATABASE__URL: the CLI, the dev server's app and
  // a deployed app all read database.url from here and agree on the database.
  if (const char* url = std::getenv("DATABASE_URL"); url != nullptr && *url != '\0') set("database.url", std::string{url});
}

void Settings::set(std::string dotted_key, Value value) {
  environment_text_.erase(dotted_key);
  if (auto list = lists_.find(dotted_key); list != lists_.end()) lists_.erase(list);
  values_.insert_or_assign(std::move(dotted_key), std::move(value));
}

void Settings::set_list(std::string dotted_key, std::vector<std::string> items) {
  environment_text_.erase(dotted_key);
  if (auto value = values_.find(dotted_key); value != values_.end()) values_.erase(value);
  lists_.insert_or_assign(std::move(dotted_key), std::move(items));
}

bool Settings::contains(std::string_view key) const {
  return values_.find(key) != values_.end() || lists_.find(key) != lists_.end();
}

std::optional<std::vector<std::string>> Settings::string_list(std::string_view key) const {
  if (auto list = lists_.find(key); list != lists_.end()) return list->second;
  auto found = values_.find(key);
  if (found == values_.end()) return std::nullopt;
  // An environment variable cannot hold a TOML array: "blog,shop" stands for one.
  if (const auto* text = std::get_if<std::string>(&found->second)) {
    std::vector<std::string> items;
    std::string_view rest = *text;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      std::string_view item = rest.substr(0, comma);
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
      if (!item.empty()) items.emplace_back(item);
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    return items;
  }
  detail::wrong_type(key, "a list of strings", found->second);
}

std::optional<std::string> Settings::string(std::string_view key) const {
  auto found = values_.find(key);
  if (found == values_.end()) return std::nullopt;
  if (const auto* text = std::get_if<std::string>(&found->second)) return *text;
  // CPPRUSTANGO__DATABASE__PASSWORD=12345 was typed as an integer on the way
  // in, but the person who set it meant text: hand back what they wrote.
  if (auto raw = environment_text_.find(key); raw != environment_text_.end()) return raw->second;
  detail::wrong_type(key, "a string", found->second);
}

std::optional<std::int64_t> Settings::integer(std::string_view key) const {
  auto found = values_.find(key);
  if (found == values_.end()) return std::nullopt;
  if (const auto* integer = std::get_if<std::int64_t>(&found->second)) return *integer;
  detail::wrong_type(key, "an integer", found->second);
}

std::optional<bool> Settings::boolean(std::string_view key) const {
  auto found = values_.find(key);
  if (found == values_.end()) return std::nullopt;
  if (const auto* flag = std::get_if<bool>(&found->second)) return *flag;
  detail::wrong_type(key, "a boolean", found->second);
}

std::optional<double> Settings::number(std::string_view key) const {
  auto found = values_.find(key);
  if (found == values_.end()) return std::nullopt;
  if (const auto* number = std::get_if<double>(&found->second)) return *number;
  // "timeout = 5" should satisfy a float setting; the reverse would lose data.
  if (const auto* integer = std::get_if<std::int64_t>(&found->second)) return static_cast<double>(*integer);
  detail::wrong_type(key, "a number", found->second);
}

std::string Settings::string_or(std::string_view key, std::string fallback) const {
  return string(key).value_or(std::move(fallback));
}
std::int64_t Settings::integer_or(std::string_view key, std::int64_t fallback) const {
  return integer(key).value_or(fallback);
}
bool Settings::boolean_or(std::string_view key, bool fallback) const { return boolean(key).value_or(fallback); }
double Settings::number_or(std::string_view key, double fallback) const { return number(key).value_or(fallback); }

std::int64_t detail::integer_in_range(const Settings& settings, std::string_view key, std::int64_t fallback,
                                      std::int64_t low, std::int64_t high) {
  const std::int64_t value = settings.integer_or(key, fallback);
  if (value < low || value > high) {
    throw SettingsError("setting " + std::string{key} + " must be between " + std::to_string(low) + " and " +
                        std::to_string(high) + ", got " + std::to_string(value));
  }
  return value;
}

bool detail::production(const Settings& settings) { return settings.env() == "prod" || settings.env() == "production"; }

}  // namespace cpprustango::config
