// Rows to JSON and request bodies to rows (see render.hpp).
#include "render.hpp"

#include <algorithm>

#include "codec.hpp"
#include "cpprustango/db/errors.hpp"
#include "cpprustango/forms/model_form.hpp"
#include "cpprustango/rest/problem.hpp"

namespace cpprustango::rest::detail {

using schema::FieldKind;
using json = nlohmann::json;

namespace {

/** The record a dotted source path ends in, and the last hop: ("author.name") -> (related("author"), "name"). */
std::pair<const orm::Record*, std::string> follow(const orm::Record& row, const std::string& source) {
  const auto last = source.rfind('.');
  if (last == std::string::npos) return {&row, source};
  return {row.related(source.substr(0, last)), source.substr(last + 1)};
}

json nested_object(const orm::Record& target) {
  json out = json::object();
  for (const auto& field : target.model().fields) {
    if (field.noform || field.kind == FieldKind::Many) continue;
    out[std::string(field.name)] = encode(field, target.get(field.name));
  }
  return out;
}

bool exists(orm::Executor db, const schema::ModelSpec& target, const orm::ModelResolver& resolver,
            const db::Value& key) {
  return orm::Table(target, resolver).query().filter(key_field(target).name, "exact", {key}).exists(db);
}

std::string not_found(const json& value) {
  return "Invalid key " + value.dump() + ": the object does not exist.";
}

/** The key field of a ref's target, for reading the key from JSON; nullptr when the target is unknown. */
const schema::FieldSpec* target_key(const Serializer& serializer, const schema::FieldSpec& ref) {
  const schema::ModelSpec* target = serializer.resolver()(ref);
  return target ? &key_field(*target) : nullptr;
}

}  // namespace

const schema::FieldSpec& key_field(const schema::ModelSpec& model) {
  return *model.field(model.primary_key.front());
}

void write_rows(const Serializer& serializer, std::span<const orm::Record> rows, orm::Executor db, std::string& out) {
  const schema::ModelSpec& model = serializer.model();
  const auto key = key_field(model).name;
  // many() keys for the whole page, one query per field.
  std::vector<std::pair<const SerializerField*, std::map<std::string, std::vector<db::Value>>>> many;
  std::vector<db::Value> owners;
  for (const auto& row : rows) owners.push_back(row.get(key));
  for (const auto& field : serializer.fields()) {
    if (field.write_only || !field.field || field.field->kind != FieldKind::Many) continue;
    many.emplace_back(&field, orm::linked_keys(db, *field.field, owners));
  }
  // The keys in the order a JSON object of the library keeps them (sorted), each once (the last
  // field of a name wins, as assigning it again would), with their text written once per page.
  std::vector<const SerializerField*> order;
  for (const auto& field : serializer.fields()) {
    if (field.write_only) continue;
    std::erase_if(order, [&](const SerializerField* seen) { return seen->name == field.name; });
    order.push_back(&field);
  }
  std::stable_sort(order.begin(), order.end(),
                   [](const SerializerField* a, const SerializerField* b) { return a->name < b->name; });
  std::vector<std::string> keys;
  for (const auto* field : order) {
    keys.push_back({});
    append_json_string(keys.back(), field->name);
    keys.back() += ':';
  }

  out += '[';
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const orm::Record& row = rows[r];
    out += r == 0 ? "{" : ",{";
    for (std::size_t i = 0; i < order.size(); ++i) {
      const SerializerField& field = *order[i];
      if (i > 0) out += ',';
      out += keys[i];
      if (field.computed) {
        // A computed value has no field: its JSON type follows the value's own.
        const schema::FieldSpec untyped{.kind = FieldKind::Text};
        append_json(out, encode(untyped, field.computed(row)));
        continue;
      }
      if (field.field->kind == FieldKind::Many) {
        json linked = json::array();
        for (const auto& [owner_field, links] : many) {
          if (owner_field != &field) continue;
          const auto found = links.find(db::describe(row.get(key)));
          if (found == links.end()) break;
          const schema::FieldSpec* target = target_key(serializer, *field.field);
          for (const auto& link : found->second) linked.push_back(target ? encode(*target, link) : encode(*field.field, link));
        }
        append_json(out, linked);
        continue;
      }
      if (field.nested) {
        const orm::Record* target = row.related(field.source);
        append_json(out, target ? nested_object(*target) : json(nullptr));
        continue;
      }
      const auto [record, name] = follow(row, field.source);
      append_json(out, record ? encode(*field.field, record->get(name)) : json(nullptr));
    }
    out += '}';
  }
  out += ']';
}

