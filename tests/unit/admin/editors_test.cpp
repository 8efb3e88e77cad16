// The admin's editors for Markdown and JSON fields, through App::handle on
// sqlite::memory: and the throwaway PostgreSQL cluster: @widget(markdown)
// shows a server-rendered preview with raw HTML and unsafe links left out
// (and the Preview button saves nothing); json fields get a monospace editor,
// and text that is not JSON is an error on the field that keeps what was typed.
#include <cpprustango/admin/admin.hpp>
#include <cpprustango/auth/users.hpp>
#include <cpprustango/orm/dynamic.hpp>
#include <cpprustango/schema/parser.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <tuple>

#include "admin_client.hpp"
#include "test_support/auth_tables.hpp"
#include "test_support/orm_database.hpp"

namespace {

namespace db = cpprustango::db;
namespace orm = cpprustango::orm;
namespace schema = cpprustango::schema;
namespace auth = cpprustango::auth;
namespace http = cpprustango::http;
using admin_test::Client;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSchema = R"(
model Page {
  title    string(40) @display
  body     text?      @widget(markdown)
  settings json?
  snippet  string(200)? @widget(code)
}
)";

constexpr const char* kSqliteDdl = R"(
CREATE TABLE docs_page (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, body TEXT, settings TEXT,
  snippet TEXT);
)";

constexpr const char* kPostgresDdl = R"(
CREATE TABLE docs_page (id BIGSERIAL PRIMARY KEY, title VARCHAR(40) NOT NULL, body TEXT, settings JSONB,
  snippet VARCHAR(200));
)";

const schema::SpecSet& specs() {
  static const schema::SpecSet set(schema::parse(kSchema, "docs/models.schema", "docs"));
  return set;
}
const schema::ModelSpec* resolve(const schema::FieldSpec& field) { return specs().target(field); }
const schema::ModelSpec* const kModels[] = {specs().find("docs", "Page")};
const schema::AppSpec kApps[] = {{.name = "docs", .models = kModels, .resolve = &resolve}};

constexpr const char* kPassword = "s3cret-enough-pw";

class Editors : public test_support::BothDatabasesTest {
 protected:
  void SetUp() override {
    open(kSqliteDdl, kPostgresDdl);
    test_support::create_auth_tables(db());
    cpprustango::admin::mount(app, db(), kApps, {.secret_key = "test key"});
    auth::create_user(db(), {.username = "root", .password = kPassword, .superuser = true, .staff = true});
  }

  std::int64_t page(const std::string& title, const std::string& body) {
    orm::Table pages(*kModels[0], &resolve);
    orm::Record record = pages.new_record();
    record.set("title", title);
    record.set("body", body);
    pages.insert(db(), record);
    return db::as_int(record.get("id"));
  }

  std::string stored(const std::string& column, std::int64_t id) {
    auto rows = db().acquire().query("SELECT " + column + " FROM docs_page WHERE id = " + std::to_string(id));
    const auto value = (*rows.begin())[0];
    return db::is_null(value) ? "<null>" : db::as_string(value);
  }

  cpprustango::App app;
};

