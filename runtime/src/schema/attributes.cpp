// Meaning of field attributes (@unique, @default(...)) and model attributes
// (@@index(...), @@admin(...)): the shape of each one's arguments, the field
// kinds it applies to, and the typed member it fills.
#include <algorithm>
#include <cctype>
#include <charconv>

#include "cpprustango/schema/format.hpp"
#include "schema/lexer.hpp"
#include "schema/syntax.hpp"

namespace cpprustango::schema::detail {
namespace {

const std::vector<std::string_view> kActions = {"cascade", "restrict", "set_null", "set_default", "no_action"};
const std::vector<std::string_view> kWidgets = {"markdown", "rte", "code", "textarea"};
const std::vector<std::string_view> kBackends = {"sqlite", "postgresql"};

std::string list_words(const std::vector<std::string_view>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += words[i];
  }
  return out;
}

/** One attribute being interpreted: its syntax, how it is spelled in messages, where errors go. */
struct Attr {
  const AttributeSyntax& syntax;
  std::string spelled;  // "@min", "@@index"
  const Context& context;

  [[noreturn]] void fail(Location location, const std::string& message) const { context.fail(location, message); }

  void no_arguments() const {
    if (!syntax.args.empty()) fail(syntax.args[0].value.location, spelled + " takes no arguments");
  }

  /** The single positional argument; `example` shows the expected form. */
  const Value& one(std::string_view example) const {
    if (syntax.args.empty()) fail(syntax.location, spelled + " needs a value, e.g. " + std::string(example));
    if (syntax.args.size() > 1)
      fail(syntax.args[1].value.location, spelled + " takes one value, e.g. " + std::string(example));
    if (!syntax.args[0].name.empty()) fail(syntax.args[0].name_location, spelled + " takes no named options");
    return syntax.args[0].value;
  }

  std::string string(const Value& value, std::string_view example) const {
    if (value.kind != Value::Kind::String) {
      fail(value.location, spelled + " takes a string, e.g. " + std::string(example) + ", found " + describe(value));
    }
    if (value.string.empty()) fail(value.location, spelled + " needs a non-empty string");
    return value.string;
  }
  std::string string(std::string_view example) const { return string(one(example), example); }

  std::string_view word(const std::vector<std::string_view>& allowed) const {
    const Value& value = one(spelled + "(" + std::string(allowed.front()) + ")");
    for (std::string_view candidate : allowed) {
      if (value.kind == Value::Kind::Identifier && value.text == candidate) return candidate;
    }
    fail(value.location, spelled + " takes " + list_words(allowed) + ", found " + describe(value) +
                             (value.kind == Value::Kind::Identifier ? suggestion(value.text, allowed) : ""));
  }

  bool boolean(const Value& value) const {
    if (value.kind != Value::Kind::Identifier || (value.text != "true" && value.text != "false")) {
      fail(value.location, spelled + " takes true or false, found " + describe(value));
    }
    return value.text == "true";
  }

  double number(const Value& value, bool whole) const {
    double result = 0;
    const auto* end = value.text.data() + value.text.size();
    const bool is_whole = value.text.find('.') == std::string_view::npos;
    if (value.kind != Value::Kind::Number || std::from_chars(value.text.data(), end, result).ptr != end ||
        (whole && !is_whole)) {
      fail(value.location,
           spelled + " takes " + (whole ? "a whole number" : "a number") + ", found " + describe(value));
    }
    return result;
  }

