// The admin through App::handle on sqlite::memory: and the throwaway
// PostgreSQL cluster: login (CSRF, throttling, cookies), every page and
// action, permission denials, and query-string input that must be refused.
#include <cpprustango/admin/admin.hpp>
#include <cpprustango/auth/passwords.hpp>
#include <cpprustango/auth/users.hpp>
#include <cpprustango/orm/dynamic.hpp>
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
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSchema = R"(
model Author {
  name string(60) @display
  @@admin(search_fields: [name])
}

model Post {
  title    string(40) @unique
  body     text?
  status   choice(draft, published) @default(draft)
  featured bool @default(false)
  rating   smallint? @min(1) @max(5)
  author   ref(Author)? @on_delete(cascade)
  @@display("{title}")
  @@admin(list_display: [title, author, status, featured, body], search_fields: [title, body],
          list_filter: [status, featured, author], list_per_page: 3)
}
)";

constexpr const char* kSqliteDdl = R"(
CREATE TABLE press_author (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);
CREATE TABLE press_post (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL UNIQUE, body TEXT,
  status TEXT NOT NULL, featured INTEGER NOT NULL, rating INTEGER,
  author_id INTEGER REFERENCES press_author (id) ON DELETE CASCADE);
)";

constexpr const char* kPostgresDdl = R"(
CREATE TABLE press_author (id BIGSERIAL PRIMARY KEY, name VARCHAR(60) NOT NULL);
CREATE TABLE press_post (id BIGSERIAL PRIMARY KEY, title VARCHAR(40) NOT NULL UNIQUE, body TEXT,
  status VARCHAR(9) NOT NULL, featured BOOLEAN NOT NULL, rating SMALLINT,
  author_id BIGINT REFERENCES press_author (id) ON DELETE CASCADE);
)";

const schema::SpecSet& specs() {
  static const schema::SpecSet set(schema::parse(kSchema, "press/models.schema", "press"));
  return set;
}
const schema::ModelSpec* resolve(const schema::FieldSpec& field) { return specs().target(field); }
const schema::ModelSpec* const kModels[] = {specs().find("press", "Author"), specs().find("press", "Post")};
const schema::AppSpec kApps[] = {{.name = "press", .models = kModels, .resolve = &resolve}};

constexpr const char* kPassword = "s3cret-enough-pw";

class Admin : public test_support::BothDatabasesTest {
 protected:
  void SetUp() override {
    open(kSqliteDdl, kPostgresDdl);
    test_support::create_auth_tables(db());
    cpprustango::admin::mount(app, db(), kApps, {.secret_key = "test key"});
    auth::create_user(db(), {.username = "root", .email = "root@example.com", .password = kPassword, .superuser = true});
  }

  std::int64_t author(const std::string& name) {
    orm::Table authors(*kModels[0], &resolve);
    orm::Record record = authors.new_record();
    record.set("name", name);
    authors.insert(db(), record);
    return db::as_int(record.get("id"));
  }

  std::int64_t post(const std::string& title, std::optional<std::int64_t> author_id = std::nullopt,
                    const std::string& status = "draft", const std::string& body = "") {
    orm::Table posts(*kModels[1], &resolve);
    orm::Record record = posts.new_record();
    record.set("title", title);
    record.set("status", status);
    if (!body.empty()) record.set("body", body);
    if (author_id) record.set("author", *author_id);
    posts.insert(db(), record);
    return db::as_int(record.get("id"));
  }

  std::int64_t count(const std::string& table) {
    return db::as_int(db().acquire().query("SELECT COUNT(*) FROM " + table).scalar());
  }

  /** A staff user given `codenames` through a group. */
  void staff(const std::string& name, const std::vector<std::string>& codenames) {
    const auto id = auth::create_user(db(), {.username = name, .password = kPassword, .staff = true});
    auto conn = db().acquire();
    const bool pg = conn.dialect() == db::Dialect::Postgresql;
    conn.execute("INSERT INTO auth_group (name) VALUES ('editors " + name + "')");
    const auto group = db::as_int(conn.query("SELECT id FROM auth_group WHERE name = 'editors " + name + "'").scalar());
    conn.execute(pg ? "INSERT INTO auth_user_groups (user_id, group_id) VALUES ($1, $2)"
                    : "INSERT INTO auth_user_groups (user_id, group_id) VALUES (?, ?)",
                 {id, group});
    for (const auto& codename : codenames) {
      conn.execute(pg ? "INSERT INTO auth_group_permissions (group_id, permission_id) "
                        "SELECT $1, id FROM auth_permission WHERE codename = $2"
                      : "INSERT INTO auth_group_permissions (group_id, permission_id) "
                        "SELECT ?, id FROM auth_permission WHERE codename = ?",
                   {group, codename});
    }
  }

