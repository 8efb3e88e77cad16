// Backend-aware and cross-file checks (the schema part of `cpprustango check`).
// Each rule has a stable code documented in docs/schema.md; messages say what
// is wrong and what to write instead.
#include "cpprustango/schema/check.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "cpprustango/schema/format.hpp"

namespace cpprustango::schema {
namespace {

/** One model and the file it lives in. */
struct Entry {
  const SchemaFile* file;
  const Model* model;
};

class Checker {
 public:
  /** Without a backend, only the rules generated code needs run, and every field counts. */
  Checker(std::span<const SchemaFile> files, std::optional<Backend> backend, bool cross_app)
      : files_(files), backend_(backend), cross_app_(cross_app) {
    for (const SchemaFile& file : files_) {
      for (const Model& model : file.models) entries_.push_back({&file, &model});
    }
  }

  std::vector<Diagnostic> run() {
    for (const Entry& entry : entries_) check_model(entry);
    check_tables();
    check_constraint_names();
    check_enums();
    return run_codegen();
  }

  std::vector<Diagnostic> run_codegen() {
    check_generated_names();
    check_relations();
    check_key_chains();
    return std::move(out_);
  }

 private:
  void report(Severity severity, std::string code, const SchemaFile& file, Location at, std::string message) {
    out_.push_back({severity, std::move(code), file.path, at, std::move(message)});
  }
  void error(std::string code, const SchemaFile& file, Location at, std::string message) {
    report(Severity::Error, std::move(code), file, at, std::move(message));
  }

  bool exists(const Field& field) const { return !field.backend || !backend_ || *field.backend == *backend_; }

  /** What the C++ that codegen writes must be able to declare: a namespace per model, members, enums. */
  void check_generated_names() {
    std::map<std::pair<const SchemaFile*, std::string>, const Model*> namespaces;
    for (const Entry& entry : entries_) {
      const SchemaFile& file = *entry.file;
      const Model& model = *entry.model;
      const std::string ns = column_namespace(model.name);
      const auto [it, inserted] = namespaces.emplace(std::make_pair(&file, ns), &model);
      if (ns == "specs" || !inserted) {
        error("schema.E011", file, model.location,
              "model '" + model.name + "' would need the C++ namespace '" + ns + "', which " +
                  (inserted ? std::string("the generated code uses") : "model '" + it->second->name + "' has") +
                  "; rename the model");
      }
      for (const Field& field : model.fields) {
        if (!exists(field)) continue;
        if (is_generated_member(field.name)) {
          error("schema.E010", file, field.location,
                "field '" + model.name + "." + field.name +
                    "' has the name of a generated member; rename it (keep the column with @column(\"" + field.name +
                    "\"))");
        }
        if (is_choice(field.type.kind) && pascal_case(field.name) == model.name) {
          error("schema.E012", file, field.location,
                "the choice field '" + model.name + "." + field.name + "' would give " + model.name +
                    " an enum of its own name; rename the field");
        }
        // Values that are not names ("PG-13") become enumerators by their letters and digits (PG_13).
        std::map<std::string, std::string> enumerators;
        for (const auto& choice : field.type.choices) {
          const auto [it, inserted] = enumerators.emplace(enumerator(choice), choice);
          if (!inserted) {
            error("schema.E016", file, field.type_location,
                  "the choices '" + it->second + "' and '" + choice + "' of field '" + model.name + "." + field.name +
                      "' would both be the C++ enumerator " + it->first + "; rename one of them");
          }
        }
      }
    }
  }

