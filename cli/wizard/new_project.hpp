// The wizard outside a project: the questions that fill a NewOptions (those
// whose flag was given are skipped), the summary with the equivalent command,
// "Create it?", then the setup. The questions take a Prompter, so the whole
// flow is tested in-process with scripted answers.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "commands/commands.hpp"
#include "prompt/prompts.hpp"

namespace cpprustango::cli::wizard {

/** An installed project template and its one-line description (its template.toml). */
struct TemplateInfo {
  std::string name;
  std::string description;
};

/** The templates under `library`, each with the description its template.toml gives. */
std::vector<TemplateInfo> installed_templates(const std::filesystem::path& library);

/**
 * Asks what `options` leaves open and returns true when the user confirms
 * the summary; throws prompt::Cancelled on Ctrl-C or Ctrl-D. Checks run
 * against `cwd` (the project folder must not exist yet).
 */
bool ask_new_project(prompt::Prompter& prompter, NewOptions& options, const std::vector<TemplateInfo>& templates);

/** Asks for a database to adopt (a SQLite file or a PostgreSQL URL) until one connects: options.adopt. */
void ask_adopted_database(prompt::Prompter& prompter, NewOptions& options);

/** Asks the adoption's app name, tables and managed flag (those whose flag was not given). */
void ask_adoption(prompt::Prompter& prompter, NewOptions& options);

/** The admin user's name (default "admin"), e-mail (optional) and password (hidden, twice, strength-checked). */
std::string ask_admin_name(prompt::Prompter& prompter);
std::string ask_admin_email(prompt::Prompter& prompter);
std::string ask_admin_password(prompt::Prompter& prompter, const std::string& username);

/** The wizard for a new project, on the terminal (or straight to the setup with --yes). */
int run_new_project_wizard(const NewOptions& options, const GlobalOptions& global);

}  // namespace cpprustango::cli::wizard
