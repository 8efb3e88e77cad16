// Model forms over every kind a model can have, on SQLite and PostgreSQL:
// many() fields as checkboxes whose links save() writes with the row, JSON
// checked before the database sees it, datetimes that keep their seconds, a
// ref with more rows than a <select> lists, and the widget and choices hooks.
// The admin's add and change pages are these forms (tests/unit/admin).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cpprustango/forms/model_form.hpp>
#include <cpprustango/schema/parser.hpp>
#include <string>
#include <vector>

#include "test_support/orm_database.hpp"

namespace {

namespace db = cpprustango::db;
namespace forms = cpprustango::forms;
namespace orm = cpprustango::orm;
namespace schema = cpprustango::schema;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using Values = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kSchema = R"(
model Tag {
  name string(30) @display
}

model Note {
  title    string(40) @unique
  settings json?
  due      datetime?
  price    decimal(8, 2)?
  tags     many(Tag)
  topic    ref(Tag)? @on_delete(set_null)
}
)";

constexpr const char* kSqliteDdl = R"(
CREATE TABLE desk_tag (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);
CREATE TABLE desk_note (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL UNIQUE, settings TEXT,
  due TEXT, price DECIMAL(8,2), topic_id INTEGER REFERENCES desk_tag (id) ON DELETE SET NULL);
CREATE TABLE desk_note_tags (note_id INTEGER NOT NULL REFERENCES desk_note (id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES desk_tag (id) ON DELETE CASCADE, PRIMARY KEY (note_id, tag_id));
)";

constexpr const char* kPostgresDdl = R"(
CREATE TABLE desk_tag (id BIGSERIAL PRIMARY KEY, name VARCHAR(30) NOT NULL);
CREATE TABLE desk_note (id BIGSERIAL PRIMARY KEY, title VARCHAR(40) NOT NULL UNIQUE, settings JSONB,
  due TIMESTAMPTZ, price NUMERIC(8,2), topic_id BIGINT REFERENCES desk_tag (id) ON DELETE SET NULL);
CREATE TABLE desk_note_tags (note_id BIGINT NOT NULL REFERENCES desk_note (id) ON DELETE CASCADE,
  tag_id BIGINT NOT NULL REFERENCES desk_tag (id) ON DELETE CASCADE, PRIMARY KEY (note_id, tag_id));
)";

const schema::SpecSet& specs() {
  static const schema::SpecSet set(schema::parse(kSchema, "desk/models.schema", "desk"));
  return set;
}
const schema::ModelSpec* resolve(const schema::FieldSpec& field) { return specs().target(field); }

class ModelForms : public test_support::BothDatabasesTest {
 protected:
  void SetUp() override { open(kSqliteDdl, kPostgresDdl); }

  orm::Table notes() const { return {*specs().find("desk", "Note"), &resolve}; }
  orm::Table tags() const { return {*specs().find("desk", "Tag"), &resolve}; }

  std::string tag(const std::string& name) {
    orm::Record record = tags().new_record();
    record.set("name", name);
    tags().insert(db(), record);
    return std::to_string(db::as_int(record.get("id")));
  }

  forms::ModelForm form(forms::ModelFormOptions options = {}) { return {notes(), db(), std::move(options)}; }

  std::vector<std::string> linked(const db::Value& note) {
    std::vector<std::string> out;
    const std::vector<db::Value> params{note};
    auto sql = std::string("SELECT tag_id FROM desk_note_tags WHERE note_id = ") +
               (db().dialect() == db::Dialect::Postgresql ? "$1" : "?") + " ORDER BY tag_id";
    for (const auto row : db().acquire().query(sql, params)) out.push_back(std::to_string(db::as_int(row[0])));
    return out;
  }
};

