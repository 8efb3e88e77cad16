// Every verb of the CLI: an options struct, setup_<verb>() registering it on
// the parser, and run_<verb>() doing the work. Verbs are registered
// explicitly in cli.cpp; each lives in commands/<verb>.cpp.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "cli.hpp"

namespace cpprustango::cli {

struct NewOptions {
  std::string name;
  std::string template_name = "default";
  std::string database = "sqlite";
  std::optional<std::filesystem::path> dir;
  std::string from;  ///< a git URL whose tree is the template
  bool no_git = false;
  bool force = false;
};
std::shared_ptr<NewOptions> setup_new(CLI::App& app, Invocation& invocation);
int run_new(const NewOptions& options, const GlobalOptions& global);

struct BuildOptions {
  bool release = false;
};
std::shared_ptr<BuildOptions> setup_build(CLI::App& app, Invocation& invocation);
int run_build(const BuildOptions& options, const GlobalOptions& global);

struct TestOptions {
  bool release = false;
  std::string filter;  ///< a ctest -R regex
};
std::shared_ptr<TestOptions> setup_test(CLI::App& app, Invocation& invocation);
int run_test(const TestOptions& options, const GlobalOptions& global);

struct RunserverOptions {
  std::string address = "127.0.0.1:8000";
  bool no_reload = false;
  bool release = false;
};
std::shared_ptr<RunserverOptions> setup_runserver(CLI::App& app, Invocation& invocation);
int run_runserver(const RunserverOptions& options, const GlobalOptions& global);

struct AboutOptions {};
std::shared_ptr<AboutOptions> setup_about(CLI::App& app, Invocation& invocation);
int run_about(const AboutOptions& options, const GlobalOptions& global);

struct CompletionOptions {
  std::string shell;
};
std::shared_ptr<CompletionOptions> setup_completion(CLI::App& app, Invocation& invocation);
/** Prints a completion script generated from `root`, the fully set-up parser. */
int run_completion(const CompletionOptions& options, const CLI::App& root);

}  // namespace cpprustango::cli