  void check_model(const Entry& entry) {
    const SchemaFile& file = *entry.file;
    const Model& model = *entry.model;
    std::map<std::string, const Field*> columns;
    const auto key = primary_key(model);
    for (const Field& field : model.fields) {
      if (!exists(field)) continue;
      const std::string qualified = model.name + "." + field.name;
      if (backend_ == Backend::SQLite && is_postgres_only(field.type.kind)) {
        error("schema.E001", file, field.type_location,
              "field '" + qualified + "' uses " + format_type(field.type) +
                  ", which only PostgreSQL has; restrict the "
                  "field with @backend(postgresql) or use a type every backend has");
      }
      if (backend_ == Backend::SQLite && field.auto_increment && !(key.size() == 1 && key[0] == &field)) {
        error("schema.E007", file, field.location,
              "field '" + qualified + "' has @auto, but SQLite only numbers a model's single-field primary key");
      }
      if (backend_ == Backend::SQLite && field.type.kind == FieldKind::Decimal && field.type.precision > 15) {
        report(Severity::Warning, "schema.W001", file, field.type_location,
               "field '" + qualified + "' is " + format_type(field.type) +
                   ", but SQLite keeps about 15 significant "
                   "digits of a decimal; values may be rounded");
      }
      const std::string column = column_name(field);
      if (column.empty()) continue;
      const auto [it, inserted] = columns.emplace(column, &field);
      if (!inserted) {
        error("schema.E005", file, field.location,
              "fields '" + it->second->name + "' and '" + field.name + "' of model '" + model.name +
                  "' both use column '" + column + "'; set a distinct @column on one of them");
      }
    }
    if (backend_ == Backend::SQLite) {
      for (const auto* list : {&model.indexes, &model.uniques}) {
        for (const Index& index : *list) {
          if (!index.method) continue;
          error("schema.E014", file, index.location,
                "an index of model '" + model.name + "' uses the index method '" + *index.method +
                    "', which only PostgreSQL has; drop using: on SQLite");
        }
      }
    }
    check_backend_references(file, model);
  }

  /** Model attributes must not name a field that another backend's @backend(...) hides here. */
  void check_backend_references(const SchemaFile& file, const Model& model) {
    auto use = [&](const std::string& name, std::string_view context, Location at) {
      const Field* field = model.find_field(name);
      if (field && !exists(*field)) {
        error("schema.E006", file, at,
              std::string(context) + " of model '" + model.name + "' uses field '" + name + "', which exists only on " +
                  std::string(backend_name(*field->backend)));
      }
    };
    for (const auto& name : model.id_fields) use(name, "@@id", model.location);
    for (const auto& term : model.ordering) use(term.field, "@@ordering", model.location);
    for (const Index& index : model.indexes) {
      for (const auto& name : index.fields) use(name, "@@index", index.location);
    }
    for (const Index& index : model.uniques) {
      for (const auto& name : index.fields) use(name, "@@unique", index.location);
    }
    for (const Field& field : model.fields) {
      if (field.slug_from && exists(field)) use(*field.slug_from, "@slug_from", field.location);
    }
    const std::string display = display_pattern(model);
    for (std::size_t open = display.find('{'); open != std::string::npos; open = display.find('{', open + 1)) {
      const std::size_t close = display.find('}', open);
      if (close != std::string::npos) use(display.substr(open + 1, close - open - 1), "@@display", model.location);
    }
    if (!model.admin) return;
    const AdminOptions& admin = *model.admin;
    for (const auto* names : {&admin.list_display, &admin.search_fields, &admin.list_filter, &admin.readonly_fields}) {
      for (const auto& name : *names) use(name, "@@admin", model.location);
    }
    for (const auto& term : admin.ordering) use(term.field, "@@admin", model.location);
    for (const Fieldset& set : admin.fieldsets) {
      for (const auto& name : set.fields) use(name, "@@admin", model.location);
    }
  }

  void check_tables() {
    std::map<std::string, const Entry*> tables;
    for (const Entry& entry : entries_) {
      const std::string table = table_name(entry.file->app, *entry.model);
      const auto [it, inserted] = tables.emplace(table, &entry);
      if (!inserted) {
        error("schema.E004", *entry.file, entry.model->location,
              "models '" + qualified(*it->second) + "' and '" + qualified(entry) + "' both use table '" + table +
                  "'; give one of them another @@table");
      }
    }
  }