TEST_P(ModelForms, AManyFieldIsCheckboxesOfItsRowsAndSaveWritesTheLinksWithTheRow) {
  const auto red = tag("red");
  const auto blue = tag("blue");
  auto adding = form();
  const auto* tags_field = adding.field("tags");
  ASSERT_NE(tags_field, nullptr);
  EXPECT_EQ(tags_field->kind, forms::Kind::ModelMultipleChoice);
  EXPECT_FALSE(tags_field->required);
  const std::string input = adding.input_html("tags");
  EXPECT_THAT(input, HasSubstr("type=\"checkbox\" id=\"id_tags_0\" name=\"tags\""));
  EXPECT_THAT(input, HasSubstr("value=\"" + red + "\"> red</label>"));

  adding.bind(forms::FormData(Values{{"title", "Plan"}, {"tags", red}, {"tags", blue}, {"tags", red}}));
  ASSERT_TRUE(adding.is_valid()) << adding.html();
  EXPECT_THAT(adding.cleaned<std::vector<std::int64_t>>("tags"), ElementsAre(std::stoll(red), std::stoll(blue)));
  auto saved = adding.save();
  ASSERT_TRUE(saved.has_value());
  EXPECT_THAT(linked(saved->get("id")), ElementsAre(red, blue));

  // Editing: the linked rows are checked, and the set becomes exactly what is sent.
  auto editing = form();
  editing.instance(*saved);
  EXPECT_THAT(editing.input_html("tags"), HasSubstr("value=\"" + blue + "\" checked> blue"));
  editing.bind(forms::FormData(Values{{"title", "Plan"}, {"tags", blue}}));
  ASSERT_TRUE(editing.save().has_value()) << editing.html();
  EXPECT_THAT(linked(saved->get("id")), ElementsAre(blue));
}

TEST_P(ModelForms, AManyFieldRefusesARowThatDoesNotExistAndARefusedRowKeepsItsLinks) {
  const auto red = tag("red");
  auto adding = form();
  adding.bind(forms::FormData(Values{{"title", "Plan"}, {"tags", red}, {"tags", "999"}}));
  EXPECT_FALSE(adding.is_valid());
  EXPECT_THAT(adding.errors_of("tags"), ElementsAre("Select valid choices; 999 is not one of them."));
  auto text = form();
  text.bind(forms::FormData(Values{{"title", "Plan"}, {"tags", "red"}}));
  EXPECT_FALSE(text.save().has_value());
  EXPECT_THAT(text.errors_of("tags"), ElementsAre("Select valid choices; red is not one of them."));

  auto first = form();
  first.bind(forms::FormData(Values{{"title", "Taken"}, {"tags", red}}));
  auto taken = first.save();
  ASSERT_TRUE(taken.has_value());
  auto other = form();
  other.bind(forms::FormData(Values{{"title", "Other"}}));
  auto second = other.save();
  ASSERT_TRUE(second.has_value());
  // A unique violation on the row: neither the row nor its links change.
  auto clash = form();
  clash.instance(*second);
  clash.bind(forms::FormData(Values{{"title", "Taken"}, {"tags", red}}));
  EXPECT_FALSE(clash.save().has_value());
  EXPECT_THAT(clash.errors_of("title"), ElementsAre("Note with this title already exists."));
  EXPECT_THAT(linked(second->get("id")), IsEmpty());
}

TEST_P(ModelForms, JsonIsCheckedAsJsonAndKeptAsTypedWhenItIsNot) {
  auto refused = form();
  refused.bind(forms::FormData(Values{{"title", "Plan"}, {"settings", "{\"theme\": dark}"}}));
  EXPECT_FALSE(refused.is_valid());
  ASSERT_EQ(refused.errors_of("settings").size(), 1u);
  EXPECT_THAT(refused.errors_of("settings")[0], HasSubstr("Enter valid JSON (line 1, column 11"));
  EXPECT_THAT(refused.input_html("settings"), HasSubstr("class=\"code\" spellcheck=\"false\" rows=\"8\">"
                                                        "{&quot;theme&quot;: dark}</textarea>"));
  auto blank = form();
  blank.bind(forms::FormData(Values{{"title", "Plan"}, {"settings", "  \n "}}));
  ASSERT_TRUE(blank.is_valid()) << blank.html();
  EXPECT_TRUE(db::is_null(blank.value("settings")));
}