  cpprustango::App app;
};

// ---- login, sessions, CSRF ----

TEST_P(Admin, AnonymousVisitorIsSentToTheLoginPage) {
  Client client(app);
  auto response = client.get("/admin/press/post/?q=x");
  EXPECT_EQ(response.status(), 302);
  EXPECT_EQ(response.headers().get("Location").value_or(""), "/admin/login/?next=%2Fadmin%2Fpress%2Fpost%2F%3Fq%3Dx");
}

TEST_P(Admin, LoginPageHasTheContractFieldsAndAHiddenCsrfToken) {
  Client client(app);
  auto page = client.get("/admin/login/");
  ASSERT_EQ(page.status(), 200);
  EXPECT_THAT(page.body(), HasSubstr("name=\"username\""));
  EXPECT_THAT(page.body(), HasSubstr("name=\"password\" type=\"password\""));
  EXPECT_THAT(page.body(), HasSubstr("type=\"hidden\" name=\"csrf_token\""));
}

TEST_P(Admin, LoginSetsAnHttpOnlyLaxSessionCookieAndOpensTheIndex) {
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  bool found = false;
  for (const auto& cookie : client.set_cookies) {
    if (!cookie.starts_with("cpprustango_session=") || cookie.starts_with("cpprustango_session=;")) continue;
    found = true;
    EXPECT_THAT(cookie, HasSubstr("HttpOnly"));
    EXPECT_THAT(cookie, HasSubstr("SameSite=Lax"));
    EXPECT_THAT(cookie, Not(HasSubstr("Secure")));  // not production
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(count("auth_session"), 1);
  auto index = client.get("/admin/");
  ASSERT_EQ(index.status(), 200);
  EXPECT_THAT(index.body(), HasSubstr("href=\"/admin/press/post/\""));
  EXPECT_THAT(index.body(), HasSubstr("href=\"/admin/auth/user/\""));
  EXPECT_EQ(index.headers().get("Cache-Control").value_or(""), "no-store");
  EXPECT_THAT(std::string(index.headers().get("Content-Security-Policy").value_or("")), HasSubstr("script-src 'self'"));
}

TEST_P(Admin, WrongPasswordShowsTheFormAgainWithoutASession) {
  Client client(app);
  EXPECT_FALSE(client.login("root", "wrong password"));
  EXPECT_EQ(count("auth_session"), 0);
  EXPECT_EQ(client.get("/admin/").status(), 302);
}

TEST_P(Admin, LoginWithoutTheCsrfTokenIsForbidden) {
  Client client(app);
  client.get("/admin/login/");
  auto response = client.post("/admin/login/", {{"username", "root"}, {"password", kPassword}}, false);
  EXPECT_EQ(response.status(), 403);
  EXPECT_THAT(response.body(), HasSubstr("CSRF verification failed"));
  EXPECT_EQ(count("auth_session"), 0);
}

TEST_P(Admin, FiveFailuresLockTheAccountEvenForTheRightPassword) {
  Client client(app);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(client.login("root", "wrong password"));
  client.get("/admin/login/");
  auto response = client.post("/admin/login/", {{"username", "root"}, {"password", kPassword}});
  EXPECT_EQ(response.status(), 429);
  EXPECT_THAT(response.body(), HasSubstr("Too many failed attempts"));
  EXPECT_EQ(count("auth_session"), 0);
}

TEST_P(Admin, LogoutDeletesTheSession) {
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  client.get("/admin/");
  EXPECT_EQ(client.post("/admin/logout/", {}).status(), 302);
  EXPECT_EQ(count("auth_session"), 0);
  EXPECT_EQ(client.get("/admin/").status(), 302);
}

TEST_P(Admin, PostWithoutTheSessionsCsrfTokenIsForbiddenAndChangesNothing) {
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  auto response = client.post("/admin/press/author/add/", {{"name", "Ann"}, {"csrf_token", "0123"}}, false);
  EXPECT_EQ(response.status(), 403);
  EXPECT_EQ(count("press_author"), 0);
}

TEST_P(Admin, NonStaffUsersCannotLogIn) {
  auth::create_user(db(), {.username = "reader", .password = kPassword});
  Client client(app);
  EXPECT_FALSE(client.login("reader", kPassword));
}

// ---- list ----

TEST_P(Admin, ListShowsForeignKeysByDisplayNameAndTruncatesLongText) {
  const auto ann = author("Ann Author");
  post("Hello", ann, "draft", std::string(200, 'x'));
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  auto page = client.get("/admin/press/post/");
  ASSERT_EQ(page.status(), 200);
  EXPECT_THAT(page.body(), HasSubstr(">Hello</a>"));
  EXPECT_THAT(page.body(), HasSubstr("<td>Ann Author</td>"));
  EXPECT_THAT(page.body(), HasSubstr(std::string(80, 'x') + "\xE2\x80\xA6"));
  EXPECT_THAT(page.body(), Not(HasSubstr(std::string(81, 'x'))));
}

TEST_P(Admin, SearchLooksThroughTheSearchFields) {
  post("Alpha");
  post("Beta", std::nullopt, "draft", "mentions alpha inside");
  post("Gamma");
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  auto page = client.get("/admin/press/post/?q=ALPHA");
  ASSERT_EQ(page.status(), 200);
  EXPECT_THAT(page.body(), HasSubstr(">Alpha</a>"));
  EXPECT_THAT(page.body(), HasSubstr(">Beta</a>"));
  EXPECT_THAT(page.body(), Not(HasSubstr(">Gamma</a>")));
  EXPECT_THAT(page.body(), HasSubstr("2 posts"));
}

TEST_P(Admin, FiltersNarrowTheListAndShowCounts) {
  const auto ann = author("Ann");
  post("One", ann, "published");
  post("Two", std::nullopt, "published");
  post("Three", std::nullopt, "draft");
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  auto page = client.get("/admin/press/post/?status=published");
  ASSERT_EQ(page.status(), 200);
  EXPECT_THAT(page.body(), Not(HasSubstr(">Three</a>")));
  EXPECT_THAT(page.body(), HasSubstr(">published</a> <span class=\"count\">(2)</span>"));
  EXPECT_THAT(page.body(), HasSubstr(">draft</a> <span class=\"count\">(1)</span>"));
  EXPECT_THAT(page.body(), HasSubstr(">Ann</a> <span class=\"count\">(1)</span>"));
  auto by_author = client.get("/admin/press/post/?author=" + std::to_string(ann));
  EXPECT_THAT(by_author.body(), HasSubstr(">One</a>"));
  EXPECT_THAT(by_author.body(), Not(HasSubstr(">Two</a>")));
}

TEST_P(Admin, ColumnHeadersSortAndPagesFollowTheSort) {
  for (const char* title : {"b", "d", "a", "e", "c"}) post(title);
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  auto first = client.get("/admin/press/post/?o=-title");
  ASSERT_EQ(first.status(), 200);
  const auto& body = first.body();
  EXPECT_LT(body.find(">e</a>"), body.find(">d</a>"));
  EXPECT_LT(body.find(">d</a>"), body.find(">c</a>"));
  EXPECT_EQ(body.find(">b</a>"), std::string::npos);  // three a page
  EXPECT_THAT(body, HasSubstr("Page 1 of 2"));
  EXPECT_THAT(body, HasSubstr("href=\"?o=-title&amp;p=2\""));
  auto second = client.get("/admin/press/post/?o=-title&p=2");
  EXPECT_THAT(second.body(), HasSubstr(">b</a>"));
  EXPECT_THAT(second.body(), HasSubstr(">a</a>"));
  EXPECT_THAT(second.body(), Not(HasSubstr(">e</a>")));
}

TEST_P(Admin, IdentifiersFromTheQueryStringAreCheckedAgainstTheModel) {
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  auto order = client.get("/admin/press/post/?o=password");
  EXPECT_EQ(order.status(), 400);
  EXPECT_THAT(order.body(), HasSubstr("cannot be sorted by"));
  EXPECT_EQ(client.get("/admin/press/post/?o=title;DROP").status(), 400);
  EXPECT_EQ(client.get("/admin/press/post/?rating=3").status(), 400);  // not a list_filter
  EXPECT_EQ(client.get("/admin/press/post/?status=archived").status(), 400);
  EXPECT_EQ(client.get("/admin/press/post/?p=0").status(), 400);
  EXPECT_EQ(client.get("/admin/press/nosuch/").status(), 404);
  // None of it shows SQL.
  EXPECT_THAT(order.body(), Not(HasSubstr("SELECT")));
}

TEST_P(Admin, CountingStopsAtTheLimitOnLargeTables) {
  cpprustango::App small;
  cpprustango::admin::mount(small, db(), kApps, {.secret_key = "k", .count_limit = 3});
  for (const char* title : {"a", "b", "c", "d", "e"}) post(title);
  Client client(small);
  ASSERT_TRUE(client.login("root", kPassword));
  auto page = client.get("/admin/press/post/");
  EXPECT_THAT(page.body(), HasSubstr("3+ posts"));
  EXPECT_THAT(page.body(), HasSubstr("Next &rsaquo;"));
}

// ---- add, change, history ----

TEST_P(Admin, AddCreatesTheRowLogsItAndRedirectsWithAMessage) {
  const auto ann = author("Ann");
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  auto form = client.get("/admin/press/post/add/");
  ASSERT_EQ(form.status(), 200);
  EXPECT_THAT(form.body(), HasSubstr("<select id=\"id_status\" name=\"status\""));
  EXPECT_THAT(form.body(), HasSubstr("type=\"checkbox\" id=\"id_featured\""));
  EXPECT_THAT(form.body(), HasSubstr("<input type=\"number\" id=\"id_rating\""));
  EXPECT_THAT(form.body(), HasSubstr(" min=\"1\" max=\"5\" step=\"1\""));
  EXPECT_THAT(form.body(), HasSubstr("<textarea id=\"id_body\""));
  EXPECT_THAT(form.body(), HasSubstr(">Ann</option>"));
  auto saved = client.post("/admin/press/post/add/", {{"title", "Fresh"},
                                                      {"body", "text"},
                                                      {"status", "published"},
                                                      {"featured", "on"},
                                                      {"rating", "4"},
                                                      {"author", std::to_string(ann)}});
  ASSERT_EQ(saved.status(), 302) << saved.body();
  EXPECT_EQ(saved.headers().get("Location").value_or(""), "/admin/press/post/");
  {
    auto row = db().acquire().query("SELECT status, featured, rating, author_id FROM press_post WHERE title = 'Fresh'");
    ASSERT_EQ(row.size(), 1u);
    EXPECT_EQ(db::as_string((*row.begin())[0]), "published");
    EXPECT_TRUE(db::as_bool((*row.begin())[1]));
    EXPECT_EQ(db::as_int((*row.begin())[2]), 4);
    EXPECT_EQ(db::as_int((*row.begin())[3]), ann);
  }
  auto list = client.get("/admin/press/post/");
  EXPECT_THAT(list.body(), HasSubstr("The post &quot;Fresh&quot; was added successfully."));
  EXPECT_EQ(count("auth_log_entry"), 1);
}

TEST_P(Admin, InvalidInputKeepsWhatWasTypedAndNamesEachField) {
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  client.get("/admin/press/post/add/");
  auto page = client.post("/admin/press/post/add/",
                          {{"title", ""}, {"body", "kept <b>body</b>"}, {"status", "draft"}, {"rating", "nine"}});
  EXPECT_EQ(page.status(), 400);
  EXPECT_THAT(page.body(), HasSubstr("This field is required."));
  EXPECT_THAT(page.body(), HasSubstr("Enter a whole number."));
  EXPECT_THAT(page.body(), HasSubstr("kept &lt;b&gt;body&lt;/b&gt;</textarea>"));
  EXPECT_THAT(page.body(), HasSubstr("value=\"nine\""));
  EXPECT_EQ(count("press_post"), 0);
  auto out_of_range = client.post("/admin/press/post/add/", {{"title", "T"}, {"status", "draft"}, {"rating", "9"}});
  EXPECT_EQ(out_of_range.status(), 400);
  EXPECT_THAT(out_of_range.body(), HasSubstr("class=\"field has-error\"><label for=\"id_rating\""));
}

TEST_P(Admin, UniqueAndForeignKeyErrorsAppearOnTheirField) {
  post("Taken");
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  client.get("/admin/press/post/add/");
  auto unique = client.post("/admin/press/post/add/", {{"title", "Taken"}, {"status", "draft"}});
  EXPECT_EQ(unique.status(), 400);
  EXPECT_THAT(unique.body(), HasSubstr("Post with this title already exists."));
  auto missing = client.post("/admin/press/post/add/", {{"title", "New"}, {"status", "draft"}, {"author", "999"}});
  EXPECT_EQ(missing.status(), 400);
  EXPECT_THAT(missing.body(), HasSubstr("Select a valid choice; that author does not exist."));
  EXPECT_EQ(count("press_post"), 1);
}

TEST_P(Admin, ChangeUpdatesTheRowAndTheHistorySaysWhoChangedWhat) {
  const auto id = post("Before");
  const std::string url = "/admin/press/post/" + std::to_string(id) + "/";
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  auto form = client.get(url + "change/");
  ASSERT_EQ(form.status(), 200);
  EXPECT_THAT(form.body(), HasSubstr("value=\"Before\""));
  auto saved = client.post(url + "change/", {{"title", "After"}, {"status", "draft"}, {"_continue", "1"}});
  ASSERT_EQ(saved.status(), 302) << saved.body();
  EXPECT_EQ(saved.headers().get("Location").value_or(""), url + "change/");
  auto history = client.get(url + "history/");
  ASSERT_EQ(history.status(), 200);
  EXPECT_THAT(history.body(), HasSubstr("<td>root</td><td>Changed title.</td>"));
  EXPECT_EQ(client.get("/admin/press/post/999/change/").status(), 404);
  EXPECT_EQ(client.get("/admin/press/post/abc/change/").status(), 404);
}

// ---- delete ----

TEST_P(Admin, DeleteAsksFirstListingWhatCascadesThenDeletes) {
  const auto ann = author("Ann");
  post("Hers", ann);
  const std::string url = "/admin/press/author/" + std::to_string(ann) + "/delete/";
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  auto confirm = client.get(url);
  ASSERT_EQ(confirm.status(), 200);
  EXPECT_THAT(confirm.body(), HasSubstr("<li>Author: Ann</li><li>Post: Hers</li>"));
  EXPECT_EQ(count("press_author"), 1);
  auto done = client.post(url, {});
  EXPECT_EQ(done.status(), 302);
  EXPECT_EQ(count("press_author"), 0);
  EXPECT_EQ(count("press_post"), 0);
}

TEST_P(Admin, BulkDeleteSelectedConfirmsBeforeDeleting) {
  const auto a = post("A");
  const auto b = post("B");
  post("C");
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  client.get("/admin/press/post/");
  auto confirm = client.post("/admin/press/post/", {{"action", "delete_selected"},
                                                    {"_selected", std::to_string(a)},
                                                    {"_selected", std::to_string(b)}});
  ASSERT_EQ(confirm.status(), 200);
  EXPECT_THAT(confirm.body(), HasSubstr("Are you sure?"));
  EXPECT_EQ(count("press_post"), 3);
  auto done = client.post("/admin/press/post/", {{"action", "delete_selected"},
                                                 {"_selected", std::to_string(a)},
                                                 {"_selected", std::to_string(b)},
                                                 {"confirm", "yes"}});
  EXPECT_EQ(done.status(), 302);
  EXPECT_EQ(count("press_post"), 1);
  EXPECT_EQ(client.post("/admin/press/post/", {{"action", "drop_table"}}).status(), 400);
}

// ---- permissions ----

TEST_P(Admin, StaffSeeOnlyWhatTheirGroupsAllow) {
  staff("viewer", {"press.view_post"});
  const auto id = post("Visible");
  Client client(app);
  ASSERT_TRUE(client.login("viewer", kPassword));
  auto index = client.get("/admin/");
  EXPECT_THAT(index.body(), HasSubstr("href=\"/admin/press/post/\""));
  EXPECT_THAT(index.body(), Not(HasSubstr("/admin/press/author/")));
  EXPECT_THAT(index.body(), Not(HasSubstr("/admin/auth/user/")));
  EXPECT_EQ(client.get("/admin/press/post/").status(), 200);
  EXPECT_EQ(client.get("/admin/press/author/").status(), 403);
  EXPECT_EQ(client.get("/admin/press/post/add/").status(), 403);
  EXPECT_EQ(client.get("/admin/press/post/" + std::to_string(id) + "/delete/").status(), 403);
  auto read_only = client.get("/admin/press/post/" + std::to_string(id) + "/change/");
  EXPECT_EQ(read_only.status(), 200);
  EXPECT_THAT(read_only.body(), Not(HasSubstr(">Save</button>")));
  EXPECT_EQ(client.post("/admin/press/post/" + std::to_string(id) + "/change/", {{"title", "Hacked"}, {"status", "draft"}})
                .status(),
            403);
  EXPECT_EQ(client.post("/admin/press/post/", {{"action", "delete_selected"}, {"_selected", std::to_string(id)},
                                               {"confirm", "yes"}})
                .status(),
            403);
  EXPECT_EQ(count("press_post"), 1);
}

TEST_P(Admin, AddPermissionAllowsAddingButNotDeleting) {
  staff("writer", {"press.add_author", "press.view_author"});
  Client client(app);
  ASSERT_TRUE(client.login("writer", kPassword));
  client.get("/admin/press/author/add/");
  EXPECT_EQ(client.post("/admin/press/author/add/", {{"name", "Bo"}}).status(), 302);
  EXPECT_EQ(count("press_author"), 1);
  EXPECT_EQ(client.get("/admin/press/author/1/delete/").status(), 403);
}

TEST_P(Admin, GroupsChosenOnTheUserFormGrantTheirPermissions) {
  const auto bob = auth::create_user(db(), {.username = "bob", .email = "", .password = kPassword, .staff = true});
  std::int64_t group = 0;
  {
    auto conn = db().acquire();
    const bool pg = conn.dialect() == db::Dialect::Postgresql;
    conn.execute("INSERT INTO auth_group (name) VALUES ('authors')");
    group = db::as_int(conn.query("SELECT id FROM auth_group WHERE name = 'authors'").scalar());
    conn.execute(pg ? "INSERT INTO auth_group_permissions (group_id, permission_id) "
                      "SELECT $1, id FROM auth_permission WHERE codename = 'press.view_author'"
                    : "INSERT INTO auth_group_permissions (group_id, permission_id) "
                      "SELECT ?, id FROM auth_permission WHERE codename = 'press.view_author'",
                 {group});
  }
  Client root(app);
  ASSERT_TRUE(root.login("root", kPassword));
  const std::string url = "/admin/auth/user/" + std::to_string(bob) + "/change/";
  auto form = root.get(url);
  ASSERT_EQ(form.status(), 200);
  EXPECT_THAT(form.body(), HasSubstr("name=\"groups\" value=\"" + std::to_string(group) + "\"> authors</label>"));
  EXPECT_THAT(form.body(), HasSubstr("press.view_author</label>"));  // user_permissions offers every permission
  EXPECT_THAT(form.body(), Not(HasSubstr("name=\"password\"")));      // the hash is never shown or posted
  auto saved = root.post(url, {{"username", "bob"}, {"is_staff", "on"}, {"is_active", "on"},
                               {"groups", std::to_string(group)}});
  ASSERT_EQ(saved.status(), 302) << saved.body();
  EXPECT_EQ(count("auth_user_groups"), 1);
  EXPECT_THAT(root.get(url).body(), HasSubstr("value=\"" + std::to_string(group) + "\" checked> authors"));

  Client client(app);
  ASSERT_TRUE(client.login("bob", kPassword));
  EXPECT_EQ(client.get("/admin/press/author/").status(), 200);
  EXPECT_EQ(client.get("/admin/press/post/").status(), 403);
  EXPECT_EQ(root.post(url, {{"username", "bob"}, {"is_staff", "on"}, {"groups", "99999"}}).status(), 400);
  EXPECT_EQ(count("auth_user_groups"), 1);
}

// ---- the rest ----

TEST_P(Admin, AssetsAreServedByTheRuntime) {
  Client client(app);
  auto css = client.get("/admin/static/admin.css");
  EXPECT_EQ(css.status(), 200);
  EXPECT_THAT(css.body(), HasSubstr("prefers-color-scheme:dark"));
  EXPECT_EQ(client.get("/admin/static/admin.js").status(), 200);
  EXPECT_EQ(client.get("/admin/static/nothing.js").status(), 404);
}

TEST_P(Admin, ForeignKeyLookupAnswersJsonForThePicker) {
  author("Ann <Smith>");
  author("Bob");
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  auto response = client.get("/admin/press/author/lookup/?q=ann");
  ASSERT_EQ(response.status(), 200);
  EXPECT_EQ(response.body(), "[{\"id\":\"1\",\"text\":\"Ann \\u003cSmith\\u003e\"}]");
}

TEST_P(Admin, ARefWithMoreRowsThanASelectListsGetsThePickerAndItsKeyIsChecked) {
  std::int64_t last = 0;
  for (int i = 0; i < 201; ++i) last = author("Author " + std::to_string(i));
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));
  auto form = client.get("/admin/press/post/add/");
  ASSERT_EQ(form.status(), 200);
  EXPECT_THAT(form.body(), HasSubstr("<div class=\"picker\" data-picker=\"/admin/press/author/lookup/\">"));
  EXPECT_THAT(form.body(), HasSubstr("<input type=\"hidden\" name=\"author\" value=\"\">"));
  EXPECT_THAT(form.body(), Not(HasSubstr("<select id=\"id_author\"")));
  // The last author, whom no <select> of 200 rows would list, is chosen by key.
  auto saved = client.post("/admin/press/post/add/",
                           {{"title", "Picked"}, {"status", "draft"}, {"author", std::to_string(last)}});
  ASSERT_EQ(saved.status(), 302) << saved.body();
  auto missing = client.post("/admin/press/post/add/", {{"title", "Lost"}, {"status", "draft"}, {"author", "99999"}});
  EXPECT_EQ(missing.status(), 400);
  EXPECT_THAT(missing.body(), HasSubstr("Select a valid choice; that author does not exist."));
  EXPECT_EQ(count("press_post"), 1);
  // Changing the post shows the chosen author's name in the search box.
  auto change = client.get("/admin/press/post/1/change/");
  EXPECT_THAT(change.body(), HasSubstr("value=\"Author 200\" placeholder=\"Type to search authors\""));
}

