// Meaning of type expressions (`string(200)`, `array(int)`, `ref(shop.Product)`)
// and of @default values, which depend on the field's type.
#include <charconv>

#include "cpprustango/schema/format.hpp"
#include "schema/syntax.hpp"

namespace cpprustango::schema::detail {
namespace {

std::vector<std::string_view> type_names() { return {detail::kKindNames.begin(), detail::kKindNames.end()}; }

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

/** A whole-number parameter of at least `minimum`, e.g. the 200 of string(200). */
int whole_number(const Value& value, const std::string& what, int minimum, const Context& context) {
  int result = 0;
  const auto* end = value.text.data() + value.text.size();
  const auto parsed = std::from_chars(value.text.data(), end, result);
  if (value.kind != Value::Kind::Number || parsed.ec != std::errc() || parsed.ptr != end || result < minimum) {
    context.fail(value.location, what + " must be a " + (minimum > 0 ? "positive " : "") + "whole number" +
                                     (minimum == 0 ? " (0 or more)" : "") + ", found " + describe(value));
  }
  return result;
}

void no_names(const std::vector<Arg>& args, std::string_view type, const Context& context) {
  for (const Arg& arg : args) {
    if (!arg.name.empty()) {
      context.fail(arg.name_location, "the parameters of " + std::string(type) + "(...) have no names");
    }
  }
}

void interpret(FieldType& type, const Value& value, bool in_array, Context& context) {
  const std::string name(value.text);
  const auto kind = kind_from_name(value.kind == Value::Kind::Path ? std::string_view() : value.text);
  if (!kind) {
    const std::string hint = suggestion(value.text, type_names());
    context.fail(value.location,
                 "unknown type '" + name + "'" +
                     (hint.empty() ? "; the types are " + join({kKindNames.begin(), kKindNames.end()}, ", ") : hint));
  }
  type.kind = *kind;
  const std::vector<Arg>& args = value.args;
  no_names(args, name, context);
  const bool has_args = value.kind == Value::Kind::Call && !args.empty();
  auto at_most = [&](std::size_t count, const std::string& usage) {
    if (args.size() > count) context.fail(args[count].value.location, usage);
  };

  switch (type.kind) {
    case FieldKind::String:
    case FieldKind::Slug:
      if (!has_args) {
        context.fail(value.location, "type '" + name + "' needs a maximum length, e.g. " + name + "(200)");
      }
      at_most(1, "type '" + name + "' takes one parameter, its maximum length");
      type.max_length = whole_number(args[0].value, "the length of " + name + "(...)", 1, context);
      return;
    case FieldKind::Decimal:
      if (args.size() != 2) {
        context.fail(has_args ? args[0].value.location : value.location,
                     "type 'decimal' needs its digits and decimal places, e.g. decimal(10, 2)");
      }
      type.precision = whole_number(args[0].value, "the digits of decimal(...)", 1, context);
      type.scale = whole_number(args[1].value, "the decimal places of decimal(...)", 0, context);
      if (type.scale > type.precision) {
        context.fail(args[1].value.location, "decimal(" + std::to_string(type.precision) + ", " +
                                                 std::to_string(type.scale) + ") has more decimal places than digits");
      }
      return;
    case FieldKind::Bit:
      at_most(1, "type 'bit' takes one parameter, its length in bits");
      type.bit_length = has_args ? whole_number(args[0].value, "the length of bit(...)", 1, context) : 1;
      return;
    case FieldKind::Choice:
    case FieldKind::MultiChoice:
      if (in_array) break;
      if (!has_args) {
        context.fail(value.location, "type '" + name + "' needs its values, e.g. " + name + "(draft, published)");
      }
      for (const Arg& arg : args) {
        // A value that is no name (an adopted enum's 'PG-13') is written as a string; commas separate stored lists.
        const bool text = arg.value.kind == Value::Kind::String && is_choice_value(arg.value.string);
        if (arg.value.kind != Value::Kind::Identifier && !text) {
          context.fail(arg.value.location, "the values of " + name +
                                               "(...) are names such as draft or in_review, or strings without commas "
                                               "such as \"PG-13\", found " +
                                               describe(arg.value));
        }
        std::string choice = text ? arg.value.string : std::string(arg.value.text);
        for (const auto& earlier : type.choices) {
          if (earlier == choice) context.fail(arg.value.location, "choice '" + choice + "' appears twice");
        }
        type.choices.push_back(std::move(choice));
      }
      return;
    case FieldKind::Ref:
    case FieldKind::Many: {
      if (in_array) break;
      const std::string usage =
          "type '" + name + "' needs the model it points to, e.g. " + name + "(Author) or " + name + "(shop.Product)";
      if (!has_args) context.fail(value.location, usage);
      at_most(1, usage);
      const Value& target = args[0].value;
      if (target.kind != Value::Kind::Identifier && target.kind != Value::Kind::Path)
        context.fail(target.location, usage);
      type.target = std::string(target.text);
      context.targets.push_back({target.text, type.kind == FieldKind::Ref ? "ref" : "many", target.location});
      return;
    }
    case FieldKind::Array: {
      if (in_array) break;
      if (!has_args) context.fail(value.location, "type 'array' needs its element type, e.g. array(int)");
      at_most(1, "type 'array' takes one parameter, its element type");
      const Value& element = args[0].value;
      if (element.kind != Value::Kind::Identifier && element.kind != Value::Kind::Call) {
        context.fail(element.location, "expected the element type of array(...), found " + describe(element));
      }
      FieldType inner;
      interpret(inner, element, true, context);
      type.element = inner.kind;
      type.max_length = inner.max_length;
      type.precision = inner.precision;
      type.scale = inner.scale;
      type.bit_length = inner.bit_length;
      return;
    }
    default:
      if (value.kind == Value::Kind::Call && !args.empty()) {
        context.fail(args[0].value.location, "type '" + name + "' takes no parameters");
      }
      // Fixed lengths, as Django's EmailField and URLField.
      if (type.kind == FieldKind::Email) type.max_length = 254;
      if (type.kind == FieldKind::Url) type.max_length = 200;
      return;
  }
  context.fail(value.location, "arrays hold single values: '" + name + "' cannot be an array element");
}

std::string expected_default(const FieldType& type) {
  switch (type.kind) {
    case FieldKind::Bool:
      return "true or false";
    case FieldKind::SmallInt:
    case FieldKind::Int:
    case FieldKind::BigInt:
      return "a whole number, e.g. @default(0)";
    case FieldKind::Real:
    case FieldKind::Double:
    case FieldKind::Decimal:
      return "a number, e.g. @default(0)";
    case FieldKind::Choice:
      return "one of its choices (" + join(type.choices, ", ") + ")";
    case FieldKind::MultiChoice:
      return "a list of its choices, e.g. @default([" + type.choices.front() + "])";
    case FieldKind::Date:
    case FieldKind::Time:
    case FieldKind::DateTime:
    case FieldKind::Timestamp:
    case FieldKind::TimeTz:
      return "a string or now()";
    case FieldKind::Uuid:
      return "a string or uuid()";
    case FieldKind::Ref:
      return "the key of the referenced row (a number or a string)";
    default:
      return "a string";
  }
}

}  // namespace

void apply_type(FieldType& type, const Value& value, Context& context) { interpret(type, value, false, context); }

DefaultValue default_for(const Field& field, const Value& value, const Context& context) {
  const FieldKind kind = field.type.kind;
  auto mismatch = [&]() {
    context.fail(value.location, "@default of field '" + field.name + "' (" + format_type(field.type) + ") must be " +
                                     expected_default(field.type) + ", found " + describe(value));
  };
  // A choice is named as written in choice(...): a name, or a string.
  auto choice_of = [](const Value& item) {
    return item.kind == Value::Kind::String ? item.string : std::string(item.text);
  };
  auto in_choices = [&](const Value& item) {
    for (const auto& choice : field.type.choices) {
      if (choice == choice_of(item)) return;
    }
    context.fail(item.location, "default '" + choice_of(item) + "' is not one of the choices of '" + field.name +
                                    "': " + join(field.type.choices, ", "));
  };

  switch (value.kind) {
    case Value::Kind::Call:
      if (!value.args.empty() && value.text != "sql") {
        context.fail(value.args[0].value.location, std::string(value.text) + "() takes no arguments");
      }
      if (value.text == "now") {
        if (!is_temporal(kind)) mismatch();
        return {DefaultKind::Now, {}};
      }
      if (value.text == "uuid") {
        if (kind != FieldKind::Uuid) mismatch();
        return {DefaultKind::Uuid, {}};
      }
      if (value.text == "sql") {
        if (value.args.size() != 1 || value.args[0].value.kind != Value::Kind::String || !value.args[0].name.empty()) {
          context.fail(value.location, "sql(...) takes the SQL expression as one string, e.g. sql(\"CURRENT_DATE\")");
        }
        return {DefaultKind::Sql, value.args[0].value.string};
      }
      context.fail(value.location, "unknown function '" + std::string(value.text) +
                                       "()' in @default; use now(), uuid() or sql(\"...\")");
    case Value::Kind::Identifier:
      if (value.text == "null") {
        if (!field.nullable) {
          context.fail(value.location,
                       "@default(null) needs a nullable field: write '" + format_type(field.type) + "?'");
        }
        return {DefaultKind::Null, {}};
      }
      if (value.text == "true" || value.text == "false") {
        if (kind != FieldKind::Bool) mismatch();
        return {DefaultKind::Bool, std::string(value.text)};
      }
      if (kind != FieldKind::Choice) mismatch();
      in_choices(value);
      return {DefaultKind::Choice, std::string(value.text)};
    case Value::Kind::Number:
      if (is_integer(kind) && value.text.find('.') != std::string_view::npos) mismatch();
      if (!is_numeric(kind) && kind != FieldKind::Ref) mismatch();
      return {DefaultKind::Number, std::string(value.text)};
    case Value::Kind::String:
      if (kind == FieldKind::Choice) {
        in_choices(value);
        return {DefaultKind::Choice, value.string};
      }
      if (kind == FieldKind::Bool || is_numeric(kind) || is_choice(kind) || kind == FieldKind::Many) mismatch();
      return {DefaultKind::String, value.string};
    case Value::Kind::List: {
      if (kind != FieldKind::MultiChoice) mismatch();
      std::string joined;
      for (const Arg& item : value.args) {
        if ((item.value.kind != Value::Kind::Identifier && item.value.kind != Value::Kind::String) ||
            !item.name.empty()) {
          mismatch();
        }
        in_choices(item.value);
        if (!joined.empty()) joined += ',';
        joined += choice_of(item.value);
      }
      return {DefaultKind::ChoiceList, joined};
    }
    default:
      mismatch();
  }
  return {};
}

}  // namespace cpprustango::schema::detail
