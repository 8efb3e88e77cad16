// Turns one app's schema into its C++ header and its source file. The header
// holds what every file that uses the models must see, top to bottom in the
// order each part needs:
//   1. forward declarations of every model struct (refs may point forward);
//   2. namespace specs: constexpr FieldSpec/ModelSpec metadata, resolve()'s declaration;
//   3. the structs: members, choice enums, Related<> slots, method declarations;
//   4. choice enum <-> text function declarations;
//   5. one namespace of typed columns per model (blog::post::title), declared.
// The source file (models.cpp, compiled once into the app's target) holds the
// column definitions and every function body: resolve(), the choice functions
// and the methods (objects, save, from_row, ...). Keeping them out of the
// header is what keeps a file that includes it fast to compile: the bodies
// instantiate the conversion templates once per field, and each column its
// Column<Model, T> class; together most of the generated cost.
#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "codegen/codegen.hpp"
#include "codegen/write_path.hpp"
#include "cpprustango/schema/check.hpp"
#include "cpprustango/schema/spec.hpp"

namespace cpprustango::cli::codegen {

using schema::DefaultKind;
using schema::FieldKind;
using schema::FieldSpec;
using schema::ModelSpec;

namespace {

constexpr std::string_view kOrm = "cpprustango::orm::";

struct FieldInfo {
  const schema::Field* field = nullptr;
  const FieldSpec* spec = nullptr;
  std::size_t index = 0;       ///< in ModelSpec::fields
  bool member = false;         ///< has a data member (not many(), not the other backend's)
  std::string enum_name;       ///< choice/multichoice: the nested enum
  std::string type;            ///< member type as written inside the struct
  std::string outer_type;      ///< the same type as written outside it (Post::Status)
  std::string target;          ///< same-app ref: the target struct ("Author"), else empty
};

struct ModelInfo;

/**
 * A relation an object reaches without a column of its own: the reverse side
 * of a same-app ref (Author.posts) or a many() field (Post.tags). Each gets a
 * Prefetched<> slot, a handle in the column namespace and an accessor function.
 */
struct Relation {
  std::string name;                  ///< posts, tags
  const ModelInfo* other = nullptr;  ///< the related model: the ref's owner, or the many() target
  const FieldInfo* field = nullptr;  ///< the ref field on `other`, or the many() field on this model
  bool many = false;
};

struct ModelInfo {
  const schema::Model* model = nullptr;
  const ModelSpec* spec = nullptr;
  std::string name;       ///< Post
  std::string ns;         ///< post: the column namespace
  bool auto_key = false;  ///< one @id @auto field: saved rows are told apart by a non-zero key
  std::vector<FieldInfo> fields;
  std::vector<Relation> relations;  ///< reverse refs and many() fields: a Prefetched<> slot each
};

std::string number(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string text(buffer, result.ptr);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

std::string join(const std::vector<std::string>& items, std::string_view glue) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : std::string(glue)) + item;
  return out;
}

class Generator {
 public:
  Generator(const schema::SchemaFile& file, const Options& options)
      : file_(file), options_(options), specs_(file) {}

  Generated run() {
    prepare();
    banner();
    forward_declarations();
    metadata();
    for (const auto& model : models_) structure(model);
    for (const auto& model : models_) enum_functions(model);
    source_banner();
    for (const auto& model : models_) columns(model);
    out_ += "}  // namespace " + file_.app + "\n";

    resolve_body();
    for (const auto& model : models_) enum_bodies(model);
    for (const auto& model : models_) bodies(model);
    src_ += "}  // namespace " + file_.app + "\n";
    return {std::move(out_), std::move(src_)};
  }

 private:
  std::string where(int line) const { return "// " + file_.path + ":" + std::to_string(line); }

  void prepare() {
    // The names the generated C++ needs are checked where make:model and inspectdb check them before writing.
    for (const auto& diagnostic : schema::check_codegen(file_, options_.backend)) {
      if (diagnostic.severity == schema::Severity::Error) throw CodegenError(diagnostic.to_string());
    }
    for (const auto& model : file_.models) {
      ModelInfo info;
      info.model = &model;
      info.spec = specs_.find(file_.app, model.name);
      info.name = model.name;
      info.ns = schema::column_namespace(model.name);
      const auto key = info.spec->primary_key;
      info.auto_key = key.size() == 1 && info.spec->field(key[0])->auto_increment;
      models_.push_back(std::move(info));
    }
    for (auto& info : models_) {
      for (const auto& field : info.model->fields) info.fields.push_back(describe(info, field));
    }
    for (const auto& info : models_) {
      for (const auto& f : info.fields) {
        uses_json_ |= f.spec->kind == FieldKind::Json || (f.spec->kind == FieldKind::Array && f.spec->element == FieldKind::Json);
      }
    }
    for (auto& info : models_) add_relations(info);
  }

