// What `new` does after the files when it sets the project up (the wizard's
// "Create it?", or `new` with --adopt, --superuser or --yes): the database
// (created on request), inspectdb when adopting, makemigrations and migrate,
// the admin user, the first build with its output in a log, a git repository
// with a first commit, and the next steps. Each step is the verb's own run_*
// function; a failure or Ctrl-C removes everything made so far.
#pragma once

#include "commands/commands.hpp"

namespace cpprustango::cli::wizard {

/** Makes and sets up the project `options` describes; throws CliError (after undoing) when a step fails. */
int run_setup(const NewOptions& options, const GlobalOptions& global);

}  // namespace cpprustango::cli::wizard
