// Generic views, model forms, sessions, CSRF and flash messages through
// App::handle on sqlite::memory: and the throwaway PostgreSQL cluster.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cpprustango/admin/admin.hpp>
#include <cpprustango/auth/session.hpp>
#include <cpprustango/auth/users.hpp>
#include <cpprustango/forms/model_form.hpp>
#include <cpprustango/schema/parser.hpp>
#include <cpprustango/views/access.hpp>
#include <cpprustango/views/generic.hpp>
#include <fstream>
#include <mutex>
#include <streambuf>
#include <thread>

#include "../../unit/admin/admin_client.hpp"
#include "test_support/auth_tables.hpp"
#include "test_support/orm_database.hpp"
#include "test_support/temp_dir.hpp"

namespace {

using Values = std::vector<std::pair<std::string, std::string>>;

namespace db = cpprustango::db;
namespace orm = cpprustango::orm;
namespace schema = cpprustango::schema;
namespace auth = cpprustango::auth;
namespace forms = cpprustango::forms;
namespace views = cpprustango::views;
namespace http = cpprustango::http;
using admin_test::Client;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSchema = R"(
model Author {
  name string(60) @display
}

model Post {
  title    string(40) @unique
  body     text?
  status   choice(draft, published) @default(draft)
  rating   smallint? @min(1) @max(5)
  author   ref(Author)? @on_delete(cascade)
  @@display("{title}")
}
)";

constexpr const char* kSqliteDdl = R"(
CREATE TABLE press_author (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL);
CREATE TABLE press_post (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL UNIQUE, body TEXT,
  status TEXT NOT NULL, rating INTEGER, author_id INTEGER REFERENCES press_author (id) ON DELETE CASCADE);
)";

constexpr const char* kPostgresDdl = R"(
CREATE TABLE press_author (id BIGSERIAL PRIMARY KEY, name VARCHAR(60) NOT NULL);
CREATE TABLE press_post (id BIGSERIAL PRIMARY KEY, title VARCHAR(40) NOT NULL UNIQUE, body TEXT,
  status VARCHAR(9) NOT NULL, rating SMALLINT, author_id BIGINT REFERENCES press_author (id) ON DELETE CASCADE);
)";

const schema::SpecSet& specs() {
  static const schema::SpecSet set(schema::parse(kSchema, "press/models.schema", "press"));
  return set;
}
const schema::ModelSpec* resolve(const schema::FieldSpec& field) { return specs().target(field); }
const schema::ModelSpec* const kModels[] = {specs().find("press", "Author"), specs().find("press", "Post")};
const schema::AppSpec kApps[] = {{.name = "press", .models = kModels, .resolve = &resolve}};

constexpr const char* kPassword = "s3cret-enough-pw";

cpprustango::config::Settings settings_with(const std::filesystem::path& templates) {
  cpprustango::config::Settings settings;
  settings.set("templates.dir", templates.string());
  return settings;
}

class Views : public test_support::BothDatabasesTest {
 protected:
  Views() : app(settings_with(dir.path())) {}

