// The query parameters a viewset's list accepts, declared per viewset and
// nothing else: `?<field>[__<lookup>]=` on declared fields and lookups,
// `?search=` over declared fields (every word must match one of them,
// case-blind), `?ordering=-price,name` over declared fields. Any other
// parameter, field, lookup or value of the wrong type is a 400 problem; names
// are checked against the model, never put into SQL, and values are bound.
//
//   rest::FilterSet filters;
//   filters.field("price", {"exact", "gte", "lte"})
//          .field("category__name", {"icontains"})      // Django's path through a ref
//          .search({"title", "body"})
//          .ordering({"price", "name", "published_at"});
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "cpprustango/http/request.hpp"
#include "cpprustango/orm/dynamic.hpp"
#include "cpprustango/orm/query.hpp"

namespace cpprustango::rest {

struct FilterField {
  std::string name;                  ///< Django spelling, as in the query string: "category__name"
  std::vector<orm::Lookup> lookups;  ///< exact first when allowed, so "?category__name=" means exact
};

class FilterSet {
 public:
  /** Allows `?<path>=` (when "exact" is listed) and `?<path>__<lookup>=` for each lookup. */
  FilterSet& field(std::string_view path, std::initializer_list<std::string_view> lookups = {"exact"});
  FilterSet& search(std::initializer_list<std::string_view> paths);
  FilterSet& ordering(std::initializer_list<std::string_view> fields);

  const std::vector<FilterField>& fields() const { return fields_; }
  const std::vector<std::string>& search_fields() const { return search_; }
  const std::vector<std::string>& ordering_fields() const { return ordering_; }

  /** Checks every declared path against `model`; throws DeclarationError naming the first that is wrong. */
  void check(const schema::ModelSpec& model, const orm::ModelResolver& resolver) const;

  /**
   * `query` narrowed by the request's filter and search parameters; throws
   * Problem(400) for a parameter that is neither declared nor in `reserved`
   * (the pagination's own), and for a value the field cannot hold.
   */
  orm::TableQuery filter(const http::Request& request, orm::TableQuery query, const orm::ModelResolver& resolver,
                         std::span<const std::string_view> reserved) const;
  /** The request's ?ordering= as orderings, checked against the declared fields; empty when absent. */
  std::vector<std::string> ordering(const http::Request& request) const;

 private:
  std::vector<FilterField> fields_;
  std::vector<std::string> search_;
  std::vector<std::string> ordering_;
  std::vector<std::string> invalid_;  ///< lookup names refused at declaration, reported by check()
};

}  // namespace cpprustango::rest
