// The blog app: the post_form model form. Its test is tests/test_blog_post_form.cpp.
#include "blog/forms/post_form.hpp"

#include <cpprustango/views/generic.hpp>
#include <blog/models.hpp>
#include <variant>

namespace blog::forms {

std::vector<std::string> post_form_fields() { return {"title", "body"}; }

void add_post_form_rules(cpprustango::forms::ModelForm& form) {
  // Text is kept without surrounding blanks, and a required text of blanks only is refused.
  for (const std::string field : {"title", "body"}) {
    const bool required = form.field(field) != nullptr && form.field(field)->required;
    form.clean_field(field, [required](const cpprustango::db::Value& value, cpprustango::forms::Form&) -> cpprustango::db::Value {
      const auto* text = std::get_if<std::string>(&value);
      if (text == nullptr) return value;
      const auto first = text->find_first_not_of(" \t\r\n");
      if (first == std::string::npos) {
        if (required) throw cpprustango::forms::Invalid("This field is required.");
        return std::string();
      }
      return text->substr(first, text->find_last_not_of(" \t\r\n") - first + 1);
    });
  }
}

cpprustango::forms::ModelForm post_form(cpprustango::db::Database database) {
  cpprustango::forms::ModelForm form(cpprustango::views::table<blog::Post>(), std::move(database),
                                     {.fields = post_form_fields()});
  add_post_form_rules(form);
  return form;
}

}  // namespace blog::forms