  /**
   * Positional arguments (exactly `positional` of them) followed by named options from
   * `names`; returns the named options by index into `names` (nullptr when absent).
   */
  std::vector<const Value*> options(std::size_t positional, const std::vector<std::string_view>& names,
                                    std::string_view usage) const {
    std::vector<const Value*> named(names.size(), nullptr);
    std::size_t seen_positional = 0;
    bool seen_named = false;
    for (const Arg& arg : syntax.args) {
      if (arg.name.empty()) {
        if (seen_positional == positional || seen_named) {
          fail(arg.value.location, spelled + " takes " + std::string(usage));
        }
        ++seen_positional;
        continue;
      }
      std::size_t index = 0;
      while (index < names.size() && names[index] != arg.name) ++index;
      if (index == names.size()) {
        fail(arg.name_location, "unknown option '" + std::string(arg.name) + "' in " + spelled +
                                    suggestion(arg.name, names) + " (options: " + list_words(names) + ")");
      }
      if (named[index]) fail(arg.name_location, "option '" + std::string(arg.name) + "' appears twice in " + spelled);
      named[index] = &arg.value;
      seen_named = true;
    }
    if (seen_positional < positional) fail(syntax.location, spelled + " takes " + std::string(usage));
    return named;
  }
};

/** `[a, b]`: field names of this model, resolved once the model is complete. */
std::vector<std::string> field_list(const Attr& attr, const Value& value, std::string_view context, FieldUse use,
                                    ModelState& state) {
  if (value.kind != Value::Kind::List) {
    attr.fail(value.location, "expected a list of field names in " + std::string(context) +
                                  ", e.g. [title, status], found " + describe(value));
  }
  std::vector<std::string> names;
  for (const Arg& item : value.args) {
    if (item.value.kind != Value::Kind::Identifier || !item.name.empty()) {
      attr.fail(item.value.location,
                "expected a field name in " + std::string(context) + ", found " + describe(item.value));
    }
    state.references.push_back({item.value.text, item.value.location, context, use});
    names.emplace_back(item.value.text);
  }
  return names;
}

std::vector<std::string> non_empty_field_list(const Attr& attr, const Value& value, std::string_view context,
                                              FieldUse use, ModelState& state) {
  auto names = field_list(attr, value, context, use, state);
  if (names.empty()) attr.fail(value.location, std::string(context) + " needs at least one field");
  return names;
}

/** `[name, -created_at]` */
std::vector<OrderTerm> order_list(const Attr& attr, const Value& value, std::string_view context, ModelState& state) {
  if (value.kind != Value::Kind::List) {
    attr.fail(value.location,
              "expected a list such as [name, -created_at] in " + std::string(context) + ", found " + describe(value));
  }
  std::vector<OrderTerm> terms;
  for (const Arg& item : value.args) {
    const bool descending = item.value.kind == Value::Kind::Descending;
    if ((!descending && item.value.kind != Value::Kind::Identifier) || !item.name.empty()) {
      attr.fail(item.value.location,
                "expected a field name or -field_name in " + std::string(context) + ", found " + describe(item.value));
    }
    state.references.push_back({item.value.text, item.value.location, context, FieldUse::NotMany});
    terms.push_back({std::string(item.value.text), descending});
  }
  return terms;
}

/** Each "{field}" of a display pattern becomes a reference pointing at its own column. */
void display_placeholders(const Attr& attr, const Value& value, ModelState& state) {
  const std::string_view raw = value.text;  // with quotes: offsets are source columns
  int column = value.location.column;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if ((static_cast<unsigned char>(raw[i]) & 0xC0) != 0x80 && i > 0) ++column;
    if (raw[i] != '{') continue;
    std::size_t end = i + 1;
    while (end < raw.size() && (std::isalnum(static_cast<unsigned char>(raw[end])) || raw[end] == '_')) ++end;
    const Location at{value.location.line, column};
    if (end == i + 1 || end >= raw.size() || raw[end] != '}') {
      attr.fail(at, "expected a field name and '}' after '{' in @@display, e.g. \"{title}\"");
    }
    state.references.push_back(
        {raw.substr(i + 1, end - i - 1), {at.line, at.column + 1}, "@@display", FieldUse::NotMany});
  }
}

void applies(const Attr& attr, const Field& field, bool ok, std::string_view kinds) {
  if (!ok) {
    attr.fail(attr.syntax.location, attr.spelled + " applies to " + std::string(kinds) + ", not to '" + field.name +
                                        "' (" + format_type(field.type) + ")");
  }
}