  /**
   * Index names (and so @@unique's, whose constraint takes its index's name on
   * PostgreSQL) share one namespace per schema on both databases; a CHECK's name
   * only has to be unique within its table, so the same check may guard many tables.
   */
  void check_constraint_names() {
    std::map<std::string, std::string> indexes;
    auto add = [&](std::map<std::string, std::string>& names, const Entry& entry, const std::string& name, Location at,
                   std::string_view what) {
      const auto [it, inserted] = names.emplace(name, qualified(entry));
      if (!inserted) {
        error("schema.E008", *entry.file, at,
              std::string(what) + " name '" + name + "' is already used in model '" + it->second +
                  "'; give this one another name: \"...\"");
      }
    };
    for (const Entry& entry : entries_) {
      const Model& model = *entry.model;
      for (const auto* list : {&model.indexes, &model.uniques}) {
        for (const Index& index : *list) {
          add(indexes, entry, index_name(entry.file->app, model, index), index.location, "the index");
        }
      }
      std::map<std::string, std::string> checks;
      for (std::size_t i = 0; i < model.checks.size(); ++i) {
        add(checks, entry, check_name(entry.file->app, model, i), model.checks[i].location, "the check");
      }
    }
  }

  const Entry* find(std::string_view app, std::string_view model) const {
    for (const Entry& entry : entries_) {
      if (entry.file->app == app && entry.model->name == model) return &entry;
    }
    return nullptr;
  }

  static std::string qualified(const Entry& entry) {
    return entry.file->app.empty() ? entry.model->name : entry.file->app + "." + entry.model->name;
  }

  void check_relations() {
    // Reverse accessors live on the target model: (target, accessor) -> the field that claimed it.
    std::map<std::pair<const Model*, std::string>, std::string> accessors;
    for (const Entry& entry : entries_) {
      const SchemaFile& file = *entry.file;
      for (const Field& field : entry.model->fields) {
        if (!is_relation(field.type.kind) || !exists(field)) continue;
        auto [app, model] = split_target(field.type.target);
        if (app.empty()) app = file.app;
        const bool same_app = app == file.app;
        if (!same_app && !cross_app_) continue;  // verified by check(files, backend)
        const std::string written = std::string(type_name(field.type.kind)) + "(" + field.type.target + ")";
        const Entry* target = find(app, model);
        if (!target && !backend_) continue;  // parse() has checked the file's own targets
        if (!target) {
          const bool app_known =
              std::any_of(files_.begin(), files_.end(), [&](const SchemaFile& f) { return f.app == app; });
          error("schema.E002", file, field.type_location,
                "field '" + entry.model->name + "." + field.name + "' points at " + written + ", but " +
                    (app_known ? "app '" + std::string(app) + "' has no model '" + std::string(model) + "'"
                               : "there is no app '" + std::string(app) + "'"));
          continue;
        }
        // codegen gives such a ref no typed relation; only the database needs the single-field key.
        if (backend_ && primary_key(*target->model).size() > 1) {
          error("schema.E009", file, field.type_location,
                "field '" + entry.model->name + "." + field.name + "' points at " + qualified(*target) +
                    ", whose key has several fields; " + written + " needs a single-field key");
        }
        const std::string accessor = reverse_accessor(*entry.model, field);
        if (accessor.empty()) continue;
        const std::string claimant = qualified(entry) + "." + field.name;
        if (is_generated_member(accessor)) {
          error("schema.E003", file, field.location,
                "the reverse accessor '" + accessor + "' of '" + claimant + "' is the name of a generated member of " +
                    qualified(*target) + "; set another @related_name(\"...\")");
          continue;
        }
        if (target->model->find_field(accessor)) {
          error("schema.E003", file, field.location,
                "the reverse accessor '" + accessor + "' of '" + claimant + "' clashes with field '" +
                    qualified(*target) + "." + accessor + "'; set another @related_name(\"...\")");
          continue;
        }
        const auto [it, inserted] = accessors.emplace(std::make_pair(target->model, accessor), claimant);
        if (!inserted) {
          error("schema.E003", file, field.location,
                "'" + it->second + "' and '" + claimant + "' both add the reverse accessor '" + accessor + "' to " +
                    qualified(*target) + "; give one of them @related_name(\"...\")");
        }
      }
    }
  }

