// Declaring a viewset (see viewsets.hpp); serving it is endpoint.cpp's.
#include "cpprustango/rest/viewsets.hpp"

#include <algorithm>
#include <cctype>

#include "codec.hpp"
#include "render.hpp"

namespace cpprustango::rest {

namespace {

std::string url_segment(const schema::ModelSpec& model) {
  std::string out;
  const std::string_view plural = model.verbose_name_plural.empty() ? model.name : model.verbose_name_plural;
  for (char c : plural) {
    if (c != ' ') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

ViewSet::ViewSet(const schema::ModelSpec& model, orm::ModelResolver resolver)
    : model_(&model), resolver_(resolver), serializer_(model, resolver), path_(url_segment(model)) {}

ViewSet& ViewSet::serializer(Serializer serializer) {
  if (&serializer.model() != model_) {
    throw DeclarationError("a serializer of " + std::string(serializer.model().name) + " on a viewset of " +
                           std::string(model_->name));
  }
  serializer_ = std::move(serializer);
  return *this;
}

ViewSet& ViewSet::filters(FilterSet filters) {
  filters_ = std::move(filters);
  return *this;
}

ViewSet& ViewSet::pagination(Pagination pagination) {
  pagination_ = std::move(pagination);
  return *this;
}

ViewSet& ViewSet::permission(Permission permission) {
  permission_ = std::move(permission);
  return *this;
}

ViewSet& ViewSet::read_only() {
  return without({Action::Create, Action::Update, Action::PartialUpdate, Action::Destroy});
}

ViewSet& ViewSet::without(std::initializer_list<Action> actions) {
  for (Action action : actions) {
    if (!allows(action)) continue;
    absent_.push_back(action);
  }
  return *this;
}

ViewSet& ViewSet::action(std::string name, http::Method method, bool detail, ActionHandler handler) {
  const bool valid = !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::islower(c) || std::isdigit(c) || c == '-' || c == '_';
  });
  if (!valid) throw DeclarationError("action name '" + name + "': use lower-case letters, digits, - and _");
  actions_.push_back({.name = std::move(name), .method = method, .detail = detail, .handler = std::move(handler)});
  return *this;
}

ViewSet& ViewSet::path(std::string segment) {
  if (segment.empty() || segment.find('/') != std::string::npos) {
    throw DeclarationError("viewset path '" + segment + "': one URL segment, without '/'");
  }
  path_ = std::move(segment);
  return *this;
}

bool ViewSet::allows(Action action) const {
  return std::find(absent_.begin(), absent_.end(), action) == absent_.end();
}

http::Response Call::respond(const orm::Record& record, int status) const {
  // Read back with the serializer's joins, so nested fields and sources are filled.
  const auto& key = detail::key_field(viewset.model());
  orm::TableQuery query = viewset.table().query().filter(key.name, "exact", {record.get(key.name)});
  for (const auto& path : viewset.serializer().related_paths()) query = query.select_related(path);
  const auto fresh = query.first(database);
  return http::Response(status, detail::row_text(viewset.serializer(), fresh ? *fresh : record, database),
                        "application/json");
}

void Call::save(orm::Record& record) const { detail::save(viewset.table(), database, record, {}, false); }

}  // namespace cpprustango::rest
