// Migration files (JSON both ways, errors that name the file) and History (order, heads, prefixes).
#include <gtest/gtest.h>

#include <cpprustango/migrate/autodetect.hpp>
#include <cpprustango/migrate/migration.hpp>
#include <fstream>

#include "fixtures.hpp"
#include "test_support/expect_throw.hpp"
#include "test_support/temp_dir.hpp"

namespace {

using namespace cpprustango::migrate;
using migrate_test::kBlog;
using migrate_test::state_of;

Migration initial() {
  Migration m;
  m.name = "0001_initial";
  m.snapshot = state_of(kBlog);
  m.operations = diff({}, m.snapshot);
  return m;
}

void write(const std::filesystem::path& path, const std::string& text) { std::ofstream(path) << text; }

Migration child(std::string name, std::vector<std::string> parents, std::vector<Operation> ops = {}) {
  return {std::move(name), std::move(parents), std::move(ops), {}};
}

TEST(MigrationFile, RoundTripsEveryOperation) {
  Migration m = initial();
  m.name = "0002_everything";
  m.parents = {"0001_initial"};
  const State blog = state_of(kBlog);
  m.operations = {
      RenameTable{"a", "b"},
      AddColumn{"blog_post", *blog.table("blog_post")->column("author_id")},
      AlterColumn{"blog_post", *blog.table("blog_post")->column("status")},
      DropColumn{"blog_post", "body"},
      RenameColumn{"blog_post", "a", "b"},
      AddIndex{"blog_post", {"i", {"a", "b"}, true}},
      AddIndex{"blog_post", {.name = "j", .unique = true, .expression = "lower(a)", .where = "b > 0", .method = "gin"}},
      DropIndex{"blog_post", "i"},
      AddCheck{"blog_post", {"c", "a > 1"}},
      DropCheck{"blog_post", "c"},
      DropTable{"blog_post"},
      RunSql{{.both = "UPDATE t SET a = 1"}, DialectSql{.both = ""}},
      RunSql{{.sqlite = "SELECT 1", .postgresql = "SELECT 2"}, std::nullopt},
  };
  const std::string text = to_json(m);
  EXPECT_EQ(parse_migration(text, "x.json"), m);
  EXPECT_EQ(to_json(parse_migration(text, "x.json")), text);
  EXPECT_TRUE(text.ends_with("}\n"));
}

TEST(MigrationFile, SmallObjectsStayOnOneLine) {
  const std::string text = to_json(initial());
  EXPECT_NE(text.find("{\"name\": \"title\", \"type\": \"string(200)\"}"), std::string::npos) << text;
  EXPECT_NE(text.find("\"type\": \"choice(draft,published)\", \"default\": {\"kind\": \"choice\", \"value\": \"draft\"}"),
            std::string::npos)
      << text;
}

TEST(MigrationFile, ErrorsNameTheFileAndThePlace) {
  auto message = [](const std::string& text) {
    try {
      parse_migration(text, "migrations/0002_x.json");
    } catch (const MigrationFileError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("{\"name\": \"x\", \"operations\": [{\"op\": \"add_colum\"}], \"snapshot\": {\"tables\": []}}"),
            "migrations/0002_x.json: operation 1: unknown op 'add_colum'");
  EXPECT_EQ(message(
                "{\"name\": \"x\", \"operations\": [{\"op\": \"add_column\", \"table\": \"t\", \"column\": {\"name\": "
                "\"a\", \"type\": \"strin(3)\"}}], \"snapshot\": {\"tables\": []}}"),
            "migrations/0002_x.json: operation 1: bad column type 'strin(3)'");
  EXPECT_TRUE(message("{\"name\": ").starts_with("migrations/0002_x.json: not valid JSON: parse error at line 1"));
  EXPECT_EQ(message("{\"name\": \"x\"}"), "migrations/0002_x.json: snapshot: key 'snapshot' not found");
}

TEST(MigrationHistory, OrdersParentsFirstAndFindsHeads) {
  test_support::TempDir dir;
  write(dir.path() / "0001_initial.json", to_json(initial()));
  write(dir.path() / "0002_b.json", to_json(child("0002_b", {"0001_initial"})));
  write(dir.path() / "0002_a.json", to_json(child("0002_a", {"0001_initial"})));
  write(dir.path() / "0003_merge.json", to_json(child("0003_merge", {"0002_a", "0002_b"})));
  write(dir.path() / "notes.txt", "not a migration");
  const History history = History::load(dir.path());
  EXPECT_EQ(history.order(), (std::vector<std::string>{"0001_initial", "0002_a", "0002_b", "0003_merge"}));
  EXPECT_EQ(history.heads(), std::vector<std::string>{"0003_merge"});
  EXPECT_EQ(history.ancestors_of("0002_b"), (std::vector<std::string>{"0001_initial", "0002_b"}));
  EXPECT_EQ(history.resolve("0003").name, "0003_merge");
  EXPECT_EQ(test_support::message_of<MigrationFileError>([&] { history.resolve("0002"); }),
            "0002 names several migrations: 0002_a, 0002_b");
  EXPECT_EQ(test_support::message_of<MigrationFileError>([&] { history.resolve("0009"); }),
            "there is no migration 0009 (the newest is 0003_merge)");
  EXPECT_EQ(test_support::message_of<MigrationFileError>([&] { History().resolve("0001"); }),
            "there is no migration 0001 (there are none yet)");
  EXPECT_EQ(history.next_number(), 4);
  EXPECT_EQ(history.fold(history.order()), state_of(kBlog));
}

TEST(MigrationHistory, FrameworkSetsComeFirst) {
  test_support::TempDir dir;
  const auto project = dir.path() / "migrations";
  const auto auth = dir.path() / "auth";
  std::filesystem::create_directories(project);
  std::filesystem::create_directories(auth);
  write(auth / "0001_initial.json", to_json(child("0001_initial", {})));
  write(auth / "0002_email.json", to_json(child("0002_email", {"0001_initial"})));
  write(project / "0001_initial.json", to_json(initial()));
  const History history = History::load(project, {{"auth", auth}});
  EXPECT_EQ(history.order(), (std::vector<std::string>{"auth.0001_initial", "auth.0002_email", "0001_initial"}));
  EXPECT_EQ(history.find("0001_initial")->parents, std::vector<std::string>{"auth.0002_email"});
  EXPECT_EQ(history.find("auth.0002_email")->set, "auth");
  EXPECT_EQ(history.heads(), std::vector<std::string>{"0001_initial"});
  EXPECT_EQ(history.next_number(), 2);
  EXPECT_EQ(history.read("auth.0002_email").name, "0002_email");
  // Without project migrations the framework's head is the history's.
  EXPECT_EQ(History::load(dir.path() / "none", {{"auth", auth}}).heads(), std::vector<std::string>{"auth.0002_email"});
}

TEST(MigrationHistory, RejectsBadFolders) {
  {
    test_support::TempDir dir;
    write(dir.path() / "0002_x.json", to_json(child("0002_x", {"0001_missing"})));
    EXPECT_THROW(History::load(dir.path()), MigrationFileError);
  }
  {
    test_support::TempDir dir;
    write(dir.path() / "0002_x.json", to_json(child("0002_y", {})));
    EXPECT_THROW(History::load(dir.path()), MigrationFileError);
  }
  {
    test_support::TempDir dir;
    write(dir.path() / "0001_a.json", to_json(child("0001_a", {"0002_b"})));
    write(dir.path() / "0002_b.json", to_json(child("0002_b", {"0001_a"})));
    EXPECT_THROW(History::load(dir.path()), MigrationFileError);
  }
  EXPECT_TRUE(History::load("/nonexistent/migrations").empty());
}

TEST(MigrationHistory, Numbers) {
  EXPECT_EQ(migration_number("0007_add_tags"), 7);
  EXPECT_EQ(migration_number("12_x"), 12);
  EXPECT_EQ(migration_number("add_tags"), std::nullopt);
  EXPECT_EQ(migration_number("0007x"), std::nullopt);
}

}  // namespace
