// Lookups and the naming defaults of the owning model (table, column,
// verbose and index names), shared by the formatter, SpecSet and the CLI.
#include "cpprustango/schema/model.hpp"

#include <algorithm>
#include <cctype>
#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <vector>

namespace cpprustango::schema {
namespace {

constexpr std::string_view kCppKeywords[] = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch", "char",
    "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const", "consteval", "constexpr", "constinit",
    "const_cast", "continue", "co_await", "co_return", "co_yield", "decltype", "default", "delete", "do", "double",
    "dynamic_cast", "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if",
    "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr", "operator", "or",
    "or_eq", "private", "protected", "public", "register", "reinterpret_cast", "requires", "return", "short", "signed",
    "sizeof", "static", "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local", "throw",
    "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using", "virtual", "void", "volatile",
    "wchar_t", "while", "xor", "xor_eq",
    // Not reserved, but identifiers with special meaning that would confuse generated code.
    "final", "override", "import", "module"};

// Members and functions every generated struct has (see cli/codegen/generator.cpp).
constexpr std::string_view kGeneratedMembers[] = {"objects",  "save",     "full_clean",     "remove", "refresh",
                                                  "to_row",   "from_row", "attach_related", "spec",   "resolve"};

constexpr std::string_view kStandardMacros[] = {
    "assert", "errno", "offsetof", "setjmp", "va_arg", "va_copy", "va_end", "va_start",
    // Predefined by g++ in its GNU modes (-std=gnu++20, CMake's default without CMAKE_CXX_EXTENSIONS OFF).
    "linux", "unix"};

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

std::string fit_identifier(std::string name) {
  constexpr std::size_t kLimit = 63;
  if (name.size() <= kLimit) return name;
  std::uint32_t hash = 2166136261u;  // FNV-1a: stable across runs and platforms
  for (const char c : name) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
  char suffix[10];
  std::snprintf(suffix, sizeof suffix, "_%08x", hash);
  name.resize(kLimit - 9);
  return name + suffix;
}


const Field* Model::find_field(std::string_view field_name) const {
  for (const Field& field : fields) {
    if (field.name == field_name) return &field;
  }
  return nullptr;
}
Field* Model::find_field(std::string_view field_name) {
  return const_cast<Field*>(static_cast<const Model&>(*this).find_field(field_name));
}

const Model* SchemaFile::find_model(std::string_view model_name) const {
  for (const Model& model : models) {
    if (model.name == model_name) return &model;
  }
  return nullptr;
}
Model* SchemaFile::find_model(std::string_view model_name) {
  return const_cast<Model*>(static_cast<const SchemaFile&>(*this).find_model(model_name));
}

std::string snake_case(std::string_view pascal_name) {
  std::string out;
  out.reserve(pascal_name.size() + 4);
  for (std::size_t i = 0; i < pascal_name.size(); ++i) {
    const char c = pascal_name[i];
    if (is_upper(c) && i > 0) {
      // A word starts at "aB" (BlogPost) and at the last capital of a run followed by lower case (HTTPLog).
      const bool after_lower = is_lower_or_digit(pascal_name[i - 1]);
      const bool ends_run =
          is_upper(pascal_name[i - 1]) && i + 1 < pascal_name.size() && is_lower_or_digit(pascal_name[i + 1]);
      if (after_lower || ends_run) out += '_';
    }
    out += is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

std::string table_name(std::string_view app, const Model& model) {
  if (model.table) return *model.table;
  return app.empty() ? snake_case(model.name) : std::string(app) + "_" + snake_case(model.name);
}

std::string column_name(const Field& field) {
  if (field.column) return *field.column;
  if (field.type.kind == FieldKind::Many) return {};
  return field.type.kind == FieldKind::Ref ? field.name + "_id" : field.name;
}

std::vector<const Field*> primary_key(const Model& model) {
  std::vector<const Field*> key;
  for (const Field& field : model.fields) {
    if (field.primary_key) key.push_back(&field);
  }
  if (!key.empty()) return key;
  for (const std::string& name : model.id_fields) {
    if (const Field* field = model.find_field(name)) key.push_back(field);
  }
  return key;
}

void add_implicit_primary_key(Model& model) {
  if (!model.id_fields.empty()) return;
  if (std::any_of(model.fields.begin(), model.fields.end(), [](const Field& f) { return f.primary_key; })) return;
  Field id;
  id.name = "id";
  id.type.kind = FieldKind::BigInt;
  id.primary_key = true;
  id.auto_increment = true;
  id.implicit = true;
  id.location = model.location;
  id.type_location = model.location;
  model.fields.insert(model.fields.begin(), std::move(id));
}

std::string verbose_name(const Model& model) {
  if (model.verbose_name) return *model.verbose_name;
  std::string words = snake_case(model.name);
  std::replace(words.begin(), words.end(), '_', ' ');
  return words;
}

std::string verbose_name_plural(const Model& model) {
  if (model.verbose_name_plural) return *model.verbose_name_plural;
  return verbose_name(model) + "s";
}

std::string field_label(const Field& field) {
  if (field.label) return *field.label;
  std::string words = field.name;
  std::replace(words.begin(), words.end(), '_', ' ');
  return words;
}

std::string display_pattern(const Model& model) {
  if (model.display) return *model.display;
  for (const Field& field : model.fields) {
    if (field.display) return "{" + field.name + "}";
  }
  return {};
}

std::string through_table(std::string_view app, const Model& model, const Field& field) {
  return fit_identifier(table_name(app, model) + "_" + field.name);
}

std::string reverse_accessor(const Model& model, const Field& field) {
  if (field.related_name == "+") return "";
  return field.related_name ? *field.related_name : snake_case(model.name) + "_set";
}

void name_reverse_accessors(SchemaFile& file, std::string_view only_model) {
  // The target model of a relation in this file; empty for another app's model.
  const auto target_of = [&](const Field& field) {
    const auto [app, model] = split_target(field.type.target);
    return std::string(app.empty() || app == file.app ? model : std::string_view{});
  };
  const auto named_here = [&](const Model& model, const Field& field) {
    return is_relation(field.type.kind) && (only_model.empty() || model.name == only_model) && !field.related_name &&
           !target_of(field).empty();
  };
  std::map<std::pair<std::string, std::string>, int> relations;  // (model, target) -> how many
  std::map<std::string, std::set<std::string>> taken;              // target -> its fields and the accessors kept
  for (const Model& model : file.models) {
    for (const Field& field : model.fields) {
      taken[model.name].insert(field.name);
      if (!is_relation(field.type.kind) || target_of(field).empty()) continue;
      ++relations[{model.name, target_of(field)}];
      if (!named_here(model, field)) taken[target_of(field)].insert(reverse_accessor(model, field));
    }
  }
  for (Model& model : file.models) {
    const std::string owner = snake_case(model.name);
    for (Field& field : model.fields) {
      if (!named_here(model, field)) continue;
      auto& names = taken[target_of(field)];
      std::string accessor = owner + "_set";
      if (relations[{model.name, target_of(field)}] > 1 || names.count(accessor)) {
        accessor = owner + "_" + field.name + "_set";
      }
      if (names.count(accessor)) {
        field.related_name = "+";
        continue;
      }
      names.insert(accessor);
      if (accessor != owner + "_set") field.related_name = accessor;
    }
  }
}

std::pair<std::string, std::string> through_columns(const Model& model, const Field& field) {
  const std::string owner = snake_case(model.name);
  const std::string target = snake_case(split_target(field.type.target).second);
  if (owner == target) return {"from_" + owner + "_id", "to_" + target + "_id"};
  return {owner + "_id", target + "_id"};
}

std::string index_name(std::string_view app, const Model& model, const Index& index) {
  if (index.name) return *index.name;
  std::string name = table_name(app, model);
  for (const std::string& field : index.fields) name += "_" + field;
  if (index.expression) {
    // The expression's words ("lower(email)" -> "_lower_email"); fit_identifier keeps it within bounds.
    bool word = false;
    for (const char c : *index.expression) {
      const bool letter = std::isalnum(static_cast<unsigned char>(c)) != 0;
      if (letter && !word) name += '_';
      if (letter) name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      word = letter;
    }
  }
  if (index.where) name += "_partial";
  return fit_identifier(name + (index.unique ? "_uniq" : "_idx"));
}

std::string check_name(std::string_view app, const Model& model, std::size_t check_index) {
  const Check& check = model.checks.at(check_index);
  if (check.name) return *check.name;
  return fit_identifier(table_name(app, model) + "_check_" + std::to_string(check_index + 1));
}

std::pair<std::string_view, std::string_view> split_target(std::string_view target) {
  const std::size_t dot = target.find('.');
  if (dot == std::string_view::npos) return {{}, target};
  return {target.substr(0, dot), target.substr(dot + 1)};
}

bool is_choice_value(std::string_view value) { return !value.empty() && value.find(',') == std::string_view::npos; }

std::string enumerator(std::string_view choice) {
  std::string name;
  for (char c : choice) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    name += ok ? c : '_';
  }
  if (name.empty() || (name.front() >= '0' && name.front() <= '9')) name = "v" + name;
  if (is_cpp_keyword(name)) name += '_';
  return name;
}

std::string pascal_case(std::string_view snake) {
  std::string name;
  bool upper = true;
  for (char c : snake) {
    if (c == '_') {
      upper = true;
      continue;
    }
    name += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return name;
}

std::string column_namespace(std::string_view model_name) {
  std::string name = snake_case(model_name);
  if (is_cpp_keyword(name)) name += '_';
  return name;
}

bool is_generated_member(std::string_view name) {
  return std::find(std::begin(kGeneratedMembers), std::end(kGeneratedMembers), name) != std::end(kGeneratedMembers);
}

bool is_cpp_keyword(std::string_view word) {
  // Every field name of a schema is looked up (twice by inspectdb): sort once, then search.
  static const std::vector<std::string_view> sorted = [] {
    std::vector<std::string_view> words(std::begin(kCppKeywords), std::end(kCppKeywords));
    std::sort(words.begin(), words.end());
    return words;
  }();
  return std::binary_search(sorted.begin(), sorted.end(), word);
}

bool is_standard_macro(std::string_view word) {
  return std::find(std::begin(kStandardMacros), std::end(kStandardMacros), word) != std::end(kStandardMacros);
}

}  // namespace cpprustango::schema
