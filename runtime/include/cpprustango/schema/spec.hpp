// Read-only views of models for the ORM, the admin and migrations. Every type
// here is a literal type (string_view, span, ints, enums, bools, optional of
// those), so generated headers declare their metadata as constants:
//
//   constexpr std::string_view post_status_choices[] = {"draft", "published"};
//   constexpr schema::FieldSpec post_fields[] = {
//       {.name = "id", .column = "id", .kind = schema::FieldKind::BigInt, .primary_key = true, ...},
//       {.name = "status", .column = "status", .kind = schema::FieldKind::Choice, .choices = post_status_choices}};
//   constexpr schema::ModelSpec post_spec{.app = "blog", .name = "Post", .table = "blog_post", .fields = post_fields};
//
// Members are declared in the order designated initializers must follow, and
// each has a default initializer so that omitting it trips no
// -Wmissing-field-initializers. At run time (CLI, migrations) SpecSet builds
// the same views from parsed files. Unlike the owning model, every default
// here is resolved: table and column names, labels, index names, actions.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "cpprustango/schema/kind.hpp"

namespace cpprustango::schema {

struct SchemaFile;

struct FieldSpec {
  std::string_view name{};
  std::string_view column{};  ///< empty for many()
  FieldKind kind = FieldKind::Int;
  FieldKind element = FieldKind::Int;  ///< array element kind
  bool nullable = false;
  bool primary_key = false;
  bool auto_increment = false;
  bool unique = false;
  bool indexed = false;
  int max_length = 0;
  int precision = 0;
  int scale = 0;
  int bit_length = 0;
  std::span<const std::string_view> choices{};
  std::string_view enum_type{};  ///< @enum: on PostgreSQL the column has this enum type
  std::string_view collation{};  ///< @collate: the column's collation
  std::string_view ref_app{};    ///< ref/many target's app (the field's own app when unqualified)
  std::string_view ref_model{};  ///< ref/many target's model name
  std::string_view through{};    ///< many(): the join table
  std::string_view through_source{};  ///< many(): the join table's column holding this model's key
  std::string_view through_target{};  ///< many(): the join table's column holding the target's key
  std::string_view related_name{};
  ReferentialAction on_delete = ReferentialAction::Cascade;
  ReferentialAction on_update = ReferentialAction::Cascade;
  bool db_constraint = true;
  DefaultKind default_kind = DefaultKind::None;
  std::string_view default_value{};  ///< DefaultValue::text
  std::optional<double> min{};
  std::optional<double> max{};
  bool auto_now_add = false;
  bool auto_now = false;
  std::string_view slug_from{};
  std::optional<Backend> backend{};  ///< set: the field exists only on that backend
  bool display = false;
  std::string_view label{};  ///< resolved: @label or the name with spaces
  Widget widget = Widget::Default;
  std::string_view help{};
  std::string_view example{};
  bool noform = false;
  bool noedit = false;
  std::string_view comment{};
  int line = 0;  ///< line in the schema file, for messages about generated code

  constexpr bool exists_on(Backend b) const { return !backend || *backend == b; }
};

struct OrderSpec {
  std::string_view field{};
  bool descending = false;
};

struct IndexSpec {
  std::string_view name{};  ///< resolved (given or derived)
  std::span<const std::string_view> fields{};  ///< empty for an expression index
  bool unique = false;
  std::string_view expression{};  ///< sql("..."): the key as SQL
  std::string_view where{};       ///< a partial index's condition
  std::string_view method{};      ///< PostgreSQL index method; empty for the default (btree)
};

struct CheckSpec {
  std::string_view name{};  ///< resolved (given or derived)
  std::string_view expression{};
};

struct FieldsetSpec {
  std::string_view title{};
  std::span<const std::string_view> fields{};
};

struct AdminSpec {
  std::span<const std::string_view> list_display{};
  std::span<const std::string_view> search_fields{};
  std::span<const std::string_view> list_filter{};
  std::span<const OrderSpec> ordering{};
  int list_per_page = 100;
  std::span<const std::string_view> readonly_fields{};
  std::span<const FieldsetSpec> fieldsets{};
  std::span<const std::string_view> actions{};
};

struct ModelSpec {
  std::string_view app{};
  std::string_view name{};
  std::string_view table{};
  std::string_view verbose_name{};
  std::string_view verbose_name_plural{};
  std::string_view display{};  ///< "{title} by {author}", or empty
  std::span<const FieldSpec> fields{};
  std::span<const std::string_view> primary_key{};  ///< field names
  std::span<const OrderSpec> ordering{};
  std::span<const IndexSpec> indexes{};  ///< @@index
  std::span<const IndexSpec> uniques{};  ///< @@unique (unique_together)
  std::span<const CheckSpec> checks{};
  bool managed = true;
  std::string_view comment{};
  AdminSpec admin{};

  /** The field named `field_name`, or nullptr; usable in constant expressions. */
  constexpr const FieldSpec* field(std::string_view field_name) const {
    for (const FieldSpec& f : fields) {
      if (f.name == field_name) return &f;
    }
    return nullptr;
  }
};

/**
 * Owns the storage behind ModelSpec/FieldSpec views built from parsed files; the views
 * stay valid while the SpecSet lives (moving it keeps them valid too).
 *   schema::SpecSet specs(schema::parse(text, path, "blog"));
 *   const schema::ModelSpec* post = specs.find("blog", "Post");
 */
class SpecSet {
 public:
  explicit SpecSet(const SchemaFile& file);
  explicit SpecSet(std::span<const SchemaFile> files);
  ~SpecSet();
  SpecSet(SpecSet&&) noexcept;
  SpecSet& operator=(SpecSet&&) noexcept;

  /** Every model, file by file in written order. */
  std::span<const ModelSpec> models() const;
  const ModelSpec* find(std::string_view app, std::string_view model) const;
  /** The model a ref/many field points at, when it is in this set. */
  const ModelSpec* target(const FieldSpec& field) const;

 private:
  struct Storage;
  // Owned; a plain pointer (freed in the destructor, out of line) keeps <memory>
  // out of this header, which every generated model header includes.
  Storage* storage_ = nullptr;
};

}  // namespace cpprustango::schema
