// The owning in-memory form of one app's models.schema: what parse() returns,
// what format() prints and what SpecSet turns into constexpr-style views.
// Attributes are typed members rather than a list of name/value pairs so the
// CLI, codegen and migrations never re-interpret attribute text.
//
// Equality (operator==) compares meaning and comments, never source positions:
// parse(format(file)) == file is the formatter's contract.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cpprustango/schema/kind.hpp"

namespace cpprustango::schema {

/** Where something was written: 1-based line and column (columns count characters, not bytes). */
struct Location {
  int line = 0;
  int column = 0;
  // Positions describe the text, not the model: two parses of differently
  // laid-out but equivalent files must compare equal.
  friend constexpr bool operator==(Location, Location) { return true; }
};

/** Comments kept with a model, field or model attribute; the text is what follows "//", as written. */
struct Comments {
  std::vector<std::string> leading;     ///< whole-line comments directly above
  std::optional<std::string> trailing;  ///< the comment at the end of the same line
  bool empty() const { return leading.empty() && !trailing; }
  bool operator==(const Comments&) const = default;
};

/**
 * A field's type with its parameters. Parameters that a kind does not take stay 0/empty.
 * For array(T), `element` is T's kind and T's own parameters live in the same members
 * (array(string(20)): kind Array, element String, max_length 20).
 */
struct FieldType {
  using Kind = FieldKind;
  Kind kind = Kind::Int;
  Kind element = Kind::Int;  ///< array element kind (Array only)
  int max_length = 0;        ///< string(n), slug(n); implied 254 for email, 200 for url
  int precision = 0;         ///< decimal(p, s)
  int scale = 0;
  int bit_length = 0;                ///< bit(n); bare `bit` means bit(1)
  std::vector<std::string> choices;  ///< choice(...), multichoice(...) in written order
  std::string target;                ///< ref/many: "Author" (this app) or "shop.Product"
  bool operator==(const FieldType&) const = default;
};

struct DefaultValue {
  DefaultKind kind = DefaultKind::None;
  /**
   * Number: digits as written ("-1.50"); String: the unescaped text; Bool: "true"/"false";
   * Choice: the choice name; ChoiceList: names joined by ',' ("a,b"); Sql: the raw
   * expression; Null, Now, Uuid: empty.
   */
  std::string text;
  bool operator==(const DefaultValue&) const = default;
};

struct Field {
  std::string name;
  FieldType type;
  bool nullable = false;
  /** The `id bigint @id @auto` a model gets when it declares no key; never printed by format(). */
  bool implicit = false;

  bool primary_key = false;                    ///< @id
  bool auto_increment = false;                 ///< @auto
  bool unique = false;                         ///< @unique
  bool indexed = false;                        ///< @index
  std::optional<DefaultValue> default_value;   ///< @default(...)
  std::optional<double> min;                   ///< @min(n)
  std::optional<double> max;                   ///< @max(n)
  bool auto_now_add = false;                   ///< @auto_now_add
  bool auto_now = false;                       ///< @auto_now
  std::optional<std::string> slug_from;        ///< @slug_from(field)
  std::optional<ReferentialAction> on_delete;  ///< as written; cascade when absent
  std::optional<ReferentialAction> on_update;  ///< as written; cascade when absent
  bool db_constraint = true;                   ///< @db_constraint(false) clears it
  std::optional<std::string> related_name;     ///< @related_name("...")
  std::optional<std::string> column;           ///< @column("...")
  std::optional<std::string> enum_type;        ///< @enum("...") on a choice: PostgreSQL's enum type of that name
  std::optional<std::string> collation;        ///< @collate("...")
  std::optional<Backend> backend;              ///< @backend(...): the field exists only there
  bool display = false;                        ///< @display
  std::optional<std::string> label;            ///< @label("...")
  Widget widget = Widget::Default;             ///< @widget(...)
  std::optional<std::string> help;             ///< @help("...")
  std::optional<std::string> example;          ///< @example("...")
  bool noform = false;                         ///< @noform: left out of forms
  bool noedit = false;                         ///< @noedit: shown read-only
  std::optional<std::string> comment;          ///< @comment("...")