  /** Adds the relations `owner`'s ref and many() fields give: the many() field to `owner`, a ref's reverse to its target. */
  void add_relations(ModelInfo& owner) {
    for (const auto& f : owner.fields) {
      const FieldKind kind = f.field->type.kind;
      if ((kind != FieldKind::Ref && kind != FieldKind::Many) || hidden(*f.field)) continue;
      ModelInfo* target = same_app_target(*f.spec);
      // Other apps' models and composite keys at the key's end get no typed relation (the dynamic layer has them).
      if (target == nullptr || target->spec->primary_key.size() != 1) continue;
      if (kind == FieldKind::Many) {
        if (owner.spec->primary_key.size() == 1) owner.relations.push_back({f.field->name, target, &f, true});
        continue;
      }
      Relation reverse{schema::reverse_accessor(*owner.model, *f.field), &owner, &f, false};
      if (!reverse.name.empty()) target->relations.push_back(std::move(reverse));
    }
  }

  /** A field declared for the other backend: no member, no relation. */
  bool hidden(const schema::Field& field) const {
    return options_.backend && field.backend && *field.backend != *options_.backend;
  }

  const ModelInfo* same_app_target(const FieldSpec& spec) const {
    if (spec.ref_app != file_.app) return nullptr;
    for (const auto& info : models_) {
      if (info.name == spec.ref_model) return &info;
    }
    return nullptr;
  }
  ModelInfo* same_app_target(const FieldSpec& spec) {
    return const_cast<ModelInfo*>(std::as_const(*this).same_app_target(spec));
  }

  /** The C++ type of one value of `spec` (before nullability); `self` qualifies this model's own enums. */
  std::string scalar_type(const FieldSpec& spec, const std::string& self, int depth = 0) const {
    switch (spec.kind) {
      case FieldKind::Bool: return "bool";
      case FieldKind::SmallInt: return "std::int16_t";
      case FieldKind::Int: return "std::int32_t";
      case FieldKind::BigInt: return "std::int64_t";
      case FieldKind::Real: return "float";
      case FieldKind::Double: return "double";
      case FieldKind::Decimal: return "cpprustango::Decimal";
      case FieldKind::String: case FieldKind::Text: case FieldKind::Email: case FieldKind::Url: case FieldKind::Slug:
        return "std::string";
      case FieldKind::Date: return "cpprustango::Date";
      case FieldKind::Time: return "cpprustango::TimeOfDay";
      case FieldKind::DateTime: return "cpprustango::DateTime";
      case FieldKind::Timestamp: return "cpprustango::LocalDateTime";
      case FieldKind::Uuid: return "cpprustango::Uuid";
      case FieldKind::Json: return "nlohmann::json";
      case FieldKind::Bytes: return "cpprustango::db::Bytes";
      case FieldKind::Choice: return self + pascal_case(spec.name);
      case FieldKind::MultiChoice: return "std::vector<" + self + pascal_case(spec.name) + ">";
      case FieldKind::Ref: {
        // The target's key type; other apps' models are assumed to have the default bigint key.
        const ModelInfo* target = same_app_target(spec);
        if (target == nullptr || target->spec->primary_key.size() != 1 || depth > 8) return "std::int64_t";
        const FieldSpec& key = *target->spec->field(target->spec->primary_key[0]);
        return scalar_type(key, "::" + file_.app + "::" + target->name + "::", depth + 1);
      }
      case FieldKind::Many: return "";
      case FieldKind::Array: {
        FieldSpec element{};
        element.kind = spec.element;
        return "std::vector<" + scalar_type(element, self, depth + 1) + ">";
      }
      default: return "std::string";  // the other PostgreSQL-only kinds travel as their text form
    }
  }

  FieldInfo describe(const ModelInfo& model, const schema::Field& field) {
    FieldInfo info;
    info.field = &field;
    info.spec = model.spec->field(field.name);
    info.index = static_cast<std::size_t>(info.spec - model.spec->fields.data());
    info.member = field.type.kind != FieldKind::Many && !hidden(field);
    if (schema::is_choice(field.type.kind)) info.enum_name = pascal_case(field.name);
    const std::string inner = scalar_type(*info.spec, "");
    const std::string outer = scalar_type(*info.spec, model.name + "::");
    info.type = field.nullable ? "std::optional<" + inner + ">" : inner;
    info.outer_type = field.nullable ? "std::optional<" + outer + ">" : outer;
    if (field.type.kind == FieldKind::Ref) {
      if (const ModelInfo* target = same_app_target(*info.spec)) info.target = target->name;
    }
    return info;
  }

