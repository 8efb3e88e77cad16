// Declaring what a serializer reads and writes (see serializers.hpp); the
// JSON itself is render.cpp's.
#include "cpprustango/rest/serializers.hpp"

#include <algorithm>

namespace cpprustango::rest {

namespace {

/** Fields a client never writes: the database or the ORM sets them, or the schema says @noedit. */
bool assigned_by_database(const schema::FieldSpec& field) {
  return field.auto_increment || field.auto_now || field.auto_now_add || field.noedit;
}

std::string names_of(const schema::ModelSpec& model) {
  std::string out;
  for (const auto& field : model.fields) out += (out.empty() ? "" : ", ") + std::string(field.name);
  return out;
}

}  // namespace

Serializer::Serializer(const schema::ModelSpec& model, orm::ModelResolver resolver)
    : model_(&model), resolver_(std::move(resolver)) {
  for (const auto& field : model.fields) {
    if (field.noform) continue;
    fields_.push_back({.name = std::string(field.name),
                       .source = std::string(field.name),
                       .field = &field,
                       .read_only = assigned_by_database(field)});
  }
}

SerializerField* Serializer::find(std::string_view name) {
  auto it = std::find_if(fields_.begin(), fields_.end(), [&](const auto& f) { return f.name == name; });
  return it == fields_.end() ? nullptr : &*it;
}

Serializer& Serializer::only(std::initializer_list<std::string_view> names) {
  std::vector<SerializerField> kept;
  for (auto name : names) {
    SerializerField* field = find(name);
    if (!field) {
      const schema::FieldSpec* spec = model_->field(name);
      if (!spec) {
        throw DeclarationError(std::string(model_->name) + " has no field '" + std::string(name) +
                               "' (fields: " + names_of(*model_) + ")");
      }
      // A @noform field asked for by name: written only, never read back.
      kept.push_back({.name = std::string(name), .source = std::string(name), .field = spec, .write_only = true});
      continue;
    }
    kept.push_back(std::move(*field));
  }
  for (auto& field : fields_) {
    if (!field.field || field.source != field.name) kept.push_back(std::move(field));  // sources, computed
  }
  fields_ = std::move(kept);
  return *this;
}

Serializer& Serializer::exclude(std::initializer_list<std::string_view> names) {
  for (auto name : names) {
    if (!find(name)) throw DeclarationError("serializer of " + std::string(model_->name) + " has no field '" + std::string(name) + "' to exclude");
    std::erase_if(fields_, [&](const auto& f) { return f.name == name; });
  }
  return *this;
}

Serializer& Serializer::read_only(std::initializer_list<std::string_view> names) {
  for (auto name : names) {
    SerializerField* field = find(name);
    if (!field) throw DeclarationError("serializer of " + std::string(model_->name) + " has no field '" + std::string(name) + "'");
    field->read_only = true;
    field->write_only = false;
  }
  return *this;
}

Serializer& Serializer::write_only(std::initializer_list<std::string_view> names) {
  for (auto name : names) {
    SerializerField* field = find(name);
    if (!field) throw DeclarationError("serializer of " + std::string(model_->name) + " has no field '" + std::string(name) + "'");
    field->write_only = true;
    field->read_only = false;
  }
  return *this;
}

Serializer& Serializer::source(std::string name, std::string_view path) {
  if (find(name)) throw DeclarationError("serializer of " + std::string(model_->name) + " already has a field '" + name + "'");
  // Walk the ref path: every hop but the last must be a ref whose target the resolver knows.
  const schema::ModelSpec* model = model_;
  const schema::FieldSpec* field = nullptr;
  std::string_view rest = path;
  while (true) {
    const auto dot = rest.find('.');
    const std::string_view hop = rest.substr(0, dot);
    field = model->field(hop);
    if (!field) {
      throw DeclarationError("source '" + std::string(path) + "': " + std::string(model->name) + " has no field '" +
                             std::string(hop) + "' (fields: " + names_of(*model) + ")");
    }
    if (dot == std::string_view::npos) break;
    if (field->kind != schema::FieldKind::Ref) {
      throw DeclarationError("source '" + std::string(path) + "': " + std::string(hop) + " is not a ref");
    }
    model = resolver_(*field);
    if (!model) throw DeclarationError("source '" + std::string(path) + "': the target of " + std::string(hop) + " is unknown");
    rest = rest.substr(dot + 1);
  }
  fields_.push_back({.name = std::move(name), .source = std::string(path), .field = field, .read_only = true});
  return *this;
}

Serializer& Serializer::computed(std::string name, Computed compute) {
  if (find(name)) throw DeclarationError("serializer of " + std::string(model_->name) + " already has a field '" + name + "'");
  fields_.push_back({.name = std::move(name), .read_only = true, .computed = std::move(compute)});
  return *this;
}

Serializer& Serializer::nested(std::string_view name) {
  SerializerField* field = find(name);
  if (!field || !field->field || field->field->kind != schema::FieldKind::Ref) {
    throw DeclarationError("serializer of " + std::string(model_->name) + ": '" + std::string(name) + "' is not a ref field");
  }
  if (!resolver_(*field->field)) throw DeclarationError("the target of " + std::string(name) + " is unknown to the resolver");
  field->nested = true;
  return *this;
}

std::vector<std::string> Serializer::related_paths() const {
  std::vector<std::string> paths;
  auto add = [&](std::string path) {
    if (std::find(paths.begin(), paths.end(), path) == paths.end()) paths.push_back(std::move(path));
  };
  for (const auto& field : fields_) {
    if (field.write_only) continue;
    if (field.nested) add(field.source);
    const auto last = field.source.rfind('.');
    if (last == std::string::npos) continue;
    // "author.country.name" needs "author" and "author.country".
    for (auto dot = field.source.find('.'); dot != std::string::npos && dot <= last; dot = field.source.find('.', dot + 1)) {
      add(field.source.substr(0, dot));
    }
  }
  return paths;
}

}  // namespace cpprustango::rest
