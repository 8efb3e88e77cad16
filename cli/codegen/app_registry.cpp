// The part of a generated header that lists the app's models as one
// schema::AppSpec, so a project hands every installed app to serve() (and so
// to the admin) without a registry of names. Kept apart from generator.cpp,
// which it is appended to, because it depends only on the model names.
#include "codegen/codegen.hpp"

namespace cpprustango::cli::codegen {

std::string app_registry(const schema::SchemaFile& file) {
  std::string out = "/** Every model of the app, in schema order: what the admin serves. */\n";
  out += "inline constexpr const cpprustango::schema::ModelSpec* all[] = {";
  for (std::size_t i = 0; i < file.models.size(); ++i) out += (i == 0 ? "&" : ", &") + file.models[i].name;
  if (file.models.empty()) out += "nullptr";  // a C++ array cannot be empty; see the span below
  out += "};\n";
  out += "/** The app as installed_apps lists it (cpprustango_apps() in CMake writes that list). */\n";
  out += "inline constexpr cpprustango::schema::AppSpec app{.name = " + cpp_string(file.app) +
         ", .models = std::span<const cpprustango::schema::ModelSpec* const>(all, " +
         std::to_string(file.models.size()) + "), .resolve = &resolve};\n\n";
  return out;
}

}  // namespace cpprustango::cli::codegen
