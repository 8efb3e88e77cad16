// What a project template asks the make:* generators to write. A template
// carries only the files that are its own (fullstack's accounts, api's JSON
// views); everything a generator writes, it names in template.toml instead:
//
//   generate = ["make:crud blog Post --login-required"]
//   app_sources = ["src/accounts.cpp"]        # the template's own sources,
//   test_sources = ["tests/test_accounts.cpp"]  # added to the project's targets
//
// `new` runs these on the staged project before its first commit, with the
// CLI's own parser and the generators' plan_* functions, so a change to a
// generator's templates reaches new projects and the two never drift apart.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <functional>
#include <sstream>

#include "commands/commands.hpp"
#include "commands/make_support.hpp"
#include "support/errors.hpp"

namespace fs = std::filesystem;

namespace cpprustango::cli {
namespace {

using Planner = std::function<ProjectGeneration(const Project&, const fs::path&)>;

/** `setup` registers the verb on `parser`; the returned planner uses the options its parse fills. */
template <typename Options>
std::pair<CLI::App*, Planner> verb(CLI::App& parser, Invocation& invocation,
                                   std::shared_ptr<Options> (*setup)(CLI::App&, Invocation&),
                                   ProjectGeneration (*plan)(const Project&, const Options&, const fs::path&)) {
  auto options = setup(parser, invocation);
  CLI::App* command = parser.get_subcommands({}).back();
  return {command, [options, plan](const Project& project, const fs::path& library) {
            // The template's files are written whatever the line says: a dry run there would mislead.
            if (options->flags.dry_run) throw CliError("--dry-run has no place in a template's generate list");
            return plan(project, *options, library);
          }};
}

/** One `generate` line, parsed as the CLI parses it (the same flags and checks) and planned on `project`. */
ProjectGeneration plan_line(const Project& project, const std::string& line, const fs::path& library) {
  CLI::App parser;
  Invocation invocation;  // the verbs' callbacks set its action; planning here never runs it
  parser.require_subcommand(1, 1);
  const std::vector<std::pair<CLI::App*, Planner>> verbs = {
      verb(parser, invocation, setup_make_view, plan_make_view),
      verb(parser, invocation, setup_make_form, plan_make_form),
      verb(parser, invocation, setup_make_crud, plan_make_crud),
      verb(parser, invocation, setup_make_serializer, plan_make_serializer),
      verb(parser, invocation, setup_make_viewset, plan_make_viewset),
      verb(parser, invocation, setup_make_middleware, plan_make_middleware),
      verb(parser, invocation, setup_make_command, plan_make_command),
      verb(parser, invocation, setup_make_test, plan_make_test),
  };
  std::vector<std::string> words;
  std::istringstream in(line);
  for (std::string word; in >> word;) words.push_back(word);
  std::reverse(words.begin(), words.end());
  try {
    parser.parse(words);
  } catch (const CLI::ParseError& e) {
    throw CliError(e.what());
  }
  for (const auto& [command, plan] : verbs) {
    if (command->parsed()) return plan(project, library);
  }
  throw CliError("not a generator");  // require_subcommand makes parse() refuse this first
}

}  // namespace

std::vector<fs::path> run_template_generators(const fs::path& root, const TemplateGenerators& generators,
                                              const fs::path& library) {
  std::vector<fs::path> written;
  const auto keep = [&written](const ProjectGeneration& generation) {
    generation.files().commit();
    for (const auto& file : generation.files().files()) {
      if (!file.edit) written.push_back(file.relative);
    }
  };
  if (!generators.app_sources.empty() || !generators.test_sources.empty()) {
    const auto project = Project::load(root);
    ProjectGeneration sources(project, library, "", {});
    for (const auto& source : generators.app_sources) sources.add_app_source(source);
    for (const auto& source : generators.test_sources) sources.add_test_source(source);
    sources.apply_edits();
    keep(sources);
  }
  for (const auto& line : generators.generate) {
    // Loaded again for each line: a generator may rely on what the one before it wrote.
    const auto project = Project::load(root);
    try {
      auto generation = plan_line(project, line, library);
      generation.apply_edits();
      generation.files().refuse_overwrites(false);  // a template carries no copy of a generator's file
      keep(generation);
    } catch (const CliError& e) {
      throw CliError("the project template's `" + line + "`: " + e.what());
    }
  }
  return written;
}

}  // namespace cpprustango::cli