AdminOptions admin_options(const Attr& attr, ModelState& state) {
  static const std::vector<std::string_view> names = {"list_display",  "search_fields",   "list_filter", "ordering",
                                                      "list_per_page", "readonly_fields", "fieldsets",   "actions"};
  const auto named = attr.options(0, names, "named options only, e.g. @@admin(list_display: [title, status])");
  AdminOptions admin;
  if (named[0]) admin.list_display = field_list(attr, *named[0], "list_display of @@admin", FieldUse::NotMany, state);
  if (named[1]) admin.search_fields = field_list(attr, *named[1], "search_fields of @@admin", FieldUse::Scalar, state);
  if (named[2]) admin.list_filter = field_list(attr, *named[2], "list_filter of @@admin", FieldUse::Any, state);
  if (named[3]) admin.ordering = order_list(attr, *named[3], "ordering of @@admin", state);
  if (named[4]) {
    const Value& value = *named[4];
    const double count = attr.number(value, true);
    if (count < 1 || count > 10000) attr.fail(value.location, "list_per_page of @@admin must be between 1 and 10000");
    admin.list_per_page = static_cast<int>(count);
  }
  if (named[5]) admin.readonly_fields = field_list(attr, *named[5], "readonly_fields of @@admin", FieldUse::Any, state);
  if (named[6]) {
    const Value& list = *named[6];
    const std::string usage = "expected a fieldset (\"Title\", [field, ...]) in fieldsets of @@admin, found ";
    if (list.kind != Value::Kind::List) attr.fail(list.location, usage + describe(list));
    for (const Arg& item : list.args) {
      const Value& group = item.value;
      if (group.kind != Value::Kind::Tuple || group.args.size() != 2 ||
          group.args[0].value.kind != Value::Kind::String) {
        attr.fail(group.location, usage + describe(group));
      }
      admin.fieldsets.push_back(
          {group.args[0].value.string,
           non_empty_field_list(attr, group.args[1].value, "fieldsets of @@admin", FieldUse::Any, state)});
    }
  }
  if (named[7]) {
    const Value& list = *named[7];
    if (list.kind != Value::Kind::List)
      attr.fail(list.location, "expected a list of action names in actions of @@admin");
    admin.actions.emplace();
    for (const Arg& item : list.args) {
      if (item.value.kind != Value::Kind::Identifier) {
        attr.fail(item.value.location, "expected an action name in actions of @@admin, found " + describe(item.value));
      }
      admin.actions->emplace_back(item.value.text);
    }
  }
  return admin;
}

}  // namespace

