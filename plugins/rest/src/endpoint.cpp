// Serving one viewset (see endpoint.hpp).
#include "endpoint.hpp"

#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include "codec.hpp"
#include "cpprustango/db/errors.hpp"
#include "cpprustango/rest/problem.hpp"
#include "paginate.hpp"
#include "render.hpp"

namespace cpprustango::rest::detail {

using json = nlohmann::json;

namespace {

std::string reference() {
  unsigned char bytes[8];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return "unknown";
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

json read_body(const http::Request& request) {
  const auto type = request.header("content-type");
  if (request.body().empty()) return json::object();
  if (!type || !(type->starts_with("application/json") || type->find("+json") != std::string_view::npos)) {
    throw Problem(415, "Send the body as application/json.");
  }
  json body = json::parse(request.body(), nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded()) throw Problem(400, "The body is not valid JSON.");
  return body;
}

std::string allow_header(const ViewSet& viewset, bool detail) {
  std::string allow;
  auto add = [&](Action action, std::string_view method) {
    if (viewset.allows(action)) allow += (allow.empty() ? "" : ", ") + std::string(method);
  };
  if (detail) {
    add(Action::Retrieve, "GET, HEAD");
    add(Action::Update, "PUT");
    add(Action::PartialUpdate, "PATCH");
    add(Action::Destroy, "DELETE");
  } else {
    add(Action::List, "GET, HEAD");
    add(Action::Create, "POST");
  }
  return allow + (allow.empty() ? "" : ", ") + "OPTIONS";
}

Problem not_allowed(const http::Request& request, std::string allow) {
  Problem problem(405, "Method " + std::string(http::to_string(request.method())) + " is not allowed here.");
  problem.with_header("Allow", std::move(allow));
  return problem;
}

}  // namespace

Endpoint::Endpoint(ViewSet viewset, db::Database database, std::shared_ptr<const RouterOptions> options,
                   const schema::FieldSpec* parent)
    : viewset_(std::move(viewset)), database_(std::move(database)), options_(std::move(options)), parent_(parent) {}

template <class Work>
http::Response Endpoint::guarded(const http::Request& request, Work&& work) {
  try {
    return work();
  } catch (const Problem& problem) {
    return problem_response(problem, request.path());
  } catch (const orm::DoesNotExist&) {
    return problem_response(Problem(404, "Not found."), request.path());
  } catch (const orm::ValidationError& error) {
    return problem_response(Problem::validation(error.errors()), request.path());
  } catch (const std::exception& error) {
    // The details go to the log only; the client gets a reference to quote.
    const std::string ref = reference();
    spdlog::error("rest: {} {} failed (reference {}): {}", http::to_string(request.method()), request.path(), ref,
                  error.what());
    return problem_response(Problem(500, "An internal error occurred; reference " + ref + "."), request.path());
  }
}

std::optional<Identity> Endpoint::authenticate(const http::Request& request) const {
  std::optional<Identity> found;
  for (const auto& authenticator : options_->authenticators) {
    if ((found = authenticator(request))) break;
  }
  // Counted once the caller is known: per user, else per address.
  if (found) {
    throttle(database_, "user:" + std::to_string(found->user_id), options_->throttle.user);
  } else {
    throttle(database_, "ip:" + request.client_ip(), options_->throttle.anonymous);
  }
  return found;
}

void Endpoint::authorize(const http::Request& request, const Identity* user, Action action) const {
  const Permission& permission = viewset_.permission() ? viewset_.permission()
                                 : options_->default_permission ? options_->default_permission
                                                                : model_permissions();
  if (permission(Access{.request = request, .user = user, .action = action, .model = viewset_.model()})) return;
  if (!user) {
    Problem problem(401, "Authentication credentials were not provided.");
    problem.with_header("WWW-Authenticate", "Bearer realm=\"api\"");
    throw problem;
  }
  throw Problem(403, "You do not have permission to perform this action.");
}

orm::TableQuery Endpoint::scoped(const http::Request& request) const {
  orm::TableQuery query = viewset_.table().query();
  if (parent_) {
    const schema::ModelSpec* parent_model = viewset_.resolver()(*parent_);
    const auto text = request.param("parent");
    Decoded key = parse_text(key_field(*parent_model), text ? *text : "");
    if (std::holds_alternative<std::string>(key)) throw Problem(404, "Not found.");
    const db::Value& value = std::get<db::Value>(key);
    if (!orm::Table(*parent_model, viewset_.resolver()).query().filter(key_field(*parent_model).name, "exact", {value}).exists(database_)) {
      throw Problem(404, "Not found.");
    }
    query = query.filter(parent_->name, "exact", {value});
  }
  for (const auto& path : viewset_.serializer().related_paths()) query = query.select_related(path);
  return query;
}

orm::Record Endpoint::object(const http::Request& request) const {
  const auto& key = key_field(viewset_.model());
  const auto text = request.param("pk");
  Decoded value = parse_text(key, text ? *text : "");
  if (std::holds_alternative<std::string>(value)) throw Problem(404, "Not found.");
  auto row = scoped(request).filter(key.name, "exact", {std::get<db::Value>(value)}).first(database_);
  if (!row) throw Problem(404, "Not found.");
  return std::move(*row);
}

http::Response Endpoint::collection(const http::Request& request) {
  return guarded(request, [&] {
    const auto user = authenticate(request);
    const Identity* who = user ? &*user : nullptr;
    switch (request.method()) {
      case http::Method::Get:
      case http::Method::Head:
        if (!viewset_.allows(Action::List)) throw not_allowed(request, allow_header(viewset_, false));
        authorize(request, who, Action::List);
        return list(request);
      case http::Method::Post:
        if (!viewset_.allows(Action::Create)) throw not_allowed(request, allow_header(viewset_, false));
        authorize(request, who, Action::Create);
        return create(request);
      case http::Method::Options: {
        http::Response response(204, "", "text/plain");
        response.header("Allow", allow_header(viewset_, false));
        return response;
      }
      default:
        throw not_allowed(request, allow_header(viewset_, false));
    }
  });
}

http::Response Endpoint::detail(const http::Request& request) {
  return guarded(request, [&] {
    const auto user = authenticate(request);
    const Identity* who = user ? &*user : nullptr;
    auto check = [&](Action action) {
      if (!viewset_.allows(action)) throw not_allowed(request, allow_header(viewset_, true));
      authorize(request, who, action);
    };
    switch (request.method()) {
      case http::Method::Get:
      case http::Method::Head:
        check(Action::Retrieve);
        return retrieve(request);
      case http::Method::Put:
        check(Action::Update);
        return update(request, false);
      case http::Method::Patch:
        check(Action::PartialUpdate);
        return update(request, true);
      case http::Method::Delete:
        check(Action::Destroy);
        return destroy(request);
      case http::Method::Options: {
        http::Response response(204, "", "text/plain");
        response.header("Allow", allow_header(viewset_, true));
        return response;
      }
      default:
        throw not_allowed(request, allow_header(viewset_, true));
    }
  });
}

http::Response Endpoint::custom(const http::Request& request, std::size_t index) {
  return guarded(request, [&] {
    const CustomAction& action = viewset_.actions().at(index);
    if (request.method() != action.method &&
        !(action.method == http::Method::Get && request.method() == http::Method::Head)) {
      throw not_allowed(request, std::string(http::to_string(action.method)));
    }
    const auto user = authenticate(request);
    const Identity* who = user ? &*user : nullptr;
    authorize(request, who, Action::Custom);
    Call call{.request = request, .user = who, .database = database_, .viewset = viewset_, .object = std::nullopt};
    if (action.detail) call.object = object(request);
    return action.handler(call);
  });
}

http::Response Endpoint::list(const http::Request& request) {
  const FilterSet& filters = viewset_.filters();
  const orm::TableQuery query =
      filters.filter(request, scoped(request), viewset_.resolver(), reserved_parameters(viewset_.pagination()));
  Page page = paginate(viewset_.pagination(), request, query, filters.ordering(request), database_);
  std::string body;
  body.reserve(4096);
  if (page.envelope.is_null()) {
    write_rows(viewset_.serializer(), page.rows, database_, body);
    return http::Response(200, std::move(body), "application/json");
  }
  // The envelope's keys with "results" among them where a JSON object keeps it (keys sorted).
  constexpr std::string_view kResults = "results";
  bool written = false;
  auto results = [&] {
    body += body.size() > 1 ? ",\"results\":" : "\"results\":";
    write_rows(viewset_.serializer(), page.rows, database_, body);
    written = true;
  };
  body += '{';
  for (const auto& [name, value] : page.envelope.items()) {
    if (!written && name > kResults) results();
    if (body.size() > 1) body += ',';
    append_json_string(body, name);
    body += ':';
    append_json(body, value);
  }
  if (!written) results();
  body += '}';
  return http::Response(200, std::move(body), "application/json");
}

http::Response Endpoint::create(const http::Request& request) {
  const json body = read_body(request);
  const orm::Table table = viewset_.table();
  orm::Record record = table.new_record();
  if (parent_) {
    // The parent comes from the URL, whatever the body says.
    const schema::ModelSpec* parent_model = viewset_.resolver()(*parent_);
    scoped(request);  // 404 for an unknown parent
    record.set(parent_->name, std::get<db::Value>(parse_text(key_field(*parent_model), *request.param("parent"))));
  }
  json writable = body;
  if (parent_ && writable.is_object()) writable.erase(std::string(parent_->name));
  const ManySets many = apply_body(viewset_.serializer(), writable, record, false, database_);
  save(table, database_, record, many, true);
  const auto& key = key_field(viewset_.model());
  Call call{.request = request, .user = nullptr, .database = database_, .viewset = viewset_, .object = std::nullopt};
  http::Response response = call.respond(record, 201);
  const db::Value& value = record.get(key.name);
  const std::string text = db::kind(value) == db::ValueKind::Integer ? std::to_string(db::as_int(value))
                                                                      : db::as_string(value);
  response.header("Location", request.path() + text + "/");
  return response;
}

http::Response Endpoint::retrieve(const http::Request& request) {
  const orm::Record row = object(request);
  std::string body = row_text(viewset_.serializer(), row, database_);
  const std::string etag = "\"" + sha256_hex(body).substr(0, 32) + "\"";
  if (const auto match = request.header("if-none-match")) {
    if (*match == etag || *match == "*" || *match == "W/" + etag) {
      http::Response not_modified(304, "", "application/json");
      not_modified.header("ETag", etag);
      return not_modified;
    }
  }
  http::Response response(200, std::move(body), "application/json");
  response.header("ETag", etag);
  return response;
}

http::Response Endpoint::update(const http::Request& request, bool partial) {
  const json body = read_body(request);
  orm::Record record = object(request);
  json writable = body;
  if (parent_ && writable.is_object()) writable.erase(std::string(parent_->name));
  const ManySets many = apply_body(viewset_.serializer(), writable, record, partial, database_);
  save(viewset_.table(), database_, record, many, false);
  Call call{.request = request, .user = nullptr, .database = database_, .viewset = viewset_, .object = std::nullopt};
  return call.respond(record);
}

http::Response Endpoint::destroy(const http::Request& request) {
  const orm::Record record = object(request);
  const auto& key = key_field(viewset_.model());
  try {
    viewset_.table().remove(database_, record.get(key.name));
  } catch (const db::DatabaseError& error) {
    // SQLite reports a RESTRICT refusal without its constraint class: go by the SQLSTATE class.
    if (!error.sqlstate().starts_with("23")) throw;
    throw Problem(409, "Other objects still refer to this one; delete or change them first.");
  }
  return http::Response(204, "", "application/json");
}

}  // namespace cpprustango::rest::detail
