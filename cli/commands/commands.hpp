// Every verb of the CLI: an options struct, setup_<verb>() registering it on
// the parser, and run_<verb>() doing the work. Verbs are registered
// explicitly in cli.cpp; each lives in commands/<verb>.cpp.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

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

struct MakeAppOptions {
  std::string name;
  bool force = false;
  bool dry_run = false;
};
std::shared_ptr<MakeAppOptions> setup_make_app(CLI::App& app, Invocation& invocation);
int run_make_app(const MakeAppOptions& options, const GlobalOptions& global);

struct MakeModelOptions {
  std::string app;
  std::string name;
  std::vector<std::string> fields;  ///< NAME:TYPE[?], e.g. "title:string(200)"
  bool force = false;
  bool dry_run = false;
};
std::shared_ptr<MakeModelOptions> setup_make_model(CLI::App& app, Invocation& invocation);
int run_make_model(const MakeModelOptions& options, const GlobalOptions& global);

struct CheckOptions {};
std::shared_ptr<CheckOptions> setup_check(CLI::App& app, Invocation& invocation);
int run_check(const CheckOptions& options, const GlobalOptions& global);

struct CreatesuperuserOptions {
  std::string username;
  std::string email;
  std::string database;  ///< --database URL; empty: DATABASE_URL, then config
  bool password_stdin = false;
  bool generate = false;
  bool no_input = false;
};
std::shared_ptr<CreatesuperuserOptions> setup_createsuperuser(CLI::App& app, Invocation& invocation);
int run_createsuperuser(const CreatesuperuserOptions& options, const GlobalOptions& global);

struct CompletionOptions {
  std::string shell;
};
std::shared_ptr<CompletionOptions> setup_completion(CLI::App& app, Invocation& invocation);
/** Prints a completion script generated from `root`, the fully set-up parser. */
int run_completion(const CompletionOptions& options, const CLI::App& root);

struct CodegenOptions {
  std::string app;
  std::filesystem::path schema;
  std::filesystem::path output;
  std::string backend;  ///< "", "sqlite" or "postgresql"
};
std::shared_ptr<CodegenOptions> setup_codegen(CLI::App& app, Invocation& invocation);
int run_codegen(const CodegenOptions& options, const GlobalOptions& global);

}  // namespace cpprustango::cli
