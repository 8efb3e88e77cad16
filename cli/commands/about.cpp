// `cpprustango about`: the installation, the tools it builds with, and the
// current project's settings, for bug reports and "why doesn't it build" moments.
#include <CLI/CLI.hpp>
#include <iomanip>
#include <iostream>

#include "commands/commands.hpp"
#include "cpprustango/config/settings.hpp"
#include "cpprustango/version.hpp"
#include "scaffold/scaffold.hpp"
#include "support/errors.hpp"
#include "support/installation.hpp"
#include "support/process.hpp"
#include "support/project.hpp"

namespace cpprustango::cli {
namespace {

void row(const std::string& label, const std::string& value) {
  std::cout << "  " << std::left << std::setw(12) << label << " " << value << "\n";
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

}  // namespace

std::shared_ptr<AboutOptions> setup_about(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<AboutOptions>();
  auto* cmd = app.add_subcommand("about", "Show the installation, build tools and current project");
  cmd->callback([options, &invocation] { invocation.action = [options, &invocation] { return run_about(*options, invocation.global); }; });
  return options;
}

int run_about(const AboutOptions&, const GlobalOptions& global) {
  const auto& installation = Installation::current();
  std::cout << "cpprustango " << CPPRUSTANGO_VERSION << "\n";
  row("executable", installation.executable.string());
  row("prefix", installation.prefix.string());
  row("templates", join(scaffold::available_templates(installation.project_templates()), ", "));

  std::vector<std::string> tools;
  for (const char* tool : {"cmake", "ninja", "c++", "ccache", "mold", "git"}) {
    tools.push_back(std::string(tool) + (which(tool) ? "" : " (missing)"));
  }
  row("tools", join(tools, ", "));

  std::optional<Project> project;
  try {
    project = Project::find(global.project_dir);
  } catch (const CliError&) {
    std::cout << "\nNo project here (run inside one, or pass --project DIR).\n";
    return 0;
  }
  const auto settings = config::Settings::load(project->root);
  std::cout << "\nProject " << project->name << "\n";
  row("root", project->root.string());
  row("environment", settings.env());
  row("database", settings.string_or("database.url", "(not set)"));
  row("server", settings.string_or("server.host", "127.0.0.1") + ":" +
                    std::to_string(settings.integer_or("server.port", 8000)));
  const auto executable = project->executable(false);
  row("build", std::filesystem::exists(executable) ? executable.string() : "not built yet (cpprustango build)");
  return 0;
}

}  // namespace cpprustango::cli
