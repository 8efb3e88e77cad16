// Page-number and cursor pagination (see pagination.hpp and paginate.hpp).
#include <charconv>

#include "codec.hpp"
#include "cpprustango/rest/problem.hpp"
#include "cpprustango/rest/serializers.hpp"
#include "paginate.hpp"
#include "render.hpp"

namespace cpprustango::rest::detail {

using json = nlohmann::json;

namespace {

constexpr std::string_view kPageParameters[] = {"page", "page_size"};
constexpr std::string_view kCursorParameters[] = {"cursor", "page_size"};

std::optional<std::int64_t> positive(std::string_view text) {
  std::int64_t number = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc{} || end != text.data() + text.size() || number < 1) return std::nullopt;
  return number;
}

std::int64_t page_size(const http::Request& request, std::int64_t fallback, std::int64_t maximum) {
  const auto text = request.query("page_size");
  if (!text) return fallback;
  const auto size = positive(*text);
  if (!size) throw Problem(400, "page_size must be a whole number of at least 1.");
  return std::min(*size, maximum);
}

/** The request's path and query with `name` set to `value` (or removed when empty). */
std::string link(const http::Request& request, std::string_view name, const std::string& value) {
  std::string query;
  std::string_view rest = request.query_string();
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view part = rest.substr(0, amp);
    const auto eq = part.find('=');
    if (!part.empty() && http::url_decode(part.substr(0, eq), true) != name) query += (query.empty() ? "" : "&") + std::string(part);
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  if (!value.empty()) query += (query.empty() ? "" : "&") + std::string(name) + "=" + http::url_encode(value);
  return request.path() + (query.empty() ? "" : "?" + query);
}

struct Order {
  std::string path;
  bool descending = false;
};

/** The orderings asked for (or the model's), with the key appended so the order is total. */
std::vector<std::string> total_order(std::vector<std::string> ordering, const schema::ModelSpec& model) {
  if (ordering.empty()) {
    for (const auto& o : model.ordering) ordering.push_back((o.descending ? "-" : "") + std::string(o.field));
  }
  const std::string key(key_field(model).name);
  bool has_key = false;
  for (const auto& o : ordering) has_key = has_key || o == key || o == "-" + key;
  if (!has_key) ordering.push_back(key);
  return ordering;
}

Page page_number(const PageNumberPagination& options, const http::Request& request, const orm::TableQuery& query,
                 std::vector<std::string> ordering, orm::Executor db) {
  const std::int64_t size = page_size(request, options.page_size, options.max_page_size);
  std::int64_t number = 1;
  if (const auto text = request.query("page")) {
    const auto parsed = positive(*text);
    if (!parsed) throw Problem(404, "Invalid page: '" + *text + "' is not a page number.");
    number = *parsed;
  }
  if (number > std::numeric_limits<std::int64_t>::max() / size) throw Problem(404, "Invalid page: past the end.");
  const auto order = total_order(std::move(ordering), *query.query().model);
  Page page;
  auto counted = query.order_by(order).offset((number - 1) * size).limit(size + 1).fetch_counted(db, options.count_limit);
  page.rows = std::move(counted.rows);
  if (page.rows.empty() && number > 1) throw Problem(404, "Invalid page: past the end.");
  const bool more = static_cast<std::int64_t>(page.rows.size()) > size;
  if (more) page.rows.pop_back();
  // The count stops at count_limit, as the admin's does: no full COUNT on a huge table.
  const bool capped = counted.count > options.count_limit;
  page.envelope = {{"count", capped ? options.count_limit : counted.count},
                   {"next", more ? json(link(request, "page", std::to_string(number + 1))) : json(nullptr)},
                   {"previous", number > 1 ? json(link(request, "page", number == 2 ? "" : std::to_string(number - 1)))
                                           : json(nullptr)}};
  if (capped) page.envelope["count_capped"] = true;
  return page;
}

/** A cursor's position, as the JSON of the ordering field's and the key's values. */
json position(const orm::Record& row, const Order& field, const schema::FieldSpec& key) {
  auto plain = [](const db::Value& value) -> json {
    switch (db::kind(value)) {
      case db::ValueKind::Integer: return db::as_int(value);
      case db::ValueKind::Real: return db::as_double(value);
      case db::ValueKind::Bool: return db::as_bool(value);
      case db::ValueKind::Text: return db::as_string(value);
      default: return nullptr;
    }
  };
  return json::array({plain(row.get(field.path)), plain(row.get(key.name))});
}

db::Value value_of(const json& item) {
  if (item.is_number_integer()) return item.get<std::int64_t>();
  if (item.is_number()) return item.get<double>();
  if (item.is_boolean()) return item.get<bool>();
  if (item.is_string()) return item.get<std::string>();
  throw Problem(400, "Invalid cursor.");
}

std::string make_cursor(const json& at, bool reverse) {
  return base64url_encode(dump(json{{"p", at}, {"r", reverse}}));
}

Page cursor_page(const CursorPagination& options, const http::Request& request, const orm::TableQuery& query,
                 const std::vector<std::string>& ordering, orm::Executor db) {
  if (!ordering.empty()) throw Problem(400, "This list is paged by cursor; its ordering is fixed.");
  const schema::ModelSpec& model = *query.query().model;
  const schema::FieldSpec& key = key_field(model);
  const std::int64_t size = page_size(request, options.page_size, options.max_page_size);
  Order field{std::string(key.name), false};
  if (!options.ordering.empty()) {
    field.descending = options.ordering.front() == '-';
    field.path = field.descending ? options.ordering.substr(1) : options.ordering;
  }
  const bool by_key = field.path == key.name;

  bool reverse = false;
  std::optional<std::pair<db::Value, db::Value>> after;
  if (const auto token = request.query("cursor")) {
    std::string text;
    json parsed;
    if (base64url_decode(*token, text)) parsed = json::parse(text, nullptr, false);
    if (!parsed.is_object() || !parsed.contains("p") || !parsed["p"].is_array() || parsed["p"].size() != 2 ||
        !parsed.contains("r") || !parsed["r"].is_boolean()) {
      throw Problem(400, "Invalid cursor.");
    }
    reverse = parsed["r"].get<bool>();
    after.emplace(value_of(parsed["p"][0]), value_of(parsed["p"][1]));
  }
  // Walking backwards is walking forwards in the opposite order.
  const bool descending = field.descending != reverse;
  const std::string_view past = descending ? "lt" : "gt";
  orm::TableQuery page_query = query;
  if (after) {
    const orm::Lookup lookup = descending ? orm::Lookup::Lt : orm::Lookup::Gt;
    if (by_key) {
      page_query = page_query.filter(key.name, past, {after->second});
    } else {
      page_query = page_query.filter(orm::Q(field.path, lookup, {after->first}) ||
                                     (orm::Q(field.path, orm::Lookup::Exact, {after->first}) &&
                                      orm::Q(std::string(key.name), lookup, {after->second})));
    }
  }
  const std::string sign = descending ? "-" : "";
  std::vector<std::string> order{sign + field.path};
  if (!by_key) order.push_back(sign + std::string(key.name));
  Page page;
  page.rows = page_query.order_by(order).limit(size + 1).fetch(db);
  const bool more = static_cast<std::int64_t>(page.rows.size()) > size;
  if (more) page.rows.pop_back();
  if (reverse) std::reverse(page.rows.begin(), page.rows.end());
  json next = nullptr;
  json previous = nullptr;
  if (!page.rows.empty()) {
    if (reverse ? true : more) next = link(request, "cursor", make_cursor(position(page.rows.back(), field, key), false));
    if (reverse ? more : after.has_value()) {
      previous = link(request, "cursor", make_cursor(position(page.rows.front(), field, key), true));
    }
  }
  page.envelope = {{"next", next}, {"previous", previous}};
  return page;
}

}  // namespace

