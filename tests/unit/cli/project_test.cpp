// Finding the project by its manifest and reading the manifest.
#include <gtest/gtest.h>

#include <fstream>

#include "support/errors.hpp"
#include "support/project.hpp"
#include "test_support/temp_dir.hpp"

namespace cpprustango::cli {
namespace {

using test_support::TempDir;

void write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

TEST(ProjectFind, SearchesUpwardForTheManifest) {
  TempDir dir;
  write(dir.path() / "site" / "cpprustango.toml", "[project]\nname = \"site\"\n");
  std::filesystem::create_directories(dir.path() / "site" / "src" / "deep");
  const auto project = Project::find(std::nullopt, dir.path() / "site" / "src" / "deep");
  EXPECT_EQ(project.name, "site");
  EXPECT_EQ(project.root, dir.path() / "site");
  EXPECT_EQ(project.executable(false), dir.path() / "site" / "build" / "debug" / "site");
  EXPECT_EQ(project.build_dir(true), dir.path() / "site" / "build" / "release");
}

TEST(ProjectFind, ExplainsWhenThereIsNoProject) {
  TempDir dir;
  try {
    Project::find(std::nullopt, dir.path());
    FAIL() << "expected CliError";
  } catch (const CliError& e) {
    EXPECT_NE(std::string(e.what()).find("cpprustango new NAME"), std::string::npos) << e.what();
  }
}

TEST(ProjectFind, ExplicitDirectoryMustHoldAManifest) {
  TempDir dir;
  EXPECT_THROW(Project::find(dir.path()), CliError);
}

TEST(ProjectLoad, RejectsAManifestWithoutAName) {
  TempDir dir;
  write(dir.path() / "cpprustango.toml", "[project]\n");
  EXPECT_THROW(Project::load(dir.path()), CliError);
}

TEST(ProjectLoad, RejectsMalformedToml) {
  TempDir dir;
  write(dir.path() / "cpprustango.toml", "[project\nname = \n");
  try {
    Project::load(dir.path());
    FAIL() << "expected CliError";
  } catch (const CliError& e) {
    EXPECT_NE(std::string(e.what()).find("cpprustango.toml"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace cpprustango::cli