TEST_P(Editors, MarkdownFieldShowsItsStoredTextRenderedWithoutRawHtml) {
  const auto id = page("Intro", "# Hello\n\n**bold** <script>alert(1)</script> [x](javascript:alert(2))\n\n"
                                "| a | b |\n|---|---|\n| 1 | 2 |\n");
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  auto form = client.get("/admin/docs/page/" + std::to_string(id) + "/change/");
  ASSERT_EQ(form.status(), 200);
  EXPECT_THAT(form.body(), HasSubstr("<textarea id=\"id_body\" name=\"body\""));
  EXPECT_THAT(form.body(), HasSubstr("name=\"_preview\" value=\"body\""));
  // Enter in a text input clicks the first submit button: Save, not Preview.
  const auto first_submit = form.body().find("type=\"submit\" name=\"_");
  ASSERT_NE(first_submit, std::string::npos);
  const std::string save = "type=\"submit\" name=\"_save\"";
  EXPECT_EQ(form.body().substr(first_submit, save.size()), save);
  EXPECT_THAT(form.body(), HasSubstr("<section class=\"markdown-preview\" id=\"id_body_preview\""));
  EXPECT_THAT(form.body(), HasSubstr("<h1>Hello</h1>"));
  EXPECT_THAT(form.body(), HasSubstr("<strong>bold</strong>"));
  EXPECT_THAT(form.body(), HasSubstr("<td>1</td>"));  // GFM tables
  EXPECT_THAT(form.body(), HasSubstr("<!-- raw HTML omitted -->"));
  EXPECT_THAT(form.body(), Not(HasSubstr("<script>alert")));
  EXPECT_THAT(form.body(), Not(HasSubstr("href=\"javascript:")));
  // The textarea keeps the source, escaped.
  EXPECT_THAT(form.body(), HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

TEST_P(Editors, WhoMayOnlyViewReadsTheMarkdownRendered) {
  const auto id = page("Intro", "Some *emphasis* <script>alert(1)</script>");
  const auto viewer = auth::create_user(db(), {.username = "viewer", .password = kPassword, .staff = true});
  db().acquire().execute(std::string(pg() ? "INSERT INTO auth_user_user_permissions (user_id, permission_id) "
                                            "SELECT $1, id FROM auth_permission WHERE codename = 'docs.view_page'"
                                          : "INSERT INTO auth_user_user_permissions (user_id, permission_id) "
                                            "SELECT ?, id FROM auth_permission WHERE codename = 'docs.view_page'"),
                         {viewer});
  Client client(app);
  ASSERT_TRUE(client.login("viewer", kPassword));
  auto form = client.get("/admin/docs/page/" + std::to_string(id) + "/change/");
  ASSERT_EQ(form.status(), 200);
  EXPECT_THAT(form.body(), HasSubstr("<section class=\"readonly markdown-preview\" id=\"id_body\"><p>Some <em>emphasis</em>"));
  EXPECT_THAT(form.body(), Not(HasSubstr("<script>alert")));
  EXPECT_THAT(form.body(), Not(HasSubstr("name=\"_preview\"")));
  EXPECT_EQ(client.post("/admin/docs/page/" + std::to_string(id) + "/change/",
                        {{"title", "Intro"}, {"body", "x"}, {"_preview", "body"}})
                .status(),
            403);
}

TEST_P(Editors, PreviewRendersWhatWasTypedAndSavesNothing) {
  const auto id = page("Intro", "old text");
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  client.get("/admin/docs/page/" + std::to_string(id) + "/change/");
  auto preview = client.post("/admin/docs/page/" + std::to_string(id) + "/change/",
                             {{"title", "Intro"}, {"body", "*new* <img src=x onerror=alert(1)>"}, {"_preview", "body"}});
  ASSERT_EQ(preview.status(), 200) << preview.body();
  EXPECT_THAT(preview.body(), HasSubstr("<em>new</em>"));
  EXPECT_THAT(preview.body(), Not(HasSubstr("<img src=x")));
  EXPECT_THAT(preview.body(), HasSubstr(">*new* &lt;img src=x onerror=alert(1)&gt;</textarea>"));
  EXPECT_EQ(stored("body", id), "old text");

  // On the add form too: nothing is inserted.
  client.get("/admin/docs/page/add/");
  auto added = client.post("/admin/docs/page/add/", {{"title", "Draft"}, {"body", "~~gone~~"}, {"_preview", "body"}});
  ASSERT_EQ(added.status(), 200);
  EXPECT_THAT(added.body(), HasSubstr("<del>gone</del>"));
  EXPECT_EQ(db::as_int(db().acquire().query("SELECT COUNT(*) FROM docs_page").scalar()), 1);
}

TEST_P(Editors, PreviewNeedsTheCsrfToken) {
  const auto id = page("Intro", "old text");
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  auto refused = client.post("/admin/docs/page/" + std::to_string(id) + "/change/",
                             {{"title", "Intro"}, {"body", "x"}, {"_preview", "body"}}, false);
  EXPECT_EQ(refused.status(), 403);
}

/** What the admin's script sends for the live preview: a form body, the token in a header. */
http::Response live_preview(Client& client, const std::string& token, std::vector<std::pair<std::string, std::string>> fields,
                            const std::string& model = "page") {
  http::Request request{http::Method::Post, "/admin/docs/" + model + "/preview/", admin_test::form_encode(fields)};
  request.headers().set("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8");
  if (!token.empty()) request.headers().set("X-CSRF-Token", token);
  return client.request(std::move(request));
}

TEST_P(Editors, LivePreviewRendersTheTypedTextSanitized) {
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  const auto form = client.get("/admin/docs/page/add/");
  EXPECT_THAT(form.body(), HasSubstr("<div class=\"markdown\" data-preview=\"/admin/docs/page/preview/\" data-field=\"body\">"));
  const auto answer = live_preview(client, client.csrf(),
                                   {{"field", "body"},
                                    {"text", "# Title\n\n*live* <script>alert(1)</script> [x](javascript:alert(2))\n\n- [x] done"}});
  ASSERT_EQ(answer.status(), 200) << answer.body();
  EXPECT_THAT(std::string(*answer.headers().get("Content-Type")), HasSubstr("text/html"));
  EXPECT_EQ(answer.body().find("<!doctype"), std::string::npos) << "a fragment, not a page";
  EXPECT_THAT(answer.body(), HasSubstr("<h1>Title</h1>"));
  EXPECT_THAT(answer.body(), HasSubstr("<em>live</em>"));
  EXPECT_THAT(answer.body(), HasSubstr("<!-- raw HTML omitted -->"));
  EXPECT_THAT(answer.body(), HasSubstr("type=\"checkbox\""));  // GFM task lists
  EXPECT_THAT(answer.body(), Not(HasSubstr("<script")));
  EXPECT_THAT(answer.body(), Not(HasSubstr("javascript:")));
  EXPECT_EQ(live_preview(client, client.csrf(), {{"field", "body"}, {"text", "  \n"}}).body(),
            "<p class=\"count\">Nothing to preview.</p>");
  // The token may come as a form field too, as a form post would send it.
  EXPECT_EQ(live_preview(client, "", {{"field", "body"}, {"text", "**x**"}, {"csrf_token", client.csrf()}}).status(), 200);
  EXPECT_EQ(db::as_int(db().acquire().query("SELECT COUNT(*) FROM docs_page").scalar()), 0) << "nothing saved";
}

TEST_P(Editors, LivePreviewRefusesWithoutLoginTokenPermissionOrWithBadInput) {
  Client anonymous(app);
  const auto no_session = live_preview(anonymous, "whatever", {{"field", "body"}, {"text", "x"}});
  EXPECT_EQ(no_session.status(), 403) << "a script gets a 403, not a redirect to the login page";

  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  client.get("/admin/docs/page/add/");
  EXPECT_EQ(live_preview(client, "", {{"field", "body"}, {"text", "x"}}).status(), 403) << "no token";
  EXPECT_EQ(live_preview(client, std::string(64, 'a'), {{"field", "body"}, {"text", "x"}}).status(), 403) << "wrong token";
  EXPECT_EQ(live_preview(client, client.csrf(), {{"field", "title"}, {"text", "x"}}).status(), 400) << "not Markdown";
  EXPECT_EQ(live_preview(client, client.csrf(), {{"field", "nope"}, {"text", "x"}}).status(), 400);
  EXPECT_EQ(live_preview(client, client.csrf(), {{"field", "body"}}).status(), 400) << "no text";
  EXPECT_EQ(live_preview(client, client.csrf(), {{"field", "body"}, {"text", std::string(300 * 1024, 'a')}}).status(), 413);
  EXPECT_EQ(live_preview(client, client.csrf(), {{"field", "body"}, {"text", "x"}}, "nothing").status(), 404);
  EXPECT_EQ(client.get("/admin/docs/page/preview/").status(), 405) << "POST only";

  // A staff user who may only view pages cannot use it; add or change permission is enough.
  for (const auto& [name, codename, status] : std::vector<std::tuple<std::string, std::string, int>>{
           {"viewer", "docs.view_page", 403}, {"adder", "docs.add_page", 200}, {"changer", "docs.change_page", 200}}) {
    const auto user = auth::create_user(db(), {.username = name, .password = kPassword, .staff = true});
    db().acquire().execute(std::string(pg() ? "INSERT INTO auth_user_user_permissions (user_id, permission_id) "
                                              "SELECT $1, id FROM auth_permission WHERE codename = $2"
                                            : "INSERT INTO auth_user_user_permissions (user_id, permission_id) "
                                              "SELECT ?, id FROM auth_permission WHERE codename = ?"),
                           {user, codename});
    Client staff(app);
    ASSERT_TRUE(staff.login(name, kPassword));
    staff.get("/admin/");
    EXPECT_EQ(live_preview(staff, staff.csrf(), {{"field", "body"}, {"text", "x"}}).status(), status) << name;
  }
}

TEST_P(Editors, JsonFieldIsAMonospaceEditorAndValidJsonIsSaved) {
  const auto id = page("Intro", "");
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  auto form = client.get("/admin/docs/page/" + std::to_string(id) + "/change/");
  EXPECT_THAT(form.body(), HasSubstr("<textarea id=\"id_settings\" name=\"settings\" class=\"code\" spellcheck=\"false\""));
  EXPECT_THAT(form.body(), HasSubstr("<textarea id=\"id_snippet\" name=\"snippet\" class=\"code\""));
  auto saved = client.post("/admin/docs/page/" + std::to_string(id) + "/change/",
                           {{"title", "Intro"}, {"body", ""}, {"settings", "{\"theme\": \"dark\", \"size\": 3}"}});
  ASSERT_EQ(saved.status(), 302) << saved.body();
  const std::string settings = stored("settings", id);
  EXPECT_THAT(settings, HasSubstr("\"theme\""));
  EXPECT_THAT(settings, HasSubstr("\"dark\""));
}

TEST_P(Editors, InvalidJsonIsAnErrorOnTheFieldThatKeepsWhatWasTyped) {
  const auto id = page("Intro", "");
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  client.get("/admin/docs/page/" + std::to_string(id) + "/change/");
  auto refused = client.post("/admin/docs/page/" + std::to_string(id) + "/change/",
                             {{"title", "Changed"}, {"settings", "{\"theme\": dark}"}});
  ASSERT_EQ(refused.status(), 400);
  EXPECT_THAT(refused.body(), HasSubstr("<div class=\"field has-error\"><label for=\"id_settings\""));
  EXPECT_THAT(refused.body(), HasSubstr("Enter valid JSON (line 1, column 11: invalid literal; last read: "));
  EXPECT_THAT(refused.body(), HasSubstr(">{&quot;theme&quot;: dark}</textarea>"));
  EXPECT_EQ(stored("title", id), "Intro");
  EXPECT_EQ(stored("settings", id), "<null>");
}

INSTANTIATE_TEST_SUITE_P(Sqlite, Editors, ::testing::Values(test_support::Backend::Sqlite), test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, Editors, ::testing::Values(test_support::Backend::Postgres),
                         test_support::backend_name);

}  // namespace