std::span<const std::string_view> reserved_parameters(const Pagination& pagination) {
  if (std::holds_alternative<PageNumberPagination>(pagination)) return kPageParameters;
  if (std::holds_alternative<CursorPagination>(pagination)) return kCursorParameters;
  return {};
}

Page paginate(const Pagination& pagination, const http::Request& request, const orm::TableQuery& query,
              std::vector<std::string> ordering, orm::Executor db) {
  if (const auto* pages = std::get_if<PageNumberPagination>(&pagination)) {
    return page_number(*pages, request, query, std::move(ordering), db);
  }
  if (const auto* cursor = std::get_if<CursorPagination>(&pagination)) {
    return cursor_page(*cursor, request, query, ordering, db);
  }
  Page page;
  page.rows = query.order_by(total_order(std::move(ordering), *query.query().model)).fetch(db);
  page.envelope = nullptr;
  return page;
}

void check_pagination(const Pagination& pagination, const schema::ModelSpec& model) {
  const auto* cursor = std::get_if<CursorPagination>(&pagination);
  if (!cursor || cursor->ordering.empty()) return;
  const std::string name = cursor->ordering.front() == '-' ? cursor->ordering.substr(1) : cursor->ordering;
  const schema::FieldSpec* field = model.field(name);
  if (!field) throw DeclarationError("cursor ordering of " + std::string(model.name) + ": no field '" + name + "'");
  if (field->nullable || field->kind == schema::FieldKind::Many || field->kind == schema::FieldKind::Ref) {
    throw DeclarationError("cursor ordering of " + std::string(model.name) + ": '" + name +
                           "' must be a non-null column of the model itself");
  }
}

}  // namespace cpprustango::rest::detail
