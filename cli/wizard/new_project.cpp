#include "wizard/new_project.hpp"

#include <algorithm>
#include <sstream>

#include "cpprustango/auth/passwords.hpp"
#include "cpprustango/auth/users.hpp"
#include "cpprustango/db/database.hpp"
#include "cpprustango/db/url.hpp"
#include "cpprustango/introspect/introspect.hpp"
#include "cpprustango/introspect/to_schema.hpp"
#include "scaffold/scaffold.hpp"
#include "support/errors.hpp"
#include "support/files.hpp"
#include "support/installation.hpp"
#include "support/names.hpp"
#include "support/secrets.hpp"
#include "wizard/database_probe.hpp"
#include "wizard/plan.hpp"
#include "wizard/setup.hpp"

namespace fs = std::filesystem;

namespace cpprustango::cli::wizard {
namespace {

using prompt::Choice;
using prompt::Prompter;

std::optional<std::string> folder_problem(const NewOptions& options, const std::string& name) {
  if (auto problem = project_name_problem(name)) return problem;
  const fs::path folder = options.dir.value_or(name);
  std::error_code ec;
  if (fs::exists(folder, ec) && !(fs::is_directory(folder, ec) && fs::is_empty(folder, ec)) && !options.force) {
    return "a folder " + folder.string() + " already exists here; pick another name";
  }
  return std::nullopt;
}

std::string free_default_name(const NewOptions& options) {
  std::string name = "mysite";
  for (int n = 2; folder_problem(options, name) && n < 100; ++n) name = "mysite" + std::to_string(n);
  return name;
}

bool is_postgres(const std::string& url) { return url.starts_with("postgresql://") || url.starts_with("postgres://"); }

/**
 * Connects to the URL until it works: a wrong password is asked again
 * (hidden), a missing database is offered to be created (not when adopting),
 * anything else re-asks the URL. Returns the working URL, its password in it.
 */
std::optional<std::string> connect(Prompter& prompter, std::string url, bool adopting) {
  while (true) {
    const Probe probe = probe_database(url);
    switch (probe.status) {
      case ProbeStatus::Ok:
        return url;
      case ProbeStatus::NeedsPassword:
      case ProbeStatus::BadPassword: {
        if (probe.status == ProbeStatus::BadPassword) prompter.complain(probe.message);
        const std::string user = db::parse_url(url).user;
        const std::string password = prompter.password("Password for " + (user.empty() ? "the database user" : user));
        url = with_password(url, password);
        continue;
      }
      case ProbeStatus::MissingDatabase:
        if (adopting) {
          prompter.complain("the database " + database_name(url) + " does not exist: give one that holds the tables");
          return std::nullopt;
        }
        if (prompter.confirm("The database " + database_name(url) + " does not exist. Create it?", true)) return url;
        return std::nullopt;
      default:
        prompter.complain(probe.message);
        return std::nullopt;
    }
  }
}

/** A URL the user typed, or a SQLite file path made into an absolute sqlite: URL. */
std::string as_url(const std::string& answer) {
  if (is_postgres(answer)) return answer;
  std::string path = answer.starts_with("sqlite:") ? answer.substr(answer.starts_with("sqlite:///") ? 9 : 7) : answer;
  return "sqlite:" + fs::absolute(path).lexically_normal().string();
}

std::optional<std::string> url_problem(const std::string& answer, bool adopting) {
  if (answer.empty()) return "give a URL" + std::string(adopting ? " or a SQLite file" : "");
  if (!adopting && !is_postgres(answer)) return "a PostgreSQL URL starts with postgresql://";
  try {
    db::parse_url(as_url(answer));
  } catch (const std::exception& e) {
    return std::string(e.what());
  }
  return std::nullopt;
}

}  // namespace

void ask_adopted_database(Prompter& prompter, NewOptions& options) {
  while (true) {
    const std::string answer = prompter.text("Database to adopt (SQLite file or postgresql:// URL)", "",
                                             [&](const std::string& a) { return url_problem(a, true); });
    if (auto url = connect(prompter, as_url(answer), true)) {
      options.adopt = *url;
      return;
    }
  }
}

namespace {

void ask_database(Prompter& prompter, NewOptions& options) {
  const std::vector<Choice> kinds = {
      {"sqlite", "SQLite: a file under var/, nothing to install"},
      {"postgresql", "PostgreSQL: a server, connected to now"},
      {"adopt", "An existing database to adopt: a SQLite file or a PostgreSQL URL"},
  };
  const std::size_t kind = prompter.select("Database", kinds, 0);
  if (kind == 0) {
    options.database = "sqlite";
    return;
  }
  if (kind == 2) {
    ask_adopted_database(prompter, options);
    return;
  }
  while (true) {
    const std::string answer = prompter.text("PostgreSQL URL", "postgresql://localhost/" + options.name,
                                             [&](const std::string& a) { return url_problem(a, false); });
    if (auto url = connect(prompter, as_url(answer), false)) {
      options.database = *url;
      return;
    }
  }
}

/** The tables of the database being adopted, to check --table answers against. */
introspect::Catalog read_catalog(const std::string& url, const std::vector<std::string>& schemas) {
  try {
    auto database = db::Database::open(url, {.max_connections = 1, .read_only = true});
    return introspect::inspect(database, {.schemas = schemas});
  } catch (const std::exception& e) {
    throw CliError("cannot read the tables of " + db::redact_url(url) + ": " + e.what());
  }
}

/** The PostgreSQL schemas of a database that hold tables, system ones left out; none on SQLite. */
std::vector<std::string> schemas_with_tables(const std::string& url) {
  if (!is_postgres(url)) return {};
  try {
    auto database = db::Database::open(url, {.max_connections = 1, .read_only = true});
    std::vector<std::string> schemas;
    for (const auto row : database.query(
             "SELECT DISTINCT n.nspname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = "
             "c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname <> 'information_schema' AND n.nspname "
             "NOT LIKE 'pg\\_%' ORDER BY 1")) {
      schemas.push_back(db::as_string(row.at(0)));
    }
    return schemas;
  } catch (const std::exception& e) {
    throw CliError("cannot read the schemas of " + db::redact_url(url) + ": " + e.what());
  }
}

/** Names separated by spaces, or none for `fallback`. */
std::vector<std::string> words(const std::string& answer, const std::string& fallback) {
  std::vector<std::string> out;
  if (answer == fallback) return out;
  std::istringstream in(answer);
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

}  // namespace

void ask_adoption(Prompter& prompter, NewOptions& options) {
  if (!options.was_given("--app")) {
    options.app = prompter.text("App for the adopted tables", app_name_for(database_name(options.adopt)),
                                [](const std::string& a) { return app_name_problem(a); });
  }
  if (!options.was_given("--schema")) {
    // Asked only where there is a choice: most databases keep their tables in public.
    const auto schemas = schemas_with_tables(options.adopt);
    if (schemas.size() > 1) {
      std::string listed;
      for (const auto& schema : schemas) listed += (listed.empty() ? "" : ", ") + schema;
      prompter.say("  Its tables are in the schemas " + listed + ".");
      const std::string answer =
          prompter.text("Schemas to adopt (names separated by spaces)", "public", [&](const std::string& a) {
            std::istringstream names(a);
            for (std::string name; names >> name;) {
              if (std::find(schemas.begin(), schemas.end(), name) == schemas.end())
                return std::optional<std::string>("no schema " + name + " with tables in the database");
            }
            return std::optional<std::string>();
          });
      options.schemas = words(answer, "public");
    }
  }
  if (!options.was_given("--table")) {
    const auto catalog = read_catalog(options.adopt, options.schemas);
    prompter.say("  The database has " + std::to_string(catalog.tables.size()) + " tables.");
    const std::string answer =
        prompter.text("Tables to adopt (names separated by spaces)", "all", [&](const std::string& a) {
          if (a == "all") return std::optional<std::string>();
          std::istringstream names(a);
          for (std::string name; names >> name;) {
            if (!introspect::has_table(catalog, name))
              return std::optional<std::string>("no table " + name + " in the database");
          }
          return std::optional<std::string>();
        });
    options.tables = words(answer, "all");
  }
  if (!options.was_given("--managed")) {
    options.managed = prompter.confirm("Let migrations manage (alter) these tables?", false);
  }
}

namespace {

void ask_superuser(Prompter& prompter, NewOptions& options) {
  if (!options.was_given("--superuser")) {
    if (!prompter.confirm("Create an admin user?", false)) return;
    options.superuser = ask_admin_name(prompter);
  }
  if (!options.was_given("--email")) {
    options.email = ask_admin_email(prompter);
  }
  if (options.password_stdin) return;  // read by the setup, as without the wizard
  options.superuser_password = ask_admin_password(prompter, options.superuser);
}

}  // namespace

std::string ask_admin_name(Prompter& prompter) {
  return prompter.text("Admin user name", "admin", [](const std::string& name) {
    return auth::valid_username(name)
               ? std::nullopt
               : std::optional<std::string>("use 1 to 150 letters, digits and @ . + - _ characters");
  });
}

std::string ask_admin_email(Prompter& prompter) {
  return prompter.text("Admin e-mail (optional)", "", [](const std::string& email) {
    return email.empty() || email.find('@') != std::string::npos
               ? std::nullopt
               : std::optional<std::string>("an e-mail address has an @");
  });
}

std::string ask_admin_password(Prompter& prompter, const std::string& username) {
  while (true) {
    // The same checks as createsuperuser's: not blank, and auth::password_problem's strength rules.
    const std::string password = prompter.password("Admin password", [&](const std::string& typed) {
      if (typed.empty()) return std::optional<std::string>("a blank password is not allowed");
      return auth::password_problem(typed, username);
    });
    if (prompter.password("Admin password (again)", [](const std::string&) { return std::nullopt; }) == password) {
      return password;
    }
    prompter.complain("the passwords do not match; type them again");
  }
}

std::vector<TemplateInfo> installed_templates(const fs::path& library) {
  std::vector<TemplateInfo> templates;
  for (const auto& name : scaffold::available_templates(library))
    templates.push_back({name, scaffold::description_of(library / name)});
  return templates;
}

bool ask_new_project(Prompter& prompter, NewOptions& options, const std::vector<TemplateInfo>& templates) {
  if (options.name.empty()) {
    options.name = prompter.text("Project name", free_default_name(options),
                                 [&](const std::string& name) { return folder_problem(options, name); });
  }
  if (!options.was_given("--template") && options.from.empty() && !templates.empty()) {
    std::vector<Choice> choices;
    std::size_t fallback = 0;
    for (const auto& t : templates) {
      if (t.name == "default") fallback = choices.size();
      choices.push_back({t.name, t.description});
    }
    options.template_name = templates[prompter.select("Template", choices, fallback)].name;
  }
  if (!options.was_given("--database") && options.adopt.empty()) ask_database(prompter, options);
  if (!options.adopt.empty()) ask_adoption(prompter, options);
  ask_superuser(prompter, options);

  prompter.say("");
  prompter.say("This will create:");
  for (const auto& line : summary(options)) prompter.say("  " + line);
  prompter.say("");
  prompter.say("Same thing without the wizard:");
  prompter.say("  " + equivalent_command(options));
  if (auto note = equivalent_command_note(options); !note.empty()) prompter.say("  " + note);
  prompter.say("");
  return prompter.confirm("Create it?", true);
}

int run_new_project_wizard(const NewOptions& given, const GlobalOptions& global) {
  NewOptions options = given;
  options.interactive = false;
  if (options.yes) return run_setup(options, global);
  if (!prompt::stdin_is_terminal()) {
    throw UsageError("the wizard needs a terminal to ask its questions; answer them with " + unanswered_flags(options) +
                     " and --yes (the default for anything not given)");
  }
  const auto templates = installed_templates(Installation::current().project_templates());
  {
    prompt::TerminalInput input;
    prompt::TerminalOutput output;
    Prompter prompter(input, output);
    try {
      if (!ask_new_project(prompter, options, templates)) {
        prompter.say("Nothing was created.");
        return 0;
      }
    } catch (const prompt::Cancelled&) {
      prompter.say("Cancelled: nothing was created.");
      return 130;
    }
  }
  options.yes = true;  // the user confirmed: a missing database is created, as --yes does
  return run_setup(options, global);
}

}  // namespace cpprustango::cli::wizard
