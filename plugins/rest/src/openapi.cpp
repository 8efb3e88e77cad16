// The OpenAPI 3.1 document (see openapi.hpp), derived from the viewsets.
#include <cctype>
#include <nlohmann/json.hpp>

#include "codec.hpp"
#include "document.hpp"
#include "paginate.hpp"
#include "render.hpp"

namespace cpprustango::rest::detail {

using json = nlohmann::json;
using schema::FieldKind;

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/** A component name: the app and model ("ShopProduct"), so two apps' Post do not collide. */
std::string component(const schema::ModelSpec& model) {
  std::string out(model.app);
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out + std::string(model.name);
}

json nullable(json schema, bool is_nullable) {
  if (!is_nullable) return schema;
  if (schema.contains("type") && schema["type"].is_string()) {
    schema["type"] = json::array({schema["type"], "null"});
    if (schema.contains("enum")) schema["enum"].push_back(nullptr);
    return schema;
  }
  return json{{"oneOf", json::array({schema, json{{"type", "null"}}})}};
}

json scalar_schema(const schema::FieldSpec& field) {
  switch (field.kind) {
    case FieldKind::Bool: return {{"type", "boolean"}};
    case FieldKind::SmallInt:
    case FieldKind::Int: return {{"type", "integer"}, {"format", "int32"}};
    case FieldKind::BigInt: return {{"type", "integer"}, {"format", "int64"}};
    case FieldKind::Real: return {{"type", "number"}, {"format", "float"}};
    case FieldKind::Double: return {{"type", "number"}, {"format", "double"}};
    case FieldKind::Decimal: return {{"type", "string"}, {"format", "decimal"}, {"pattern", "^-?[0-9]+(\\.[0-9]+)?$"}};
    case FieldKind::Date: return {{"type", "string"}, {"format", "date"}};
    case FieldKind::Time: return {{"type", "string"}, {"format", "time"}};
    case FieldKind::DateTime: return {{"type", "string"}, {"format", "date-time"}};
    case FieldKind::Uuid: return {{"type", "string"}, {"format", "uuid"}};
    case FieldKind::Email: return {{"type", "string"}, {"format", "email"}};
    case FieldKind::Url: return {{"type", "string"}, {"format", "uri"}};
    case FieldKind::Bytes: return {{"type", "string"}, {"contentEncoding", "base64"}};
    case FieldKind::Json: return json::object();
    case FieldKind::Choice: {
      json values = json::array();
      for (auto choice : field.choices) values.push_back(std::string(choice));
      return {{"type", "string"}, {"enum", values}};
    }
    case FieldKind::MultiChoice: {
      json values = json::array();
      for (auto choice : field.choices) values.push_back(std::string(choice));
      return {{"type", "array"}, {"items", {{"type", "string"}, {"enum", values}}}};
    }
    case FieldKind::Array: {
      schema::FieldSpec element = field;
      element.kind = field.element;
      return {{"type", "array"}, {"items", scalar_schema(element)}};
    }
    default: {
      json out = {{"type", "string"}};
      if (field.max_length > 0) out["maxLength"] = field.max_length;
      return out;
    }
  }
}

json key_schema(const Serializer& serializer, const schema::FieldSpec& relation) {
  const schema::ModelSpec* target = serializer.resolver()(relation);
  return target ? scalar_schema(key_field(*target)) : json{{"type", "integer"}};
}

json field_schema(const Serializer& serializer, const SerializerField& field) {
  if (field.computed) return json{{"readOnly", true}};
  const schema::FieldSpec& spec = *field.field;
  json out;
  if (spec.kind == FieldKind::Many) {
    out = {{"type", "array"}, {"items", key_schema(serializer, spec)}};
  } else if (field.nested) {
    const schema::ModelSpec* target = serializer.resolver()(spec);
    json properties = json::object();
    for (const auto& f : target->fields) {
      if (f.noform || f.kind == FieldKind::Many) continue;
      properties[std::string(f.name)] = nullable(scalar_schema(f), f.nullable);
    }
    out = nullable({{"type", "object"}, {"properties", properties}}, spec.nullable);
  } else if (spec.kind == FieldKind::Ref) {
    out = nullable(key_schema(serializer, spec), spec.nullable);
  } else {
    // A source path through a nullable ref may be null however its last field is declared.
    out = nullable(scalar_schema(spec), spec.nullable || field.source.find('.') != std::string::npos);
  }
  if (!spec.help.empty()) out["description"] = std::string(spec.help);
  if (field.read_only) out["readOnly"] = true;
  if (field.write_only) out["writeOnly"] = true;
  return out;
}

json model_schema(const Serializer& serializer) {
  json properties = json::object();
  json required = json::array();
  for (const auto& field : serializer.fields()) {
    properties[field.name] = field_schema(serializer, field);
    const schema::FieldSpec* spec = field.field;
    if (!field.read_only && spec && spec->kind != FieldKind::Many && !spec->nullable &&
        spec->default_kind == schema::DefaultKind::None) {
      required.push_back(field.name);
    }
  }
  json out = {{"type", "object"}, {"properties", properties}};
  if (!required.empty()) out["required"] = required;
  return out;
}

json ref(const std::string& path) { return {{"$ref", path}}; }

json problem_responses(std::initializer_list<int> statuses) {
  json out = json::object();
  for (int status : statuses) out[std::to_string(status)] = ref("#/components/responses/Problem");
  return out;
}

json query_parameter(const std::string& name, json schema, const std::string& description) {
  return {{"name", name}, {"in", "query"}, {"required", false}, {"schema", std::move(schema)},
          {"description", description}};
}

json list_parameters(const ViewSet& viewset) {
  json out = json::array();
  const schema::ModelSpec& model = viewset.model();
  for (const auto& filter : viewset.filters().fields()) {
    // The field at the end of the Django path, for the value's type.
    const schema::ModelSpec* current = &model;
    const schema::FieldSpec* field = nullptr;
    std::string_view rest = filter.name;
    while (current) {
      const auto sep = rest.find("__");
      field = current->field(rest.substr(0, sep));
      if (!field || sep == std::string_view::npos) break;
      current = viewset.resolver()(*field);
      rest = rest.substr(sep + 2);
    }
    for (auto lookup : filter.lookups) {
      const std::string name = lookup == orm::Lookup::Exact ? filter.name
                                                            : filter.name + "__" + std::string(orm::lookup_name(lookup));
      json schema = field && field->kind != FieldKind::Ref ? scalar_schema(*field) : json{{"type", "string"}};
      if (lookup == orm::Lookup::IsNull) schema = {{"type", "boolean"}};
      if (lookup == orm::Lookup::In || lookup == orm::Lookup::Range) schema = {{"type", "string"}};
      if (schema.contains("type") && schema["type"] == "array") schema = {{"type", "string"}};
      const std::string what = lookup == orm::Lookup::In      ? "comma-separated values"
                               : lookup == orm::Lookup::Range ? "low,high"
                                                              : std::string(orm::lookup_name(lookup));
      out.push_back(query_parameter(name, schema, "Filter: " + filter.name + " (" + what + ")"));
    }
  }
  if (!viewset.filters().search_fields().empty()) {
    std::string fields;
    for (const auto& f : viewset.filters().search_fields()) fields += (fields.empty() ? "" : ", ") + f;
    out.push_back(query_parameter("search", {{"type", "string"}, {"maxLength", 200}},
                                  "Every word must appear (case-blind) in one of: " + fields));
  }
  if (!viewset.filters().ordering_fields().empty() &&
      !std::holds_alternative<CursorPagination>(viewset.pagination())) {
    std::string fields;
    for (const auto& f : viewset.filters().ordering_fields()) fields += (fields.empty() ? "" : ", ") + f;
    out.push_back(query_parameter("ordering", {{"type", "string"}},
                                  "Comma-separated fields, '-' for descending, among: " + fields));
  }
  const Pagination& pagination = viewset.pagination();
  if (const auto* pages = std::get_if<PageNumberPagination>(&pagination)) {
    out.push_back(query_parameter("page", {{"type", "integer"}, {"minimum", 1}}, "Page number, from 1"));
    out.push_back(query_parameter("page_size", {{"type", "integer"}, {"minimum", 1}, {"maximum", pages->max_page_size}},
                                  "Rows per page (default " + std::to_string(pages->page_size) + ")"));
  } else if (const auto* cursor = std::get_if<CursorPagination>(&pagination)) {
    out.push_back(query_parameter("cursor", {{"type", "string"}}, "The next or previous link's cursor"));
    out.push_back(query_parameter("page_size", {{"type", "integer"}, {"minimum", 1}, {"maximum", cursor->max_page_size}},
                                  "Rows per page (default " + std::to_string(cursor->page_size) + ")"));
  }
  return out;
}

json list_schema(const ViewSet& viewset, const std::string& item) {
  const json results = {{"type", "array"}, {"items", ref(item)}};
  const json link = {{"type", json::array({"string", "null"})}};
  const Pagination& pagination = viewset.pagination();
  if (std::holds_alternative<NoPagination>(pagination)) return results;
  json properties = {{"next", link}, {"previous", link}, {"results", results}};
  json required = json::array({"next", "previous", "results"});
  if (std::holds_alternative<PageNumberPagination>(pagination)) {
    properties["count"] = {{"type", "integer"}};
    properties["count_capped"] = {{"type", "boolean"}};
    required.push_back("count");
  }
  return {{"type", "object"}, {"properties", properties}, {"required", required}};
}

json json_content(json schema) { return {{"application/json", {{"schema", std::move(schema)}}}}; }

std::string openapi_path(std::string pattern) {
  // "<str:pk>" -> "{pk}"
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '<') {
      const auto colon = pattern.find(':', i);
      const auto close = pattern.find('>', i);
      out += "{" + pattern.substr(colon + 1, close - colon - 1) + "}";
      i = close;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

json path_parameter(const std::string& name, json schema) {
  return {{"name", name}, {"in", "path"}, {"required", true}, {"schema", std::move(schema)}};
}

}  // namespace

std::string collection_path(const Router::Entry& entry, const RouterOptions& options) {
  const ViewSet& viewset = entry.viewset;
  if (entry.parent_ref.empty()) return options.prefix + lower(viewset.model().app) + "/" + viewset.path() + "/";
  const schema::ModelSpec* parent = viewset.resolver()(*viewset.model().field(entry.parent_ref));
  return options.prefix + lower(parent->app) + "/" + ViewSet(*parent, viewset.resolver()).path() + "/<str:parent>/" +
         viewset.path() + "/";
}

std::string openapi_document(const Router& router, const RouterOptions& options) {
  json paths = json::object();
  json schemas = json::object();
  schemas["Problem"] = {
      {"type", "object"},
      {"description", "RFC 9457 problem details"},
      {"properties",
       {{"type", {{"type", "string"}}},
        {"title", {{"type", "string"}}},
        {"status", {{"type", "integer"}}},
        {"detail", {{"type", "string"}}},
        {"instance", {{"type", "string"}}},
        {"errors", {{"type", "object"}, {"additionalProperties", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}}},
      {"required", json::array({"type", "title", "status"})}};
  for (const auto& entry : router.entries()) {
    const ViewSet& viewset = entry.viewset;
    const schema::ModelSpec& model = viewset.model();
    const std::string name = component(model);
    schemas[name] = model_schema(viewset.serializer());
    const std::string item = "#/components/schemas/" + name;
    const std::string tag = std::string(model.app) + "." + std::string(model.name);
    const std::string base = collection_path(entry, options);
    const std::string id = lower(model.app) + "_" + viewset.path() + (entry.parent_ref.empty() ? "" : "_by_" + entry.parent_ref);
    json common = json::array();
    if (!entry.parent_ref.empty()) {
      const schema::ModelSpec* parent = viewset.resolver()(*model.field(entry.parent_ref));
      common.push_back(path_parameter("parent", scalar_schema(key_field(*parent))));
    }
    json detail_parameters = common;
    detail_parameters.push_back(path_parameter("pk", scalar_schema(key_field(model))));

    json collection = json::object();
    if (!common.empty()) collection["parameters"] = common;
    if (viewset.allows(Action::List)) {
      json responses = problem_responses({400, 401, 403, 404, 429});
      responses["200"] = {{"description", "A page of " + std::string(model.verbose_name_plural)},
                          {"content", json_content(list_schema(viewset, item))}};
      collection["get"] = {{"operationId", id + "_list"}, {"tags", {tag}}, {"summary", "List " + std::string(model.verbose_name_plural)},
                           {"parameters", list_parameters(viewset)}, {"responses", responses}};
    }
    if (viewset.allows(Action::Create)) {
      json responses = problem_responses({400, 401, 403, 415, 429});
      responses["201"] = {{"description", "Created; Location names it"}, {"content", json_content(ref(item))}};
      collection["post"] = {{"operationId", id + "_create"}, {"tags", {tag}}, {"summary", "Create a " + std::string(model.verbose_name)},
                            {"requestBody", {{"required", true}, {"content", json_content(ref(item))}}}, {"responses", responses}};
    }
    json detail = {{"parameters", detail_parameters}};
    auto one = [&](const char* method, Action action, const std::string& summary, bool body, int status) {
      if (!viewset.allows(action)) return;
      json responses = problem_responses({400, 401, 403, 404, 429});
      if (status == 204) {
        responses["204"] = {{"description", "Deleted"}};
        responses["409"] = ref("#/components/responses/Problem");
      } else {
        responses[std::to_string(status)] = {{"description", "The " + std::string(model.verbose_name)}, {"content", json_content(ref(item))}};
      }
      json operation = {{"operationId", id + "_" + std::string(action_name(action))}, {"tags", {tag}},
                        {"summary", summary}, {"responses", responses}};
      if (action == Action::Retrieve) operation["responses"]["304"] = {{"description", "Not modified (If-None-Match)"}};
      if (body) operation["requestBody"] = {{"required", true}, {"content", json_content(ref(item))}};
      detail[method] = operation;
    };
    one("get", Action::Retrieve, "Get a " + std::string(model.verbose_name), false, 200);
    one("put", Action::Update, "Replace a " + std::string(model.verbose_name), true, 200);
    one("patch", Action::PartialUpdate, "Change some fields of a " + std::string(model.verbose_name), true, 200);
    one("delete", Action::Destroy, "Delete a " + std::string(model.verbose_name), false, 204);
    for (const auto& action : viewset.actions()) {
      const std::string pattern = base + (action.detail ? "<str:pk>/" : "") + action.name + "/";
      json operation = {{"operationId", id + "_" + action.name}, {"tags", {tag}}, {"summary", action.name},
                        {"responses", problem_responses({400, 401, 403, 404, 429})}};
      operation["responses"]["200"] = {{"description", "The action's result"}, {"content", json_content(json::object())}};
      json entry_path = {{"parameters", action.detail ? detail_parameters : common}};
      entry_path[lower(http::to_string(action.method))] = operation;
      if (entry_path["parameters"].empty()) entry_path.erase("parameters");
      paths[openapi_path(pattern)] = entry_path;
    }
    if (collection.contains("get") || collection.contains("post")) paths[openapi_path(base)] = collection;
    if (detail.size() > 1) paths[openapi_path(base + "<str:pk>/")] = detail;
  }
  if (options.openapi.token_endpoints) {
    const json pair = {{"type", "object"},
                       {"properties", {{"access", {{"type", "string"}}}, {"refresh", {{"type", "string"}}}}},
                       {"required", json::array({"access", "refresh"})}};
    const json refresh = {{"type", "object"}, {"properties", {{"refresh", {{"type", "string"}}}}}, {"required", json::array({"refresh"})}};
    const json login = {{"type", "object"},
                        {"properties", {{"username", {{"type", "string"}}}, {"password", {{"type", "string"}, {"format", "password"}}}}},
                        {"required", json::array({"username", "password"})}};
    auto token_op = [&](const std::string& op, const std::string& summary, const json& request, bool gives_pair) {
      json responses = problem_responses({400, 401});
      if (gives_pair) responses["200"] = {{"description", "A new token pair"}, {"content", json_content(pair)}};
      else responses["204"] = {{"description", "Revoked"}};
      return json{{"post", {{"operationId", op}, {"tags", {"auth"}}, {"summary", summary}, {"security", json::array()},
                            {"requestBody", {{"required", true}, {"content", json_content(request)}}}, {"responses", responses}}}};
    };
    paths[options.prefix + "auth/token/"] = token_op("auth_token", "Log in: an access and a refresh token", login, true);
    paths[options.prefix + "auth/token/refresh/"] = token_op("auth_token_refresh", "A new pair for a refresh token (which is revoked)", refresh, true);
    paths[options.prefix + "auth/token/revoke/"] = token_op("auth_token_revoke", "Revoke a refresh token", refresh, false);
  }
  json document = {
      {"openapi", "3.1.0"},
      {"info", {{"title", options.openapi.title}, {"version", options.openapi.version}}},
      {"paths", paths},
      {"components",
       {{"schemas", schemas},
        {"responses", {{"Problem", {{"description", "An error, as RFC 9457 problem details"},
                                    {"content", {{"application/problem+json", {{"schema", ref("#/components/schemas/Problem")}}}}}}}}},
        {"securitySchemes",
         {{"apiKey", {{"type", "apiKey"}, {"in", "header"}, {"name", "Authorization"},
                      {"description", "'Api-Key <key>', a key from cpprustango createapikey"}}},
          {"bearer", {{"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "JWT"}}}}}}},
      {"security", json::array({{{"apiKey", json::array()}}, {{"bearer", json::array()}}})}};
  if (!options.openapi.description.empty()) document["info"]["description"] = options.openapi.description;
  return dump(document);
}

}  // namespace cpprustango::rest::detail
