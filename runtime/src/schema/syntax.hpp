// The parser's intermediate form. The grammar reads every attribute argument
// (and every type) as a generic Value; attributes.cpp then gives each
// attribute its meaning, so syntax errors and meaning errors are each
// reported in one place. References to fields and models are collected while
// parsing and resolved once the model (or file) is complete, because a
// schema may use a name before declaring it.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cpprustango/schema/model.hpp"

namespace cpprustango::schema::detail {

struct Arg;

struct Value {
  enum class Kind : unsigned char {
    Number,      ///< 12, -1.5
    String,      ///< "text"
    Identifier,  ///< draft, true, null
    Path,        ///< shop.Product
    Call,        ///< now(), string(20), sql("...")
    List,        ///< [a, b]
    Tuple,       ///< ("Title", [a, b])
    Descending,  ///< -published_at
  };
  Kind kind = Kind::Identifier;
  /** Number/Identifier/Path/Descending: the name or digits; Call: the function; String: the raw literal. */
  std::string_view text;
  std::string string;     ///< String: the unescaped value
  std::vector<Arg> args;  ///< Call arguments, List/Tuple items
  Location location;
};

struct Arg {
  std::string_view name;  ///< `name:` before the value; empty when positional
  Location name_location;
  Value value;
};

/** `@name(args)` or `@@name(args)` as written. */
struct AttributeSyntax {
  std::string_view name;
  Location location;  ///< of the '@' / '@@'
  bool parenthesized = false;
  std::vector<Arg> args;
};

/** How a referenced field may be used; checked once the model is complete. */
enum class FieldUse : unsigned char { Any, NotMany, Key, SlugSource, Scalar };

struct FieldReference {
  std::string_view name;
  Location location;
  std::string_view context;  ///< "@@index", "list_display of @@admin": static text
  FieldUse use = FieldUse::Any;
};

struct TargetReference {
  std::string_view target;  ///< as written: "Author" or "shop.Product"
  std::string_view kind;    ///< "ref" or "many"
  Location location;
};

/** Per-file parse state: where errors point and what is left to resolve. */
struct Context {
  std::string_view path;
  std::vector<TargetReference> targets;

  [[noreturn]] void fail(Location location, const std::string& message) const;
};

/** Field attributes, in the order format() prints them. */
enum FieldAttribute : std::size_t {
  kId,
  kAuto,
  kUnique,
  kIndex,
  kDefault,
  kMin,
  kMax,
  kAutoNowAdd,
  kAutoNow,
  kSlugFrom,
  kOnDelete,
  kOnUpdate,
  kDbConstraint,
  kRelatedName,
  kColumn,
  kEnum,
  kCollate,
  kBackend,
  kDisplay,
  kLabel,
  kWidget,
  kHelp,
  kExample,
  kNoForm,
  kNoEdit,
  kComment,
  kFieldAttributeCount
};
inline constexpr std::array<std::string_view, kFieldAttributeCount> kFieldAttributeNames = {
    "id",       "auto",      "unique",    "index",     "default",       "min",          "max",    "auto_now_add",
    "auto_now", "slug_from", "on_delete", "on_update", "db_constraint", "related_name", "column", "enum",
    "collate",  "backend",   "display",   "label",     "widget",        "help",         "example", "noform",
    "noedit",   "comment"};

/** Model attributes, in the order format() prints them. */
enum ModelAttribute : std::size_t {
  kModelId,
  kTable,
  kManaged,
  kVerboseName,
  kVerboseNamePlural,
  kModelDisplay,
  kOrdering,
  kModelIndex,
  kModelUnique,
  kCheck,
  kModelComment,
  kAdmin,
  kModelAttributeCount
};
inline constexpr std::array<std::string_view, kModelAttributeCount> kModelAttributeNames = {
    "id",     "table", "managed", "verbose_name", "verbose_name_plural", "display", "ordering", "index",
    "unique", "check", "comment", "admin"};

/** What one field line left to check after all its attributes are read. */
struct FieldState {
  std::array<std::optional<Location>, kFieldAttributeCount> seen{};
};

/** What one model block left to check after its closing brace. */
struct ModelState {
  std::array<std::optional<Location>, kModelAttributeCount> seen{};
  std::vector<FieldReference> references;
  std::optional<Location> display_attribute;  ///< first @display
  std::string display_field;
  std::optional<Location> id_attribute;  ///< first @id
  std::string id_field;
};

// attributes.cpp
/** Interprets a type value (`string(200)`, `array(int)`, `ref(shop.Product)`) into `type`. */
void apply_type(FieldType& type, const Value& value, Context& context);
/** The meaning of @default(value) for `field`, whose type is already known. */
DefaultValue default_for(const Field& field, const Value& value, const Context& context);
void apply_field_attribute(Field& field, const AttributeSyntax& attribute, FieldState& field_state,
                           ModelState& model_state, Context& context);
void apply_model_attribute(Model& model, const AttributeSyntax& attribute, ModelState& state, Context& context);

// validate.cpp
/** Checks combinations of a field's attributes (e.g. set_null needs a nullable field). */
void finish_field(const Field& field, const FieldState& state, const Context& context);
/** Resolves field references, settles the primary key (adding the implicit id). */
void finish_model(Model& model, ModelState& state, const Context& context);
/** Resolves ref()/many() targets within the file. */
void finish_file(const SchemaFile& file, const Context& context);

/** "snake_case" check for field names: lower-case letters, digits, single underscores. */
bool is_snake_case(std::string_view name);
bool is_pascal_case(std::string_view name);
/** The closest of `candidates` within a small edit distance, for "did you mean" hints. */
std::optional<std::string_view> closest(std::string_view word, const std::vector<std::string_view>& candidates);
/** "; did you mean 'x'?" or empty. */
std::string suggestion(std::string_view word, const std::vector<std::string_view>& candidates,
                       std::string_view prefix = "");
/** How a value reads in messages: "5", "the string \"x\"", "'draft'", "a list". */
std::string describe(const Value& value);

}  // namespace cpprustango::schema::detail
