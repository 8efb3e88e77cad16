// The models the admin serves, found by the lower-case names in its URLs, and
// how a row reads as text (its display pattern, or "<model> object (<pk>)").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cpprustango/orm/dynamic.hpp"
#include "cpprustango/schema/app_spec.hpp"

namespace cpprustango::admin::detail {

struct AdminApp {
  std::string name;  ///< as in URLs (lower case)
  std::vector<const schema::ModelSpec*> models;
};

class Registry {
 public:
  /** The auth app, then `apps` in the order given. */
  explicit Registry(std::span<const schema::AppSpec> apps);

  const std::vector<AdminApp>& apps() const { return apps_; }
  std::vector<const schema::ModelSpec*> models() const;
  /** The model at /admin/<app>/<model>/, or nullptr. */
  const schema::ModelSpec* find(std::string_view app, std::string_view model) const;
  /** The target of a ref/many field across every registered app. */
  const schema::ModelSpec* target(const schema::FieldSpec& field) const;
  orm::ModelResolver resolver() const;
  orm::Table table(const schema::ModelSpec& model) const { return orm::Table(model, resolver()); }

 private:
  std::vector<schema::AppSpec> specs_;
  std::vector<AdminApp> apps_;
};

/** The row whose key token (URL text, see key_token) is `token`, with the refs its display names; nullopt when absent or malformed. */
std::optional<orm::Record> find_row(const Registry& registry, db::Database& db, const schema::ModelSpec& model,
                                    const std::string& token);

/** "post": the model's name in URLs. */
std::string url_name(const schema::ModelSpec& model);
/** "/admin/blog/post/" */
std::string model_url(const schema::ModelSpec& model);
/** The first primary-key field: the key of models that refs and many() fields point at. */
const schema::FieldSpec& key_field(const schema::ModelSpec& model);
/** A single key's value as text (a <select>'s option value); the key token for a composite key. */
std::string key_text(const orm::Record& record);
/** The text of one stored key value, exactly (value_text shortens datetimes for pages). */
std::string raw_text(const schema::FieldSpec& field, const db::Value& value);

// Row keys in URLs, checkbox values and the admin log. Each key value's text has every ASCII byte
// other than letters, digits, '-', '.' and '~' written "_XX" (its hex code, like Django's admin
// quote()), and the values of a composite key are joined by ',': "a/b c" is "a_2Fb_20c", the key
// (1, "x,y") is "1,x_2Cy", an empty value is "_". Any value has one token and back, and the token
// never holds '/', '?', '#' or '%', so the router's percent-decoding cannot break it.
/** The record's key token. */
std::string key_token(const orm::Record& record);
/** The key values a token names, one per @@id field and converted by its kind; nullopt when malformed. */
std::optional<std::vector<db::Value>> parse_key(const Registry& registry, const schema::ModelSpec& model,
                                                std::string_view token);
/** Whether `field` is the model's key or one column of it (@@id fields do not set FieldSpec::primary_key). */
bool is_key(const schema::ModelSpec& model, const schema::FieldSpec& field);
/**
 * Whether the admin's add form can make a row of `model`: not when a required,
 * unique field (or the key) is one the form never shows (@noform, @noedit),
 * since the form cannot choose its value. API keys and refresh tokens are
 * such rows: code makes them (createapikey, the token endpoint), not the admin.
 */
bool addable(const schema::ModelSpec& model);
/** The record's key values, in primary-key order. */
std::vector<db::Value> key_values(const orm::Record& record);
/** "/admin/blog/post/<token>/", the prefix of change/, delete/, history/ (the token percent-encoded). */
std::string object_url(const orm::Record& record);
/** The object id the admin log keeps: the key's text for a single key, the token for a composite one. */
std::string object_id(const orm::Record& record);

/** A stored value as people read it ("" for NULL); long text is not cut here. */
std::string value_text(const schema::FieldSpec& field, const db::Value& value);
/** The row's string form: its @@display pattern (refs shown through select_related rows when fetched), else "Post object (7)". */
std::string display(const orm::Record& record);
/** Ref fields a display pattern names, for select_related. */
std::vector<std::string> display_refs(const schema::ModelSpec& model);
/** A stored boolean in any backend's form (bool, 0/1, "t"/"true"/"1"). */
bool is_true(const db::Value& value);
/** An OR of icontains over `fields` (the list's ?q= and the picker's search); nullopt without fields. */
std::optional<orm::Q> search_q(std::span<const std::string_view> fields, const std::string& text);
/** `text` cut to `limit` characters (UTF-8 aware) with an ellipsis. */
std::string truncate(std::string_view text, std::size_t limit);
/** "Published at": a label as a heading shows it. */
std::string capitalised(std::string_view text);
/** The capitalised verbose names: "Blog posts". */
std::string title_plural(const schema::ModelSpec& model);
std::string title_singular(const schema::ModelSpec& model);

}  // namespace cpprustango::admin::detail