  void SetUp() override {
    open(kSqliteDdl, kPostgresDdl);
    test_support::create_auth_tables(db());
    write("base.html",
          "<html><title>{{$title}}Site{{/title}}</title>{{#messages}}<p class=\"flash {{level}}\">{{text}}</p>"
          "{{/messages}}{{$content}}{{/content}}</html>");
    write("post_list.html",
          "{{<base.html}}{{$title}}Posts{{/title}}{{$content}}{{#object_list}}<li>{{title}}|{{author}}</li>{{/"
          "object_list}}"
          "{{#is_empty}}none{{/is_empty}}{{#page}}count={{count}} page={{number}}/{{num_pages}}"
          "{{#has_next}} "
          "next={{next_url}}{{/has_next}}{{#links}}[{{number}}]{{/links}}{{/page}}{{/content}}{{/base.html}}");
    write("post_detail.html",
          "{{<base.html}}{{$content}}{{#object}}<h1>{{title}}</h1>{{/object}}{{/content}}{{/base.html}}");
    write("post_form.html",
          "{{<base.html}}{{$content}}<form method=\"post\">{{form}}</form>{{/content}}{{/base.html}}");
    write("post_confirm_delete.html",
          "<form method=\"post\">{{{csrf_input}}}Delete {{object.display}}?{{error}}</form>");
    write("login.html",
          "<form method=\"post\">{{form}}<input type=\"hidden\" name=\"next\" value=\"{{next}}\"></form>");

    app.set_database(db());
    auth::use_sessions(app, {.secret_key = "test key"});
    cpprustango::admin::mount(app, db(), kApps, {.secret_key = "test key"});
    const orm::Table posts(*kModels[1], &resolve);
    app.get("/posts/", views::list_view(app, posts,
                                        {.template_name = "post_list.html",
                                         .per_page = 2,
                                         .max_per_page = 3,
                                         .ordering = {"title", "rating"},
                                         .default_ordering = {"title"},
                                         .search_fields = {"title", "body"},
                                         .count_limit = 3}));
    app.get("/posts/<int:pk>/", views::detail_view(app, posts, {.template_name = "post_detail.html"}));
    app.route(views::kGetPost, "/posts/new/",
              views::permission_required("press.add_post",
                                         views::create_view(app, posts,
                                                            {.template_name = "post_form.html",
                                                             .fields = {"title", "body", "status", "rating", "author"},
                                                             .success_url = "/posts/{pk}/"})));
    app.route(
        views::kGetPost, "/posts/<int:pk>/edit/",
        views::login_required(views::update_view(
            app, posts, {.template_name = "post_form.html", .exclude = {"author"}, .success_url = "/posts/{pk}/"})));
    app.route(views::kGetPost, "/posts/<int:pk>/delete/",
              views::login_required(views::delete_view(
                  app, posts, {.template_name = "post_confirm_delete.html", .success_url = "/posts/"})));
    app.route(views::kGetPost, "/accounts/login/", views::login_view(app, {.template_name = "login.html"}));
    app.post("/accounts/logout/", views::logout_view("/posts/"));
    auth::create_user(db(),
                      {.username = "root", .email = "root@example.com", .password = kPassword, .superuser = true});
    auth::create_user(db(), {.username = "reader", .password = kPassword});
  }

  void write(const std::string& name, const std::string& text) { std::ofstream(dir.path() / name) << text; }

  std::int64_t post(const std::string& title, const std::string& body = "") {
    orm::Table posts(*kModels[1], &resolve);
    orm::Record record = posts.new_record();
    record.set("title", title);
    if (!body.empty()) record.set("body", body);
    posts.insert(db(), record);
    return db::as_int(record.get("id"));
  }

  std::int64_t count_posts() { return db::as_int(db().acquire().query("SELECT COUNT(*) FROM press_post").scalar()); }

  /** Logs in through the project's own login page. */
  bool login(Client& client, const std::string& username) {
    client.get("/accounts/login/");
    return client.post("/accounts/login/", {{"username", username}, {"password", kPassword}}).status() == 302;
  }

  test_support::TempDir dir;
  cpprustango::App app;
};

// ---- list and detail ----

TEST_P(Views, ListPaginatesWithACappedCountAndPageLinks) {
  for (const char* title : {"e", "d", "c", "b", "a"}) post(title);
  Client client(app);
  auto first = client.get("/posts/");
  ASSERT_EQ(first.status(), 200) << first.body();
  EXPECT_THAT(first.body(), HasSubstr("<title>Posts</title>"));
  EXPECT_THAT(first.body(), HasSubstr("<li>a|</li><li>b|</li>count=3+ page=1/2+ next=/posts/?page=2[1][2]"));
  auto last = client.get("/posts/?page=3");
  ASSERT_EQ(last.status(), 200);
  EXPECT_THAT(last.body(), HasSubstr("<li>e|</li>count=3+ page=3/"));
  EXPECT_THAT(last.body(), Not(HasSubstr("next=")));
  EXPECT_EQ(client.get("/posts/?page=4").status(), 404);
  EXPECT_EQ(client.get("/posts/?page=0").status(), 404);
  EXPECT_EQ(client.get("/posts/?page=x").status(), 404);
}

TEST_P(Views, EmptyListSaysSoOnPageOneAndSetsNoCookieForAnAnonymousVisitor) {
  Client client(app);
  auto page = client.get("/posts/");
  ASSERT_EQ(page.status(), 200);
  EXPECT_THAT(page.body(), HasSubstr("none"));
  EXPECT_FALSE(page.headers().contains("Set-Cookie"));
}

