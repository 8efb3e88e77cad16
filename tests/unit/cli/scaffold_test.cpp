// Template rendering rules and all-or-nothing staging, against the real
// templates shipped in templates/project.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "scaffold/git_repo.hpp"
#include "scaffold/scaffold.hpp"
#include "support/errors.hpp"
#include "test_support/temp_dir.hpp"

namespace cpprustango::cli {
namespace {

using test_support::TempDir;

namespace fs = std::filesystem;
const fs::path kLibrary = fs::path(CPPRUSTANGO_SOURCE_TEMPLATES) / "project";

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const scaffold::Variables kVariables = {{"project_name", "blog"},
                                        {"template_name", "default"},
                                        {"database_url", "sqlite:var/db.sqlite3"},
                                        {"cpprustango_version", "0.1.0"}};

TEST(ProjectTemplate, DefaultExtendsMinimal) {
  const auto resolved = scaffold::ProjectTemplate::resolve(kLibrary / "default", kLibrary);
  ASSERT_EQ(resolved.layers.size(), 2U);
  EXPECT_EQ(resolved.layers[0], kLibrary / "minimal");
  EXPECT_EQ(resolved.layers[1], kLibrary / "default");
}

TEST(ProjectTemplate, MissingTemplateIsAnError) {
  EXPECT_THROW(scaffold::ProjectTemplate::resolve(kLibrary / "nosuch", kLibrary), CliError);
}

TEST(ProjectTemplate, ListsInstalledTemplates) {
  EXPECT_EQ(scaffold::available_templates(kLibrary), (std::vector<std::string>{"api", "default", "fullstack", "minimal"}));
}

TEST(Render, WritesTheDefaultProjectLayout) {
  TempDir dir;
  const auto resolved = scaffold::ProjectTemplate::resolve(kLibrary / "default", kLibrary);
  scaffold::render(resolved, kVariables, dir.path());
  for (const char* file : {"cpprustango.toml", "CMakeLists.txt", "README.md", ".gitignore", "src/main.cpp",
                           "src/urls.cpp", "src/urls.hpp", "src/views.cpp", "src/views.hpp", "config/default.toml",
                           "config/dev.toml", "config/prod.toml", "templates/welcome.html", "static/css/site.css",
                           "tests/test_views.cpp", "var/.gitkeep"}) {
    EXPECT_TRUE(fs::is_regular_file(dir.path() / file)) << file;
  }
  EXPECT_FALSE(fs::exists(dir.path() / "template.toml"));
  EXPECT_FALSE(fs::exists(dir.path() / "src/main.cpp.tmpl"));
}

TEST(Render, SubstitutesVariablesAndLeavesProjectTemplatesAlone) {
  TempDir dir;
  const auto resolved = scaffold::ProjectTemplate::resolve(kLibrary / "default", kLibrary);
  scaffold::render(resolved, kVariables, dir.path());
  EXPECT_NE(read(dir.path() / "cpprustango.toml").find("name = \"blog\""), std::string::npos);
  EXPECT_NE(read(dir.path() / "config/default.toml").find("url = \"sqlite:var/db.sqlite3\""), std::string::npos);
  EXPECT_NE(read(dir.path() / "src/views.cpp").find("namespace blog::views"), std::string::npos);
  // The default template's views replace the minimal ones.
  EXPECT_NE(read(dir.path() / "src/views.cpp").find("welcome.html"), std::string::npos);
  // welcome.html is rendered by the app at request time, so its tags survive.
  EXPECT_NE(read(dir.path() / "templates/welcome.html").find("{{project_name}}"), std::string::npos);
}

TEST(Render, RawValuesAreNotHtmlEscaped) {
  TempDir dir;
  auto variables = kVariables;
  variables[2].second = "postgresql://me@db/x?sslmode=require&application_name=blog";
  scaffold::render(scaffold::ProjectTemplate::resolve(kLibrary / "minimal", kLibrary), variables, dir.path());
  EXPECT_NE(read(dir.path() / "config/default.toml").find("sslmode=require&application_name=blog"), std::string::npos);
}

TEST(Staging, RemovesItselfUnlessMoved) {
  TempDir dir;
  fs::path staged;
  {
    scaffold::Staging staging(dir.path(), "blog");
    staged = staging.path();
    std::ofstream(staging.path() / "file.txt") << "x";
    EXPECT_TRUE(fs::exists(staged));
  }
  EXPECT_FALSE(fs::exists(staged));
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(Staging, MovesIntoPlaceAndMergesWithForce) {
  TempDir dir;
  const fs::path destination = dir.path() / "blog";
  fs::create_directories(destination);
  std::ofstream(destination / "keep.txt") << "mine";
  std::ofstream(destination / "replace.txt") << "old";
  scaffold::Staging staging(dir.path(), "blog");
  std::ofstream(staging.path() / "replace.txt") << "new";
  fs::create_directories(staging.path() / "sub");
  std::ofstream(staging.path() / "sub" / "a.txt") << "a";
  staging.move_to(destination);
  EXPECT_EQ(read(destination / "keep.txt"), "mine");
  EXPECT_EQ(read(destination / "replace.txt"), "new");
  EXPECT_EQ(read(destination / "sub" / "a.txt"), "a");
}

TEST(Staging, UnwritableParentIsAClearError) {
  // procfs refuses new folders even to root.
  EXPECT_THROW(scaffold::Staging("/proc", "blog"), CliError);
}

TEST(Git, FirstCommitHoldsTheFilesButNotIgnoredOnes) {
  TempDir dir;
  std::ofstream(dir.path() / ".gitignore") << "/build/\n";
  std::ofstream(dir.path() / "main.cpp") << "int main() {}\n";
  fs::create_directories(dir.path() / "build");
  std::ofstream(dir.path() / "build" / "junk.o") << "x";
  git::init_with_first_commit(dir.path(), "first");
  EXPECT_TRUE(fs::is_directory(dir.path() / ".git"));
  EXPECT_TRUE(git::is_inside_repository(dir.path()));
  const std::string index = read(dir.path() / ".git" / "index");
  EXPECT_NE(index.find("main.cpp"), std::string::npos);
  EXPECT_EQ(index.find("junk.o"), std::string::npos);
}

}  // namespace
}  // namespace cpprustango::cli