  /** The initializer for a member with @default, or empty; `scalar` is the type without optional. */
  std::string default_expression(const FieldInfo& f) const {
    const FieldSpec& s = *f.spec;
    const std::string text(s.default_value);
    const FieldKind kind = s.kind;
    switch (s.default_kind) {
      case DefaultKind::None: case DefaultKind::Null: case DefaultKind::Sql: return "";
      case DefaultKind::Bool: return text;
      case DefaultKind::Number:
        if (kind == FieldKind::Decimal) return "cpprustango::Decimal(" + cpp_string(text) + ")";
        if (kind == FieldKind::Real) return "static_cast<float>(" + text + ")";
        if (schema::is_numeric(kind) || kind == FieldKind::Ref) return text;
        return "";
      case DefaultKind::String:
        switch (kind) {
          case FieldKind::Date: return std::string(kOrm) + "parse_date(" + cpp_string(text) + ")";
          case FieldKind::Time: return std::string(kOrm) + "parse_time(" + cpp_string(text) + ")";
          case FieldKind::DateTime: return std::string(kOrm) + "parse_datetime(" + cpp_string(text) + ")";
          case FieldKind::Timestamp: return std::string(kOrm) + "parse_local_datetime(" + cpp_string(text) + ")";
          case FieldKind::Uuid: return "cpprustango::Uuid::parse(" + cpp_string(text) + ")";
          case FieldKind::Decimal: return "cpprustango::Decimal(" + cpp_string(text) + ")";
          case FieldKind::Json: return "nlohmann::json::parse(" + cpp_string(text) + ")";
          case FieldKind::Bytes: return "cpprustango::db::to_bytes(" + cpp_string(text) + ")";
          default: return f.type.find("std::string") != std::string::npos ? "std::string(" + cpp_string(text) + ")" : "";
        }
      case DefaultKind::Choice: return f.enum_name + "::" + enumerator(text);
      case DefaultKind::ChoiceList: {
        std::vector<std::string> items;
        std::string_view rest = text;
        while (!rest.empty()) {
          const auto comma = rest.find(',');
          items.push_back(f.enum_name + "::" + enumerator(rest.substr(0, comma)));
          if (comma == std::string_view::npos) break;
          rest.remove_prefix(comma + 1);
        }
        return "std::vector<" + f.enum_name + ">{" + join(items, ", ") + "}";
      }
      case DefaultKind::Now:
        if (kind == FieldKind::Date) return std::string(kOrm) + "today_utc()";
        if (kind == FieldKind::DateTime) return std::string(kOrm) + "now_utc()";
        if (kind == FieldKind::Time) return std::string(kOrm) + "time_now_utc()";
        if (kind == FieldKind::Timestamp) return std::string(kOrm) + "local_now_utc()";
        if (kind == FieldKind::TimeTz) return std::string(kOrm) + "timetz_now_utc()";
        return "";
      case DefaultKind::Uuid: return kind == FieldKind::Uuid ? "cpprustango::Uuid::random()" : "";
    }
    return "";
  }

  void banner() {
    out_ += "// DO NOT EDIT: generated by cpprustango codegen from " + file_.path + "\n";
    out_ += "// Change the schema file instead; the build regenerates this header (cpprustango_models in CMake).\n";
    out_ += "// Comments like `// " + file_.path + ":12` name the schema line each declaration comes from.\n";
    out_ += "#pragma once\n\n";
    for (const char* header : {"cstdint", "optional", "string", "string_view", "vector"}) {
      out_ += "#include <" + std::string(header) + ">\n";
    }
    out_ += "\n#include <cpprustango/orm/generated.hpp>\n#include <cpprustango/schema/app_spec.hpp>\n";
    if (uses_json_) out_ += "#include <cpprustango/orm/json.hpp>\n";
    out_ += "\nnamespace " + file_.app + " {\n\n";
  }

  void forward_declarations() {
    for (const auto& model : models_) out_ += "struct " + model.name + ";\n";
    out_ += "\n";
  }

  // ---- 2. metadata ---------------------------------------------------------

  std::string names_array(const std::string& name, std::span<const std::string_view> items) {
    if (items.empty()) return "";
    std::vector<std::string> quoted;
    for (auto item : items) quoted.push_back(cpp_string(item));
    out_ += "inline constexpr std::string_view " + name + "[] = {" + join(quoted, ", ") + "};\n";
    return name;
  }

  std::string orders_array(const std::string& name, std::span<const schema::OrderSpec> orders) {
    if (orders.empty()) return "";
    std::vector<std::string> items;
    for (const auto& order : orders) {
      items.push_back("{.field = " + cpp_string(order.field) + (order.descending ? ", .descending = true}" : "}"));
    }
    out_ += "inline constexpr cpprustango::schema::OrderSpec " + name + "[] = {" + join(items, ", ") + "};\n";
    return name;
  }

  std::string indexes_array(const std::string& name, std::span<const schema::IndexSpec> indexes) {
    if (indexes.empty()) return "";
    std::vector<std::string> items;
    for (std::size_t i = 0; i < indexes.size(); ++i) {
      const schema::IndexSpec& index = indexes[i];
      std::string item = "{.name = " + cpp_string(index.name);
      if (!index.fields.empty()) item += ", .fields = " + names_array(name + "_" + std::to_string(i), index.fields);
      if (index.unique) item += ", .unique = true";
      if (!index.expression.empty()) item += ", .expression = " + cpp_string(index.expression);
      if (!index.where.empty()) item += ", .where = " + cpp_string(index.where);
      if (!index.method.empty()) item += ", .method = " + cpp_string(index.method);
      items.push_back(item + "}");
    }
    out_ += "inline constexpr cpprustango::schema::IndexSpec " + name + "[] = {" + join(items, ", ") + "};\n";
    return name;
  }

  static std::string action(schema::ReferentialAction a) {
    static constexpr const char* kNames[] = {"Cascade", "Restrict", "SetNull", "SetDefault", "NoAction"};
    return "cpprustango::schema::ReferentialAction::" + std::string(kNames[static_cast<int>(a)]);
  }

