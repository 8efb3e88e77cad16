// The wizard inside a project: the next steps (an app, a model field by
// field, pages, a view, a form or an API from the generators, another
// database adopted into a new app, an admin user), each
// echoed as its one-line command and done by that verb's run_* function.
#pragma once

#include "commands/commands.hpp"
#include "prompt/prompts.hpp"
#include "support/project.hpp"

namespace cpprustango::cli::wizard {

/**
 * Asks for one step and does it, printing its command ("$ cpprustango ...")
 * first; returns false when the user chose to stop. Throws prompt::Cancelled.
 */
bool next_step(prompt::Prompter& prompter, const Project& project, const GlobalOptions& global);

/** The menu, on the terminal, until the user quits; exits 2 without a terminal. */
int run_project_wizard(const GlobalOptions& global);

/** The field types of the schema language's catalogue (PostgreSQL-only ones when `postgres`), with their arguments. */
std::vector<prompt::Choice> field_type_choices(bool postgres);

}  // namespace cpprustango::cli::wizard
