// many() fields through their join tables, for the dynamic rows the viewsets
// use: the keys linked to a page of owners in one query, and replacing one
// owner's set. Identifiers come from the ModelSpec (quoted); keys are bound.
#pragma once

#include <map>
#include <span>
#include <string>
#include <vector>

#include "cpprustango/db/value.hpp"
#include "cpprustango/orm/queryset.hpp"
#include "cpprustango/schema/spec.hpp"

namespace cpprustango::rest::detail {

/** db::describe(owner key) -> the target keys linked to it, for every owner in `owners`. */
std::map<std::string, std::vector<db::Value>> linked_keys(orm::Executor db, const schema::FieldSpec& many,
                                                          std::span<const db::Value> owners);

/** Makes `owner`'s set exactly `targets` (delete, then insert). */
void replace_links(orm::Executor db, const schema::FieldSpec& many, const db::Value& owner,
                   std::span<const db::Value> targets);

}  // namespace cpprustango::rest::detail