  /** One FieldSpec initializer: only members that differ from their defaults, in declaration order. */
  std::string field_spec(const ModelInfo& model, const FieldInfo& f) {
    const FieldSpec& s = *f.spec;
    const FieldSpec d{};
    std::vector<std::string> m;
    auto text = [&](const char* name, std::string_view value) {
      if (!value.empty()) m.push_back(std::string(".") + name + " = " + cpp_string(value));
    };
    auto flag = [&](const char* name, bool value, bool fallback) {
      if (value != fallback) m.push_back(std::string(".") + name + " = " + (value ? "true" : "false"));
    };
    auto integer = [&](const char* name, int value) {
      if (value != 0) m.push_back(std::string(".") + name + " = " + std::to_string(value));
    };
    static constexpr std::string_view kKind = "cpprustango::schema::FieldKind::";
    auto kind_name = [&](FieldKind k) {
      static constexpr const char* kNames[] = {
          "Bool", "SmallInt", "Int", "BigInt", "Real", "Double", "Decimal", "String", "Text", "Date", "Time",
          "DateTime", "Timestamp", "Uuid", "Json", "Bytes", "Email", "Url", "Slug", "Choice", "MultiChoice", "Ref",
          "Many", "Inet", "Cidr", "MacAddr", "Xml", "LTree", "Bit", "TsVector", "Array", "Interval", "TimeTz"};
      static_assert(std::size(kNames) == schema::detail::kKindNames.size(), "one C++ name per field kind");
      return std::string(kKind) + kNames[static_cast<int>(k)];
    };
    text("name", s.name);
    text("column", s.column);
    m.push_back(".kind = " + kind_name(s.kind));
    if (s.kind == FieldKind::Array) m.push_back(".element = " + kind_name(s.element));
    flag("nullable", s.nullable, d.nullable);
    flag("primary_key", s.primary_key, d.primary_key);
    flag("auto_increment", s.auto_increment, d.auto_increment);
    flag("unique", s.unique, d.unique);
    flag("indexed", s.indexed, d.indexed);
    integer("max_length", s.max_length);
    integer("precision", s.precision);
    integer("scale", s.scale);
    integer("bit_length", s.bit_length);
    if (!s.choices.empty()) {
      m.push_back(".choices = " + names_array(model.name + "_" + std::string(s.name) + "_choices", s.choices));
    }
    text("enum_type", s.enum_type);
    text("collation", s.collation);
    text("ref_app", s.ref_app);
    text("ref_model", s.ref_model);
    text("through", s.through);
    text("through_source", s.through_source);
    text("through_target", s.through_target);
    text("related_name", s.related_name);
    if (s.on_delete != d.on_delete) m.push_back(".on_delete = " + action(s.on_delete));
    if (s.on_update != d.on_update) m.push_back(".on_update = " + action(s.on_update));
    flag("db_constraint", s.db_constraint, d.db_constraint);
    if (s.default_kind != DefaultKind::None) {
      static constexpr const char* kDefaults[] = {"None", "Number", "String", "Bool", "Choice",
                                                  "ChoiceList", "Null", "Now", "Uuid", "Sql"};
      m.push_back(".default_kind = cpprustango::schema::DefaultKind::" +
                  std::string(kDefaults[static_cast<int>(s.default_kind)]));
    }
    text("default_value", s.default_value);
    if (s.min) m.push_back(".min = " + number(*s.min));
    if (s.max) m.push_back(".max = " + number(*s.max));
    flag("auto_now_add", s.auto_now_add, d.auto_now_add);
    flag("auto_now", s.auto_now, d.auto_now);
    text("slug_from", s.slug_from);
    if (s.backend) {
      m.push_back(std::string(".backend = cpprustango::schema::Backend::") +
                  (*s.backend == schema::Backend::SQLite ? "SQLite" : "PostgreSQL"));
    }
    flag("display", s.display, d.display);
    text("label", s.label);
    if (s.widget != schema::Widget::Default) {
      static constexpr const char* kWidgets[] = {"Default", "Markdown", "Rte", "Code", "Textarea"};
      m.push_back(".widget = cpprustango::schema::Widget::" + std::string(kWidgets[static_cast<int>(s.widget)]));
    }
    text("help", s.help);
    text("example", s.example);
    flag("noform", s.noform, d.noform);
    flag("noedit", s.noedit, d.noedit);
    text("comment", s.comment);
    integer("line", s.line);
    return "    {" + join(m, ", ") + "},  " + where(f.field->location.line) + "\n";
  }

