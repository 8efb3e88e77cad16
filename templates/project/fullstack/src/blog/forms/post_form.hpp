// The blog app: the post_form model form over blog::Post (cpprustango
// make:form). Its fields, types and checks come from apps/blog/models.schema
// (max_length, choices, required, min/max, unique, refs); the rules below add
// to them. docs/forms.md describes the pipeline.
#pragma once

#include <cpprustango/db/database.hpp>
#include <cpprustango/forms/model_form.hpp>
#include <string>
#include <vector>

namespace blog::forms {

/** The fields people edit, in this order. */
std::vector<std::string> post_form_fields();

/** The form's own rules (clean_<field>, clean(), finalize()), for this form and for generic views' `customize`. */
void add_post_form_rules(cpprustango::forms::ModelForm& form);

/**
 * A new form for a Post on `database`: bind it, validate it, save it.
 *   auto form = post_form(app.database());
 *   form.bind(request);
 *   if (auto saved = form.save()) { ... }   // INSERT (or UPDATE after form.instance(record))
 */
cpprustango::forms::ModelForm post_form(cpprustango::db::Database database);

}  // namespace blog::forms
