// `cpprustango codegen`: turns one app's schema file into its C++ header and
// the source file holding its function bodies (by default models.cpp beside
// models.hpp). Run by the project's build (cpprustango_models in CMake),
// rarely by hand. Each file is rewritten only when its text changes, so a
// schema edit that does not change the generated code does not make Ninja
// recompile every file that includes it.
#include <CLI/CLI.hpp>
#include <fstream>
#include <sstream>
#include <system_error>
#include <unistd.h>

#include "codegen/codegen.hpp"
#include "commands/commands.hpp"
#include "cpprustango/schema/parser.hpp"
#include "support/console.hpp"
#include "support/errors.hpp"

namespace cpprustango::cli {
namespace {

namespace fs = std::filesystem;

std::optional<std::string> read_if_exists(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/** Writes `text` to a temporary name beside `path`, then renames it over `path` (unless it already holds `text`). */
void replace_file(const fs::path& path, const std::string& text) {
  if (read_if_exists(path) == text) {
    console::detail(path.string() + " is up to date");
    return;
  }
  std::error_code error;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), error);
  if (error) throw CliError("cannot create " + path.parent_path().string() + ": " + error.message());
  const fs::path temporary = path.string() + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) throw CliError("cannot write " + temporary.string() + "; check the folder's permissions");
  }
  fs::rename(temporary, path, error);
  if (error) {
    fs::remove(temporary, error);
    throw CliError("cannot replace " + path.string() + ": " + error.message());
  }
  console::detail("wrote " + path.string());
}

}  // namespace

std::shared_ptr<CodegenOptions> setup_codegen(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<CodegenOptions>();
  auto* cmd = app.add_subcommand("codegen", "Generate an app's C++ model header from its schema (used by CMake)");
  cmd->add_option("--app", options->app, "The app whose models these are (prefixes table names)")->required();
  cmd->add_option("--schema", options->schema, "The app's models.schema")->required()->type_name("FILE");
  cmd->add_option("--output", options->output, "The header to write")->required()->type_name("FILE.hpp");
  cmd->add_option("--source", options->source,
                  "The source file with the function bodies (default: the header's path with .cpp)")
      ->type_name("FILE.cpp");
  cmd->add_option("--backend", options->backend, "Leave out fields declared only for the other backend")
      ->check(CLI::IsMember({"sqlite", "postgresql"}));
  cmd->callback([options, &invocation] {
    invocation.action = [options, &invocation] { return run_codegen(*options, invocation.global); };
  });
  return options;
}

int run_codegen(const CodegenOptions& options, const GlobalOptions&) {
  const auto text = read_if_exists(options.schema);
  if (!text) throw CliError("cannot read the schema file " + options.schema.string());
  schema::SchemaFile file;
  try {
    file = schema::parse(*text, options.schema.string(), options.app);
  } catch (const schema::ParseError& error) {
    throw CliError(error.what());  // already "path:line:column: what was expected"
  }
  fs::path source = options.source;
  if (source.empty()) source = fs::path(options.output).replace_extension(".cpp");
  if (source == options.output) throw CliError("--source must differ from --output (" + source.string() + ")");
  codegen::Options generate_options;
  if (options.backend == "sqlite") generate_options.backend = schema::Backend::SQLite;
  if (options.backend == "postgresql") generate_options.backend = schema::Backend::PostgreSQL;
  // The source includes the header by its path from the source's folder: "models.hpp" when they sit together.
  const fs::path source_dir = fs::absolute(source).parent_path().lexically_normal();
  const fs::path header = fs::absolute(options.output).lexically_normal();
  generate_options.header_include = header.lexically_relative(source_dir).generic_string();
  codegen::Generated code;
  try {
    code = codegen::generate(file, generate_options);
  } catch (const codegen::CodegenError& error) {
    throw CliError(error.what());
  }
  replace_file(options.output, code.header);
  replace_file(source, code.source);
  return 0;
}

}  // namespace cpprustango::cli
