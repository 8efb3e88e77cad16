// Every make:* generator on one project, as a user runs them: the project is
// generated, built with -Wall -Wextra -Werror and its own tests run ONCE for
// the whole suite (the first test process does it under a lock, the others
// reuse the result), then each test checks one part: the tests passed on
// SQLite, the CRUD pages' tests pass on PostgreSQL, `run` runs a project
// command, the pages render in headless Chromium, and refusals change nothing.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <regex>

#include <csignal>
#include <cpprustango/db/database.hpp>
#include <thread>

#include "support/http_client.hpp"
#include "support/subprocess.hpp"
#include "test_support/postgres_cluster.hpp"

namespace fs = std::filesystem;

namespace e2e {
namespace {

/** Where the shared project lives: beside the test binary's working folder, kept for inspection. */
fs::path shared_root() { return fs::current_path() / "make-generators"; }
fs::path project() { return shared_root() / "site"; }

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

/** The generators, in the order a user would run them. */
const std::vector<std::vector<std::string>> kSteps = {
    {"make:app", "blog"},
    {"make:model", "blog", "Author", "--field", "name:string(100) @display", "--field", "email:email?"},
    {"make:model", "blog", "Tag", "--field", "name:string(30) @display"},
    // A many() field: model forms, the CRUD pages and the REST serializer all take it.
    {"make:model", "blog", "Post", "--field", "title:string(200)", "--field", "body:text", "--field", "author:ref(Author)",
     "--field", "status:choice(draft,published)", "--field", "rating:int?", "--field", "published_at:datetime?",
     "--field", "tags:many(Tag)"},
    // No text field (its form has nothing to trim), and a ref named like the generated code's own locals.
    {"make:model", "blog", "Vote", "--field", "row:ref(Post)", "--field", "stars:int"},
    {"makemigrations"},
    {"make:view", "about", "--template"},
    {"make:view", "archive", "--app", "blog", "--path", "/blog/archive/<int:year>/"},
    {"make:middleware", "timing"},
    {"make:command", "close_polls"},
    {"make:test", "checkout"},
    {"make:form", "contact", "--field", "email:email", "--field", "message:textarea", "--field", "topic:choice(sales,support)",
     "--field", "copy:bool", "--field", "budget:decimal(8,2)?"},
    {"make:form", "author_form", "--app", "blog", "--model", "Author"},
    {"make:form", "vote_form", "--app", "blog", "--model", "Vote"},
    {"make:crud", "blog", "Post"},
    // The REST plugin's generators: a serializer, then the viewset that uses it, then a
    // second viewset, which src/api.cpp (written by the first) gains by an edit.
    {"make:serializer", "blog", "Post"},
    {"make:viewset", "blog", "Post"},
    {"make:viewset", "blog", "Author"},
};

/**
 * Generates and builds the project and runs its tests, unless an earlier
 * test process of this run did (the stamp names the cpprustango under test).
 * Returns the log of the steps, with "exit: N" after each.
 */
std::string shared_project() {
  fs::create_directories(shared_root());
  const int lock = ::open((shared_root() / "lock").c_str(), O_CREAT | O_RDWR, 0644);
  ::flock(lock, LOCK_EX);
  struct stat binary {};
  ::stat(cpprustango().c_str(), &binary);
  const std::string stamp = cpprustango() + " " + std::to_string(binary.st_mtim.tv_sec) + "." + std::to_string(binary.st_mtim.tv_nsec);
  const fs::path stamp_file = shared_root() / "stamp";
  const fs::path log_file = shared_root() / "log";
  if (!fs::exists(stamp_file) || read_file(stamp_file) != stamp) {
    fs::remove_all(project());
    std::string log;
    const auto step = [&](std::vector<std::string> argv, const fs::path& cwd, std::vector<std::pair<std::string, std::string>> env = {}) {
      argv.insert(argv.begin(), cpprustango());
      const auto result = run(argv, {.cwd = cwd, .env = std::move(env)});
      for (const auto& word : argv) log += word + " ";
      log += "\n" + result.out + result.err + "exit: " + std::to_string(result.exit_code) + "\n";
      return result.exit_code;
    };
    if (step({"new", "site", "--no-git"}, shared_root()) == 0) {
      for (const auto& argv : kSteps) {
        if (step(argv, project()) != 0) break;
      }
      // The first configure sees CXXFLAGS: every warning is an error, shadowing included.
      step({"test"}, project(), {{"CXXFLAGS", "-Wall -Wextra -Wshadow -Werror"}});
    }
    write(log_file, log);
    write(stamp_file, stamp);
  }
  ::flock(lock, LOCK_UN);
  ::close(lock);
  return read_file(log_file);
}

class MakeGeneratorsTest : public ::testing::Test {
 protected:
  void SetUp() override { log_ = shared_project(); }
  Result cli(std::vector<std::string> args, std::vector<std::pair<std::string, std::string>> env = {}) {
    args.insert(args.begin(), cpprustango());
    return run(args, {.cwd = project(), .env = std::move(env)});
  }
  std::string log_;
};

TEST_F(MakeGeneratorsTest, EveryGeneratorRunsAndTheProjectsTestsPassWithWarningsAsErrors) {
  EXPECT_EQ(log_.find("exit: 1"), std::string::npos) << log_;
  EXPECT_EQ(log_.find("exit: 2"), std::string::npos) << log_;
  EXPECT_NE(log_.find("Created src/blog/posts_pages.cpp"), std::string::npos) << log_;
  EXPECT_NE(log_.find("Next: cpprustango runserver, then open http://127.0.0.1:8000/blog/posts/"), std::string::npos);
  EXPECT_NE(log_.find("100% tests passed"), std::string::npos) << log_;
  EXPECT_NE(log_.find("Created src/api.cpp"), std::string::npos) << log_;
  EXPECT_NE(log_.find("Updated src/api.cpp"), std::string::npos) << "the second viewset edits it\n" << log_;
  EXPECT_NE(log_.find("Updated cpprustango.toml"), std::string::npos) << "[plugins] rest = true\n" << log_;
  // The generated tests are all there and ran.
  for (const char* name : {"AboutView.AnswersItsUrl", "BlogArchiveView.AnswersItsUrl", "TimingMiddleware.RunsAroundEveryRequest",
                           "ClosePollsCommand.RunsWithItsArguments", "CheckoutTest.TheAppAnswers", "ContactTest.AcceptsValidInput",
                           "ContactTest.RefusesInvalidInput", "BlogAuthorFormTest.SavesValidInput", "BlogVoteFormTest.SavesValidInput",
                           "BlogPostsPagesTest.InvalidSubmissionShowsTheErrors", "BlogPostsPagesTest.PostWithoutCsrfTokenIsForbidden",
                           "BlogPostsPagesTest.Edit", "BlogPostsPagesTest.DeleteAsksThenDeletes",
                           "BlogPostSerializerTest.DeclaresTheModelsFields", "BlogPostSerializerTest.ServesAListThroughAViewset",
                           "BlogPostsApiTest.CreateListRetrieveDelete", "BlogPostsApiTest.AnonymousRequestIsRefused",
                           "BlogPostsApiTest.UndeclaredQueryParameterIsRefused", "BlogPostsApiTest.InvalidBodyIsAProblem",
                           "BlogPostsApiTest.OpenApiDescribesTheViewset", "BlogAuthorsApiTest.CreateListRetrieveDelete"}) {
    EXPECT_NE(log_.find(name), std::string::npos) << name << "\n" << log_;
  }
}

TEST_F(MakeGeneratorsTest, CrudPagesPassTheirTestsOnPostgres) {
  const std::string url = test_support::create_test_database();
  // The project is built: its CRUD and model-form tests run again against PostgreSQL.
  const auto result = run({"ctest", "--test-dir", (project() / "build/debug").string(), "-R", "BlogPostsPagesTest|BlogAuthorFormTest|BlogPostFormTest|BlogPostsApiTest|BlogAuthorsApiTest",
                           "--output-on-failure"},
                          {.cwd = project(), .env = {{"CPPRUSTANGO_TEST_DATABASE_URL", url}}});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("100% tests passed"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("BlogPostsPagesTest.Edit"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("BlogPostsApiTest.CreateListRetrieveDelete"), std::string::npos) << result.out;
  test_support::drop_test_database(url);
}

TEST_F(MakeGeneratorsTest, RunListsAndRunsProjectCommands) {
  const auto list = cli({"-q", "run"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("  close_polls  Close polls (src/commands/close_polls.cpp)"), std::string::npos) << list.out;
  const auto ran = cli({"-q", "run", "close_polls", "first", "--dry-run"});
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out, "close_polls: 2 arguments 'first' '--dry-run'\n");
  // The app opens its database with the project's settings, and a bad one is one line.
  const auto refused = cli({"-q", "run", "close_polls"}, {{"CPPRUSTANGO__DATABASE__MAX_CONNECTIONS", "-3"}});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("error: setting database.max_connections must be between 0 and 10000, got -3"),
            std::string::npos) << refused.err;
  const auto unsynced = cli({"-q", "run", "close_polls"}, {{"CPPRUSTANGO__DATABASE__SQLITE_SYNCHRONOUS", "sometimes"}});
  EXPECT_EQ(unsynced.exit_code, 1);
  EXPECT_NE(unsynced.err.find("error: setting database.sqlite_synchronous must be \"normal\" or \"full\", got \"sometimes\""),
            std::string::npos) << unsynced.err;
  const auto unknown = cli({"-q", "run", "nope"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("error: this project has no command 'nope'; `cpprustango run` lists them"), std::string::npos) << unknown.err;
}

TEST_F(MakeGeneratorsTest, RefusalsAndDryRunsChangeNothing) {
  const auto before = snapshot(project() / "src");
  const auto again = cli({"make:view", "about"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("src/views/about.hpp, src/views/about.cpp, tests/test_about_view.cpp already exists; pass --force"),
            std::string::npos)
      << again.err;
  const auto clash = cli({"make:view", "about_us", "--path", "/about/"});
  EXPECT_EQ(clash.exit_code, 1);
  EXPECT_NE(clash.err.find("src/urls.cpp already has \"/about/\" in add_routes()"), std::string::npos) << clash.err;
  const auto dry = cli({"make:crud", "blog", "Author", "--dry-run"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("Would write src/blog/authors_pages.cpp:"), std::string::npos) << dry.out;
  EXPECT_NE(dry.out.find("+   blog::add_authors_pages(app);"), std::string::npos) << dry.out;
  const auto bad = cli({"make:crud", "blog", "Nope"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("no model Nope in apps/blog/models.schema"), std::string::npos) << bad.err;
  const auto viewset_again = cli({"make:viewset", "blog", "Post"});
  EXPECT_EQ(viewset_again.exit_code, 1);
  EXPECT_NE(viewset_again.err.find("src/blog/api/posts_viewset.hpp, src/blog/api/posts_viewset.cpp, tests/test_blog_posts_api.cpp already exists; pass --force"),
            std::string::npos)
      << viewset_again.err;
  const auto viewset_dry = cli({"make:viewset", "blog", "Post", "--dry-run", "--force"});
  EXPECT_EQ(viewset_dry.exit_code, 0) << viewset_dry.err;
  EXPECT_NE(viewset_dry.out.find("Would replace src/blog/api/posts_viewset.cpp:"), std::string::npos) << viewset_dry.out;
  EXPECT_NE(viewset_dry.out.find("viewset.serializer(post_serializer());"), std::string::npos) << viewset_dry.out;
  EXPECT_EQ(snapshot(project() / "src"), before);
}

/** Headless Chromium's picture of `url`, written to `png`; true when the file is there. */
bool screenshot(const std::string& url, const fs::path& png) {
  fs::create_directories(png.parent_path());
  fs::remove(png);
  run({"chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1100,800",
                           "--screenshot=" + png.string(), url});
  return fs::exists(png) && fs::file_size(png) > 1000;
}

/** A form page's CSRF cookie and token, for a POST a browser would make. */
std::string form_post(int port, const std::string& path, const std::string& fields) {
  const auto page = http_get(port, path);
  std::smatch token;
  if (!std::regex_search(page.body, token, std::regex("name=\"csrf_token\" value=\"([^\"]+)\""))) return {};
  const auto response = http_request(port, "POST", path,
                                     "Cookie: " + set_cookie(page, "cpprustango_csrf") +
                                         "\r\nContent-Type: application/x-www-form-urlencoded\r\n",
                                     "csrf_token=" + std::string(token[1]) + "&" + fields);
  return std::to_string(response.status) + "\n" + response.headers + "\n" + response.body;
}

TEST_F(MakeGeneratorsTest, PagesInHeadlessChromium) {
  ASSERT_TRUE(fs::exists("/usr/bin/chromium")) << "chromium is needed for the screenshots (install.sh installs it)";
  ASSERT_EQ(cli({"migrate"}).exit_code, 0);
  {
    auto db = cpprustango::db::Database::open("sqlite:" + (project() / "var/db.sqlite3").string());
    db.execute("DELETE FROM blog_post");
    db.execute("DELETE FROM blog_author");
    db.execute("INSERT INTO blog_author (id, name) VALUES (1, 'Ada Lovelace')");
  }
  const int port = free_port();
  Background server({(project() / "build/debug/site").string()},
                    {.cwd = project(), .env = {{"CPPRUSTANGO__SERVER__PORT", std::to_string(port)}}});
  HttpResponse page;
  for (int i = 0; i < 100 && page.status == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    page = http_get(port, "/blog/posts/");
  }
  ASSERT_EQ(page.status, 200) << server.output();
  const std::string base = "http://127.0.0.1:" + std::to_string(port);
  const fs::path shots = fs::current_path() / "screenshots";

  // The form with its errors: the response to an invalid POST, shown as the browser got it.
  const std::string invalid = form_post(port, "/blog/posts/new/", "title=&body=&status=draft&rating=many");
  ASSERT_TRUE(invalid.starts_with("200\n")) << invalid;
  std::string html = invalid.substr(invalid.find("<!doctype"));
  EXPECT_NE(html.find("aria-invalid=\"true\""), std::string::npos) << html;
  html.insert(html.find("<head>") + 6, "<base href=\"" + base + "/\">");
  write(shots / "post_form_errors.html", html);
  EXPECT_TRUE(screenshot("file://" + (shots / "post_form_errors.html").string(), shots / "post_form_errors.png"));

  std::string detail;
  for (const char* title : {"Hello, world", "Notes on the Analytical Engine"}) {
    const std::string created = form_post(port, "/blog/posts/new/", "title=" + std::regex_replace(std::string(title), std::regex(" "), "+") +
                                                                         "&body=First+post.&author=1&status=published&rating=5");
    ASSERT_TRUE(created.starts_with("302\n")) << created;
    std::smatch location;
    ASSERT_TRUE(std::regex_search(created, location, std::regex("Location: (/blog/posts/[0-9]+/)"))) << created;
    detail = location[1];
  }
  // Each page answers before its picture is taken: a screenshot of an error page proves nothing.
  const auto list = http_get(port, "/blog/posts/");
  EXPECT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("Notes on the Analytical Engine"), std::string::npos);
  EXPECT_NE(list.body.find("<td>Ada Lovelace</td>"), std::string::npos) << "the ref shows its row's display string: " << list.body;
  EXPECT_EQ(http_get(port, detail).status, 200);
  EXPECT_EQ(http_get(port, detail + "delete/").status, 200);
  EXPECT_TRUE(screenshot(base + "/blog/posts/", shots / "post_list.png"));
  EXPECT_TRUE(screenshot(base + detail, shots / "post_detail.png"));
  EXPECT_TRUE(screenshot(base + detail + "delete/", shots / "post_confirm_delete.png"));
  server.signal(SIGTERM);
  server.wait(std::chrono::seconds(5));
}

}  // namespace
}  // namespace e2e