TEST_P(Views, OrderingIsWhitelistedPageSizeCappedAndSearchMatchesNamedFields) {
  for (const char* title : {"apple", "banana", "cherry", "date"}) post(title, std::string("about ") + title);
  Client client(app);
  EXPECT_THAT(client.get("/posts/?ordering=-title").body(), HasSubstr("<li>date|</li><li>cherry|</li>"));
  // body is not in the whitelist: the default ordering stays, nothing reaches the SQL.
  EXPECT_THAT(client.get("/posts/?ordering=body").body(), HasSubstr("<li>apple|</li><li>banana|</li>"));
  EXPECT_THAT(client.get("/posts/?ordering=x%22%3B--").body(), HasSubstr("<li>apple|</li>"));
  EXPECT_THAT(client.get("/posts/?per_page=100").body(),
              HasSubstr("<li>apple|</li><li>banana|</li><li>cherry|</li>count"));
  auto found = client.get("/posts/?q=ERR");
  EXPECT_THAT(found.body(), HasSubstr("<li>cherry|</li>count=1"));
  EXPECT_THAT(client.get("/posts/?q=about+d").body(), HasSubstr("<li>date|</li>count=1"));
}

TEST_P(Views, DetailShowsTheRowAndAMissingOneIs404) {
  const auto id = post("Hello <world>");
  Client client(app);
  auto page = client.get("/posts/" + std::to_string(id) + "/");
  ASSERT_EQ(page.status(), 200);
  EXPECT_THAT(page.body(), HasSubstr("<h1>Hello &lt;world&gt;</h1>"));
  EXPECT_EQ(client.get("/posts/999999/").status(), 404);
}

// ---- access ----

TEST_P(Views, AnonymousVisitorIsSentToLoginAndAUserWithoutThePermissionGets403) {
  Client client(app);
  auto anonymous = client.get("/posts/new/");
  EXPECT_EQ(anonymous.status(), 302);
  EXPECT_EQ(anonymous.headers().get("Location").value_or(""), "/accounts/login/?next=%2Fposts%2Fnew%2F");
  ASSERT_TRUE(login(client, "reader"));
  EXPECT_EQ(client.get("/posts/new/").status(), 403);
  EXPECT_EQ(client.get("/posts/").status(), 200);
}

TEST_P(Views, WrongPasswordReRendersTheLoginFormWithAnError) {
  Client client(app);
  client.get("/accounts/login/");
  auto page = client.post("/accounts/login/", {{"username", "reader"}, {"password", "wrong"}});
  EXPECT_EQ(page.status(), 200);
  EXPECT_THAT(page.body(), HasSubstr("Please enter a correct username and password."));
  EXPECT_THAT(page.body(), HasSubstr("value=\"reader\""));
  EXPECT_THAT(page.body(), Not(HasSubstr("value=\"wrong\"")));
}

TEST_P(Views, OneLoginServesTheAdminAndTheProjectPages) {
  Client client(app);
  ASSERT_TRUE(client.login("root", kPassword));  // through /admin/login/
  EXPECT_EQ(client.get("/posts/new/").status(), 200);
  client.post("/accounts/logout/", {});
  EXPECT_EQ(client.get("/posts/new/").status(), 302);
  EXPECT_EQ(client.get("/admin/").status(), 302);
}

// ---- create, update, delete ----

TEST_P(Views, InvalidSubmissionReRendersWithErrorsAndWhatWasTyped) {
  Client client(app);
  ASSERT_TRUE(login(client, "root"));
  client.get("/posts/new/");
  auto page = client.post("/posts/new/", {{"title", "A title that is certainly longer than forty characters"},
                                          {"status", "archived"},
                                          {"rating", "9"},
                                          {"body", "<kept>"}});
  EXPECT_EQ(page.status(), 200);
  EXPECT_THAT(page.body(), HasSubstr("id=\"id_title_errors\""));
  EXPECT_THAT(page.body(), HasSubstr("id=\"id_status_errors\""));
  EXPECT_THAT(page.body(), HasSubstr("id=\"id_rating_errors\""));
  EXPECT_THAT(page.body(), HasSubstr("&lt;kept&gt;</textarea>"));
  EXPECT_EQ(count_posts(), 0);
}

TEST_P(Views, ValidSubmissionInsertsRedirectsAndFlashesOnce) {
  Client client(app);
  ASSERT_TRUE(login(client, "root"));
  client.get("/posts/new/");
  auto done = client.post("/posts/new/", {{"title", "Fresh"}, {"status", "published"}, {"rating", "4"}});
  ASSERT_EQ(done.status(), 302) << done.body();
  const std::string location(done.headers().get("Location").value_or(""));
  EXPECT_THAT(location, ::testing::MatchesRegex("/posts/[0-9]+/"));
  EXPECT_EQ(count_posts(), 1);
  auto next = client.get(location);
  EXPECT_THAT(next.body(), HasSubstr("<p class=\"flash success\">The post &quot;Fresh&quot; was added.</p>"));
  EXPECT_THAT(client.get(location).body(), Not(HasSubstr("was added")));
}