  void model_spec(const ModelInfo& model) {
    const ModelSpec& s = *model.spec;
    const std::string& n = model.name;
    std::string fields;
    for (const auto& f : model.fields) fields += field_spec(model, f);
    out_ += "inline constexpr cpprustango::schema::FieldSpec " + n + "_fields[] = {\n" + fields + "};\n";
    const std::string key = names_array(n + "_pk", s.primary_key);
    const std::string ordering = orders_array(n + "_ordering", s.ordering);
    const std::string indexes = indexes_array(n + "_indexes", s.indexes);
    const std::string uniques = indexes_array(n + "_uniques", s.uniques);
    std::string checks;
    if (!s.checks.empty()) {
      std::vector<std::string> items;
      for (const auto& check : s.checks) {
        items.push_back("{.name = " + cpp_string(check.name) + ", .expression = " + cpp_string(check.expression) + "}");
      }
      checks = n + "_checks";
      out_ += "inline constexpr cpprustango::schema::CheckSpec " + checks + "[] = {" + join(items, ", ") + "};\n";
    }
    // Admin options.
    const schema::AdminSpec& a = s.admin;
    std::vector<std::string> admin;
    auto admin_names = [&](const char* name, std::span<const std::string_view> items) {
      const std::string array = names_array(n + "_admin_" + name, items);
      if (!array.empty()) admin.push_back(std::string(".") + name + " = " + array);
    };
    admin_names("list_display", a.list_display);
    admin_names("search_fields", a.search_fields);
    admin_names("list_filter", a.list_filter);
    const std::string admin_order = orders_array(n + "_admin_ordering", a.ordering);
    if (!admin_order.empty()) admin.push_back(".ordering = " + admin_order);
    if (a.list_per_page != schema::AdminSpec{}.list_per_page) admin.push_back(".list_per_page = " + std::to_string(a.list_per_page));
    admin_names("readonly_fields", a.readonly_fields);
    if (!a.fieldsets.empty()) {
      std::vector<std::string> items;
      for (std::size_t i = 0; i < a.fieldsets.size(); ++i) {
        const std::string fs = names_array(n + "_admin_fieldset_" + std::to_string(i), a.fieldsets[i].fields);
        items.push_back("{.title = " + cpp_string(a.fieldsets[i].title) + (fs.empty() ? "" : ", .fields = " + fs) + "}");
      }
      out_ += "inline constexpr cpprustango::schema::FieldsetSpec " + n + "_admin_fieldsets[] = {" + join(items, ", ") + "};\n";
      admin.push_back(".fieldsets = " + n + "_admin_fieldsets");
    }
    admin_names("actions", a.actions);

    std::vector<std::string> m;
    m.push_back(".app = " + cpp_string(s.app));
    m.push_back(".name = " + cpp_string(s.name));
    m.push_back(".table = " + cpp_string(s.table));
    m.push_back(".verbose_name = " + cpp_string(s.verbose_name));
    m.push_back(".verbose_name_plural = " + cpp_string(s.verbose_name_plural));
    if (!s.display.empty()) m.push_back(".display = " + cpp_string(s.display));
    m.push_back(".fields = " + n + "_fields");
    if (!key.empty()) m.push_back(".primary_key = " + key);
    if (!ordering.empty()) m.push_back(".ordering = " + ordering);
    if (!indexes.empty()) m.push_back(".indexes = " + indexes);
    if (!uniques.empty()) m.push_back(".uniques = " + uniques);
    if (!checks.empty()) m.push_back(".checks = " + checks);
    if (!s.managed) m.push_back(".managed = false");
    if (!s.comment.empty()) m.push_back(".comment = " + cpp_string(s.comment));
    if (!admin.empty()) m.push_back(".admin = {" + join(admin, ", ") + "}");
    out_ += "inline constexpr cpprustango::schema::ModelSpec " + n + "{" + join(m, ",\n    ") + "};\n\n";
  }

  void metadata() {
    out_ += "// What the ORM, the admin and migrations know about each model.\nnamespace specs {\n\n";
    for (const auto& model : models_) model_spec(model);
    out_ += "/** The model a ref field points at, for joins (select_related, filters across refs). */\n";
    out_ += "const cpprustango::schema::ModelSpec* resolve(const cpprustango::schema::FieldSpec& field_);\n\n";
    out_ += app_registry(file_);
    out_ += "}  // namespace specs\n\n";
  }

  // ---- 3. structs ----------------------------------------------------------

  void structure(const ModelInfo& model) {
    out_ += "/** " + model.name + ": table " + std::string(model.spec->table) + " */  " +
            where(model.model->location.line) + "\n";
    out_ += "struct " + model.name + " {\n";
    for (const auto& f : model.fields) {
      if (f.enum_name.empty()) continue;
      std::vector<std::string> items;
      for (const auto& choice : f.field->type.choices) items.push_back(enumerator(choice));
      out_ += "  enum class " + f.enum_name + " { " + join(items, ", ") + " };\n";
    }
    for (const auto& f : model.fields) {
      if (!f.member) continue;
      const std::string initial = default_expression(f);
      out_ += "  " + f.type + " " + f.field->name + (initial.empty() ? "{}" : " = " + initial) + ";  " +
              where(f.field->location.line) + "\n";
    }
    bool related = false;
    for (const auto& f : model.fields) {
      if (!f.member || f.target.empty()) continue;
      if (!related) out_ += "\n  // Filled by select_related(" + model.ns + "::<field>); empty otherwise.\n";
      related = true;
      out_ += "  " + std::string(kOrm) + "Related<::" + file_.app + "::" + f.target + "> " + f.field->name + "_;\n";
    }
    relation_slots(model);
    if (!model.auto_key) out_ += "\n  /** Read from or written to the database: save() updates instead of inserting. */\n  bool persisted_ = false;\n";
    out_ += "\n  /** Every row: " + model.name + "::objects().filter(...).fetch(db). */\n";
    out_ += "  static " + std::string(kOrm) + "QuerySet<" + model.name + "> objects();\n";
    out_ += "  /** Fills automatic values and validates (ValidationError), then ";
    out_ += model.auto_key ? "INSERTs when the key is 0 (and sets it), else UPDATEs. */\n"
                           : "INSERTs unless persisted_, else UPDATEs. */\n";
    out_ += "  void save(" + std::string(kOrm) + "Executor db_);\n";
    out_ += "  /** The checks save() makes, without writing: throws " + std::string(kOrm) +
            "ValidationError listing every bad field. */\n  void full_clean() const;\n";
    out_ += "  /** DELETE this row. */\n  void remove(" + std::string(kOrm) + "Executor db_);\n";
    out_ += "  /** Reloads every field; throws DoesNotExist when the row is gone. */\n  void refresh(" +
            std::string(kOrm) + "Executor db_);\n\n";
    out_ += "  // Glue for the ORM.\n";
    out_ += "  static constexpr const cpprustango::schema::ModelSpec& spec() { return ::" + file_.app + "::specs::" +
            model.name + "; }\n";
    out_ += "  static const cpprustango::schema::ModelSpec* resolve(const cpprustango::schema::FieldSpec& field_);\n";
    out_ += "  static " + model.name + " from_row(const " + std::string(kOrm) + "RowView& row_);\n";
    out_ += "  std::vector<cpprustango::db::Value> to_row() const;\n";
    out_ += "  void attach_related(std::string_view path_, const " + std::string(kOrm) + "RowView& row_);\n";
    out_ += "  /** Fills @auto_now, @auto_now_add and @slug_from fields before a write. */\n";
    out_ += "  void prepare_save_(bool insert_);\n";
    relation_declarations(model);
    out_ += "};\n\n";
  }

