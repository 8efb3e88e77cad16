// Form's state, shared by the pipeline (form.cpp) and rendering (render.cpp).
// Private to the runtime.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cpprustango/forms/form.hpp"

namespace cpprustango::forms {

struct Form::Impl {
  std::vector<Field> fields;
  std::vector<std::optional<schema::FieldSpec>> specs;  ///< a model form's schema rule, by field index
  std::vector<db::Value> values;                        ///< cleaned values, by field index
  std::vector<std::pair<std::string, FieldHook>> field_hooks;
  std::vector<FormHook> clean_hooks;
  std::vector<FormHook> finalize_hooks;
  std::vector<std::pair<std::string, Widget>> widgets;
  std::optional<FormData> data;
  std::string csrf;
  std::optional<bool> valid;
  std::vector<orm::FieldError> errors;

  /** The index of field `name`; throws std::out_of_range. */
  std::size_t index(std::string_view name) const;
};

namespace detail {
/** "published_at" -> "Published at" */
std::string default_label(std::string_view name);
/** MultipleChoice and ModelMultipleChoice: several values, shown as "a,b". */
bool is_multiple(Kind kind);
/** "a,b" -> {"a", "b"}, empty items left out. */
std::vector<std::string> split_commas(const std::string& text);
}  // namespace detail

}  // namespace cpprustango::forms
