// The built-in permissions and the codename each action needs.
#include "cpprustango/rest/permissions.hpp"

#include <cctype>

namespace cpprustango::rest {

namespace {

bool safe(http::Method method) {
  return method == http::Method::Get || method == http::Method::Head || method == http::Method::Options;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string_view action_name(Action action) {
  switch (action) {
    case Action::List: return "list";
    case Action::Create: return "create";
    case Action::Retrieve: return "retrieve";
    case Action::Update: return "update";
    case Action::PartialUpdate: return "partial_update";
    case Action::Destroy: return "destroy";
    case Action::Custom: return "custom";
  }
  return "custom";
}

bool Identity::has(std::string_view codename) const {
  return superuser || permissions.contains(std::string(codename));
}

std::string required_permission(const schema::ModelSpec& model, Action action, http::Method method) {
  std::string_view verb = "change";
  switch (action) {
    case Action::List:
    case Action::Retrieve: verb = "view"; break;
    case Action::Create: verb = "add"; break;
    case Action::Update:
    case Action::PartialUpdate: verb = "change"; break;
    case Action::Destroy: verb = "delete"; break;
    case Action::Custom: verb = safe(method) ? "view" : "change"; break;
  }
  return std::string(model.app) + "." + std::string(verb) + "_" + lower(model.name);
}

Permission allow_any() {
  return [](const Access&) { return true; };
}

Permission authenticated() {
  return [](const Access& access) { return access.user != nullptr; };
}

Permission authenticated_or_read_only() {
  return [](const Access& access) { return access.user != nullptr || safe(access.request.method()); };
}

Permission staff_only() {
  return [](const Access& access) { return access.user && (access.user->staff || access.user->superuser); };
}

Permission model_permissions() {
  return [](const Access& access) {
    return access.user &&
           access.user->has(required_permission(access.model, access.action, access.request.method()));
  };
}

}  // namespace cpprustango::rest