std::string row_text(const Serializer& serializer, const orm::Record& row, orm::Executor db) {
  std::string out;
  write_rows(serializer, std::span<const orm::Record>(&row, 1), db, out);
  // One row's array: "[{...}]" -> "{...}".
  return out.substr(1, out.size() - 2);
}

ManySets apply_body(const Serializer& serializer, const json& body, orm::Record& record, bool partial,
                    orm::Executor db) {
  if (!body.is_object()) throw Problem(400, "The body must be a JSON object.");
  std::vector<orm::FieldError> errors;
  ManySets many;
  for (const auto& [name, value] : body.items()) {
    const auto it = std::find_if(serializer.fields().begin(), serializer.fields().end(),
                                 [&](const SerializerField& f) { return f.name == name; });
    if (it == serializer.fields().end()) {
      errors.push_back({.field = name, .code = "unknown", .message = "Unknown field."});
    } else if (it->read_only) {
      // DRF ignores read-only keys; a client sending back what it read must not fail.
    }
  }
  for (const auto& field : serializer.fields()) {
    if (field.read_only || !field.field) continue;
    const schema::FieldSpec& spec = *field.field;
    const auto found = body.find(field.name);
    if (found == body.end()) {
      if (!partial && spec.kind != FieldKind::Many && !spec.nullable && spec.default_kind == schema::DefaultKind::None &&
          db::is_null(record.get(spec.name))) {
        errors.push_back({.field = field.name, .code = "required", .message = "This field is required."});
      }
      continue;
    }
    if (spec.kind == FieldKind::Many) {
      if (!found->is_array()) {
        errors.push_back({.field = field.name, .code = "invalid", .message = "Must be a list of keys."});
        continue;
      }
      const schema::ModelSpec* target = serializer.resolver()(spec);
      std::vector<db::Value> keys;
      for (const auto& item : *found) {
        const schema::FieldSpec as_ref{.kind = FieldKind::Ref};
        const Decoded decoded = target ? decode(key_field(*target), item) : decode(as_ref, item);
        if (auto* problem = std::get_if<std::string>(&decoded)) {
          errors.push_back({.field = field.name, .code = "invalid", .message = *problem});
        } else if (target && !exists(db, *target, serializer.resolver(), std::get<db::Value>(decoded))) {
          errors.push_back({.field = field.name, .code = "does_not_exist", .message = not_found(item)});
        } else {
          keys.push_back(std::get<db::Value>(decoded));
        }
      }
      many.emplace_back(&spec, std::move(keys));
      continue;
    }
    const schema::FieldSpec* key = spec.kind == FieldKind::Ref ? target_key(serializer, spec) : nullptr;
    Decoded decoded = decode(spec, *found, key);
    if (auto* problem = std::get_if<std::string>(&decoded)) {
      errors.push_back({.field = field.name, .code = "invalid", .message = *problem});
      continue;
    }
    db::Value value = std::move(std::get<db::Value>(decoded));
    if (spec.kind == FieldKind::Ref && !db::is_null(value)) {
      const schema::ModelSpec* target = serializer.resolver()(spec);
      if (target && !exists(db, *target, serializer.resolver(), value)) {
        errors.push_back({.field = field.name, .code = "does_not_exist", .message = not_found(*found)});
        continue;
      }
    }
    record.set(spec.name, std::move(value));
  }
  if (!errors.empty()) throw Problem::validation(std::move(errors));
  return many;
}

void save(const orm::Table& table, orm::Executor db, orm::Record& record, const ManySets& many, bool insert) {
  const schema::ModelSpec& model = table.model();
  try {
    db.atomically([&](orm::Executor tx) {
      if (insert) {
        table.insert(tx, record);
      } else {
        table.update(tx, record);
      }
      for (const auto& [field, keys] : many) orm::set_links(tx, *field, record.get(key_field(model).name), keys);
    });
  } catch (const orm::ValidationError& error) {
    throw Problem::validation(error.errors());
  } catch (const std::exception& error) {
    // The database's refusal named on its field, as model forms and the admin name it.
    auto problem = forms::refused_write(model, error);
    if (!problem) throw;
    throw Problem::validation({std::move(*problem)});
  }
}

}  // namespace cpprustango::rest::detail
