// Whitelisted filters, search and ordering (see filters.hpp).
#include "cpprustango/rest/filters.hpp"

#include <algorithm>

#include "codec.hpp"
#include "cpprustango/rest/problem.hpp"
#include "cpprustango/rest/serializers.hpp"

namespace cpprustango::rest {

namespace {

/** Longest search text accepted: a search is a LIKE per word and field, so it stays short. */
constexpr std::size_t kMaxSearch = 200;
constexpr std::size_t kMaxSearchWords = 10;
constexpr std::size_t kMaxInValues = 100;

/** "category__name" -> "category.name", the ORM's path spelling. */
std::string orm_path(std::string_view django) {
  std::string out;
  for (std::size_t i = 0; i < django.size(); ++i) {
    if (django.compare(i, 2, "__") == 0) {
      out += '.';
      ++i;
    } else {
      out += django[i];
    }
  }
  return out;
}

/** The field a Django path ends at, or nullptr (with `why` set). */
const schema::FieldSpec* field_at(const schema::ModelSpec& model, const orm::ModelResolver& resolver,
                                  std::string_view path, std::string& why) {
  const schema::ModelSpec* current = &model;
  std::string_view rest = path;
  while (true) {
    const auto sep = rest.find("__");
    const std::string_view hop = rest.substr(0, sep);
    const schema::FieldSpec* field = current->field(hop);
    if (!field) {
      why = std::string(current->name) + " has no field '" + std::string(hop) + "'";
      return nullptr;
    }
    if (sep == std::string_view::npos) return field;
    if (field->kind != schema::FieldKind::Ref || !(current = resolver(*field))) {
      why = "'" + std::string(hop) + "' is not a ref with a known target";
      return nullptr;
    }
    rest = rest.substr(sep + 2);
  }
}

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    std::size_t end = i;
    while (end < text.size() && text[end] != ' ' && text[end] != '\t') ++end;
    if (end > i) out.emplace_back(text.substr(i, end - i));
    i = end;
  }
  return out;
}

/** "; filters: price, price__gte, ..." (the parameters a list accepts), or "." when it has none. */
std::string accepted(const std::vector<FilterField>& fields) {
  std::string list;
  for (const auto& field : fields) {
    for (auto lookup : field.lookups) {
      list += (list.empty() ? "" : ", ") + field.name;
      if (lookup != orm::Lookup::Exact) list += "__" + std::string(orm::lookup_name(lookup));
    }
  }
  return list.empty() ? std::string(".") : "; filters: " + list + ".";
}

/** Query parameters in order, decoded: "a=1&b=x%20y" -> {a,1}, {b,x y}. */
std::vector<std::pair<std::string, std::string>> parameters(const http::Request& request) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string_view query = request.query_string();
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view part = query.substr(0, amp);
    if (!part.empty()) {
      const auto eq = part.find('=');
      out.emplace_back(http::url_decode(part.substr(0, eq), true),
                       eq == std::string_view::npos ? std::string() : http::url_decode(part.substr(eq + 1), true));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

}  // namespace

FilterSet& FilterSet::field(std::string_view path, std::initializer_list<std::string_view> lookups) {
  FilterField entry{.name = std::string(path), .lookups = {}};
  for (auto name : lookups) {
    const auto lookup = orm::lookup_from_name(name);
    if (!lookup) {
      invalid_.push_back("'" + std::string(name) + "' (on " + std::string(path) + ") is not a lookup");
      continue;
    }
    entry.lookups.push_back(*lookup);
  }
  fields_.push_back(std::move(entry));
  return *this;
}

FilterSet& FilterSet::search(std::initializer_list<std::string_view> paths) {
  for (auto path : paths) search_.emplace_back(path);
  return *this;
}

FilterSet& FilterSet::ordering(std::initializer_list<std::string_view> fields) {
  for (auto field : fields) ordering_.emplace_back(field);
  return *this;
}

void FilterSet::check(const schema::ModelSpec& model, const orm::ModelResolver& resolver) const {
  if (!invalid_.empty()) throw DeclarationError("filters of " + std::string(model.name) + ": " + invalid_.front());
  std::string why;
  auto require = [&](std::string_view what, const std::string& path) {
    const schema::FieldSpec* field = field_at(model, resolver, path, why);
    if (!field) throw DeclarationError(std::string(what) + " of " + std::string(model.name) + ": " + why);
    if (field->kind == schema::FieldKind::Many || field->kind == schema::FieldKind::Json ||
        field->kind == schema::FieldKind::Bytes) {
      throw DeclarationError(std::string(what) + " of " + std::string(model.name) + ": " + path + " is a " +
                             std::string(schema::type_name(field->kind)) + " field");
    }
  };
  for (const auto& field : fields_) require("filter", field.name);
  for (const auto& path : search_) require("search", path);
  for (const auto& path : ordering_) require("ordering", path);
}

