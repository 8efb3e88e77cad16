// What make:form and make:crud read from a model: its editable fields (those
// a model form shows, by the runtime's rules), sample values a generated test
// can submit, and the C++ that creates the rows a required ref needs.
#pragma once

#include <string>
#include <vector>

#include "cpprustango/schema/model.hpp"
#include "cpprustango/schema/spec.hpp"
#include "support/project.hpp"

namespace cpprustango::cli {

/** The project's models, parsed once; `model` is the one asked for. */
class ProjectModels {
 public:
  /** Throws CliError when the app is not installed or has no such model (naming make:model). */
  ProjectModels(const Project& project, const std::string& app, const std::string& model);
  ProjectModels(const ProjectModels&) = delete;
  ProjectModels& operator=(const ProjectModels&) = delete;

  const schema::ModelSpec& model() const { return *model_; }
  const schema::SpecSet& specs() const { return specs_; }

 private:
  std::vector<schema::SchemaFile> files_;
  schema::SpecSet specs_;
  const schema::ModelSpec* model_ = nullptr;
};

/** Whether a model form shows the field: not an auto key, auto_now(_add), @noform or @noedit. */
bool is_form_field(const schema::FieldSpec& field);
/** Whether an empty submission of the field is refused. */
bool is_required_in_form(const schema::FieldSpec& field);
/** Text a form accepts for the field ("Example", "1", "2026-01-02", the first choice, ...); "" for a ref. */
std::string sample_text(const schema::FieldSpec& field);
/** A typed value the field refuses ("not a number" for an int), or "" when any text passes. */
std::string bad_text(const schema::FieldSpec& field);

/** "Post" -> "posts", "Category" -> "categories", "Box" -> "boxes": the URL segment of make:crud. */
std::string plural_segment(const std::string& model_name);
/** "BlogPost" -> "blog_post". */
std::string snake_case(const std::string& pascal);
/** A C++ string literal: "\"a\\\"b\"". */
std::string cpp_literal(const std::string& text);

/**
 * Statements of a generated test that create one row of `model` through its
 * model form (creating the rows its required refs need first, depth first),
 * and the form data for it; `prefix` starts the variables' names.
 *   lines: "  const std::string author_1 = create_row(db, cpprustango::views::table<blog::Author>(), {{\"name\", \"Example\"}});\n"
 *   data:  {{"title", "\"Example\""}, {"author", "author_1"}}  (C++ expressions)
 */
struct SampleRow {
  std::string lines;
  std::vector<std::pair<std::string, std::string>> data;
  std::vector<std::string> variables;  ///< the keys' variables, in creation order
};
/** `declare`: lines declare their variables ("  const std::string x = "); else they assign members ("    x = "). */
SampleRow sample_row(const schema::SpecSet& specs, const schema::ModelSpec& model, bool declare = true);

/** `{{"a", x}, {"b", y}}` from SampleRow::data. */
std::string cpp_pairs(const std::vector<std::pair<std::string, std::string>>& data);

}  // namespace cpprustango::cli
