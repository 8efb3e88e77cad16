#include "wizard/plan.hpp"

#include <cctype>
#include <filesystem>

#include "cpprustango/db/url.hpp"
#include "support/names.hpp"
#include "support/secrets.hpp"
#include "wizard/database_probe.hpp"

namespace fs = std::filesystem;

namespace cpprustango::cli::wizard {
namespace {

/** A URL for the echoed command: its password becomes ${PGPASSWORD}, expanded by the shell that runs it. */
std::string url_word(const std::string& url) {
  if (!has_password(url)) return shell_quoted(url);
  const std::string bare = without_password(url);
  const auto at = bare.find("://");
  const auto user_end = bare.find('@', at);
  std::string out;
  for (const char c : bare.substr(0, user_end)) {
    if (c == '"' || c == '\\' || c == '$' || c == '`') out += '\\';
    out += c;
  }
  return "\"" + out + ":${PGPASSWORD}" + bare.substr(user_end) + "\"";
}

std::string redacted(const std::string& url) { return db::redact_url(url); }

bool is_postgres(const std::string& url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://") || url == "postgres" || url == "postgresql";
}

}  // namespace

std::string shell_quoted(const std::string& word) {
  const bool plain = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) ||
           std::string_view("-_./:@=,+%").find(c) != std::string_view::npos;
  });
  if (plain) return word;
  std::string out = "'";
  for (const char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string equivalent_command(const NewOptions& options) {
  std::string command = "cpprustango new " + shell_quoted(options.name);
  command += " --template " + shell_quoted(options.template_name);
  if (!options.adopt.empty()) {
    command += " --adopt " + url_word(options.adopt);
    if (!options.app.empty()) command += " --app " + shell_quoted(options.app);
    for (const auto& schema : options.schemas) command += " --schema " + shell_quoted(schema);
    for (const auto& table : options.tables) command += " --table " + shell_quoted(table);
    if (options.managed) command += " --managed";
  } else {
    command += " --database " + url_word(options.database);
  }
  if (!options.superuser.empty()) {
    command += " --superuser " + shell_quoted(options.superuser);
    if (!options.email.empty()) command += " --email " + shell_quoted(options.email);
    command += " --password-stdin";
  }
  if (options.no_build) command += " --no-build";
  if (options.dir) command += " --dir " + shell_quoted(options.dir->string());
  if (!options.from.empty()) command += " --from " + shell_quoted(options.from);
  if (options.no_git) command += " --no-git";
  if (options.force) command += " --force";
  return command + " --yes";
}

InspectdbOptions adoption(const NewOptions& options, const std::string& url) {
  InspectdbOptions inspect;
  inspect.database = url;
  inspect.app = options.app;
  inspect.tables = options.tables;
  inspect.schemas = options.schemas;
  inspect.managed = options.managed;
  inspect.next_step = false;  // the setup builds next and ends with its own next steps
  return inspect;
}

CreatesuperuserOptions admin_user(const std::string& username, const std::string& email, const std::string& password,
                                  const std::string& database) {
  CreatesuperuserOptions admin;
  admin.username = username;
  admin.email = email;
  admin.database = database;
  admin.no_input = true;
  admin.password = password;
  return admin;
}

std::string inspectdb_command(const InspectdbOptions& options) {
  std::string command = "cpprustango inspectdb --database " + url_word(options.database.value_or("")) + " --app " +
                        shell_quoted(options.app);
  for (const auto& schema : options.schemas) command += " --schema " + shell_quoted(schema);
  for (const auto& table : options.tables) command += " --table " + shell_quoted(table);
  if (options.managed) command += " --managed";
  return command;
}

std::string equivalent_command_note(const NewOptions& options) {
  std::vector<std::string> needs;
  if (has_password(options.adopt.empty() ? options.database : options.adopt)) {
    needs.emplace_back("PGPASSWORD set to the database password");
  }
  if (!options.superuser.empty()) needs.emplace_back("the admin password as the first line of stdin");
  if (needs.empty()) return {};
  std::string note = "(with ";
  for (std::size_t i = 0; i < needs.size(); ++i) note += (i ? ", and " : "") + needs[i];
  return note + ")";
}

std::vector<std::string> summary(const NewOptions& options) {
  std::vector<std::string> lines;
  const std::string folder = options.dir ? options.dir->string() : "./" + options.name;
  lines.push_back("Project     " + options.name + " in " + folder + ", template " +
                  (options.from.empty() ? options.template_name : options.from));
  const std::string& url = options.adopt.empty() ? options.database : options.adopt;
  std::string database;
  if (url == "sqlite") {
    database = "SQLite, var/db.sqlite3";
  } else if (is_postgres(url)) {
    database = "PostgreSQL " + redacted(url) + (has_password(url) ? " (the password goes to .env, git-ignored)" : "");
  } else {
    database = "SQLite " + url;
  }
  lines.push_back("Database    " + database);
  if (!options.adopt.empty()) {
    std::string tables;
    for (const auto& t : options.tables) tables += (tables.empty() ? "" : ", ") + t;
    lines.push_back("Adopt       " + (tables.empty() ? std::string("every table") : tables) + " into app " +
                    options.app + (options.managed ? ", managed by migrations" : ", unmanaged (@@managed(false))"));
  }
  lines.push_back("Migrate     the auth tables" +
                  std::string(options.adopt.empty() ? "" : "; adopted tables are not re-created"));
  lines.push_back("Admin user  " +
                  (options.superuser.empty()
                       ? std::string("none")
                       : options.superuser + (options.email.empty() ? "" : " <" + options.email + ">")));
  lines.push_back(std::string("Build       ") + (options.no_build ? "skipped (--no-build)" : "a first debug build"));
  lines.push_back(std::string("Git         ") +
                  (options.no_git ? "none (--no-git)" : "a repository with a first commit"));
  return lines;
}

std::string app_name_for(const std::string& database_name) {
  std::string name;
  for (const char c : database_name) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte)) {
      name += static_cast<char>(std::tolower(byte));
    } else if (!name.empty() && name.back() != '_') {
      name += '_';
    }
  }
  while (!name.empty() && name.back() == '_') name.pop_back();
  if (!name.empty() && std::isdigit(static_cast<unsigned char>(name.front()))) name = "db_" + name;
  if (name.empty() || app_name_problem(name)) return "legacy";
  return name;
}

std::string unanswered_flags(const NewOptions& options) {
  std::vector<std::string> flags;
  if (options.name.empty()) flags.emplace_back("NAME");
  if (!options.was_given("--template") && options.from.empty()) flags.emplace_back("--template");
  if (!options.was_given("--database") && options.adopt.empty()) flags.emplace_back("--database or --adopt URL");
  if (!options.adopt.empty() && options.app.empty()) flags.emplace_back("--app");
  if (options.superuser.empty()) flags.emplace_back("--superuser NAME (for an admin user)");
  std::string list;
  for (std::size_t i = 0; i < flags.size(); ++i) list += (i ? ", " : "") + flags[i];
  return list;
}

void accept_defaults(NewOptions& options) {
  if (options.name.empty()) {
    options.name = "mysite";
    for (int n = 2; fs::exists(options.name); ++n) options.name = "mysite" + std::to_string(n);
  }
  if (!options.adopt.empty() && options.app.empty()) options.app = app_name_for(database_name(options.adopt));
}

}  // namespace cpprustango::cli::wizard
