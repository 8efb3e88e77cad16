// The schema's write-path rules, applied to a row just before it is written:
// not-null, max_length, @min/@max, choices, email/url/slug formats and
// decimal precision. They read only the ModelSpec and the row (values by field
// index, as generated to_row() makes it), so the generated save(), bulk
// writes and the admin's forms all share them. Also here: slugify(), which
// @slug_from uses. Every problem is collected before anything is thrown, so
// a form can show all of them next to their fields at once.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cpprustango/db/value.hpp"
#include "cpprustango/orm/errors.hpp"
#include "cpprustango/orm/types.hpp"
#include "cpprustango/schema/spec.hpp"

namespace cpprustango::orm {

/**
 * One rejected value: the field's name, a stable code for programs and a
 * message for people (without the field name, for showing beside the input).
 *   {.field = "title", .code = "max_length", .message = "at most 200 characters (got 213)"}
 * Codes: required, max_length, min, max, invalid_choice, invalid_email,
 * invalid_url, invalid_slug, invalid_decimal, max_digits, max_decimal_places,
 * max_whole_digits.
 */
struct FieldError {
  std::string field;
  std::string code;
  std::string message;

  friend bool operator==(const FieldError&, const FieldError&) = default;
};

/**
 * A write refused before it reached the database, with every problem found:
 *   "Post: title: at most 200 characters (got 213); status: 'archived' is not one of draft, published"
 */
class ValidationError : public Error {
 public:
  ValidationError(std::string_view model, std::vector<FieldError> errors);

  const std::vector<FieldError>& errors() const noexcept { return errors_; }
  /** The errors of one field, in the order they were found (empty when it is fine). */
  std::vector<FieldError> errors_of(std::string_view field) const;

 private:
  std::vector<FieldError> errors_;
};

/**
 * Every problem with `row` (one value per ModelSpec field, by index) as a new
 * row (`insert`) or a change to a stored one; empty when it may be written.
 * An auto-increment key is not checked on insert (the database assigns it);
 * many() fields and null values of fields declared for one backend are
 * skipped, since those have no value in this row.
 *   auto problems = orm::check_row(Post::spec(), post.to_row(), true);
 */
std::vector<FieldError> check_row(const schema::ModelSpec& model, std::span<const db::Value> row, bool insert);

/** check_row(), throwing ValidationError when it finds anything. */
void validate_row(const schema::ModelSpec& model, std::span<const db::Value> row, bool insert);

/**
 * The slug @slug_from derives: lower-case ASCII letters and digits, every
 * other run of characters one '-', no '-' at either end, at most
 * `max_length` characters (0: no limit). Accented Latin letters lose their
 * accents first.
 *   slugify("Hello, Wörld!") == "hello-world";  slugify("C++ in 2026", 5) == "c-in"
 */
std::string slugify(std::string_view text, std::size_t max_length = 0);

/** The current time of day in UTC, for @auto_now / @default(now()) on time fields. */
TimeOfDay time_now_utc();
/** The same with its offset as PostgreSQL reads a timetz ("03:04:05.000006+00"), for now() on timetz fields. */
std::string timetz_now_utc();

namespace detail {
/** The text a @slug_from source gives: the stored text of a string or choice, "" for null. */
std::string slug_source(const db::Value& value);

// "Never set" for @auto_now_add: the value a member starts with (null, the epoch, midnight).
inline bool is_unset(const DateTime& value) { return value == DateTime{}; }
inline bool is_unset(const LocalDateTime& value) { return value == LocalDateTime{}; }
inline bool is_unset(const std::string& value) { return value.empty(); }  // timetz, held as its text
inline bool is_unset(const Date& value) { return value == Date{}; }
inline bool is_unset(const TimeOfDay& value) { return value.to_duration().count() == 0; }
template <class T>
bool is_unset(const std::optional<T>& value) {
  return !value;
}
}  // namespace detail

}  // namespace cpprustango::orm
