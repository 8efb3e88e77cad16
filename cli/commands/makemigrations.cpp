// `cpprustango makemigrations`: diffs the schema files against the last
// migration's snapshot and writes the next migration file.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "commands/commands.hpp"
#include "cpprustango/migrate/autodetect.hpp"
#include "support/console.hpp"
#include "support/errors.hpp"
#include "support/files.hpp"
#include "support/migrations.hpp"

namespace cpprustango::cli {
namespace {

/** "blog_post" -> "blog_post"; anything else becomes '_', runs collapsed, cut to a readable length. */
std::string name_part(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    const bool keep = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9');
    if (keep) {
      out += lower;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out.substr(0, 60);
}

/** A name that says what changed: "initial", "add_blog_post_heading", "create_blog_tag_and_more". */
std::string derived_name(const std::vector<migrate::Operation>& ops, bool first) {
  if (first) return "initial";
  if (ops.empty()) return "custom";
  std::string description = migrate::describe(ops.front());
  // "add_column blog_post.heading" -> "add_blog_post_heading"; "create_table t" -> "create_t".
  const auto space = description.find(' ');
  std::string verb = description.substr(0, description.find('_'));
  std::string what = space == std::string::npos ? "" : description.substr(space + 1);
  if (auto on = what.find(" on "); on != std::string::npos) what = what.substr(0, on);
  std::string name = name_part(verb + "_" + what);
  if (ops.size() > 1) name += "_and_more";
  return name;
}

std::string numbered(int number, const std::string& name) {
  char prefix[16];
  std::snprintf(prefix, sizeof prefix, "%04d_", number);
  return prefix + name;
}

/** "--rename blog_post=blog_article" or "--rename blog_post.title=heading", in table and column names. */
migrate::Renames parse_renames(const std::vector<std::string>& flags, const migrate::State& old_state) {
  migrate::Renames renames;
  for (const std::string& flag : flags) {
    const auto eq = flag.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == flag.size()) {
      throw UsageError("--rename takes OLD=NEW: a table (blog_post=blog_article) or a column (blog_post.title=heading)");
    }
    const std::string from = flag.substr(0, eq);
    const std::string to = flag.substr(eq + 1);
    const auto dot = from.find('.');
    if (dot == std::string::npos) {
      if (!old_state.table(from)) throw CliError("--rename " + flag + ": the last migration has no table " + from);
      renames.tables.push_back({from, to});
    } else {
      const std::string table = from.substr(0, dot);
      const std::string column = from.substr(dot + 1);
      const migrate::Table* t = old_state.table(table);
      if (!t || !t->column(column)) throw CliError("--rename " + flag + ": the last migration has no column " + from);
      std::string renamed_table = table;
      for (const auto& r : renames.tables) {
        if (r.from == table) renamed_table = r.to;
      }
      renames.columns.push_back({renamed_table, column, to});
    }
  }
  return renames;
}

/** On a terminal, each rename candidate is a question; elsewhere it becomes a hint. */
void ask_about_renames(const migrate::State& old_state, const migrate::State& wanted, migrate::Renames& renames) {
  const bool tty = ::isatty(STDIN_FILENO);
  for (const auto& candidate : migrate::rename_candidates(old_state, wanted, renames)) {
    const std::string from = candidate.is_table ? candidate.from : candidate.table + "." + candidate.from;
    const std::string to = candidate.is_table ? candidate.to : candidate.table + "." + candidate.to;
    const std::string flag = "--rename " + from + "=" + candidate.to;
    if (tty) {
      if (ask_yes_no("Was " + from + " renamed to " + to + "?")) {
        if (candidate.is_table) {
          renames.tables.push_back({candidate.from, candidate.to});
        } else {
          renames.columns.push_back({candidate.table, candidate.from, candidate.to});
        }
      }
    } else {
      console::warning(from + " is dropped and " + to + " added; if it was a rename, rerun with " + flag);
    }
  }
}

int merge_heads(const Project& project, const migrate::History& history, const MakemigrationsOptions& options) {
  const auto heads = history.heads();
  if (heads.size() < 2) {
    console::info("Nothing to merge: the migrations have " + std::string(heads.empty() ? "no" : "one") + " head.");
    return 0;
  }
  migrate::Migration merge;
  std::string joined;
  for (const auto& head : heads) joined += "_" + head.substr(0, head.find('_'));
  merge.name = numbered(history.next_number(), options.name.empty() ? "merge" + joined : name_part(options.name));
  merge.parents = heads;
  try {
    merge.snapshot = history.fold(history.order());
  } catch (const migrate::MigrationFileError& e) {
    throw CliError("the branches cannot be merged: " + std::string(e.what()));
  }
  const auto path = migrations_dir(project) / (merge.name + ".json");
  if (options.dry_run) {
    console::info("Would write migrations/" + merge.name + ".json, merging " + joined.substr(1));
    return 0;
  }
  write_atomically(path, migrate::to_json(merge));
  console::success("Created migrations/" + merge.name + ".json (merges " + std::to_string(heads.size()) + " heads)");
  return 0;
}

}  // namespace

std::shared_ptr<MakemigrationsOptions> setup_makemigrations(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<MakemigrationsOptions>();
  auto* cmd = app.add_subcommand("makemigrations", "Write the next migration from the changes in the schema files");
  cmd->add_option("--name", options->name, "Name the migration (after its number) instead of deriving one");
  cmd->add_flag("--empty", options->empty, "Write a migration with no operations, to fill with run_sql by hand");
  cmd->add_flag("--check", options->check, "Write nothing; exit 1 when the schema files changed without a migration");
  cmd->add_flag("--dry-run", options->dry_run, "Show what would be written, write nothing");
  cmd->add_flag("--merge", options->merge, "Join two heads (migrations made on two branches)");
  cmd->add_option("--rename", options->renames, "OLD=NEW: a renamed table (blog_post=blog_article) or column (blog_post.title=heading)");
  cmd->callback([options, &invocation] {
    invocation.action = [options, &invocation] { return run_makemigrations(*options, invocation.global); };
  });
  return options;
}

int run_makemigrations(const MakemigrationsOptions& options, const GlobalOptions& global) {
  const auto project = Project::find(global.project_dir);
  const auto history = load_history(project);
  if (options.merge) return merge_heads(project, history, options);

  const auto heads = history.heads();
  if (heads.size() > 1) {
    std::string names;
    for (const auto& head : heads) names += (names.empty() ? "" : ", ") + head;
    throw CliError("the migrations have " + std::to_string(heads.size()) + " heads (" + names +
                   "), made on different branches; join them first with: cpprustango makemigrations --merge");
  }
  migrate::State old_state;
  if (!heads.empty()) {
    try {
      old_state = history.read(heads.front()).snapshot;
    } catch (const migrate::MigrationFileError& e) {
      throw CliError(e.what());
    }
  }
  const migrate::State wanted = wanted_state(project);

  std::vector<migrate::Operation> ops;
  if (!options.empty) {
    migrate::Renames renames = parse_renames(options.renames, old_state);
    if (!options.check) ask_about_renames(old_state, wanted, renames);
    try {
      ops = migrate::diff(old_state, wanted, renames);
    } catch (const std::exception& e) {
      throw CliError(e.what());
    }
    if (ops.empty()) {
      console::info("No changes detected.");
      return 0;
    }
  }
  if (options.check) {
    for (const auto& op : ops) std::cerr << "  - " << migrate::describe(op) << "\n";
    throw CliError("the schema files changed without a migration (" + std::to_string(ops.size()) +
                   " operation" + (ops.size() == 1 ? "" : "s") + " above); run cpprustango makemigrations");
  }

  migrate::Migration migration;
  const std::string suffix = options.name.empty() ? derived_name(ops, history.empty()) : name_part(options.name);
  if (suffix.empty()) throw UsageError("--name needs letters or digits");
  migration.name = numbered(history.next_number(), suffix);
  if (!heads.empty()) migration.parents = heads;
  migration.operations = ops;
  migration.snapshot = options.empty ? old_state : wanted;
  const auto path = migrations_dir(project) / (migration.name + ".json");
  if (std::filesystem::exists(path)) throw CliError("migrations/" + migration.name + ".json already exists");

  if (options.dry_run) {
    console::info("Would write migrations/" + migration.name + ".json:");
  } else {
    std::filesystem::create_directories(path.parent_path());
    write_atomically(path, migrate::to_json(migration));
    console::success("Created migrations/" + migration.name + ".json" + (ops.empty() ? " (no operations: add run_sql ones)" : ":"));
  }
  for (const auto& op : ops) console::info("  - " + migrate::describe(op));
  return 0;
}

}  // namespace cpprustango::cli