INSTANTIATE_TEST_SUITE_P(Sqlite, Admin, ::testing::Values(test_support::Backend::Sqlite), test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, Admin, ::testing::Values(test_support::Backend::Postgres),
                         test_support::backend_name);

// ---- without the auth tables, and passwords ----

TEST(AdminWithoutTables, SaysToRunMigrate) {
  auto database = db::Database::open("sqlite::memory:");
  cpprustango::App app;
  cpprustango::admin::mount(app, database, kApps, {.secret_key = "k"});
  EXPECT_FALSE(auth::tables_exist(database));
  auto response = app.handle(cpprustango::http::Request{cpprustango::http::Method::Get, "/admin/"});
  EXPECT_EQ(response.status(), 503);
  EXPECT_THAT(response.body(), HasSubstr("run <code>cpprustango migrate</code>"));
}

TEST(Passwords, HashesAreArgon2idSaltedAndVerify) {
  const auto one = auth::hash_password("correct horse");
  const auto two = auth::hash_password("correct horse");
  EXPECT_TRUE(one.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
  EXPECT_NE(one, two);
  EXPECT_TRUE(auth::verify_password("correct horse", one));
  EXPECT_FALSE(auth::verify_password("correct horsE", one));
  EXPECT_FALSE(auth::verify_password("x", "plain text"));
}

TEST(Passwords, WeakPasswordsAreNamed) {
  EXPECT_EQ(auth::password_problem("short"), "the password is too short: use at least 10 characters");
  EXPECT_EQ(auth::password_problem("12345678901"), "the password is entirely numeric");
  EXPECT_EQ(auth::password_problem("Password123"), "the password is too common");
  EXPECT_EQ(auth::password_problem("annabelle-x", "annabelle-x"), "the password is too similar to the username");
  EXPECT_EQ(auth::password_problem("violet-tractor-42"), std::nullopt);
  const auto generated = auth::generate_password();
  EXPECT_EQ(generated.size(), 20u);
  EXPECT_EQ(auth::password_problem(generated), std::nullopt);
}

TEST(Users, DuplicateAndInvalidUsernamesAreRefusedClearly) {
  auto database = db::Database::open("sqlite::memory:");
  test_support::create_auth_tables(database);
  auth::create_user(database, {.username = "ann", .password = kPassword});
  try {
    auth::create_user(database, {.username = "ann", .password = kPassword});
    FAIL() << "no error";
  } catch (const auth::UserError& error) {
    EXPECT_STREQ(error.what(), "a user named 'ann' already exists");
  }
  EXPECT_THROW(auth::create_user(database, {.username = "a b", .password = kPassword}), auth::UserError);
}

}  // namespace
