// The part of a generated model that runs before each write: automatic values
// (@auto_now, @auto_now_add, @slug_from) and validation. Kept apart from
// generator.cpp, which lays out the rest of the header.
#pragma once

#include <string>
#include <vector>

#include "cpprustango/schema/spec.hpp"

namespace cpprustango::cli::codegen::detail {

/**
 * The statements of `void Model::prepare_save_(bool inserting)`, two-space
 * indented, one per automatic field; "  (void)insert_;\n" when there are none.
 * `member[i]` says whether field i has a data member (not many(), not the
 * other backend's); `inserting` is the parameter's name (insert_, unless a
 * member has that name).
 *   "  if (insert_ && slug.empty()) slug = cpprustango::orm::slugify(title, 220);\n"
 */
std::string automatic_values(const schema::ModelSpec& model, const std::vector<bool>& member,
                             const std::string& inserting);

}  // namespace cpprustango::cli::codegen::detail