  /** The single key field of a model, when it is a ref to a model of the checked files. */
  const Entry* key_ref_target(const Entry& entry, const Field** key) const {
    const auto keys = primary_key(*entry.model);
    if (keys.size() != 1 || keys.front()->type.kind != FieldKind::Ref) return nullptr;
    *key = keys.front();
    auto [app, model] = split_target((*key)->type.target);
    return find(app.empty() ? std::string_view(entry.file->app) : app, model);
  }

  /**
   * A key that is a ref takes its target's key type, through any chain of such
   * keys; a chain that comes back to where it started has no type at all.
   */
  void check_key_chains() {
    std::set<const Model*> reported;
    for (const Entry& start : entries_) {
      const Field* key = nullptr;
      const Entry* next = key_ref_target(start, &key);
      if (!next || reported.contains(start.model)) continue;
      std::vector<const Entry*> chain{&start};
      const Field* start_key = key;
      while (next && next->model != start.model && chain.size() <= entries_.size()) {
        chain.push_back(next);
        next = key_ref_target(*next, &key);
      }
      if (!next || next->model != start.model) continue;
      std::string circle;
      for (const Entry* link : chain) {
        circle += qualified(*link) + " -> ";
        reported.insert(link->model);
      }
      error("schema.E013", *start.file, start_key->type_location,
            "the key of '" + qualified(start) + "' is a ref whose chain of keys comes back to it (" + circle +
                qualified(start) + "); give one model of the circle a key of its own type");
    }
  }

  /** One PostgreSQL enum type has one list of labels, however many fields use it. */
  void check_enums() {
    std::map<std::string, std::pair<std::string, const Field*>> enums;  // type -> (field name, field)
    for (const Entry& entry : entries_) {
      for (const Field& field : entry.model->fields) {
        if (!field.enum_type || !exists(field)) continue;
        const std::string name = qualified(entry) + "." + field.name;
        const auto [it, inserted] = enums.emplace(*field.enum_type, std::make_pair(name, &field));
        if (!inserted && it->second.second->type.choices != field.type.choices) {
          error("schema.E015", *entry.file, field.type_location,
                "fields '" + it->second.first + "' and '" + name + "' both use the enum '" + *field.enum_type +
                    "' with other choices; give them the same choices, in the same order, or another @enum name");
        }
      }
    }
  }

  std::span<const SchemaFile> files_;
  std::optional<Backend> backend_;
  bool cross_app_;
  std::vector<Entry> entries_;
  std::vector<Diagnostic> out_;
};

}  // namespace

std::string Diagnostic::to_string() const {
  return path + ":" + std::to_string(location.line) + ":" + std::to_string(location.column) + ": " +
         (severity == Severity::Error ? "error: " : "warning: ") + message + " [" + code + "]";
}

std::vector<Diagnostic> check(const SchemaFile& file, Backend backend) {
  return Checker(std::span<const SchemaFile>(&file, 1), backend, false).run();
}

std::vector<Diagnostic> check(std::span<const SchemaFile> files, Backend backend) {
  return Checker(files, backend, true).run();
}

std::vector<Diagnostic> check_codegen(const SchemaFile& file, std::optional<Backend> backend) {
  return Checker(std::span<const SchemaFile>(&file, 1), backend, false).run_codegen();
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

}  // namespace cpprustango::schema