orm::TableQuery FilterSet::filter(const http::Request& request, orm::TableQuery query,
                                  const orm::ModelResolver& resolver,
                                  std::span<const std::string_view> reserved) const {
  const schema::ModelSpec& model = *query.query().model;
  std::vector<orm::FieldError> errors;
  for (const auto& [name, text] : parameters(request)) {
    if (name == "ordering" || std::find(reserved.begin(), reserved.end(), name) != reserved.end()) continue;
    if (name == "search" && !search_.empty()) {
      if (text.size() > kMaxSearch) throw Problem(400, "The search text is longer than 200 characters.");
      const auto terms = words(text);
      if (terms.size() > kMaxSearchWords) throw Problem(400, "The search has more than 10 words.");
      for (const auto& term : terms) {
        std::optional<orm::Q> any;
        for (const auto& path : search_) {
          orm::Q leaf(orm_path(path), orm::Lookup::IContains, {term});
          any = any ? std::move(*any) || std::move(leaf) : std::move(leaf);
        }
        query = query.filter(std::move(*any));
      }
      continue;
    }
    // "<declared path>" or "<declared path>__<lookup>", the longest declared path first.
    const FilterField* matched = nullptr;
    orm::Lookup lookup = orm::Lookup::Exact;
    for (const auto& field : fields_) {
      if (name == field.name) {
        if (matched && matched->name.size() >= field.name.size()) continue;
        matched = &field;
        lookup = orm::Lookup::Exact;
      } else if (name.size() > field.name.size() + 2 && name.starts_with(field.name) &&
                 name.compare(field.name.size(), 2, "__") == 0) {
        const auto named = orm::lookup_from_name(std::string_view(name).substr(field.name.size() + 2));
        if (!named || (matched && matched->name.size() >= field.name.size())) continue;
        matched = &field;
        lookup = *named;
      }
    }
    if (!matched || std::find(matched->lookups.begin(), matched->lookups.end(), lookup) == matched->lookups.end()) {
      throw Problem(400, "Unknown query parameter '" + name + "'" + accepted(fields_));
    }
    std::string why;
    const schema::FieldSpec* field = field_at(model, resolver, matched->name, why);
    if (!field) throw Problem(400, "Unknown query parameter '" + name + "'.");  // check() ran at mount
    std::vector<db::Value> values;
    auto typed = [&](std::string_view item) {
      if (lookup == orm::Lookup::Contains || lookup == orm::Lookup::IContains || lookup == orm::Lookup::StartsWith ||
          lookup == orm::Lookup::IStartsWith || lookup == orm::Lookup::EndsWith || lookup == orm::Lookup::IEndsWith ||
          lookup == orm::Lookup::IExact) {
        values.emplace_back(std::string(item));
        return;
      }
      detail::Decoded decoded = detail::parse_text(*field, item);
      if (auto* problem = std::get_if<std::string>(&decoded)) {
        errors.push_back({.field = name, .code = "invalid", .message = *problem});
      } else {
        values.push_back(std::move(std::get<db::Value>(decoded)));
      }
    };
    if (lookup == orm::Lookup::IsNull) {
      if (text != "true" && text != "false") {
        errors.push_back({.field = name, .code = "invalid", .message = "Must be true or false."});
        continue;
      }
      values.emplace_back(text == "true");
    } else if (lookup == orm::Lookup::In || lookup == orm::Lookup::Range) {
      std::size_t start = 0;
      std::size_t items = 0;
      while (start <= text.size()) {
        const auto comma = text.find(',', start);
        typed(std::string_view(text).substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        ++items;
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      if (lookup == orm::Lookup::Range && items != 2) {
        errors.push_back({.field = name, .code = "invalid", .message = "Must be two values: low,high."});
        continue;
      }
      if (items > kMaxInValues) {
        errors.push_back({.field = name, .code = "invalid", .message = "At most 100 values."});
        continue;
      }
    } else {
      typed(text);
    }
    if (errors.empty()) query = query.filter(orm_path(matched->name), orm::lookup_name(lookup), std::move(values));
  }
  if (!errors.empty()) throw Problem::validation(std::move(errors));
  return query;
}


std::vector<std::string> FilterSet::ordering(const http::Request& request) const {
  std::vector<std::string> out;
  const auto text = request.query("ordering");
  if (!text || text->empty()) return out;
  std::size_t start = 0;
  while (start <= text->size()) {
    const auto comma = text->find(',', start);
    std::string item = text->substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? text->size() + 1 : comma + 1;
    const bool descending = !item.empty() && item.front() == '-';
    const std::string name = descending ? item.substr(1) : item;
    if (std::find(ordering_.begin(), ordering_.end(), name) == ordering_.end()) {
      std::string allowed;
      for (const auto& o : ordering_) allowed += (allowed.empty() ? "" : ", ") + o;
      throw Problem(400, "Cannot order by '" + item + "'" +
                             (allowed.empty() ? std::string("; this list has no ordering.") : "; allowed: " + allowed + "."));
    }
    out.push_back((descending ? "-" : "") + orm_path(name));
  }
  return out;
}

}  // namespace cpprustango::rest
