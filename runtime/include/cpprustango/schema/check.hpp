// Backend-aware checks over parsed schema files: what `cpprustango check` and
// `makemigrations` report before touching a database. parse() already rejects
// everything that is wrong on every backend; these are the remaining rules
// (PostgreSQL-only types on SQLite, name clashes, cross-app references).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cpprustango/schema/model.hpp"

namespace cpprustango::schema {

enum class Severity { Error, Warning };

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string code;  ///< stable, e.g. "schema.E001"; documented in docs/schema.md
  std::string path;
  Location location;
  std::string message;

  /** "apps/blog/models.schema:4:6: error: ... [schema.E001]" */
  std::string to_string() const;
};

/**
 * Checks one file for `backend`. References to other apps (ref(shop.Product)) are not
 * verified here; use the overload over all of a project's files for that.
 *   for (const auto& d : schema::check(file, schema::Backend::SQLite)) std::cerr << d.to_string() << '\n';
 */
std::vector<Diagnostic> check(const SchemaFile& file, Backend backend);

/** Checks every file, plus the references between apps and clashes across them. */
std::vector<Diagnostic> check(std::span<const SchemaFile> files, Backend backend);

/**
 * Only the rules without which codegen cannot write C++ for `file` (schema.E003,
 * E010-E013 and E016: reverse accessors, names of generated members, namespaces,
 * enums and enumerators, key types through chains of refs),
 * over every field, or over the fields `backend` has. codegen refuses a file that
 * breaks one; make:model and inspectdb run them before writing one. check() runs them too.
 *   if (schema::has_errors(schema::check_codegen(file))) ...;
 */
std::vector<Diagnostic> check_codegen(const SchemaFile& file, std::optional<Backend> backend = std::nullopt);

/** True when any diagnostic is an error. */
bool has_errors(const std::vector<Diagnostic>& diagnostics);

}  // namespace cpprustango::schema
