// A form built from a model's metadata: its fields, their kinds and checks
// (max_length, choices, required, min/max, decimal digits, refs as a select
// of the target's rows, many() fields as checkboxes of them, the PostgreSQL
// kinds and JSON checked as the database would) come from the schema, with
// `fields` / `exclude`. save() inserts or updates through the ORM
// (orm::Table) with the many() sets in the same transaction, and a unique or
// foreign-key violation the database reports lands on its field. The admin's
// add and change pages are model forms.
//
//   forms::ModelForm form(orm::Table(blog::Post::spec(), &blog::Post::resolve), app.database(),
//                         {.fields = {"title", "body", "status"}});
//   form.bind(request);
//   if (form.is_valid()) {
//     if (auto saved = form.save()) return http::Response::redirect("/posts/" + forms::key_text(*saved) + "/");
//   }
//   // invalid, or the database refused it: form.html() shows the errors beside the fields
//
// For an existing row: `form.instance(table.get(db, key))`; its values are
// the initial ones and save() updates it.
#pragma once

#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "cpprustango/db/database.hpp"
#include "cpprustango/forms/form.hpp"
#include "cpprustango/forms/upload.hpp"
#include "cpprustango/orm/dynamic.hpp"

namespace cpprustango::forms {

struct ModelFormOptions {
  std::vector<std::string> fields{};   ///< only these, in this order; empty: every editable field
  std::vector<std::string> exclude{};  ///< never these
  /// A ref's <select> lists at most this many target rows; with more, the key is typed in a text input.
  /// A many() field's checkboxes stop there too (the rows an instance links are always offered).
  std::int64_t choice_limit = 500;
};

class ModelForm : public Form {
 public:
  /**
   * Fields for every model field that a person may edit (not auto keys,
   * not @auto_now/@auto_now_add, not @noform/@noedit), narrowed by options;
   * `database` is read for ref and many() choices and written by save().
   * Throws std::invalid_argument naming an unknown field in options.
   */
  ModelForm(orm::Table table, db::Database database, ModelFormOptions options = {});

  /** Edits `record`: its values (and the rows its many() fields link) become the initial ones; save() updates it. */
  ModelForm& instance(orm::Record record);
  /** The row being edited, if any. */
  const std::optional<orm::Record>& instance() const;
  const orm::Table& table() const;

  /**
   * Writes the cleaned values (is_valid() first; a no-op returning nullopt
   * when invalid): INSERT for a new row, UPDATE for an instance, and the
   * many() fields' links, in one transaction. A violation
   * the database reports (unique, foreign key, data error) becomes an error
   * on its field and nullopt is returned; anything else throws.
   */
  std::optional<orm::Record> save();

 private:
  orm::Table table_;
  db::Database database_;
  ModelFormOptions options_;
  std::optional<orm::Record> instance_;
};

/**
 * The field error for a write the database refused, as model forms and the
 * admin show it (for other layers, e.g. REST serializers, to say the same):
 * a unique violation on its field ("Post with this title already exists.",
 * code "unique"), a foreign key ("invalid_choice"), another integrity error, or
 * a data exception on the field whose typed text (`typed(name)`) the database
 * quotes. `field` is "" when the row as a whole is meant; nullopt when the
 * error is not about the values (rethrow it).
 *   try { table.insert(db, record); } catch (const std::exception& e) {
 *     auto problem = forms::refused_write(table.model(), e);  if (!problem) throw; ... }
 */
std::optional<orm::FieldError> refused_write(
    const schema::ModelSpec& model, const std::exception& error,
    const std::function<std::optional<std::string>(std::string_view field)>& typed = {});

/**
 * Typed text as a field's value, as model forms read it, for any kind the
 * schema has (numbers, decimal, dates and times, uuid, bytes; JSON and the
 * PostgreSQL kinds checked as such; text kinds as they are): the value, or
 * the message for the person who typed it ("Enter a whole number."). Blank
 * text is not judged here: what it means is the caller's (a form's required
 * field, a REST body's "").
 */
std::variant<db::Value, std::string> parse_text(const schema::FieldSpec& field, const std::string& text);

/**
 * The items of an array(T) field (a REST body's list), each checked as a T as
 * a model form checks the lines of its input: the array's value, or the
 * message naming the first bad item ("Item 2 (x): Enter a whole number.").
 */
std::variant<db::Value, std::string> parse_items(const schema::FieldSpec& field, const std::vector<std::string>& items);

/** A record's single key as text, for URLs: "7". */
std::string key_text(const orm::Record& record);

/**
 * The rows of `target` as choices for a ModelChoice (or a ref) field: value the
 * key, label the row's display string; at most `limit` rows, in the model's ordering.
 */
std::vector<Choice> model_choices(const orm::Table& target, orm::Executor db, std::int64_t limit = 500);

}  // namespace cpprustango::forms