  Location location;       ///< of the field name
  Location type_location;  ///< of the type keyword
  Comments comments;
  bool operator==(const Field&) const = default;
};

/** `[name, -created_at]`: a field and a direction. */
struct OrderTerm {
  std::string field;
  bool descending = false;
  bool operator==(const OrderTerm&) const = default;
};

/**
 * @@index([...]) or @@unique([...]); `unique` is always set on an @@unique and may be on an @@index.
 * An expression index gives its key as SQL instead of fields: @@index(sql("lower(email)")).
 */
struct Index {
  std::vector<std::string> fields;              ///< empty for an expression index
  std::optional<std::string> expression;        ///< sql("..."): the key, as written between CREATE INDEX's parentheses
  std::optional<std::string> name;
  bool unique = false;
  std::optional<std::string> where;             ///< where: "...": a partial index's condition, raw SQL
  std::optional<std::string> method;            ///< using: "gin": PostgreSQL's index method (btree when absent)
  Location location;
  Comments comments;
  bool operator==(const Index&) const = default;
};

struct Check {
  std::string expression;
  std::optional<std::string> name;
  Location location;
  Comments comments;
  bool operator==(const Check&) const = default;
};

struct Fieldset {
  std::string title;
  std::vector<std::string> fields;
  bool operator==(const Fieldset&) const = default;
};

/** @@admin(...): options of the auto-admin's list and form pages. */
struct AdminOptions {
  std::vector<std::string> list_display;
  std::vector<std::string> search_fields;
  std::vector<std::string> list_filter;
  std::vector<OrderTerm> ordering;
  std::optional<int> list_per_page;
  std::vector<std::string> readonly_fields;
  std::vector<Fieldset> fieldsets;
  /** Absent: the default actions (delete_selected); an empty list: no actions at all. */
  std::optional<std::vector<std::string>> actions;
  bool operator==(const AdminOptions&) const = default;
};

struct Model {
  std::string name;
  std::vector<Field> fields;  ///< in written order; an implicit id comes first

  std::vector<std::string> id_fields;              ///< @@id([a, b])
  std::optional<std::string> table;                ///< @@table("...")
  bool managed = true;                             ///< @@managed(false) clears it
  std::optional<std::string> verbose_name;         ///< @@verbose_name("...")
  std::optional<std::string> verbose_name_plural;  ///< @@verbose_name_plural("...")
  std::optional<std::string> display;              ///< @@display("{field} ...")
  std::vector<OrderTerm> ordering;                 ///< @@ordering([...])
  std::vector<Index> indexes;                      ///< @@index, in written order
  std::vector<Index> uniques;                      ///< @@unique (unique_together), in written order
  std::vector<Check> checks;                       ///< @@check, in written order
  std::optional<std::string> comment;              ///< @@comment("...")
  std::optional<AdminOptions> admin;               ///< @@admin(...)

  Location location;                      ///< of the model name
  Comments comments;                      ///< above `model X {` and at the end of that line
  std::vector<std::string> end_comments;  ///< comments just before the closing '}'
  /** Comments of the single-valued model attributes, keyed by name without "@@" ("table", "admin"). */
  std::map<std::string, Comments, std::less<>> attribute_comments;

  const Field* find_field(std::string_view field_name) const;
  Field* find_field(std::string_view field_name);
  bool operator==(const Model&) const = default;
};

struct SchemaFile {
  std::string app;   ///< "blog"; prefixes default table names
  std::string path;  ///< as given to parse(); used in messages
  std::vector<Model> models;
  std::vector<std::string> header_comments;    ///< the file's opening comment block
  std::vector<std::string> trailing_comments;  ///< comments after the last model

