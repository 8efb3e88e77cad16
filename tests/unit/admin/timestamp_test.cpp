// timestamp fields in the admin, on SQLite and the throwaway PostgreSQL
// cluster: a datetime-local input with no zone beside it, a value that goes
// through the form and back without moving (no zone applied, no precision
// lost), and text with a zone refused on the field.
#include <cpprustango/admin/admin.hpp>
#include <cpprustango/auth/users.hpp>
#include <cpprustango/orm/convert.hpp>
#include <cpprustango/schema/parser.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "admin_client.hpp"
#include "test_support/auth_tables.hpp"
#include "test_support/orm_database.hpp"

namespace {

namespace db = cpprustango::db;
namespace orm = cpprustango::orm;
namespace schema = cpprustango::schema;
namespace auth = cpprustango::auth;
using admin_test::Client;
using admin_test::field_html;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSchema = R"(
model Shift {
  name   string(20) @display
  starts timestamp
  ends   timestamp?
  at     datetime?
  @@admin(list_display: [name, starts])
}
)";

constexpr const char* kSqliteDdl = R"(
CREATE TABLE cal_shift (id INTEGER PRIMARY KEY AUTOINCREMENT, name VARCHAR(20) NOT NULL, starts TIMESTAMP NOT NULL,
  ends TIMESTAMP, at DATETIME);
)";
constexpr const char* kPostgresDdl = R"(
CREATE TABLE cal_shift (id BIGSERIAL PRIMARY KEY, name VARCHAR(20) NOT NULL, starts TIMESTAMP NOT NULL,
  ends TIMESTAMP, at TIMESTAMPTZ);
)";

const schema::SpecSet& specs() {
  static const schema::SpecSet set(schema::parse(kSchema, "cal/models.schema", "cal"));
  return set;
}
const schema::ModelSpec* resolve(const schema::FieldSpec& field) { return specs().target(field); }
const schema::ModelSpec* const kModels[] = {specs().find("cal", "Shift")};
const schema::AppSpec kApps[] = {{.name = "cal", .models = kModels, .resolve = &resolve}};

constexpr const char* kPassword = "s3cret-enough-pw";
constexpr const char* kAdd = "/admin/cal/shift/add/";
constexpr const char* kChange = "/admin/cal/shift/1/change/";

class AdminTimestamp : public test_support::BothDatabasesTest {
 protected:
  void SetUp() override {
    open(kSqliteDdl, kPostgresDdl);
    test_support::create_auth_tables(db());
    cpprustango::admin::mount(app, db(), kApps, {.secret_key = "test key"});
    auth::create_user(db(), {.username = "root", .password = kPassword, .superuser = true, .staff = true});
    ASSERT_TRUE(client.login("root", kPassword));
    client.get(kAdd);
  }

  /** The column's stored text (PostgreSQL: as the server prints it). */
  std::string column(const std::string& name) {
    const auto value = db().acquire().query("SELECT " + name + (pg() ? "::text" : "") + " FROM cal_shift").scalar();
    return db::is_null(value) ? "<null>" : db::as_string(value);
  }

  cpprustango::App app;
  Client client{app};
};

INSTANTIATE_TEST_SUITE_P(Sqlite, AdminTimestamp, ::testing::Values(test_support::Backend::Sqlite),
                         test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, AdminTimestamp, ::testing::Values(test_support::Backend::Postgres),
                         test_support::backend_name);

TEST_P(AdminTimestamp, IsADatetimeLocalInputWithNoZone) {
  const auto form = client.get(kAdd);
  ASSERT_EQ(form.status(), 200);
  EXPECT_THAT(field_html(form.body(), "starts"), HasSubstr("<input type=\"datetime-local\" step=\"1\" id=\"id_starts\""));
  EXPECT_THAT(field_html(form.body(), "starts"), Not(HasSubstr("UTC")));
  EXPECT_THAT(field_html(form.body(), "at"), HasSubstr("UTC")) << "a datetime says which zone it shows";
}

TEST_P(AdminTimestamp, RoundTripsThroughTheFormUnchanged) {
  const auto added =
      client.post(kAdd, {{"name", "night"}, {"starts", "2026-03-29T02:30"}, {"ends", "2026-03-29T10:15:05.25"}});
  ASSERT_EQ(added.status(), 302) << added.body();
  EXPECT_EQ(column("starts"), "2026-03-29 02:30:00") << "the reading as typed: no zone applied";
  EXPECT_EQ(orm::parse_local_datetime(column("ends")), orm::parse_local_datetime("2026-03-29 10:15:05.25"));

  const auto list = client.get("/admin/cal/shift/");
  EXPECT_THAT(list.body(), HasSubstr("<td>2026-03-29 02:30</td>"));

  auto form = client.get(kChange);
  ASSERT_EQ(form.status(), 200);
  EXPECT_THAT(field_html(form.body(), "starts"), HasSubstr("value=\"2026-03-29T02:30:00\""));
  EXPECT_THAT(field_html(form.body(), "ends"), HasSubstr("step=\"0.001\""));
  EXPECT_THAT(field_html(form.body(), "ends"), HasSubstr("value=\"2026-03-29T10:15:05.25\""));

  // Microseconds do not fit a datetime-local input: a text input keeps them.
  db().execute("UPDATE cal_shift SET ends = '2026-03-29 10:15:05.123456'");
  const std::string starts = column("starts");
  const std::string ends = column("ends");
  form = client.get(kChange);
  EXPECT_THAT(field_html(form.body(), "ends"), HasSubstr("<input type=\"text\""));
  EXPECT_THAT(field_html(form.body(), "ends"), HasSubstr("value=\"2026-03-29T10:15:05.123456\""));

  // Saved as shown: nothing moves.
  const auto saved = client.post(
      kChange, {{"name", "night"}, {"starts", "2026-03-29T02:30:00"}, {"ends", "2026-03-29T10:15:05.123456"}});
  ASSERT_EQ(saved.status(), 302) << saved.body();
  EXPECT_EQ(column("starts"), starts);
  EXPECT_EQ(column("ends"), ends);
  EXPECT_EQ(column("ends"), "2026-03-29 10:15:05.123456");
}

TEST_P(AdminTimestamp, TextWithAZoneIsAFieldError) {
  for (const char* typed : {"2026-03-29T02:30:00Z", "2026-03-29 02:30+02:00", "yesterday"}) {
    const auto page = client.post(kAdd, {{"name", "night"}, {"starts", typed}});
    EXPECT_EQ(page.status(), 400) << typed;
    EXPECT_THAT(page.body(), HasSubstr("Enter a valid date and time, with no time zone.")) << typed;
  }
  EXPECT_EQ(db::as_int(db().acquire().query("SELECT COUNT(*) FROM cal_shift").scalar()), 0);
}

}  // namespace