void apply_field_attribute(Field& field, const AttributeSyntax& syntax, FieldState& field_state,
                           ModelState& model_state, Context& context) {
  std::size_t which = 0;
  while (which < kFieldAttributeCount && kFieldAttributeNames[which] != syntax.name) ++which;
  const Attr attr{syntax, "@" + std::string(syntax.name), context};
  if (which == kFieldAttributeCount) {
    std::string hint = suggestion(syntax.name, {kFieldAttributeNames.begin(), kFieldAttributeNames.end()}, "@");
    if (hint.empty() && closest(syntax.name, {kModelAttributeNames.begin(), kModelAttributeNames.end()})) {
      hint = "; model attributes are written on their own line with '@@'";
    }
    attr.fail(syntax.location,
              "unknown attribute '@" + std::string(syntax.name) + "' on field '" + field.name + "'" + hint);
  }
  if (field_state.seen[which])
    attr.fail(syntax.location, attr.spelled + " appears twice on field '" + field.name + "'");
  field_state.seen[which] = syntax.location;

  const FieldKind kind = field.type.kind;
  const bool many = kind == FieldKind::Many;
  switch (static_cast<FieldAttribute>(which)) {
    case kId:
      attr.no_arguments();
      applies(attr, field, !many, "fields with a column");
      if (model_state.id_attribute) {
        attr.fail(syntax.location, "model already has an @id field ('" + model_state.id_field +
                                       "'); a composite key is written @@id([a, b])");
      }
      model_state.id_attribute = syntax.location;
      model_state.id_field = field.name;
      field.primary_key = true;
      break;
    case kAuto:
      attr.no_arguments();
      applies(attr, field, is_integer(kind), "integer fields (smallint, int, bigint)");
      field.auto_increment = true;
      break;
    case kUnique:
      attr.no_arguments();
      applies(attr, field, !many, "fields with a column");
      field.unique = true;
      break;
    case kIndex:
      attr.no_arguments();
      applies(attr, field, !many, "fields with a column");
      field.indexed = true;
      break;
    case kDefault:
      applies(attr, field, !many, "fields with a column");
      field.default_value = default_for(field, attr.one("@default(0)"), context);
      break;
    case kMin:
    case kMax:
      applies(attr, field, is_numeric(kind), "numeric fields");
      (which == kMin ? field.min : field.max) = attr.number(attr.one(attr.spelled + "(1)"), is_integer(kind));
      break;
    case kAutoNowAdd:
    case kAutoNow:
      attr.no_arguments();
      applies(attr, field, is_temporal(kind), "date, time, datetime, timestamp and timetz fields");
      (which == kAutoNow ? field.auto_now : field.auto_now_add) = true;
      break;
    case kSlugFrom: {
      applies(attr, field, kind == FieldKind::Slug, "slug fields");
      const Value& source = attr.one("@slug_from(title)");
      if (source.kind != Value::Kind::Identifier) {
        attr.fail(source.location, "@slug_from takes a field name, e.g. @slug_from(title), found " + describe(source));
      }
      if (source.text == field.name)
        attr.fail(source.location, "field '" + field.name + "' cannot be its own slug source");
      model_state.references.push_back({source.text, source.location, "@slug_from", FieldUse::SlugSource});
      field.slug_from = std::string(source.text);
      break;
    }
    case kOnDelete:
    case kOnUpdate: {
      applies(attr, field, kind == FieldKind::Ref, "ref() fields");
      const auto action = static_cast<ReferentialAction>(
          std::find(kActions.begin(), kActions.end(), attr.word(kActions)) - kActions.begin());
      (which == kOnDelete ? field.on_delete : field.on_update) = action;
      break;
    }
    case kDbConstraint:
      applies(attr, field, kind == FieldKind::Ref, "ref() fields");
      field.db_constraint = attr.boolean(attr.one("@db_constraint(false)"));
      break;
    case kRelatedName: {
      applies(attr, field, is_relation(kind), "ref() and many() fields");
      const Value& value = attr.one("@related_name(\"posts\")");
      std::string name = attr.string(value, "@related_name(\"posts\")");
      if (name != "+" && (!is_snake_case(name) || is_cpp_keyword(name) || is_standard_macro(name))) {
        attr.fail(value.location,
                  "@related_name must be a snake_case name such as \"posts\" (or \"+\" for no "
                  "reverse accessor), found " +
                      describe(value));
      }
      field.related_name = std::move(name);
      break;
    }
    case kColumn:
      applies(attr, field, !many, "fields with a column");
      field.column = attr.string("@column(\"Column Name\")");
      break;
    case kEnum:
      applies(attr, field, kind == FieldKind::Choice, "choice() fields");
      field.enum_type = attr.string("@enum(\"mpaa_rating\")");
      break;
    case kCollate:
      applies(attr, field, is_textual(kind) || kind == FieldKind::Choice, "string, text, email, url, slug and choice fields");
      field.collation = attr.string("@collate(\"NOCASE\")");
      break;
    case kBackend:
      field.backend = attr.word(kBackends) == "sqlite" ? Backend::SQLite : Backend::PostgreSQL;
      break;
    case kDisplay:
      attr.no_arguments();
      applies(attr, field, !many, "fields with a column");
      if (model_state.display_attribute) {
        attr.fail(syntax.location, "model already has a @display field ('" + model_state.display_field +
                                       "'); only one field can be a row's string form");
      }
      model_state.display_attribute = syntax.location;
      model_state.display_field = field.name;
      field.display = true;
      break;
    case kLabel:
      field.label = attr.string("@label(\"Headline\")");
      break;
    case kWidget: {
      applies(attr, field,
              kind == FieldKind::String || kind == FieldKind::Text || kind == FieldKind::Json || kind == FieldKind::Xml,
              "string, text, json and xml fields");
      const std::string_view widget = attr.word(kWidgets);
      field.widget = static_cast<Widget>(std::find(kWidgets.begin(), kWidgets.end(), widget) - kWidgets.begin() + 1);
      break;
    }
    case kHelp:
      field.help = attr.string("@help(\"Shown under the field\")");
      break;
    case kExample:
      field.example = attr.string("@example(\"jane@example.com\")");
      break;
    case kNoForm:
      attr.no_arguments();
      field.noform = true;
      break;
    case kNoEdit:
      attr.no_arguments();
      field.noedit = true;
      break;
    case kComment:
      field.comment = attr.string("@comment(\"varchar(40) in the original database\")");
      break;
    case kFieldAttributeCount:
      break;
  }
}