  const Model* find_model(std::string_view model_name) const;
  Model* find_model(std::string_view model_name);
  bool operator==(const SchemaFile&) const = default;
};

/** Whether choice(...) can hold `value`: any text but an empty one or one with a comma (stored lists are comma-separated). */
bool is_choice_value(std::string_view value);

/** "BlogPost" -> "blog_post", "HTTPLog" -> "http_log". */
std::string snake_case(std::string_view pascal_name);

/** @@table, else "<app>_<model in snake_case>" ("blog_post"); just the snake name without an app. */
std::string table_name(std::string_view app, const Model& model);

/** @column, else the field name, with "_id" appended for ref fields; empty for many(). */
std::string column_name(const Field& field);

/** The key fields: the @id field, or the @@id fields in order (empty only for a keyless model). */
std::vector<const Field*> primary_key(const Model& model);

/** Adds the implicit `id bigint @id @auto` in front when the model has no @id field and no @@id. */
void add_implicit_primary_key(Model& model);

/** @@verbose_name, else the name split into lower-case words ("BlogPost" -> "blog post"). */
std::string verbose_name(const Model& model);
/** @@verbose_name_plural, else verbose_name + "s". */
std::string verbose_name_plural(const Model& model);

/** @label, else the name with spaces for underscores ("published_at" -> "published at"). */
std::string field_label(const Field& field);

/** @@display, else "{f}" for the @display field, else empty (the admin shows "Post object (pk)"). */
std::string display_pattern(const Model& model);

/** Join table of a many() field: "<table>_<field>" ("blog_post_tags"). */
std::string through_table(std::string_view app, const Model& model, const Field& field);

/**
 * The join table's two key columns of a many() field: the owner's and the target's
 * snake-case model name with "_id" ({"post_id", "tag_id"}); a model related to
 * itself gets {"from_<m>_id", "to_<m>_id"}. Together they are the join table's key.
 */
std::pair<std::string, std::string> through_columns(const Model& model, const Field& field);

/** `name` when it fits PostgreSQL's 63-byte identifiers, else cut with a stable hash suffix (FNV-1a) to stay unique. */
std::string fit_identifier(std::string name);

/**
 * The name a ref()/many() field gives its target for the way back: @related_name,
 * else "<owner in snake_case>_set" as in Django ("post_set"); empty for "+".
 */
std::string reverse_accessor(const Model& model, const Field& field);

/**
 * Gives the relations of `only_model` (every model when empty) reverse accessors that
 * clash with nothing on their targets in this file, the way inspectdb and make:model
 * write models: a model with several relations to one target names each
 * "<model>_<field>_set" (Product.brand -> @related_name("product_brand_set")), as
 * does a relation whose "<model>_set" is taken; "+" (no accessor) when that is taken
 * too. A @related_name already written is kept; other apps' targets are left alone.
 */
void name_reverse_accessors(SchemaFile& file, std::string_view only_model = {});

/**
 * The C++ enumerator of a choice value: the value itself, other characters as '_',
 * a leading digit after "v", '_' after a C++ keyword ("delete" -> "delete_", "PG-13" -> "PG_13").
 */
std::string enumerator(std::string_view choice);

/** "in_review" -> "InReview": the enum type a choice field gets in generated C++. */
std::string pascal_case(std::string_view snake);

/** The namespace of a model's typed columns in generated C++: "blog_post" ("class_" after a C++ keyword). */
std::string column_namespace(std::string_view model_name);

/** The members every generated model struct has (objects, save, ...): no field or reverse accessor may take one. */
bool is_generated_member(std::string_view name);

/** An index's name, or a stable one derived from the table and fields, kept within PostgreSQL's 63 bytes. */
std::string index_name(std::string_view app, const Model& model, const Index& index);
/** A check's name, or "<table>_check_<n>" with n counting the model's checks from 1. */
std::string check_name(std::string_view app, const Model& model, std::size_t check_index);

/** Splits a ref/many target into app and model: "shop.Product" -> {"shop", "Product"}; {"", "Author"}. */
std::pair<std::string_view, std::string_view> split_target(std::string_view target);

/** C++ keywords (and the alternative tokens), which can name neither models nor fields. */
bool is_cpp_keyword(std::string_view word);

/**
 * Lower-case names that the C++ standard headers define as macros ("errno",
 * "assert", "offsetof", ...) or that GCC predefines outside strict mode
 * ("unix", "linux"): the preprocessor would rewrite a field so named in the
 * generated code, so they cannot name fields either.
 */
bool is_standard_macro(std::string_view word);

}  // namespace cpprustango::schema
