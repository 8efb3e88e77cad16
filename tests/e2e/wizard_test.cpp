// The wizard as a person uses it, in a real terminal (tmux): the default
// path, the numbered menus of a dumb terminal, Ctrl-C at any point leaving
// nothing behind, PostgreSQL with a wrong password and a database created on
// request, adopting Chinook (SQLite) and, through `new --adopt`, Pagila
// (PostgreSQL), whose project is the one this suite builds and serves. The
// command the wizard echoes, run in another folder, makes the same tree.
#include <gtest/gtest.h>

#include <thread>

#include "cpprustango/db/database.hpp"
#include "support/http_client.hpp"
#include "support/subprocess.hpp"
#include "support/tmux.hpp"
#include "test_support/postgres_cluster.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace e2e {
namespace {

const fs::path kFixtures = CPPRUSTANGO_SHARED_FIXTURES;

/** Every file of a project but .git, var/ and build/, with its text: what "the same tree" compares. */
std::vector<std::string> tree(const fs::path& project) {
  std::vector<std::string> files;
  for (auto it = fs::recursive_directory_iterator(project); it != fs::recursive_directory_iterator(); ++it) {
    const auto relative = fs::relative(it->path(), project).string();
    if (relative == ".git" || relative == "var" || relative == "build") {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) files.push_back(relative + "=" + read_file(it->path()));
  }
  std::sort(files.begin(), files.end());
  return files;
}

/** The line under "Same thing without the wizard:". */
std::string echoed_command(const std::string& screen) {
  const auto at = screen.find("Same thing without the wizard:\n");
  if (at == std::string::npos) return {};
  const auto start = screen.find_first_not_of(' ', at + 31);
  return screen.substr(start, screen.find('\n', start) - start);
}

std::string wizard(const std::string& flags = {}) { return cpprustango() + " wizard" + flags; }

class Wizard : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have_tmux()) GTEST_SKIP() << "tmux is not installed (apt install tmux)";
  }
  /** Answers a question: waits for it, then types and presses Enter. */
  static void answer(const Tmux& terminal, const std::string& question, const std::string& text = {}) {
    ASSERT_TRUE(terminal.wait_for(question)) << "never asked " << question << ":\n" << terminal.screen();
    if (!text.empty()) terminal.type(text);
    terminal.press({"Enter"});
  }
  /** Answers each question in turn. */
  static void answer_all(const Tmux& terminal, const std::vector<std::pair<std::string, std::string>>& answers) {
    for (const auto& [question, text] : answers) answer(terminal, question, text);
  }
  TempDir dir_;
};

