// Layered settings: config/default.toml, then config/<env>.toml (env from
// CPPRUSTANGO_ENV, "dev" by default), then the project's .env file, then
// CPPRUSTANGO__SECTION__KEY environment variables, then DATABASE_URL (for
// database.url). Keys are dotted: "server.port".
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cpprustango::config {

/** A malformed settings file or a value of the wrong type; the message names file and key. */
class SettingsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

using Value = std::variant<std::string, std::int64_t, double, bool>;

class Settings {
 public:
  Settings() = default;

  /**
   * Loads the layers found under `project_dir / "config"`; missing files are skipped.
   *   auto settings = Settings::load(".");            // env from CPPRUSTANGO_ENV
   *   auto port = settings.integer_or("server.port", 8000);
   */
  static Settings load(const std::filesystem::path& project_dir);
  static Settings load(const std::filesystem::path& project_dir, std::string env);

  /** Parses one TOML document into `*this`, overriding keys already set. */
  void merge_toml(std::string_view toml_text, const std::string& source_name);
  /**
   * Applies a .env file (KEY=VALUE lines, # comments): DATABASE_URL sets
   * database.url, CPPRUSTANGO__SECTION__KEY its key; other names are ignored.
   * It holds what must not be committed (a database password).
   */
  void merge_dotenv(std::string_view text);
  /**
   * Applies CPPRUSTANGO__SECTION__KEY=value pairs from the process environment, then
   * DATABASE_URL (when set and not empty) as database.url, above CPPRUSTANGO__DATABASE__URL.
   */
  void merge_environment();
  /** Sets one key; also how an environment override lands. */
  void set(std::string dotted_key, Value value);
  /** Sets a list of strings, as TOML writes `hosts = ["a", "b"]`. */
  void set_list(std::string dotted_key, std::vector<std::string> items);
  /**
   * A list of strings: `installed = ["blog", "shop"]`. A scalar under the key
   * throws SettingsError; an absent key gives nullopt.
   */
  std::optional<std::vector<std::string>> string_list(std::string_view key) const;

  bool contains(std::string_view key) const;
  /**
   * Getters are strict: a value of another type throws SettingsError
   * ("setting server.port must be an integer, got string \"abc\""). number()
   * also accepts an integer. string() also accepts a value that came from an
   * environment variable and was typed on the way in (PASSWORD=12345).
   */
  std::optional<std::string> string(std::string_view key) const;
  std::optional<std::int64_t> integer(std::string_view key) const;
  std::optional<bool> boolean(std::string_view key) const;
  std::optional<double> number(std::string_view key) const;

  std::string string_or(std::string_view key, std::string fallback) const;
  std::int64_t integer_or(std::string_view key, std::int64_t fallback) const;
  bool boolean_or(std::string_view key, bool fallback) const;
  double number_or(std::string_view key, double fallback) const;

  /** "dev", "prod", ...: the layer chosen at load time. */
  const std::string& env() const { return env_; }
  const std::filesystem::path& project_dir() const { return project_dir_; }
  const std::map<std::string, Value, std::less<>>& values() const { return values_; }

 private:
  std::map<std::string, std::vector<std::string>, std::less<>> lists_;
  std::map<std::string, Value, std::less<>> values_;
  // The text of environment overrides, for string() on a value typed as a number.
  std::map<std::string, std::string, std::less<>> environment_text_;
  std::string env_ = "dev";
  std::filesystem::path project_dir_ = ".";
};

/** Turns "CPPRUSTANGO__SERVER__PORT" into "server.port"; nullopt for other names. */
std::optional<std::string> key_from_environment_name(std::string_view name);

}  // namespace cpprustango::config
