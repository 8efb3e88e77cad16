// SpecSet: the run-time twin of generated constexpr metadata. It copies the
// parsed files once and points every view into that copy or into stable
// side storage (deques never move their elements), so views outlive nothing
// they depend on.
#include "cpprustango/schema/spec.hpp"

#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cpprustango/schema/model.hpp"

namespace cpprustango::schema {
namespace {

// Django's only built-in admin action, used when @@admin says nothing about actions.
constexpr std::string_view kDefaultActions[] = {"delete_selected"};

}  // namespace

struct SpecSet::Storage {
  std::vector<SchemaFile> files;  // never modified once views point into it
  std::deque<std::string> strings;
  std::deque<std::vector<std::string_view>> name_lists;
  std::deque<std::vector<FieldSpec>> field_lists;
  std::deque<std::vector<OrderSpec>> order_lists;
  std::deque<std::vector<IndexSpec>> index_lists;
  std::deque<std::vector<CheckSpec>> check_lists;
  std::deque<std::vector<FieldsetSpec>> fieldset_lists;
  std::vector<ModelSpec> models;

  std::string_view keep(std::string text) { return strings.emplace_back(std::move(text)); }
  static std::string_view view(const std::optional<std::string>& text) {
    return text ? std::string_view(*text) : std::string_view();
  }

  std::span<const std::string_view> names(const std::vector<std::string>& items) {
    if (items.empty()) return {};
    return name_lists.emplace_back(items.begin(), items.end());
  }

  std::span<const OrderSpec> order(const std::vector<OrderTerm>& terms) {
    auto& specs = order_lists.emplace_back();
    for (const OrderTerm& term : terms) specs.push_back({term.field, term.descending});
    return specs;
  }

  FieldSpec field_spec(const SchemaFile& file, const Model& model, const Field& field) {
    FieldSpec spec;
    spec.name = field.name;
    spec.column = keep(column_name(field));
    spec.kind = field.type.kind;
    spec.element = field.type.element;
    spec.nullable = field.nullable;
    spec.primary_key = field.primary_key;
    spec.auto_increment = field.auto_increment;
    spec.unique = field.unique;
    spec.indexed = field.indexed;
    spec.max_length = field.type.max_length;
    spec.precision = field.type.precision;
    spec.scale = field.type.scale;
    spec.bit_length = field.type.bit_length;
    spec.choices = names(field.type.choices);
    spec.enum_type = view(field.enum_type);
    spec.collation = view(field.collation);
    if (is_relation(field.type.kind)) {
      const auto [app, target] = split_target(field.type.target);
      spec.ref_app = app.empty() ? std::string_view(file.app) : app;
      spec.ref_model = target;
    }
    if (field.type.kind == FieldKind::Many) {
      spec.through = keep(through_table(file.app, model, field));
      auto [source, target] = through_columns(model, field);
      spec.through_source = keep(std::move(source));
      spec.through_target = keep(std::move(target));
    }
    spec.related_name = view(field.related_name);
    spec.on_delete = field.on_delete.value_or(ReferentialAction::Cascade);
    spec.on_update = field.on_update.value_or(ReferentialAction::Cascade);
    spec.db_constraint = field.db_constraint;
    if (field.default_value) {
      spec.default_kind = field.default_value->kind;
      spec.default_value = field.default_value->text;
    }
    spec.min = field.min;
    spec.max = field.max;
    spec.auto_now_add = field.auto_now_add;
    spec.auto_now = field.auto_now;
    spec.slug_from = view(field.slug_from);
    spec.backend = field.backend;
    spec.display = field.display;
    spec.label = keep(field_label(field));
    spec.widget = field.widget;
    spec.help = view(field.help);
    spec.example = view(field.example);
    spec.noform = field.noform;
    spec.noedit = field.noedit;
    spec.comment = view(field.comment);
    spec.line = field.location.line;
    return spec;
  }

