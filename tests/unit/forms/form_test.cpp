// The forms module without a database: each field kind's checks, the
// pipeline's order (field checks -> clean_<field> -> clean() -> finalize()),
// typed cleaned values, errors per field and for the form, and the HTML.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cpprustango/forms/form.hpp>
#include <cpprustango/forms/model_form.hpp>
#include <string>
#include <vector>

namespace {

using Values = std::vector<std::pair<std::string, std::string>>;

namespace forms = cpprustango::forms;
namespace db = cpprustango::db;
using forms::Kind;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

forms::Form bound(std::vector<forms::Field> fields, std::vector<std::pair<std::string, std::string>> values) {
  forms::Form form(std::move(fields));
  form.bind(forms::FormData(std::move(values)));
  return form;
}

TEST(FormFields, RequiredTextIsAnErrorWhenEmptyAndOptionalTextCleansToEmpty) {
  auto form = bound({{.name = "title"}, {.name = "note", .required = false}}, {{"title", ""}});
  EXPECT_FALSE(form.is_valid());
  EXPECT_THAT(form.errors_of("title"), ElementsAre("This field is required."));
  EXPECT_THAT(form.errors_of("note"), IsEmpty());
  EXPECT_EQ(form.cleaned<std::string>("note"), "");
  auto blank = bound({{.name = "title"}, {.name = "note", .required = false}}, {{"title", " \t "}, {"note", "  "}});
  EXPECT_FALSE(blank.is_valid());
  EXPECT_THAT(blank.errors_of("title"), ElementsAre("This field is required."));  // spaces alone are nothing typed
  EXPECT_EQ(blank.cleaned<std::string>("note"), "");
}

TEST(FormFields, ModelMultipleChoiceCleansToAnArrayOfTheChosenKeys) {
  const std::vector<forms::Choice> rows{{"1", "Red"}, {"2", "Blue"}, {"3", "Green"}};
  auto form = bound({{.name = "tags", .kind = Kind::ModelMultipleChoice, .choices = rows}},
                    {{"tags", "3"}, {"tags", "1"}, {"tags", "3"}});
  ASSERT_TRUE(form.is_valid());
  EXPECT_THAT(form.cleaned<std::vector<std::int64_t>>("tags"), ElementsAre(3, 1));
  EXPECT_THAT(form.input_html("tags"), HasSubstr("<select id=\"id_tags\" name=\"tags\" multiple>"));
  EXPECT_THAT(form.input_html("tags"), HasSubstr("<option value=\"3\" selected>Green</option>"));
  auto unknown = bound({{.name = "tags", .kind = Kind::ModelMultipleChoice, .choices = rows}}, {{"tags", "9"}});
  EXPECT_FALSE(unknown.is_valid());
  EXPECT_THAT(unknown.errors_of("tags"), ElementsAre("Select valid choices; 9 is not one of them."));
  auto none = bound({{.name = "tags", .kind = Kind::ModelMultipleChoice, .choices = rows}}, {});
  EXPECT_FALSE(none.is_valid());
  EXPECT_THAT(none.errors_of("tags"), ElementsAre("This field is required."));
  auto optional = bound({{.name = "tags", .kind = Kind::ModelMultipleChoice, .required = false, .choices = rows}}, {});
  ASSERT_TRUE(optional.is_valid());
  EXPECT_THAT(optional.cleaned<std::vector<std::int64_t>>("tags"), IsEmpty());
}

TEST(FormFields, MaxAndMinLengthCountCharactersNotBytes) {
  auto ok = bound({{.name = "name", .min_length = 2, .max_length = 3}}, {{"name", "äöü"}});
  EXPECT_TRUE(ok.is_valid());
  auto long_one = bound({{.name = "name", .max_length = 3}}, {{"name", "abcd"}});
  EXPECT_FALSE(long_one.is_valid());
  EXPECT_EQ(long_one.errors().at(0).code, "max_length");
  auto short_one = bound({{.name = "name", .min_length = 2}}, {{"name", "a"}});
  EXPECT_FALSE(short_one.is_valid());
  EXPECT_EQ(short_one.errors().at(0).code, "min_length");
}

TEST(FormFields, IntegerIsTypedAndRangeChecked) {
  auto ok = bound({{.name = "qty", .kind = Kind::Integer, .min = 1, .max = 99}}, {{"qty", " 12 "}});
  ASSERT_TRUE(ok.is_valid());
  EXPECT_EQ(ok.cleaned<std::int64_t>("qty"), 12);
  auto low = bound({{.name = "qty", .kind = Kind::Integer, .min = 1}}, {{"qty", "0"}});
  EXPECT_FALSE(low.is_valid());
  EXPECT_EQ(low.errors().at(0).code, "min");
  auto word = bound({{.name = "qty", .kind = Kind::Integer}}, {{"qty", "twelve"}});
  EXPECT_FALSE(word.is_valid());
  EXPECT_THAT(word.errors_of("qty"), ElementsAre("Enter a whole number."));
}

TEST(FormFields, FloatAndDecimalDigits) {
  auto real = bound({{.name = "x", .kind = Kind::Float}}, {{"x", "2.5"}});
  ASSERT_TRUE(real.is_valid());
  EXPECT_DOUBLE_EQ(real.cleaned<double>("x"), 2.5);
  auto price =
      bound({{.name = "price", .kind = Kind::Decimal, .max_digits = 5, .decimal_places = 2}}, {{"price", "123.45"}});
  ASSERT_TRUE(price.is_valid());
  EXPECT_EQ(price.cleaned<std::string>("price"), "123.45");
  auto too_fine =
      bound({{.name = "price", .kind = Kind::Decimal, .max_digits = 5, .decimal_places = 2}}, {{"price", "1.234"}});
  EXPECT_FALSE(too_fine.is_valid());
  EXPECT_EQ(too_fine.errors().at(0).code, "max_decimal_places");
  auto not_number = bound({{.name = "price", .kind = Kind::Decimal}}, {{"price", "abc"}});
  EXPECT_FALSE(not_number.is_valid());
}

TEST(FormFields, EmailUrlAndSlugFormats) {
  auto good =
      bound({{.name = "e", .kind = Kind::Email}, {.name = "u", .kind = Kind::Url}, {.name = "s", .kind = Kind::Slug}},
            {{"e", "ann@example.com"}, {"u", "https://example.com/x"}, {"s", "hello-world"}});
  EXPECT_TRUE(good.is_valid()) << good.errors().size();
  auto bad =
      bound({{.name = "e", .kind = Kind::Email}, {.name = "u", .kind = Kind::Url}, {.name = "s", .kind = Kind::Slug}},
            {{"e", "not an email"}, {"u", "javascript:alert(1)"}, {"s", "no spaces"}});
  EXPECT_FALSE(bad.is_valid());
  std::vector<std::string> codes;
  for (const auto& e : bad.errors()) codes.push_back(e.code);
  EXPECT_THAT(codes, ElementsAre("invalid_email", "invalid_url", "invalid_slug"));
}

TEST(FormFields, CheckboxIsABoolAndRequiredMeansChecked) {
  auto off = bound({{.name = "agree", .kind = Kind::Checkbox, .required = false}}, {});
  ASSERT_TRUE(off.is_valid());
  EXPECT_FALSE(off.cleaned<bool>("agree"));
  auto on = bound({{.name = "agree", .kind = Kind::Checkbox}}, {{"agree", "on"}});
  ASSERT_TRUE(on.is_valid());
  EXPECT_TRUE(on.cleaned<bool>("agree"));
  auto must = bound({{.name = "agree", .kind = Kind::Checkbox}}, {});
  EXPECT_FALSE(must.is_valid());
}

TEST(FormFields, ChoiceAndMultipleChoiceAcceptOnlyTheirValues) {
  const std::vector<forms::Choice> sizes{{"s", "Small"}, {"m", "Medium"}, {"l", "Large"}};
  auto one = bound({{.name = "size", .kind = Kind::Choice, .choices = sizes}}, {{"size", "m"}});
  ASSERT_TRUE(one.is_valid());
  EXPECT_EQ(one.cleaned<std::string>("size"), "m");
  auto wrong = bound({{.name = "size", .kind = Kind::Choice, .choices = sizes}}, {{"size", "xl"}});
  EXPECT_FALSE(wrong.is_valid());
  EXPECT_EQ(wrong.errors().at(0).code, "invalid_choice");
  auto many =
      bound({{.name = "sizes", .kind = Kind::MultipleChoice, .choices = sizes}}, {{"sizes", "s"}, {"sizes", "l"}});
  ASSERT_TRUE(many.is_valid());
  EXPECT_EQ(many.cleaned<std::string>("sizes"), "s,l");
  auto many_wrong =
      bound({{.name = "sizes", .kind = Kind::MultipleChoice, .choices = sizes}}, {{"sizes", "s"}, {"sizes", "xl"}});
  EXPECT_FALSE(many_wrong.is_valid());
}

TEST(FormFields, DateTimeAndDateTimeAreParsed) {
  auto ok = bound(
      {{.name = "d", .kind = Kind::Date}, {.name = "t", .kind = Kind::Time}, {.name = "dt", .kind = Kind::DateTime}},
      {{"d", "2026-02-28"}, {"t", "13:45"}, {"dt", "2026-02-28T13:45"}});
  ASSERT_TRUE(ok.is_valid()) << (ok.errors().empty() ? "" : ok.errors()[0].message);
  EXPECT_EQ(ok.cleaned<cpprustango::Date>("d"), std::chrono::year{2026} / 2 / 28);
  auto bad = bound(
      {{.name = "d", .kind = Kind::Date}, {.name = "t", .kind = Kind::Time}, {.name = "dt", .kind = Kind::DateTime}},
      {{"d", "2026-02-30"}, {"t", "25:00"}, {"dt", "yesterday"}});
  EXPECT_FALSE(bad.is_valid());
  EXPECT_THAT(bad.errors_of("d"), ElementsAre("Enter a valid date (YYYY-MM-DD)."));
  EXPECT_THAT(bad.errors_of("t"), ElementsAre("Enter a valid time (HH:MM)."));
  EXPECT_THAT(bad.errors_of("dt"), ElementsAre("Enter a valid date and time."));
}

TEST(FormFields, DisabledFieldKeepsItsInitialValueWhateverIsSent) {
  auto form = bound({{.name = "owner", .initial = "ann", .disabled = true}}, {{"owner", "mallory"}});
  ASSERT_TRUE(form.is_valid());
  EXPECT_EQ(form.cleaned<std::string>("owner"), "ann");
}

TEST(FormFields, FileUploadSizeAndTypeLimits) {
  const std::vector<forms::Field> fields{
      {.name = "avatar", .kind = Kind::File, .max_bytes = 4, .content_types = {"image/*"}}};
  forms::Form ok(fields);
  ok.bind(
      forms::FormData({}, {{.field = "avatar", .filename = "me.png", .content_type = "image/png", .content = "1234"}}));
  ASSERT_TRUE(ok.is_valid());
  EXPECT_EQ(ok.cleaned<std::string>("avatar"), "me.png");
  EXPECT_EQ(ok.file("avatar")->content, "1234");
  forms::Form big(fields);
  big.bind(forms::FormData(
      {}, {{.field = "avatar", .filename = "me.png", .content_type = "image/png", .content = "12345"}}));
  EXPECT_FALSE(big.is_valid());
  EXPECT_EQ(big.errors().at(0).code, "max_size");
  forms::Form wrong(fields);
  wrong.bind(
      forms::FormData({}, {{.field = "avatar", .filename = "x.sh", .content_type = "text/x-sh", .content = "1"}}));
  EXPECT_FALSE(wrong.is_valid());
  EXPECT_EQ(wrong.errors().at(0).code, "content_type");
  forms::Form missing(fields);
  missing.bind(forms::FormData());
  EXPECT_FALSE(missing.is_valid());
  EXPECT_THAT(missing.errors_of("avatar"), ElementsAre("No file was submitted."));
}

TEST(FormFields, ParseTextIsTheSharedReadingOfTypedText) {
  const cpprustango::schema::FieldSpec number{.name = "n", .kind = cpprustango::schema::FieldKind::BigInt};
  EXPECT_EQ(std::get<db::Value>(forms::parse_text(number, "12")), db::Value(std::int64_t{12}));
  EXPECT_EQ(std::get<std::string>(forms::parse_text(number, "1x")), "Enter a whole number.");
  // The PostgreSQL kinds and JSON are checked as a model form checks them (REST bodies read them so).
  const cpprustango::schema::FieldSpec address{.name = "a", .kind = cpprustango::schema::FieldKind::Inet};
  EXPECT_EQ(std::get<db::Value>(forms::parse_text(address, " 10.0.0.1/8 ")), db::Value(std::string("10.0.0.1/8")));
  EXPECT_THAT(std::get<std::string>(forms::parse_text(address, "300.1.2.3")), HasSubstr("Enter a valid IPv4 or IPv6"));
  const cpprustango::schema::FieldSpec settings{.name = "s", .kind = cpprustango::schema::FieldKind::Json};
  EXPECT_THAT(std::get<std::string>(forms::parse_text(settings, "{x")), HasSubstr("Enter valid JSON (line 1, column 2"));
  // Blank text is the caller's to judge: it comes back as it was.
  EXPECT_EQ(std::get<db::Value>(forms::parse_text(address, "")), db::Value(std::string()));
}

// ---- the pipeline ----

TEST(FormPipeline, RunsFieldChecksThenFieldHooksThenCleanThenFinalizeInOrder) {
  std::vector<std::string> calls;
  forms::Form form({{.name = "email", .kind = Kind::Email},
                    {.name = "password", .kind = Kind::Password},
                    {.name = "password2", .kind = Kind::Password}});
  form.clean_field("email", [&](const db::Value& value, forms::Form&) {
    calls.push_back("clean_email");
    std::string text = db::as_string(value);
    for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return db::Value(text);
  });
  form.clean([&](forms::Form& f) {
    calls.push_back("clean");
    if (f.value("password") != f.value("password2")) f.add_error("password2", "The passwords differ.");
  });
  form.finalize([&](forms::Form& f) {
    calls.push_back("finalize");
    f.set_value("password", db::Value("hashed:" + f.cleaned<std::string>("password")));
  });
  form.bind(forms::FormData(Values{{"email", "Ann@Example.COM"}, {"password", "pw1"}, {"password2", "pw1"}}));
  ASSERT_TRUE(form.is_valid());
  EXPECT_THAT(calls, ElementsAre("clean_email", "clean", "finalize"));
  EXPECT_EQ(form.cleaned<std::string>("email"), "ann@example.com");
  EXPECT_EQ(form.cleaned<std::string>("password"), "hashed:pw1");
}

TEST(FormPipeline, FinalizeDoesNotRunWhenCleanFindsAProblem) {
  bool finalized = false;
  forms::Form form({{.name = "a"}, {.name = "b"}});
  form.clean([](forms::Form& f) {
    if (f.value("a") != f.value("b")) throw forms::Invalid("a and b must match.");
  });
  form.finalize([&](forms::Form&) { finalized = true; });
  form.bind(forms::FormData(Values{{"a", "1"}, {"b", "2"}}));
  EXPECT_FALSE(form.is_valid());
  EXPECT_FALSE(finalized);
  EXPECT_THAT(form.non_field_errors(), ElementsAre("a and b must match."));
}

TEST(FormPipeline, FieldHookDoesNotRunForAFieldThatFailedItsOwnChecksAndInvalidLandsOnTheField) {
  bool ran = false;
  forms::Form form({{.name = "qty", .kind = Kind::Integer}, {.name = "code"}});
  form.clean_field("qty", [&](const db::Value& v, forms::Form&) {
    ran = true;
    return v;
  });
  form.clean_field("code", [](const db::Value& v, forms::Form&) -> db::Value {
    if (db::as_string(v) != "OK") throw forms::Invalid("Unknown code.");
    return v;
  });
  form.bind(forms::FormData(Values{{"qty", "x"}, {"code", "NO"}}));
  EXPECT_FALSE(form.is_valid());
  EXPECT_FALSE(ran);
  EXPECT_THAT(form.errors_of("code"), ElementsAre("Unknown code."));
}

TEST(FormPipeline, UnboundFormIsNotValidAndUnknownNamesThrow) {
  forms::Form form({{.name = "a"}});
  EXPECT_FALSE(form.is_valid());
  EXPECT_THROW(form.value("nope"), std::out_of_range);
  EXPECT_THROW(form.clean_field("nope", [](const db::Value& v, forms::Form&) { return v; }), std::out_of_range);
  EXPECT_THROW(form.add({.name = "a"}), std::invalid_argument);
}

// ---- rendering ----

TEST(FormHtml, LabelsAreBoundToInputsAndErrorsAreLinkedByAriaDescribedby) {
  auto form = bound({{.name = "title", .help_text = "A short title.", .max_length = 5}}, {{"title", "too long"}});
  form.csrf_token("abc123");
  EXPECT_FALSE(form.is_valid());
  const std::string html = form.html();
  EXPECT_THAT(html, HasSubstr("<input type=\"hidden\" name=\"csrf_token\" value=\"abc123\">"));
  EXPECT_THAT(html, HasSubstr("<label for=\"id_title\">Title"));
  EXPECT_THAT(html, HasSubstr("id=\"id_title\""));
  EXPECT_THAT(html, HasSubstr("aria-describedby=\"id_title_help id_title_errors\""));
  EXPECT_THAT(html, HasSubstr("aria-invalid=\"true\""));
  EXPECT_THAT(html, HasSubstr("<p class=\"help\" id=\"id_title_help\">A short title.</p>"));
  EXPECT_THAT(html, HasSubstr("<ul class=\"errorlist\" id=\"id_title_errors\"><li>"));
  EXPECT_THAT(html, HasSubstr("value=\"too long\""));  // what was typed is kept
}

TEST(FormHtml, EverythingIsEscapedAndPasswordsAreNeverShown) {
  auto form = bound({{.name = "name", .label = "<b>Name</b>"}, {.name = "secret", .kind = Kind::Password}},
                    {{"name", "\"><script>alert(1)</script>"}, {"secret", "hunter2"}});
  form.is_valid();
  const std::string html = form.html();
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
  EXPECT_THAT(html, HasSubstr("&quot;&gt;&lt;script&gt;"));
  EXPECT_THAT(html, HasSubstr("&lt;b&gt;Name&lt;/b&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("hunter2")));
}

TEST(FormHtml, EachKindRendersItsInput) {
  forms::Form form(
      {{.name = "body", .kind = Kind::Textarea},
       {.name = "size", .kind = Kind::Choice, .initial = "m", .choices = {{"s", "Small"}, {"m", "Medium"}}},
       {.name = "color", .kind = Kind::Choice, .choices = {{"r", "Red"}}, .radio = true},
       {.name = "day", .kind = Kind::Date},
       {.name = "at", .kind = Kind::DateTime},
       {.name = "ok", .kind = Kind::Checkbox, .initial = "on", .required = false},
       {.name = "token", .kind = Kind::Hidden, .initial = "t1"},
       {.name = "file", .kind = Kind::File, .content_types = {"image/png"}}});
  const std::string html = form.html();
  EXPECT_THAT(html, HasSubstr("<textarea id=\"id_body\""));
  EXPECT_THAT(html, HasSubstr("<option value=\"m\" selected>Medium</option>"));
  EXPECT_THAT(html, HasSubstr("<fieldset id=\"id_color\"><legend>Color"));
  EXPECT_THAT(html, HasSubstr("type=\"radio\" id=\"id_color_0\""));
  EXPECT_THAT(html, HasSubstr("<input type=\"date\" id=\"id_day\""));
  EXPECT_THAT(html, HasSubstr("<input type=\"datetime-local\" id=\"id_at\""));
  EXPECT_THAT(html, HasSubstr("type=\"checkbox\" id=\"id_ok\" name=\"ok\" checked>"));
  EXPECT_THAT(html, HasSubstr("<input type=\"hidden\" id=\"id_token\" name=\"token\" value=\"t1\">"));
  EXPECT_THAT(html, HasSubstr("<input type=\"file\" id=\"id_file\" name=\"file\" required accept=\"image/png\">"));
  EXPECT_TRUE(form.is_multipart());
}

}  // namespace