TEST_P(ModelForms, ADatetimeKeepsItsSecondsWhenTheFormIsSavedUnchanged) {
  orm::Record note = notes().new_record();
  note.set("title", "Plan");
  note.set("due", std::string("2026-03-04T05:06:07Z"));
  notes().insert(db(), note);
  auto editing = form();
  editing.instance(notes().get(db(), note.get("id")));
  const std::string input = editing.input_html("due");
  EXPECT_THAT(input, HasSubstr("<input type=\"datetime-local\" step=\"1\" id=\"id_due\""));
  EXPECT_THAT(input, HasSubstr("value=\"2026-03-04T05:06:07\"> <span class=\"count\">UTC</span>"));
  editing.bind(forms::FormData(Values{{"title", "Plan"}, {"due", "2026-03-04T05:06:07"}}));
  auto saved = editing.save();
  ASSERT_TRUE(saved.has_value()) << editing.html();
  EXPECT_EQ(forms::ModelForm(notes(), db()).instance(notes().get(db(), note.get("id"))).field("due")->initial,
            "2026-03-04T05:06:07");
}

TEST_P(ModelForms, ADecimalShowsItsPlacesOnBothDatabases) {
  // SQLite gives 9.50 back as the real 9.5 and 10.00 as the integer 10; the form shows what PostgreSQL does.
  for (const auto& [typed, shown] : Values{{"9.5", "9.50"}, {"10", "10.00"}, {"0.05", "0.05"}}) {
    auto adding = form();
    adding.bind(forms::FormData(Values{{"title", "Price " + typed}, {"price", typed}}));
    auto saved = adding.save();
    ASSERT_TRUE(saved.has_value()) << adding.html();
    auto editing = form();
    editing.instance(notes().get(db(), saved->get("id")));
    EXPECT_EQ(editing.field("price")->initial, shown) << typed;
  }
}

TEST_P(ModelForms, ARefWithMoreRowsThanTheLimitIsTypedAndAManyFieldStillOffersWhatItLinks) {
  std::vector<std::string> keys;
  for (int i = 0; i < 4; ++i) keys.push_back(tag("t" + std::to_string(i)));
  auto limited = form({.choice_limit = 2});
  EXPECT_EQ(limited.field("topic")->kind, forms::Kind::Text);
  EXPECT_EQ(limited.field("tags")->choices.size(), 2u);
  limited.bind(forms::FormData(Values{{"title", "Plan"}, {"topic", keys[3]}, {"tags", keys[3]}}));
  auto saved = limited.save();
  ASSERT_TRUE(saved.has_value()) << limited.html();
  EXPECT_EQ(std::to_string(db::as_int(saved->get("topic"))), keys[3]);

  auto editing = form({.choice_limit = 2});
  editing.instance(*saved);
  EXPECT_THAT(editing.input_html("tags"), HasSubstr("value=\"" + keys[3] + "\" checked>"));
  auto missing = form({.choice_limit = 2});
  missing.bind(forms::FormData(Values{{"title", "Other"}, {"topic", "12345"}}));
  EXPECT_FALSE(missing.is_valid());
  EXPECT_THAT(missing.errors_of("topic"), ElementsAre("Select a valid choice; that tag does not exist."));
}

TEST_P(ModelForms, AWidgetDrawsOneInputAndChoicesCanBeReplaced) {
  tag("red");
  auto custom = form({.fields = {"title", "topic"}});
  custom.widget("title", [](const forms::Form&, const forms::Field& field, const std::string& text,
                            const std::string& attributes) {
    return "<input type=\"search\" data-field=\"" + field.name + "\"" + attributes + " value=\"" +
           forms::html_escape(text) + "\">";
  });
  custom.choices("topic", {{"", "nothing"}});
  custom.bind(forms::FormData(Values{{"title", "<b>"}}));
  EXPECT_TRUE(custom.is_valid());
  const std::string html = custom.html();
  EXPECT_THAT(html, HasSubstr("<input type=\"search\" data-field=\"title\" id=\"id_title\" name=\"title\" required"));
  EXPECT_THAT(html, HasSubstr("value=\"&lt;b&gt;\">"));
  EXPECT_THAT(html, HasSubstr("<label for=\"id_title\">Title"));  // the label stays the form's
  EXPECT_THAT(html, Not(HasSubstr("> red</option>")));
  EXPECT_THROW(custom.widget("nope", {}), std::out_of_range);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, ModelForms, ::testing::Values(test_support::Backend::Sqlite),
                         test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, ModelForms, ::testing::Values(test_support::Backend::Postgres),
                         test_support::backend_name);

}  // namespace
