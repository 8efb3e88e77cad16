// The dev server's reading of file changes: what each path means, and how a
// burst of saves becomes one batch.
#include <gtest/gtest.h>

#include "devserver/changes.hpp"

namespace cpprustango::cli::devserver {
namespace {

using namespace std::chrono_literals;
using Clock = Debouncer::Clock;

TEST(DevserverClassify, SourcesAndHeadersAnywhereAreSource) {
  EXPECT_EQ(classify("src/views.cpp"), Kind::Source);
  EXPECT_EQ(classify("src/views.hpp"), Kind::Source);
  EXPECT_EQ(classify("src/detail/helpers.h"), Kind::Source);
  EXPECT_EQ(classify("apps/blog/views.cc"), Kind::Source);
  EXPECT_EQ(classify("tests/test_views.cpp"), Kind::Source);
}

TEST(DevserverClassify, TemplatesAndStaticFilesAreAssets) {
  EXPECT_EQ(classify("templates/welcome.html"), Kind::Asset);
  EXPECT_EQ(classify("static/css/site.css"), Kind::Asset);
  EXPECT_EQ(classify("apps/blog/templates/blog/post.html"), Kind::Asset);
  EXPECT_EQ(classify("static/app.js"), Kind::Asset);
}

TEST(DevserverClassify, SettingsFilesRestartWithoutARebuild) {
  EXPECT_EQ(classify("config/dev.toml"), Kind::Settings);
  EXPECT_EQ(classify("config/default.toml"), Kind::Settings);
}

TEST(DevserverClassify, BuildFilesAndTheManifestReconfigure) {
  EXPECT_EQ(classify("CMakeLists.txt"), Kind::Config);
  EXPECT_EQ(classify("apps/blog/CMakeLists.txt"), Kind::Config);
  EXPECT_EQ(classify("cmake/warnings.cmake"), Kind::Config);
  EXPECT_EQ(classify("cpprustango.toml"), Kind::Config);
}

TEST(DevserverClassify, SchemaFilesAreTheirOwnKind) { EXPECT_EQ(classify("apps/blog/models.schema"), Kind::Schema); }

TEST(DevserverClassify, IgnoresBuildOutputVersionControlAndRuntimeData) {
  EXPECT_EQ(classify("build/debug/CMakeFiles/mysite.dir/src/views.cpp.o.d"), std::nullopt);
  EXPECT_EQ(classify("build/debug/generated/models.hpp"), std::nullopt);
  EXPECT_EQ(classify(".git/index"), std::nullopt);
  EXPECT_EQ(classify("var/db.sqlite3"), std::nullopt);
  EXPECT_EQ(classify("cmake-build-debug/CMakeLists.txt"), std::nullopt);
  EXPECT_EQ(classify(".cache/clangd/index/views.cpp.idx"), std::nullopt);
  EXPECT_TRUE(ignored_directory("build"));
  EXPECT_TRUE(ignored_directory(".git"));
  EXPECT_TRUE(ignored_directory("src/.hidden"));
  EXPECT_FALSE(ignored_directory("src"));
  EXPECT_FALSE(ignored_directory("src/build"));  // only the project's own build/ is output
}

TEST(DevserverClassify, IgnoresEditorTemporaryAndSwapFiles) {
  for (const char* path :
       {"src/.views.cpp.swp", "src/.views.cpp.swx", "src/views.cpp~", "src/4913", "src/#views.cpp#", "src/.#views.cpp",
        "src/views.cpp___jb_tmp___", "src/views.cpp___jb_old___", "templates/.welcome.html.kate-swp",
        "templates/.goutputstream-AB12CD", "src/views.cpp.tmp"}) {
    EXPECT_EQ(classify(path), std::nullopt) << path;
  }
}

TEST(DevserverClassify, IgnoresFilesTheAppNeverReads) {
  EXPECT_EQ(classify("README.md"), std::nullopt);
  EXPECT_EQ(classify("docs/notes.txt"), std::nullopt);
  EXPECT_EQ(classify(".gitignore"), std::nullopt);
  EXPECT_EQ(classify("config/README.md"), std::nullopt);
}

TEST(DevserverBatch, DoesWhatItsLargestChangeNeeds) {
  Batch batch;
  batch.changes = {{"templates/a.html", Kind::Asset}, {"src/views.cpp", Kind::Source}};
  EXPECT_EQ(batch.kind(), Kind::Source);
  batch.changes.push_back({"CMakeLists.txt", Kind::Config});
  EXPECT_EQ(batch.kind(), Kind::Config);
  EXPECT_EQ(batch.describe(), "templates/a.html and 2 more files");
  batch.changes.resize(1);
  EXPECT_EQ(batch.describe(), "templates/a.html");
}

TEST(DevserverDebounce, WaitsForQuietBeforeHandingOverABatch) {
  Debouncer debouncer(50ms, 500ms);
  const auto t0 = Clock::time_point{} + 1h;
  EXPECT_FALSE(debouncer.deadline());
  debouncer.add({"src/views.cpp", Kind::Source}, t0);
  EXPECT_EQ(debouncer.deadline(), t0 + 50ms);
  EXPECT_FALSE(debouncer.take_due(t0 + 49ms));
  auto batch = debouncer.take_due(t0 + 50ms);
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->changes.size(), 1u);
  EXPECT_EQ(batch->first_seen, t0);
  EXPECT_FALSE(debouncer.deadline()) << "empty again";
}

TEST(DevserverDebounce, ABurstOfSavesIsOneBatchWithEachPathOnce) {
  Debouncer debouncer(50ms, 500ms);
  const auto t0 = Clock::time_point{} + 1h;
  debouncer.add({"src/views.cpp", Kind::Source}, t0);
  debouncer.add({"src/views.cpp", Kind::Source}, t0 + 10ms);
  debouncer.add({"src/urls.cpp", Kind::Source}, t0 + 30ms);
  debouncer.add({"src/views.cpp", Kind::Source}, t0 + 60ms);
  EXPECT_FALSE(debouncer.take_due(t0 + 100ms)) << "the last change restarted the wait";
  auto batch = debouncer.take_due(t0 + 110ms);
  ASSERT_TRUE(batch);
  ASSERT_EQ(batch->changes.size(), 2u);
  EXPECT_EQ(batch->changes[0].path, "src/views.cpp");
  EXPECT_EQ(batch->changes[1].path, "src/urls.cpp");
}

TEST(DevserverDebounce, ASteadyTrickleCannotPostponeTheBatchForever) {
  Debouncer debouncer(50ms, 500ms);
  const auto t0 = Clock::time_point{} + 1h;
  for (int i = 0; i <= 30; ++i) debouncer.add({"static/log" + std::to_string(i), Kind::Asset}, t0 + i * 20ms);
  EXPECT_EQ(debouncer.deadline(), t0 + 500ms);
  EXPECT_TRUE(debouncer.take_due(t0 + 500ms));
}

TEST(DevserverDebounce, KeepsTheLargestKindSeenForAPath) {
  Debouncer debouncer;
  const auto t0 = Clock::time_point{} + 1h;
  debouncer.add({"x", Kind::Asset}, t0);
  debouncer.add({"x", Kind::Source}, t0);
  auto batch = debouncer.take_due(t0 + 1s);
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->kind(), Kind::Source);
}

}  // namespace
}  // namespace cpprustango::cli::devserver
