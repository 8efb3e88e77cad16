// The admin in a generated project: the app's models reach serve() through
// the generated installed_apps.hpp, /admin/ is mounted on database.url with
// its assets, and before the auth tables exist both the admin and
// createsuperuser say to run migrate; after makemigrations and migrate (the
// framework's auth migrations first) createsuperuser works and the admin
// asks for a login. DATABASE_URL moves the CLI and the served app together.
#include <gtest/gtest.h>

#include <signal.h>

#include "support/http_client.hpp"
#include "support/runserver.hpp"
#include "support/subprocess.hpp"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace e2e {
namespace {

TEST(Admin, AGeneratedProjectServesTheAdminOverItsInstalledApps) {
  TempDir dir;
  ASSERT_EQ(run({cpprustango(), "new", "site", "--template", "minimal", "--no-git"}, {.cwd = dir.path()}).exit_code, 0);
  const fs::path project = dir.path() / "site";
  ASSERT_EQ(run({cpprustango(), "make:app", "blog"}, {.cwd = project}).exit_code, 0);
  ASSERT_EQ(run({cpprustango(), "make:model", "blog", "Post", "--field", "title:string(100)"}, {.cwd = project}).exit_code,
            0);

  const auto superuser = run({cpprustango(), "createsuperuser", "--username", "ann", "--generate"}, {.cwd = project});
  EXPECT_EQ(superuser.exit_code, 1);
  EXPECT_EQ(superuser.err, "error: the auth tables do not exist; run cpprustango migrate\n");

  const int port = free_port();
  auto server = runserver(port, {.cwd = project}, 600s);
  ASSERT_EQ(http_get(port, "/health").status, 200) << server->output();

  const std::string apps = read_file(project / "build" / "debug" / "generated" / "installed_apps.hpp");
  EXPECT_NE(apps.find("#include <blog/models.hpp>"), std::string::npos) << apps;
  EXPECT_NE(apps.find("::blog::specs::app,"), std::string::npos) << apps;

  const auto admin = http_get(port, "/admin/");
  EXPECT_EQ(admin.status, 503);
  EXPECT_NE(admin.body.find("run <code>cpprustango migrate</code>"), std::string::npos) << admin.body;
  EXPECT_EQ(http_get(port, "/admin/static/admin.css").status, 200);

  ASSERT_EQ(run({cpprustango(), "makemigrations"}, {.cwd = project}).exit_code, 0);
  const auto migrated = run({cpprustango(), "migrate"}, {.cwd = project});
  ASSERT_EQ(migrated.exit_code, 0) << migrated.err;
  EXPECT_NE(migrated.out.find("auth.0001_initial OK"), std::string::npos) << migrated.out;
  EXPECT_NE(migrated.out.find("0001_initial OK"), std::string::npos) << migrated.out;
  const auto created = run({cpprustango(), "createsuperuser", "--username", "ann", "--email", "ann@example.com",
                            "--generate", "--no-input"},
                           {.cwd = project});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const auto login = http_get(port, "/admin/");
  EXPECT_EQ(login.status, 302) << login.body;
  const auto form = http_get(port, "/admin/login/");
  EXPECT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("name=\"csrf_token\""), std::string::npos) << form.body;
  EXPECT_NE(form.body.find("name=\"username\""), std::string::npos) << form.body;

  // DATABASE_URL names the database for the CLI and the served app alike. The
  // app started with it serves a database without tables (the default one is
  // migrated by now), and the migrate run with it fills the database it serves.
  server->signal(SIGTERM);
  ASSERT_EQ(server->wait(20s), 0) << server->output();
  TempDir elsewhere;
  const fs::path database = elsewhere.path() / "x.db";
  const Options with_url{.cwd = project, .env = {{"DATABASE_URL", "sqlite:" + database.string()}}};
  const int other_port = free_port();
  auto moved = runserver(other_port, with_url, 120s);
  const auto unmigrated = http_get(other_port, "/admin/");
  EXPECT_EQ(unmigrated.status, 503) << "the app must serve DATABASE_URL, not var/db.sqlite3";
  const auto migrated_there = run({cpprustango(), "migrate"}, with_url);
  ASSERT_EQ(migrated_there.exit_code, 0) << migrated_there.err;
  EXPECT_NE(migrated_there.out.find("auth.0001_initial OK"), std::string::npos) << migrated_there.out;
  EXPECT_TRUE(fs::exists(database));
  EXPECT_EQ(http_get(other_port, "/admin/").status, 302) << moved->output();
}

}  // namespace
}  // namespace e2e