TEST_P(Views, MissingOrWrongCsrfTokenIs403AndWritesNothing) {
  Client client(app);
  ASSERT_TRUE(login(client, "root"));
  client.get("/posts/new/");
  EXPECT_EQ(client.post("/posts/new/", {{"title", "No token"}, {"status", "draft"}}, false).status(), 403);
  EXPECT_EQ(
      client.post("/posts/new/", {{"title", "Bad"}, {"status", "draft"}, {"csrf_token", "0123abcd"}}, false).status(),
      403);
  EXPECT_EQ(count_posts(), 0);
}

TEST_P(Views, UniqueViolationFromTheDatabaseLandsOnItsField) {
  post("Taken");
  Client client(app);
  ASSERT_TRUE(login(client, "root"));
  client.get("/posts/new/");
  auto page = client.post("/posts/new/", {{"title", "Taken"}, {"status", "draft"}});
  EXPECT_EQ(page.status(), 200);
  EXPECT_THAT(page.body(), HasSubstr("id=\"id_title_errors\"><li>Post with this title already exists.</li>"));
  EXPECT_EQ(count_posts(), 1);
}

TEST_P(Views, AMissingReferencedRowIsAnErrorOnTheRefField) {
  Client client(app);
  ASSERT_TRUE(login(client, "root"));
  client.get("/posts/new/");
  auto page = client.post("/posts/new/", {{"title", "Orphan"}, {"status", "draft"}, {"author", "4242"}});
  EXPECT_EQ(page.status(), 200);
  EXPECT_THAT(page.body(), HasSubstr("id=\"id_author_errors\"><li>Select a valid choice; that author does not exist."));
  EXPECT_EQ(count_posts(), 0);
}

TEST_P(Views, UpdateShowsTheRowAndSavesChanges) {
  const auto id = post("Before");
  Client client(app);
  ASSERT_TRUE(login(client, "reader"));
  const std::string url = "/posts/" + std::to_string(id) + "/edit/";
  auto form = client.get(url);
  ASSERT_EQ(form.status(), 200);
  EXPECT_THAT(form.body(), HasSubstr("value=\"Before\""));
  EXPECT_THAT(form.body(), Not(HasSubstr("id_author")));  // excluded
  auto done = client.post(url, {{"title", "After"}, {"status", "published"}});
  ASSERT_EQ(done.status(), 302) << done.body();
  EXPECT_EQ(db::as_string(db().acquire().query("SELECT title FROM press_post").scalar()), "After");
  EXPECT_EQ(client.get("/posts/999999/edit/").status(), 404);
}

TEST_P(Views, DeleteConfirmsOnGetAndDeletesOnPostWithToken) {
  const auto id = post("Doomed");
  Client client(app);
  ASSERT_TRUE(login(client, "reader"));
  const std::string url = "/posts/" + std::to_string(id) + "/delete/";
  auto confirm = client.get(url);
  ASSERT_EQ(confirm.status(), 200);
  EXPECT_THAT(confirm.body(), HasSubstr("Delete Doomed?"));
  EXPECT_EQ(client.post(url, {}, false).status(), 403);
  EXPECT_EQ(count_posts(), 1);
  auto done = client.post(url, {});
  EXPECT_EQ(done.status(), 302);
  EXPECT_EQ(done.headers().get("Location").value_or(""), "/posts/");
  EXPECT_EQ(count_posts(), 0);
}

// ---- a hand-written form page: anonymous CSRF and uploads ----

