// Generic views over a generated model struct (views::table<shelf::Author>()),
// as a project's code uses them: the typed path compiles and serves a list and
// a create form with a ref to a model with a natural key, on sqlite::memory:.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cpprustango/auth/session.hpp>
#include <cpprustango/db/database.hpp>
#include <cpprustango/views/generic.hpp>
#include <fstream>
#include <shelf/models.hpp>

#include "admin/admin_client.hpp"
#include "test_support/temp_dir.hpp"

namespace {

namespace views = cpprustango::views;
using ::testing::HasSubstr;

constexpr const char* kDdl = R"(
CREATE TABLE shelf_country (code TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE shelf_author (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL,
  country_id TEXT REFERENCES shelf_country (code) ON DELETE SET NULL, born TEXT, awards INTEGER NOT NULL);
INSERT INTO shelf_country (code, name) VALUES ('fr', 'France');
)";

TEST(TypedViews, ListAndCreateOverAGeneratedModel) {
  test_support::TempDir dir;
  std::ofstream(dir.path() / "list.html") << "{{#messages}}[{{text}}]{{/messages}}{{#object_list}}<li>{{name}}/"
                                             "{{country_id}}/{{awards}}</li>{{/object_list}}";
  std::ofstream(dir.path() / "form.html") << "<form method=\"post\">{{form}}</form>";
  cpprustango::config::Settings settings;
  settings.set("templates.dir", dir.path().string());
  cpprustango::App app(settings);
  app.set_database(cpprustango::db::Database::open("sqlite::memory:"));
  app.database().acquire().execute_script(kDdl);
  cpprustango::auth::use_sessions(app, {.secret_key = "test key"});
  const auto authors = views::table<shelf::Author>();
  EXPECT_EQ(&authors.model(), &shelf::Author::spec());
  app.get("/authors/", views::list_view(app, authors, {.template_name = "list.html", .ordering = {"name"}}));
  app.route(views::kGetPost, "/authors/new/",
            views::create_view(app, authors, {.template_name = "form.html", .success_url = "/authors/"}));

  admin_test::Client client(app);
  auto form = client.get("/authors/new/");
  ASSERT_EQ(form.status(), 200) << form.body();
  EXPECT_THAT(form.body(), HasSubstr("<option value=\"fr\">"));
  EXPECT_THAT(form.body(), HasSubstr("<input type=\"date\" id=\"id_born\""));
  EXPECT_THAT(form.body(), HasSubstr("name=\"awards\" required step=\"1\" value=\"0\""));
  auto bad = client.post("/authors/new/", {{"name", "Ann"}, {"country", "xx"}, {"awards", "1"}});
  EXPECT_EQ(bad.status(), 200);
  EXPECT_THAT(bad.body(), HasSubstr("that country does not exist"));
  auto done =
      client.post("/authors/new/", {{"name", "Ann"}, {"country", "fr"}, {"born", "2000-01-02"}, {"awards", "3"}});
  ASSERT_EQ(done.status(), 302) << done.body();
  auto list = client.get("/authors/");
  EXPECT_THAT(list.body(), HasSubstr("[The author &quot;Author object (1)&quot; was added.]<li>Ann/fr/3</li>"));
}

}  // namespace