  void enum_functions(const ModelInfo& model) {
    for (const auto& f : model.fields) {
      if (f.enum_name.empty()) continue;
      const std::string type = model.name + "::" + f.enum_name;
      const auto& choices = f.field->type.choices;
      out_ += "/** The stored name of a choice: to_string(" + type + "::" + enumerator(choices.front()) + ") == " +
              cpp_string(choices.front()) + ". */\n";
      out_ += "std::string_view to_string(" + type + " value_);\n";
      out_ += "/** The choice a stored name spells; false for a name outside the list. */\n";
      out_ += "bool from_string(std::string_view text_, " + type + "& out_);\n\n";
    }
  }

  void enum_bodies(const ModelInfo& model) {
    for (const auto& f : model.fields) {
      if (f.enum_name.empty()) continue;
      const std::string type = model.name + "::" + f.enum_name;
      const auto& choices = f.field->type.choices;
      src_ += "std::string_view to_string(" + type + " value_) {\n  switch (value_) {\n";
      for (const auto& choice : choices) {
        src_ += "    case " + type + "::" + enumerator(choice) + ": return " + cpp_string(choice) + ";\n";
      }
      src_ += "  }\n  return {};\n}\n\n";
      src_ += "bool from_string(std::string_view text_, " + type + "& out_) {\n";
      for (const auto& choice : choices) {
        src_ += "  if (text_ == " + cpp_string(choice) + ") { out_ = " + type + "::" + enumerator(choice) +
                "; return true; }\n";
      }
      src_ += "  return false;\n}\n\n";
    }
  }

  // ---- 5. columns ----------------------------------------------------------

  /**
   * The column namespace: declared in the header (`extern const`), defined
   * `constexpr` in the source file. A declaration does not instantiate its
   * Column<Model, T> class, so a file that includes the header pays only for
   * the columns it uses; hundreds of them made up a good part of its cost.
   * The definitions are constant-initialised: safe to use in static initialisers.
   */
  void columns(const ModelInfo& model) {
    struct Object {
      std::string type, name, initialiser;
    };
    std::vector<Object> objects;
    for (const auto& f : model.fields) {
      if (!f.member) continue;
      const std::string type =
          f.target.empty() ? std::string(kOrm) + "Column<" + model.name + ", " + f.outer_type + ">"
                           : std::string(kOrm) + "RefColumn<" + model.name + ", " + f.outer_type + ", " + f.target + ">";
      objects.push_back({type, f.field->name, cpp_string(f.field->name)});
    }
    for (const auto& r : model.relations) {
      const std::string type = std::string(kOrm) + (r.many ? "ManyField<" : "ReverseRelation<") + model.name + ", " +
                               r.other->name + ">";
      const std::string field = r.many ? r.name : r.field->field->name;
      objects.push_back({type, r.name, cpp_string(field) + ", &" + model.name + "::" + r.name + "_"});
    }
    out_ += "/** Typed columns of " + model.name + ", for filter() and order_by() (defined in the source file). */\n";
    out_ += "namespace " + model.ns + " {\n";
    src_ += "namespace " + model.ns + " {\n";
    for (const auto& object : objects) {
      out_ += "extern const " + object.type + " " + object.name + ";\n";
      src_ += "constexpr " + object.type + " " + object.name + "{" + object.initialiser + "};\n";
    }
    out_ += "}  // namespace " + model.ns + "\n\n";
    src_ += "}  // namespace " + model.ns + "\n\n";
  }

  // ---- 6. the source file ---------------------------------------------------

