// A form field: what it is called, what it accepts and how its input looks.
// Plain data with designated initializers, so a form reads as a list:
//
// (Designated initializers follow the member order below.)
//   forms::Form form({
//       {.name = "title", .kind = forms::Kind::Text, .max_length = 200},
//       {.name = "qty", .kind = forms::Kind::Integer, .initial = "1", .min = 1, .max = 99},
//       {.name = "status", .kind = forms::Kind::Choice, .choices = {{"draft", "Draft"}, {"published", "Published"}}},
//       {.name = "notes", .kind = forms::Kind::Textarea, .required = false, .help_text = "Shown to staff only."},
//   });
//
// The checks themselves are the ORM's write-path rules (orm::check_row): a
// field becomes a schema::FieldSpec of the matching kind, so a form, a model
// form, the admin and the REST serializers refuse the same values with the
// same messages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cpprustango::forms {

/** Every field kind, with the input it renders as. */
enum class Kind {
  Text,            ///< <input type="text">; max_length, min_length
  Textarea,        ///< <textarea>
  Email,           ///< <input type="email">, checked as an address
  Url,             ///< <input type="url">, http(s) only
  Slug,            ///< letters, digits, '-' and '_'
  Password,        ///< <input type="password">, never re-rendered with its value
  Integer,         ///< 64-bit; min, max
  Decimal,         ///< exact; max_digits, decimal_places, min, max
  Float,           ///< double; min, max
  Checkbox,        ///< a bool: checked or not (required means "must be checked")
  Choice,          ///< <select>, or radio buttons with `radio`
  MultipleChoice,  ///< <select multiple>, or checkboxes with `radio`; cleaned as "a,b"
  Date,            ///< <input type="date">: YYYY-MM-DD
  Time,            ///< <input type="time">: HH:MM[:SS]
  DateTime,        ///< <input type="datetime-local">: YYYY-MM-DDTHH:MM[:SS], read as UTC
  Hidden,          ///< <input type="hidden">
  File,            ///< <input type="file">: multipart/form-data; max_bytes, content_types
  ModelChoice,     ///< a <select> of a model's rows (choices filled by forms::model_choices)
  /// Several of a model's rows (a many() field): <select multiple>, or checkboxes with `radio`;
  /// cleaned as an array of keys: form.cleaned<std::vector<std::int64_t>>("tags")
  ModelMultipleChoice,
};

/** The text a kind's name has in messages and generated code: "integer". */
std::string_view to_string(Kind kind);

/** One option of a choice field: the submitted value and what people read. */
struct Choice {
  std::string value{};
  std::string label{};
};

struct Field {
  std::string name{};
  Kind kind = Kind::Text;
  std::string label{};      ///< "" -> the name, capitalised, '_' as spaces ("Published at")
  std::string help_text{};  ///< shown under the input, linked by aria-describedby
  std::string placeholder{};
  std::string initial{};  ///< the unbound form's value, as typed ("1", "2026-01-02", "a,b")
  bool required = true;   ///< empty input is an error ("This field is required.")
  bool disabled = false;  ///< rendered disabled; the submitted value is ignored, initial is used
  std::vector<std::pair<std::string, std::string>> attributes{};  ///< extra input attributes: {{"autocomplete", "off"}}
  int min_length = 0;                                             ///< characters; 0: none
  int max_length = 0;                                             ///< characters; 0: none
  std::optional<double> min{};
  std::optional<double> max{};
  int max_digits = 0;                        ///< Decimal: total digits (0: 18)
  int decimal_places = 0;                    ///< Decimal: digits after the point
  std::vector<Choice> choices{};             ///< Choice, MultipleChoice, ModelChoice, ModelMultipleChoice
  bool radio = false;                        ///< Choice: radio buttons; the multiple kinds: checkboxes
  std::int64_t max_bytes = 0;                ///< File: largest accepted upload (0: no limit beyond the server's)
  std::vector<std::string> content_types{};  ///< File: accepted types ("image/png", "image/*"); empty: any
};

}  // namespace cpprustango::forms
