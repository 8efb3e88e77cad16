// The wizard's answers are a NewOptions, the struct `new`'s flags fill. These
// functions read it: the summary shown before confirming, and the one-line
// `cpprustango new ...` command that makes the identical project without
// questions (so the two can never drift apart, the command is made from the
// same struct the setup runs from).
#pragma once

#include <string>
#include <vector>

#include "commands/commands.hpp"

namespace cpprustango::cli::wizard {

/** `word` as a shell reads it back: as it is when it is plain, else in single quotes. */
std::string shell_quoted(const std::string& word);

/**
 * The equivalent command, shell-quoted, ending in --yes. A database password
 * is never printed: the URL reads "${PGPASSWORD}" in its place.
 *   equivalent_command(options) == "cpprustango new shop --template default --database sqlite --yes"
 */
std::string equivalent_command(const NewOptions& options);

/** The inspectdb run that adopts `url` as `options` says (app, tables, managed). */
InspectdbOptions adoption(const NewOptions& options, const std::string& url);

/** The createsuperuser run for an admin user whose password is already known. */
CreatesuperuserOptions admin_user(const std::string& username, const std::string& email, const std::string& password,
                                  const std::string& database = {});

/** `cpprustango inspectdb --database URL --app APP ...`, the password shown as ${PGPASSWORD}. */
std::string inspectdb_command(const InspectdbOptions& options);

/** What the equivalent command needs besides itself (PGPASSWORD set, the admin password on stdin), or "". */
std::string equivalent_command_note(const NewOptions& options);

/** One line per part of the plan: project, database, adoption, admin user, build, git. */
std::vector<std::string> summary(const NewOptions& options);

/** A valid app name made from a database name ("Chinook_Sqlite" -> "chinook_sqlite"); "legacy" if none can be. */
std::string app_name_for(const std::string& database_name);

/**
 * The flags that would answer the questions still open (for the one line the
 * wizard prints when it cannot ask): "NAME, --template, --database or --adopt, --superuser".
 */
std::string unanswered_flags(const NewOptions& options);

/** Fills what --yes accepts: a free default project name when none is given. */
void accept_defaults(NewOptions& options);

}  // namespace cpprustango::cli::wizard