void apply_model_attribute(Model& model, const AttributeSyntax& syntax, ModelState& state, Context& context) {
  std::size_t which = 0;
  while (which < kModelAttributeCount && kModelAttributeNames[which] != syntax.name) ++which;
  const Attr attr{syntax, "@@" + std::string(syntax.name), context};
  if (which == kModelAttributeCount) {
    std::string hint = suggestion(syntax.name, {kModelAttributeNames.begin(), kModelAttributeNames.end()}, "@@");
    if (hint.empty() && closest(syntax.name, {kFieldAttributeNames.begin(), kFieldAttributeNames.end()})) {
      hint = "; field attributes take one '@' and follow the field's type";
    }
    attr.fail(syntax.location,
              "unknown model attribute '@@" + std::string(syntax.name) + "' in model '" + model.name + "'" + hint);
  }
  const bool repeatable = which == kModelIndex || which == kModelUnique || which == kCheck;
  if (!repeatable && state.seen[which]) {
    attr.fail(syntax.location, attr.spelled + " appears twice in model '" + model.name + "'");
  }
  state.seen[which] = syntax.location;

  switch (static_cast<ModelAttribute>(which)) {
    case kModelId:
      model.id_fields = non_empty_field_list(attr, attr.one("@@id([a, b])"), "@@id", FieldUse::Key, state);
      break;
    case kTable:
      model.table = attr.string("@@table(\"blog_post\")");
      break;
    case kManaged:
      model.managed = attr.boolean(attr.one("@@managed(false)"));
      break;
    case kVerboseName:
      model.verbose_name = attr.string("@@verbose_name(\"blog post\")");
      break;
    case kVerboseNamePlural:
      model.verbose_name_plural = attr.string("@@verbose_name_plural(\"blog posts\")");
      break;
    case kModelDisplay: {
      const Value& value = attr.one("@@display(\"{title}\")");
      model.display = attr.string(value, "@@display(\"{title}\")");
      display_placeholders(attr, value, state);
      break;
    }
    case kOrdering:
      model.ordering = order_list(attr, attr.one("@@ordering([name, -created_at])"), "@@ordering", state);
      break;
    case kModelIndex:
    case kModelUnique: {
      const bool is_index = which == kModelIndex;
      static const std::vector<std::string_view> index_names = {"name", "where", "using", "unique"};
      static const std::vector<std::string_view> unique_names = {"name", "where", "using"};
      const auto named = attr.options(1, is_index ? index_names : unique_names,
                                      is_index ? "a list of fields or sql(\"...\"), then name:, where:, using: and "
                                                 "unique:, e.g. @@index([status, published_at], name: \"post_status_idx\")"
                                               : "a list of fields or sql(\"...\"), then name:, where: and using:, e.g. "
                                                 "@@unique([author, slug])");
      Index index;
      index.location = syntax.location;
      const Value& key = syntax.args[0].value;
      if (key.kind == Value::Kind::Call && key.text == "sql") {
        if (key.args.size() != 1 || key.args[0].value.kind != Value::Kind::String || !key.args[0].name.empty() ||
            key.args[0].value.string.empty()) {
          attr.fail(key.location, "sql(...) takes the index's key as one string, e.g. sql(\"lower(email)\")");
        }
        index.expression = key.args[0].value.string;
      } else {
        index.fields = non_empty_field_list(attr, key, is_index ? "@@index" : "@@unique", FieldUse::NotMany, state);
      }
      if (named[0]) index.name = attr.string(*named[0], "name: \"post_status_idx\"");
      if (named[1]) index.where = attr.string(*named[1], "where: \"deleted_at IS NULL\"");
      if (named[2]) index.method = attr.string(*named[2], "using: \"gin\"");
      index.unique = !is_index || (named[3] && attr.boolean(*named[3]));
      (is_index ? model.indexes : model.uniques).push_back(std::move(index));
      break;
    }
    case kCheck: {
      const auto named = attr.options(1, {"name"},
                                      "the SQL expression as a string, then name:, e.g. "
                                      "@@check(\"price >= 0\", name: \"price_positive\")");
      Check check;
      check.location = syntax.location;
      check.expression = attr.string(syntax.args[0].value, "@@check(\"price >= 0\")");
      if (named[0]) check.name = attr.string(*named[0], "name: \"price_positive\"");
      model.checks.push_back(std::move(check));
      break;
    }
    case kModelComment:
      model.comment = attr.string("@@comment(\"Imported from the legacy database\")");
      break;
    case kAdmin:
      model.admin = admin_options(attr, state);
      break;
    case kModelAttributeCount:
      break;
  }
}

}  // namespace cpprustango::schema::detail