  void source_banner() {
    src_ += "// DO NOT EDIT: generated by cpprustango codegen from " + file_.path + "\n";
    src_ += "// The bodies of what " + options_.header_include +
            " declares, compiled once into the app's target (cpprustango_models in CMake).\n";
    src_ += "#include \"" + options_.header_include + "\"\n\n";
    src_ += "namespace " + file_.app + " {\n\n";
  }

  void resolve_body() {
    src_ += "const cpprustango::schema::ModelSpec* specs::resolve(const cpprustango::schema::FieldSpec& field_) {\n";
    for (const auto& model : models_) {
      src_ += "  if (field_.ref_app == " + cpp_string(file_.app) + " && field_.ref_model == " + cpp_string(model.name) +
              ") return &specs::" + model.name + ";\n";
    }
    src_ += "  return nullptr;\n}\n\n";
  }

  /**
   * The parameters and locals of a model's generated member functions:
   * `row_`, `db_`... unless the struct has a member by that name (a ref
   * field "row" caches its object in row_), which the name would shadow.
   */
  struct Locals {
    std::string row, path, db, insert, key, fetched, object, copy, field;
  };
  static Locals locals_of(const ModelInfo& model) {
    std::set<std::string> members{"persisted_", "prepare_save_"};
    for (const auto& f : model.fields) {
      members.insert(f.field->name);
      if (!f.target.empty()) members.insert(f.field->name + "_");
    }
    for (const auto& r : model.relations) members.insert(r.name + "_");
    const auto free = [&](const std::string& base) {
      std::string name = base + "_";
      for (int i = 2; members.contains(name); ++i) name = base + std::to_string(i) + "_";
      return name;
    };
    return {free("row"),     free("path"),   free("db"),   free("insert"), free("key"),
            free("fetched"), free("object"), free("copy"), free("field")};
  }

  void bodies(const ModelInfo& model) {
    const std::string& n = model.name;
    const std::string orm(kOrm);
    const Locals v = locals_of(model);
    src_ += orm + "QuerySet<" + n + "> " + n + "::objects() { return {}; }\n\n";
    src_ += "const cpprustango::schema::ModelSpec* " + n + "::resolve(const cpprustango::schema::FieldSpec& " + v.field +
            ") { return specs::resolve(" + v.field + "); }\n\n";

    // save(): automatic values, validation, then INSERT or UPDATE.
    std::string key_name;
    std::string is_new = "!persisted_";
    if (model.auto_key) {
      key_name = std::string(model.spec->primary_key[0]);
      is_new = key_name + " == 0";
    }
    std::vector<bool> members(model.spec->fields.size(), false);
    for (const auto& f : model.fields) members[f.index] = f.member;
    src_ += "void " + n + "::prepare_save_(bool " + v.insert + ") {\n" +
            detail::automatic_values(*model.spec, members, v.insert) + "}\n\n";
    // full_clean() checks a copy, so the admin can validate a form without the object changing under it.
    src_ += "void " + n + "::full_clean() const {\n  " + n + " " + v.copy + " = *this;\n  " + v.copy +
            ".prepare_save_(" + is_new + ");\n  " + orm + "validate_row(spec(), " + v.copy + ".to_row(), " + is_new +
            ");\n}\n\n";
    src_ += "void " + n + "::save(" + orm + "Executor " + v.db + ") {\n";
    src_ += "  const bool " + v.insert + " = " + is_new + ";\n";
    src_ += "  prepare_save_(" + v.insert + ");\n  const auto " + v.row + " = to_row();\n";
    src_ += "  " + orm + "validate_row(spec(), " + v.row + ", " + v.insert + ");\n";
    src_ += "  const auto " + v.key + " = " + orm + "detail::save_row(" + v.db + ", spec(), " + v.row + ", " + v.insert +
            ", &::" + file_.app + "::specs::resolve);\n";
    if (model.auto_key) {
      const FieldInfo& key = *std::find_if(model.fields.begin(), model.fields.end(),
                                           [&](const FieldInfo& f) { return f.field->name == key_name; });
      src_ += "  if (" + v.insert + ") " + orm + "Convert<" + key.type + ">::from(" + v.key + ".at(0), " + key_name +
              ");\n";
    } else {
      src_ += "  (void)" + v.key + ";\n  persisted_ = true;\n";
    }
    src_ += "}\n\n";

    // remove() and refresh() call non-template helpers rather than instantiate a QuerySet per model.
    const std::string resolve = "&::" + file_.app + "::specs::resolve";
    src_ += "void " + n + "::remove(" + orm + "Executor " + v.db + ") {\n";
    src_ += "  " + orm + "detail::delete_row(" + v.db + ", spec(), to_row(), " + resolve + ");\n";
    src_ += model.auto_key ? "  " + key_name + " = 0;\n" : "  persisted_ = false;\n";
    src_ += "}\n\n";
    src_ += "void " + n + "::refresh(" + orm + "Executor " + v.db + ") {\n";
    src_ += "  const auto " + v.fetched + " = " + orm + "detail::fetch_row(" + v.db + ", spec(), to_row(), " + resolve +
            ");\n";
    src_ += "  *this = from_row(" + orm + "RowView(" + v.fetched + ".result[0], " + v.fetched + ".columns[0]));\n}\n\n";

    src_ += n + " " + n + "::from_row(const " + orm + "RowView& " + v.row + ") {\n  " + n + " " + v.object + ";\n";
    for (const auto& f : model.fields) {
      if (f.member) {
        src_ += "  " + v.row + ".read(" + std::to_string(f.index) + ", " + v.object + "." + f.field->name + ");\n";
      }
    }
    if (!model.auto_key) src_ += "  " + v.object + ".persisted_ = true;\n";
    src_ += "  return " + v.object + ";\n}\n\n";

    std::vector<std::string> values(model.spec->fields.size(), "nullptr");
    for (const auto& f : model.fields) {
      if (f.member) values[f.index] = orm + "to_value(" + f.field->name + ")";
    }
    src_ += "std::vector<cpprustango::db::Value> " + n + "::to_row() const {\n  return {" +
            join(values, ",\n          ") + "};\n}\n\n";

    src_ += "void " + n + "::attach_related(std::string_view " + v.path + ", const " + orm + "RowView& " + v.row +
            ") {\n";
    bool any = false;
    for (const auto& f : model.fields) {
      if (!f.member || f.target.empty()) continue;
      const ModelInfo& target = *same_app_target(*f.spec);
      if (target.spec->primary_key.size() != 1) continue;
      const auto key_index = target.spec->field(target.spec->primary_key[0]) - target.spec->fields.data();
      // A longer path ("author.country") hands the rest to the object its first hop built.
      const std::string member = f.field->name + "_";
      const std::string& name = f.field->name;
      src_ += "  if (" + v.path + " == " + cpp_string(name) + ") {\n    if (!" + v.row + ".is_null(" +
              std::to_string(key_index) + ")) " + member + ".set(" + qualified(target) + "::from_row(" + v.row +
              "));\n" + "  } else if (" + v.path + ".starts_with(" + cpp_string(name + ".") + ") && " + member +
              ") {\n    " + member + ".modify().attach_related(" + v.path + ".substr(" +
              std::to_string(name.size() + 1) + "), " + v.row + ");\n  }\n";
      any = true;
    }
    if (!any) src_ += "  (void)" + v.path + ";\n  (void)" + v.row + ";\n";
    src_ += "}\n\n";
    relation_bodies(model);
  }