TEST_F(Wizard, EnterEverywhereMakesASqliteProjectAndTheEchoedCommandMakesTheSameTree) {
  Tmux terminal(wizard(" --no-build"), dir_.path(), {{"TERM", "xterm"}});
  answer(terminal, "? Project name (mysite)", "shop");
  answer(terminal, "? Template (arrows");
  answer(terminal, "? Database (arrows");
  answer(terminal, "? Create an admin user? [y/N]");
  answer(terminal, "? Create it? [Y/n]");
  ASSERT_EQ(terminal.exit_code(), 0) << terminal.screen();
  const std::string screen = terminal.screen();
  EXPECT_NE(screen.find("? Template: default"), std::string::npos) << screen;
  EXPECT_NE(screen.find("? Database: sqlite"), std::string::npos) << screen;
  EXPECT_NE(screen.find("cd shop\n  cpprustango runserver"), std::string::npos) << screen;
  const std::string command = echoed_command(screen);
  ASSERT_EQ(command, "cpprustango new shop --template default --database sqlite --no-build --yes");
  EXPECT_TRUE(fs::exists(dir_.path() / "shop/var/db.sqlite3")) << "migrated";
  EXPECT_TRUE(fs::exists(dir_.path() / "shop/.git")) << "a repository with a first commit";
  EXPECT_EQ(run({"git", "-C", (dir_.path() / "shop").string(), "status", "--porcelain"}).out, "");

  TempDir other;
  const auto again = run({"sh", "-c", cpprustango() + command.substr(11)}, {.cwd = other.path()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(tree(other.path() / "shop"), tree(dir_.path() / "shop"));
}

TEST_F(Wizard, ADumbTerminalGetsNumberedMenus) {
  Tmux terminal(wizard(" --no-build"), dir_.path(), {{"TERM", "dumb"}});
  answer(terminal, "? Project name (mysite)", "blog");
  ASSERT_TRUE(terminal.wait_for("  4) minimal")) << terminal.screen();
  answer(terminal, "Choose 1-4 [2]:", "9");
  answer(terminal, "'9' is not one of the choices", "minimal");
  // The database menu has three choices too: wait for its own question.
  answer(terminal, "? Database", "1");
  answer(terminal, "? Create an admin user? [y/N]");
  answer(terminal, "? Create it? [Y/n]");
  ASSERT_EQ(terminal.exit_code(), 0) << terminal.screen();
  EXPECT_NE(read_file(dir_.path() / "blog/cpprustango.toml").find("template = \"minimal\""), std::string::npos);
}

TEST_F(Wizard, ColourUnlessNoColorOrColorNever) {
  const auto coloured = [&](const std::string& command, const std::vector<std::pair<std::string, std::string>>& env) {
    Tmux terminal(command, dir_.path(), env);
    EXPECT_TRUE(terminal.wait_for("? Project name")) << terminal.screen();
    const bool colour = terminal.screen(true).find("\x1b[32m") != std::string::npos;
    terminal.press({"C-c"});
    EXPECT_EQ(terminal.exit_code(), 130);
    return colour;
  };
  EXPECT_TRUE(coloured(wizard(), {{"TERM", "xterm"}}));
  EXPECT_FALSE(coloured(wizard(), {{"TERM", "xterm"}, {"NO_COLOR", "1"}}));
  EXPECT_FALSE(coloured(cpprustango() + " --color never wizard", {{"TERM", "xterm"}}));
}

TEST_F(Wizard, ABareNewOnATerminalAndInitStartTheWizard) {
  for (const auto& command : {cpprustango() + " new", cpprustango() + " init", cpprustango() + " new shop -i"}) {
    Tmux terminal(command, dir_.path(), {{"TERM", "xterm"}});
    EXPECT_TRUE(terminal.wait_for(command.ends_with("-i") ? "? Template" : "? Project name")) << terminal.screen();
    terminal.press({"C-c"});
    EXPECT_EQ(terminal.exit_code(), 130) << command;
  }
  EXPECT_TRUE(fs::is_empty(dir_.path()));
}

TEST_F(Wizard, CtrlCAtAnyQuestionLeavesNothingBehind) {
  struct Point {
    std::string term;
    std::vector<std::pair<std::string, std::string>> answers;  // question, text typed before Enter
    std::string last;                                          // where Ctrl-C is pressed
  };
  const std::vector<Point> points = {
      {"xterm", {}, "? Project name"},
      {"xterm", {{"? Project name", "shop"}}, "? Template"},
      {"dumb", {{"? Project name", "shop"}, {"Choose 1-4", ""}}, "? Database"},
      {"xterm",
       {{"? Project name", "shop"},
        {"? Template", ""},
        {"? Database", ""},
        {"admin user?", "y"},
        {"Admin user name", ""},
        {"Admin e-mail", ""}},
       "? Admin password"},
      {"xterm",
       {{"? Project name", "shop"}, {"? Template", ""}, {"? Database", ""}, {"admin user?", ""}},
       "Create it?"},
  };
  for (const auto& point : points) {
    Tmux terminal(wizard(), dir_.path(), {{"TERM", point.term}});
    answer_all(terminal, point.answers);
    ASSERT_TRUE(terminal.wait_for(point.last)) << terminal.screen();
    terminal.press({"C-c"});
    EXPECT_EQ(terminal.exit_code(), 130) << terminal.screen();
    EXPECT_NE(terminal.screen().find("Cancelled: nothing was created."), std::string::npos) << terminal.screen();
    EXPECT_TRUE(fs::is_empty(dir_.path())) << point.last;
  }
  // Ctrl-D ends the input: the same.
  Tmux terminal(wizard(), dir_.path(), {{"TERM", "xterm"}});
  answer(terminal, "? Project name", "shop");
  ASSERT_TRUE(terminal.wait_for("? Template"));
  terminal.press({"C-d"});
  EXPECT_EQ(terminal.exit_code(), 130) << terminal.screen();
  EXPECT_TRUE(fs::is_empty(dir_.path()));
}

TEST_F(Wizard, CtrlCOnceCreatingStartedRemovesTheProject) {
  Tmux terminal(wizard(" shop --template minimal --database sqlite"), dir_.path(), {{"TERM", "xterm"}});
  answer(terminal, "? Create an admin user? [y/N]");
  answer(terminal, "? Create it? [Y/n]");
  ASSERT_TRUE(terminal.wait_for("==> Building shop", 60s)) << terminal.screen();
  terminal.press({"C-c"});
  EXPECT_EQ(terminal.exit_code(), 130) << terminal.screen();
  EXPECT_NE(terminal.screen().find("nothing was left behind"), std::string::npos) << terminal.screen();
  EXPECT_TRUE(fs::is_empty(dir_.path())) << terminal.screen();
}

TEST_F(Wizard, WithoutATerminalItExits2NamingTheFlags) {
  for (const auto& verb : {"wizard", "new", "init"}) {
    const auto result = run({cpprustango(), verb}, {.cwd = dir_.path()});
    EXPECT_EQ(result.exit_code, 2) << verb;
    EXPECT_EQ(result.err.find('\n'), result.err.size() - 1) << "one line: " << result.err;
  }
  const auto result = run({cpprustango(), "wizard", "--template", "minimal"}, {.cwd = dir_.path()});
  EXPECT_EQ(
      result.err,
      "error: the wizard needs a terminal to ask its questions; answer them with NAME, --database or --adopt URL, "
      "--superuser NAME (for an admin user) and --yes (the default for anything not given)\n");
  EXPECT_TRUE(fs::is_empty(dir_.path()));
}

TEST_F(Wizard, AdoptsChinookWithAnAdminUser) {
  if (!fs::exists(kFixtures)) GTEST_SKIP() << "../shared/fixtures is absent";
  fs::copy_file(kFixtures / "chinook/Chinook_Sqlite.sqlite", dir_.path() / "chinook.sqlite");
  Tmux terminal(wizard(" --no-build"), dir_.path(), {{"TERM", "xterm"}});
  answer(terminal, "? Project name", "music");
  answer(terminal, "? Template (arrows");
  ASSERT_TRUE(terminal.wait_for("? Database (arrows"));
  terminal.press({"Down", "Down", "Enter"});
  answer(terminal, "Database to adopt", "missing.sqlite");
  answer(terminal, "no SQLite database at", "chinook.sqlite");
  answer(terminal, "? App for the adopted tables (chinook)");
  ASSERT_TRUE(terminal.wait_for("The database has 11 tables."));
  answer_all(terminal, {{"Tables to adopt", "Nope"},
                        {"no table Nope in the database", ""},
                        {"Let migrations manage", ""},
                        {"? Create an admin user? [y/N]", "y"},
                        {"? Admin user name (admin)", ""},
                        {"? Admin e-mail", "admin@example.com"},
                        {"? Admin password", "Velvet-Lagoon-8812"},
                        {"? Admin password (again)", "Velvet-Lagoon-8812"},
                        {"? Create it? [Y/n]", ""}});
  ASSERT_EQ(terminal.exit_code(), 0) << terminal.screen();
  const std::string screen = terminal.screen();
  EXPECT_NE(screen.find("--adopt sqlite:" + (dir_.path() / "chinook.sqlite").string() + " --app chinook"),
            std::string::npos)
      << screen;
  EXPECT_NE(screen.find("11 tables as models in apps/chinook/models.schema, 11 references"), std::string::npos)
      << screen;
  EXPECT_NE(screen.find("log in as admin"), std::string::npos) << screen;
  EXPECT_EQ(screen.find("Velvet-Lagoon-8812"), std::string::npos) << "a password is never shown";
  const std::string schema = read_file(dir_.path() / "music/apps/chinook/models.schema");
  EXPECT_NE(schema.find("model Album {"), std::string::npos);
  EXPECT_NE(schema.find("@@managed(false)"), std::string::npos);
  const auto check = run({cpprustango(), "check"}, {.cwd = dir_.path() / "music"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  const auto again = run({cpprustango(), "createsuperuser", "--username", "admin", "--generate", "--no-input"},
                         {.cwd = dir_.path() / "music"});
  EXPECT_NE(again.err.find("admin"), std::string::npos) << "the admin user exists: " << again.err;
}

TEST_F(Wizard, InsideAProjectItOffersTheNextStepsAndEchoesEachCommand) {
  ASSERT_EQ(run({cpprustango(), "new", "site", "--template", "minimal", "--no-git"}, {.cwd = dir_.path()}).exit_code,
            0);
  Tmux terminal(wizard(), dir_.path() / "site", {{"TERM", "xterm"}});
  answer(terminal, "? What next in site");
  answer(terminal, "? App name", "blog");
  ASSERT_TRUE(terminal.wait_for("$ cpprustango make:app blog"));
  ASSERT_TRUE(terminal.wait_for("? What next in site", 20s, 1));
  terminal.press({"Down", "Enter"});
  answer_all(terminal, {{"? App (arrows", ""},
                        {"? Model name", "post"},
                        {"is not a valid model name", "Post"},
                        {"? Field name", "title"},
                        {"? Type of title", "string"},
                        {"? Longest length (200)", "120"},
                        {"May title be empty", ""},
                        {"? Field name", "author"},
                        {"? Type of author", "ref"},
                        {"? Model it refers to", "Nobody"},
                        {"May author be empty", ""}});
  ASSERT_TRUE(terminal.wait_for("--field 'author:ref(Nobody)'")) << terminal.screen();
  answer(terminal, "? Field name", "");
  answer(terminal, "Make and apply its migration now?", "y");
  ASSERT_TRUE(terminal.wait_for("? What next in site", 20s, 2)) << terminal.screen();
  // Pages for the model, from the menu: a model the app lacks gets make:crud's own refusal.
  terminal.type("crud");
  terminal.press({"Enter"});
  answer_all(terminal, {{"? App (arrows", ""},
                        {"? Model", "Nope"},
                        {"no model Nope in apps/blog/models.schema", "Post"},
                        {"Only logged-in users create", ""}});
  ASSERT_TRUE(terminal.wait_for("? What next in site", 20s, 3)) << terminal.screen();
  int menus = 4;
  const fs::path chinook = dir_.path() / "chinook.sqlite";
  if (fs::exists(kFixtures)) {
    fs::copy_file(kFixtures / "chinook/Chinook_Sqlite.sqlite", chinook);
    terminal.type("adopt");
    terminal.press({"Enter"});
    answer_all(terminal, {{"Database to adopt", chinook.string()},
                          {"? App for the adopted tables (chinook)", "music"},
                          {"Tables to adopt", "Album Artist"},
                          {"Let migrations manage", ""}});
    ASSERT_TRUE(terminal.wait_for("? What next in site", 20s, menus++)) << terminal.screen();
  }
  terminal.type("admin");
  terminal.press({"Enter"});
  answer_all(terminal, {{"? Admin user name (admin)", "ann"},
                        {"? Admin e-mail", ""},
                        {"? Admin password", "Velvet-Lagoon-8812"},
                        {"? Admin password (again)", "Velvet-Lagoon-8812"}});
  ASSERT_TRUE(terminal.wait_for("? What next in site", 20s, menus)) << terminal.screen();
  terminal.type("quit");
  terminal.press({"Enter"});
  ASSERT_EQ(terminal.exit_code(), 0) << terminal.screen();
  const std::string screen = terminal.screen();
  EXPECT_NE(screen.find("$ cpprustango make:model blog Post --field 'title:string(120)'"), std::string::npos) << screen;
  EXPECT_NE(read_file(dir_.path() / "site/apps/blog/models.schema").find("title string(120)"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir_.path() / "site/migrations/0001_initial.json"));
  if (fs::exists(kFixtures)) {
    EXPECT_NE(screen.find("$ cpprustango inspectdb --database sqlite:" + chinook.string() +
                          " --app music --table Album --table Artist"),
              std::string::npos)
        << screen;
    EXPECT_NE(read_file(dir_.path() / "site/apps/music/models.schema").find("model Album {"), std::string::npos);
  }
  EXPECT_NE(screen.find("$ cpprustango createsuperuser --username ann\n"), std::string::npos) << screen;
  EXPECT_NE(screen.find("Superuser ann created."), std::string::npos) << screen;

  // The pages are the ones the echoed command writes: the same steps on the
  // command line, in another folder, give the same files and routes.
  EXPECT_NE(screen.find("$ cpprustango make:crud blog Post\n"), std::string::npos) << screen;
  EXPECT_NE(screen.find("Created src/blog/posts_pages.cpp"), std::string::npos) << screen;
  const fs::path cli = dir_.path() / "cli";
  fs::create_directory(cli);
  ASSERT_EQ(run({cpprustango(), "new", "site", "--template", "minimal", "--no-git"}, {.cwd = cli}).exit_code, 0);
  for (const std::vector<std::string>& step : std::vector<std::vector<std::string>>{
           {"make:app", "blog"}, {"make:model", "blog", "Post", "--field", "title:string(120)"}, {"make:crud", "blog", "Post"}}) {
    std::vector<std::string> command = {cpprustango()};
    command.insert(command.end(), step.begin(), step.end());
    const auto done = run(command, {.cwd = cli / "site"});
    ASSERT_EQ(done.exit_code, 0) << step.front() << ": " << done.err;
  }
  for (const char* file : {"src/blog/posts_pages.hpp", "src/blog/posts_pages.cpp", "src/blog/forms/post_form.cpp",
                           "templates/blog/post_list.html", "templates/blog/post_form.html", "templates/base.html",
                           "static/css/pages.css", "tests/test_blog_posts_pages.cpp", "src/urls.cpp"}) {
    EXPECT_EQ(read_file(dir_.path() / "site" / file), read_file(cli / "site" / file)) << file;
  }
  EXPECT_NE(read_file(dir_.path() / "site/src/urls.cpp").find("blog::add_posts_pages(app);"), std::string::npos);
  EXPECT_NE(read_file(dir_.path() / "site/CMakeLists.txt").find("src/blog/posts_pages.cpp"), std::string::npos);
}

// ------------------------------------------------------------ PostgreSQL

class PostgresWizard : public Wizard {
 protected:
  void SetUp() override {
    Wizard::SetUp();
    if (IsSkipped()) return;
    port_ = std::to_string(test_support::postgres_cluster().port());
  }
  std::string port_;
};

TEST_F(PostgresWizard, AWrongPasswordIsAskedAgainAndAMissingDatabaseIsCreatedOnRequest) {
  test_support::require_password("wizard_pw", "right-one", "CREATEDB");
  const std::string dbname = "wizard_shop_" + std::to_string(::getpid());
  Tmux terminal(wizard(" --no-build"), dir_.path(), {{"TERM", "xterm"}});
  answer(terminal, "? Project name", "shop");
  answer(terminal, "? Template (arrows");
  ASSERT_TRUE(terminal.wait_for("? Database (arrows"));
  terminal.press({"Down", "Enter"});
  ASSERT_TRUE(terminal.wait_for("? PostgreSQL URL (postgresql://localhost/shop)"));
  answer(terminal, "? PostgreSQL URL", "postgresql://wizard_pw@127.0.0.1:1/" + dbname);
  ASSERT_TRUE(terminal.wait_for("connection refused")) << terminal.screen();
  answer(terminal, "? PostgreSQL URL", "postgresql://wizard_pw@127.0.0.1:" + port_ + "/" + dbname);
  answer(terminal, "? Password for wizard_pw", "wrong-one");
  ASSERT_TRUE(terminal.wait_for("wrong password")) << terminal.screen();
  answer(terminal, "? Password for wizard_pw", "right-one");
  answer(terminal, "The database " + dbname + " does not exist. Create it? [Y/n]");
  answer(terminal, "? Create an admin user? [y/N]");
  answer(terminal, "? Create it? [Y/n]");
  ASSERT_EQ(terminal.exit_code(), 0) << terminal.screen();
  const std::string screen = terminal.screen();
  EXPECT_EQ(screen.find("right-one"), std::string::npos) << "a password is never shown";
  EXPECT_EQ(screen.find("wrong-one"), std::string::npos);

  const fs::path project = dir_.path() / "shop";
  const std::string bare = "postgresql://wizard_pw@127.0.0.1:" + port_ + "/" + dbname;
  EXPECT_NE(read_file(project / "config/default.toml").find("url = \"" + bare + "\""), std::string::npos);
  EXPECT_NE(read_file(project / ".env").find("DATABASE_URL=postgresql://wizard_pw:right-one@127.0.0.1:" + port_),
            std::string::npos);
  EXPECT_EQ(run({"git", "-C", project.string(), "ls-files", ".env"}).out, "") << ".env is never committed";
  // The CLI reads .env at start-up: migrate finds the database and its password there.
  const auto status = run({cpprustango(), "showmigrations"}, {.cwd = project});
  EXPECT_NE(status.out.find("[X] auth.0001_initial"), std::string::npos) << status.out << status.err;

  const std::string command = echoed_command(screen);
  EXPECT_NE(command.find("--database \"postgresql://wizard_pw:${PGPASSWORD}@127.0.0.1:" + port_), std::string::npos)
      << command;
  TempDir other;
  const auto again = run({"sh", "-c", cpprustango() + command.substr(11)},
                         {.cwd = other.path(), .env = {{"PGPASSWORD", "right-one"}}});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(tree(other.path() / "shop"), tree(project));
  test_support::drop_test_database(test_support::postgres_cluster().url(dbname));
}

TEST_F(PostgresWizard, CtrlCBeforeCreatingLeavesNoDatabase) {
  const std::string dbname = "wizard_never_" + std::to_string(::getpid());
  const std::string url = "postgresql://postgres@127.0.0.1:" + port_ + "/" + dbname;
  Tmux terminal(wizard(" shop --template minimal --database " + url), dir_.path(), {{"TERM", "xterm"}});
  // --database skips the question: the missing database would be created after "Create it?", never before.
  answer(terminal, "? Create an admin user? [y/N]");
  ASSERT_TRUE(terminal.wait_for("? Create it? [Y/n]"));
  terminal.press({"C-c"});
  EXPECT_EQ(terminal.exit_code(), 130);
  EXPECT_TRUE(fs::is_empty(dir_.path()));
  auto admin = cpprustango::db::Database::open(test_support::postgres_cluster().url(), {.max_connections = 1});
  EXPECT_EQ(cpprustango::db::as_int(
                admin.query("SELECT count(*) FROM pg_database WHERE datname = '" + dbname + "'").scalar()),
            0);
}

// The one project this suite builds: Pagila adopted by `new --adopt`, then
// checked, served, and its admin logged into, listing the adopted tables;
// then the wizard adopts part of it as managed tables.
TEST_F(PostgresWizard, NewAdoptsPagilaAndItsAdminListsTheTables) {
  if (!fs::exists(kFixtures)) GTEST_SKIP() << "../shared/fixtures is absent";
  const auto pagila = test_support::create_test_database();
  {
    auto database = cpprustango::db::Database::open(pagila, {.max_connections = 1});
    database.acquire().execute_script(read_file(kFixtures / "pagila/pagila-schema.sql"));
  }
  const auto started = std::chrono::steady_clock::now();
  const auto made = run({"sh", "-c",
                         "echo Copper-Falcon-5531 | " + cpprustango() + " new rental --adopt " + pagila +
                             " --app pagila --superuser admin --password-stdin --yes"},
                        {.cwd = dir_.path()});
  ASSERT_EQ(made.exit_code, 0) << made.out << made.err;
  const fs::path project = dir_.path() / "rental";
  EXPECT_NE(made.out.find("Built "), std::string::npos) << made.out;
  const auto check = run({cpprustango(), "check"}, {.cwd = project});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;

  const int port = free_port();
  Background server({(project / "build/debug/rental").string()},
                    {.cwd = project, .env = {{"CPPRUSTANGO__SERVER__PORT", std::to_string(port)}}});
  while (http_get(port, "/health").status == 0 && server.running() &&
         std::chrono::steady_clock::now() - started < 600s) {
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_EQ(http_get(port, "/health").status, 200) << server.output();
  const auto form = http_get(port, "/admin/login/");
  const std::string csrf_cookie = set_cookie(form, "cpprustango_csrf");
  const std::string token_marker = "name=\"csrf_token\" value=\"";
  const auto token_at = form.body.find(token_marker) + token_marker.size();
  const std::string token = form.body.substr(token_at, form.body.find('"', token_at) - token_at);
  const auto login =
      http_request(port, "POST", "/admin/login/",
                   "Cookie: " + csrf_cookie + "\r\nContent-Type: application/x-www-form-urlencoded\r\n",
                   "csrf_token=" + token + "&next=%2Fadmin%2F&username=admin&password=Copper-Falcon-5531");
  ASSERT_EQ(login.status, 302) << login.body;
  const auto index =
      http_request(port, "GET", "/admin/", "Cookie: " + set_cookie(login, "cpprustango_session") + "\r\n");
  const auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started);
  std::cout << "[ time ] new --adopt Pagila to a serving admin: " << elapsed.count() << " s\n";
  ASSERT_EQ(index.status, 200) << index.body;
  for (const auto* table : {"/admin/pagila/film/", "/admin/pagila/actor/", "/admin/pagila/rental/"}) {
    EXPECT_NE(index.body.find(table), std::string::npos) << table << "\n" << index.body;
  }
  server.signal(SIGTERM);
  server.wait(10s);

  // The same database adopted from the wizard, some tables only and managed
  // by migrations: their migration is recorded as applied, never run over the data.
  Tmux terminal(wizard(" --no-build"), dir_.path(), {{"TERM", "xterm"}});
  answer(terminal, "? Project name", "films");
  answer(terminal, "? Template (arrows");
  ASSERT_TRUE(terminal.wait_for("? Database (arrows"));
  terminal.press({"Down", "Down", "Enter"});
  answer_all(terminal, {{"Database to adopt", pagila},
                        {"? App for the adopted tables", "films"},
                        {"Tables to adopt", "film language"},
                        {"Let migrations manage", "y"},
                        {"? Create an admin user? [y/N]", ""},
                        {"? Create it? [Y/n]", ""}});
  ASSERT_EQ(terminal.exit_code(), 0) << terminal.screen();
  EXPECT_NE(terminal.screen().find("2 tables as models"), std::string::npos) << terminal.screen();
  EXPECT_NE(terminal.screen().find("0001_initial recorded (fake)"), std::string::npos) << terminal.screen();
  const auto status = run({cpprustango(), "showmigrations"}, {.cwd = dir_.path() / "films"});
  EXPECT_NE(status.out.find("[X] 0001_initial"), std::string::npos) << status.out << status.err;
  const auto films_check = run({cpprustango(), "check"}, {.cwd = dir_.path() / "films"});
  EXPECT_EQ(films_check.exit_code, 0) << films_check.out << films_check.err;
  test_support::drop_test_database(pagila);
}

}  // namespace
}  // namespace e2e

namespace e2e {
namespace {

void expect_one_line(const Result& result, int exit_code, const std::string& fragment) {
  EXPECT_EQ(result.exit_code, exit_code) << result.out << result.err;
  EXPECT_TRUE(result.err.starts_with("error: ")) << result.err;
  EXPECT_EQ(result.err.find('\n'), result.err.size() - 1) << "one line: " << result.err;
  EXPECT_NE(result.err.find(fragment), std::string::npos) << result.err;
}

TEST(NewSetupFlags, BadInputIsOneLineAndLeavesNothingBehind) {
  TempDir dir;
  const auto cli = [&](const std::string& line) { return run({"sh", "-c", line}, {.cwd = dir.path()}); };
  const std::string bin = cpprustango();
  expect_one_line(cli(bin + " new shop --app legacy"), 2, "give it with --adopt URL");
  expect_one_line(cli(bin + " new shop --email a@b.c"), 2, "--superuser NAME");
  expect_one_line(cli(bin + " new shop --superuser ann --no-build"), 2, "--password-stdin");
  expect_one_line(cli("echo short | " + bin + " new shop --superuser ann --password-stdin --no-build"), 1,
                  "choose a stronger admin password");
  expect_one_line(cli(bin + " new shop --adopt sqlite:nowhere.sqlite --yes --no-build"), 1, "no SQLite database at");
  expect_one_line(cli(bin + " new shop --adopt sqlite:x.sqlite --app Bad-Name --yes --no-build"), 2, "--app:");
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

}  // namespace
}  // namespace e2e

namespace e2e {
namespace {

TEST(NewSetupFlags, AFailedFirstBuildShowsTheEndOfItsLogAndRemovesTheProject) {
  TempDir dir;
  const fs::path repo = dir.path() / "broken-template";
  fs::create_directories(repo / "src");
  std::ofstream(repo / "template.toml") << "extends = \"minimal\"\n";
  std::ofstream(repo / "src/views.cpp.tmpl") << "#error this template does not build\n";
  ASSERT_TRUE(commit_all(repo));

  const auto result = run({cpprustango(), "new", "broken", "--from", repo.string(), "--yes"}, {.cwd = dir.path()});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_NE(result.err.find("#error this template does not build"), std::string::npos) << result.err;
  const fs::path kept = fs::temp_directory_path() / "cpprustango-broken-build.log";
  EXPECT_NE(result.err.find("error: the first build of broken failed (the end of its log is above; all of it is in " +
                            kept.string() + "); the project was removed"),
            std::string::npos)
      << result.err;
  EXPECT_NE(read_file(kept).find("views.cpp"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir.path() / "broken"));
  fs::remove(kept);
}

}  // namespace
}  // namespace e2e