  AdminSpec admin_spec(const Model& model) {
    AdminSpec spec;
    spec.actions = kDefaultActions;
    if (!model.admin) return spec;
    const AdminOptions& admin = *model.admin;
    spec.list_display = names(admin.list_display);
    spec.search_fields = names(admin.search_fields);
    spec.list_filter = names(admin.list_filter);
    spec.ordering = order(admin.ordering);
    spec.list_per_page = admin.list_per_page.value_or(spec.list_per_page);
    spec.readonly_fields = names(admin.readonly_fields);
    auto& sets = fieldset_lists.emplace_back();
    for (const Fieldset& set : admin.fieldsets) sets.push_back({set.title, names(set.fields)});
    spec.fieldsets = sets;
    if (admin.actions) spec.actions = names(*admin.actions);
    return spec;
  }

  ModelSpec model_spec(const SchemaFile& file, const Model& model) {
    ModelSpec spec;
    spec.app = file.app;
    spec.name = model.name;
    spec.table = keep(table_name(file.app, model));
    spec.verbose_name = keep(verbose_name(model));
    spec.verbose_name_plural = keep(verbose_name_plural(model));
    spec.display = keep(display_pattern(model));
    auto& fields = field_lists.emplace_back();
    fields.reserve(model.fields.size());
    for (const Field& field : model.fields) fields.push_back(field_spec(file, model, field));
    spec.fields = fields;
    auto& key = name_lists.emplace_back();
    for (const Field* field : primary_key(model)) key.push_back(field->name);
    spec.primary_key = key;
    spec.ordering = order(model.ordering);
    spec.indexes = indexes(file, model, model.indexes);
    spec.uniques = indexes(file, model, model.uniques);
    auto& checks = check_lists.emplace_back();
    for (std::size_t i = 0; i < model.checks.size(); ++i) {
      checks.push_back({keep(check_name(file.app, model, i)), model.checks[i].expression});
    }
    spec.checks = checks;
    spec.managed = model.managed;
    spec.comment = view(model.comment);
    spec.admin = admin_spec(model);
    return spec;
  }

  std::span<const IndexSpec> indexes(const SchemaFile& file, const Model& model, const std::vector<Index>& list) {
    auto& specs = index_lists.emplace_back();
    for (const Index& index : list)
      specs.push_back({keep(index_name(file.app, model, index)), names(index.fields), index.unique,
                       view(index.expression), view(index.where), view(index.method)});
    return specs;
  }

  void build() {
    std::size_t count = 0;
    for (const SchemaFile& file : files) count += file.models.size();
    models.reserve(count);
    for (const SchemaFile& file : files) {
      for (const Model& model : file.models) models.push_back(model_spec(file, model));
    }
  }
};

SpecSet::SpecSet(const SchemaFile& file) : SpecSet(std::span<const SchemaFile>(&file, 1)) {}

SpecSet::SpecSet(std::span<const SchemaFile> files) {
  auto storage = std::make_unique<Storage>();
  storage->files.assign(files.begin(), files.end());
  storage->build();
  storage_ = storage.release();
}

SpecSet::~SpecSet() { delete storage_; }
SpecSet::SpecSet(SpecSet&& other) noexcept : storage_(std::exchange(other.storage_, nullptr)) {}
SpecSet& SpecSet::operator=(SpecSet&& other) noexcept {
  if (this != &other) {
    delete storage_;
    storage_ = std::exchange(other.storage_, nullptr);
  }
  return *this;
}

std::span<const ModelSpec> SpecSet::models() const { return storage_->models; }

const ModelSpec* SpecSet::find(std::string_view app, std::string_view model) const {
  for (const ModelSpec& spec : storage_->models) {
    if (spec.app == app && spec.name == model) return &spec;
  }
  return nullptr;
}

const ModelSpec* SpecSet::target(const FieldSpec& field) const {
  return is_relation(field.kind) ? find(field.ref_app, field.ref_model) : nullptr;
}

}  // namespace cpprustango::schema