  // ---- relations without a column (reverse refs, many()) --------------------

  /** The key member of a model with a single-field key, and the expression telling whether its row exists. */
  static std::pair<std::string, std::string> key_of(const ModelInfo& model) {
    const std::string key(model.spec->primary_key[0]);
    return {key, model.auto_key ? key + " != 0" : "persisted_"};
  }
  const FieldInfo& key_field(const ModelInfo& model) const {
    return *std::find_if(model.fields.begin(), model.fields.end(),
                         [&](const FieldInfo& f) { return f.field->name == model.spec->primary_key[0]; });
  }
  std::string qualified(const ModelInfo& model) const { return "::" + file_.app + "::" + model.name; }
  std::string accessor_type(const Relation& r) const {
    return r.many ? std::string(kOrm) + "ManyRelated<" + qualified(*r.other) + ", " + key_field(*r.other).outer_type + ">"
                  : std::string(kOrm) + "QuerySet<" + qualified(*r.other) + ">";
  }

  void relation_slots(const ModelInfo& model) {
    if (model.relations.empty()) return;
    out_ += "\n  // Filled by prefetch_related(" + model.ns + "::<relation>); reading one that was not prefetched throws.\n";
    for (const auto& r : model.relations) {
      out_ += "  " + std::string(kOrm) + "Prefetched<" + qualified(*r.other) + "> " + r.name + "_{" +
              cpp_string(model.name + "." + r.name) + "};  " + where(r.field->field->location.line) + "\n";
    }
  }

  void relation_declarations(const ModelInfo& model) {
    for (const auto& r : model.relations) {
      out_ += r.many ? "  /** The " + r.other->name + "s linked through " + std::string(r.field->spec->through) +
                           ": add/remove/set/clear/all. */\n"
                     : "  /** The " + r.other->name + "s whose " + r.field->field->name + " is this " + model.name + ". */\n";
      out_ += "  " + accessor_type(r) + " " + r.name + "() const;\n";
    }
  }

  void relation_bodies(const ModelInfo& model) {
    const auto [key, saved] = key_of(model);
    for (const auto& r : model.relations) {
      src_ += accessor_type(r) + " " + model.name + "::" + r.name + "() const {\n";
      if (r.many) {
        src_ += "  return {spec(), spec().fields[" + std::to_string(r.field->index) + "], " + std::string(kOrm) +
                "to_value(" + key + "), " + saved + ", &" + qualified(*r.other) + "::" + key_field(*r.other).field->name +
                "};\n}\n\n";
      } else {
        src_ += "  return " + qualified(*r.other) + "::objects().filter(::" + file_.app + "::" + r.other->ns + "::" +
                r.field->field->name + " == " + key + ");\n}\n\n";
      }
    }
  }

  const schema::SchemaFile& file_;
  const Options& options_;
  schema::SpecSet specs_;
  std::vector<ModelInfo> models_;
  bool uses_json_ = false;
  std::string out_;  ///< the header
  std::string src_;  ///< the source file
};

}  // namespace

Generated generate(const schema::SchemaFile& file, const Options& options) { return Generator(file, options).run(); }

}  // namespace cpprustango::cli::codegen