TEST_P(Views, AnonymousFormUsesADoubleSubmitTokenAndUploadsAreLimited) {
  forms::LocalStorage media(dir.path() / "media");
  app.route(
      views::kGetPost, "/upload/", views::csrf_protect([&](const http::Request& request) {
        forms::Form form({{.name = "caption", .max_length = 20},
                          {.name = "file", .kind = forms::Kind::File, .max_bytes = 8, .content_types = {"text/*"}}});
        if (request.method() == http::Method::Post) {
          form.bind(request);
          if (form.is_valid()) return http::Response::text(media.save(*form.file("file"), "up"));
        } else {
          form.for_request(request);
        }
        return http::Response::html(form.html(), request.method() == http::Method::Post ? 400 : 200);
      }));
  Client client(app);
  ASSERT_EQ(client.get("/upload/").status(), 200);
  ASSERT_FALSE(client.csrf().empty());
  auto upload = [&](const std::string& token, const std::string& content) {
    const std::string body = "--b\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" + token +
                             "\r\n--b\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nhi\r\n"
                             "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                             "Content-Type: text/plain\r\n\r\n" +
                             content + "\r\n--b--\r\n";
    http::Request request{http::Method::Post, "/upload/", body};
    request.headers().set("Content-Type", "multipart/form-data; boundary=b");
    return client.request(std::move(request));
  };
  EXPECT_EQ(upload("", "small").status(), 403);
  EXPECT_EQ(upload("0000", "small").status(), 403);
  auto too_big = upload(client.csrf(), "far too large");
  EXPECT_EQ(too_big.status(), 400);
  EXPECT_THAT(too_big.body(), HasSubstr("The file is too large"));
  auto stored = upload(client.csrf(), "small");
  ASSERT_EQ(stored.status(), 200) << stored.body();
  EXPECT_TRUE(std::filesystem::exists(media.path(stored.body())));
}

// ---- a model form used directly ----

TEST_P(Views, ModelFormTakesFieldsAndChecksFromTheSchema) {
  forms::ModelForm form(orm::Table(*kModels[1], &resolve), db(), {.exclude = {"body"}});
  std::vector<std::string> names;
  for (const auto& field : form.fields()) names.push_back(field.name);
  EXPECT_THAT(names, ::testing::ElementsAre("title", "status", "rating", "author"));
  EXPECT_EQ(form.field("title")->max_length, 40);
  EXPECT_EQ(form.field("status")->initial, "draft");
  EXPECT_FALSE(form.field("rating")->required);
  form.bind(forms::FormData(Values{{"title", "Typed"}, {"status", "draft"}, {"rating", "3"}}));
  auto saved = form.save();
  ASSERT_TRUE(saved.has_value());
  EXPECT_EQ(db::as_int(saved->get("rating")), 3);
  EXPECT_THROW(forms::ModelForm(orm::Table(*kModels[1], &resolve), db(), {.fields = {"nope"}}), std::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, Views, ::testing::Values(test_support::Backend::Sqlite), test_support::backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, Views, ::testing::Values(test_support::Backend::Postgres),
                         test_support::backend_name);

}  // namespace

namespace {

/** What the server writes to std::cout, kept for another thread to read: every write goes through the lock. */
class SharedOutput : public std::streambuf {
 public:
  std::string text() {
    std::lock_guard lock{mutex_};
    return text_;
  }

 protected:
  int_type overflow(int_type c) override {
    if (c == traits_type::eof()) return traits_type::not_eof(c);
    std::lock_guard lock{mutex_};
    text_ += traits_type::to_char_type(c);
    return c;
  }
  std::streamsize xsputn(const char* data, std::streamsize n) override {
    std::lock_guard lock{mutex_};
    text_.append(data, static_cast<std::size_t>(n));
    return n;
  }

 private:
  std::mutex mutex_;
  std::string text_;
};

/** The server's startup line of an app on this test's database, with server.threads = 0. */
std::string startup_line(db::Database& database) {
  cpprustango::config::Settings settings;
  settings.set("server.port", std::int64_t{0});
  settings.set("log.access", false);
  cpprustango::App server_app{settings};
  server_app.set_database(database);
  SharedOutput output;
  auto* const saved = std::cout.rdbuf(&output);
  std::thread running([&] { server_app.run(); });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::string line;
  while (line.empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const std::string text = output.text();
    if (const auto at = text.find("serving on"); at != std::string::npos && text.find('\n', at) != std::string::npos) {
      line = text.substr(at, text.find('\n', at) - at);
    }
  }
  server_app.stop();
  running.join();
  std::cout.rdbuf(saved);
  return line;
}

}  // namespace

TEST_P(Views, EventLoopsAreOnePerCoreOrTwoWhenTheDatabaseIsAServer) {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const unsigned loops = pg() ? 2 * cores : cores;
  EXPECT_THAT(startup_line(db()), HasSubstr(", " + std::to_string(loops) + (loops == 1 ? " thread)" : " threads)")))
      << "views block on the ORM: with PostgreSQL a loop waiting on a round trip needs another to keep its core busy";
}
