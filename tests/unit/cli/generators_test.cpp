// The make:* generators in-process, on a project laid down from the real
// minimal template and the real templates/make: what they plan and write,
// --dry-run, --force, and the refusals that change nothing.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "commands/commands.hpp"
#include "commands/make_support.hpp"
#include "scaffold/scaffold.hpp"
#include "support/console.hpp"
#include "support/errors.hpp"
#include "support/project.hpp"
#include "test_support/temp_dir.hpp"

namespace cpprustango::cli {
namespace {

namespace fs = std::filesystem;
using test_support::TempDir;

const fs::path kTemplates = fs::path(CPPRUSTANGO_SOURCE_TEMPLATES);
const fs::path kMake = kTemplates / "make";

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class GeneratorsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto project_template = scaffold::ProjectTemplate::resolve(kTemplates / "project" / "default", kTemplates / "project");
    scaffold::render(project_template,
                     {{"project_name", "site"}, {"template_name", "default"}, {"database_url", "sqlite:var/db.sqlite3"},
                      {"cpprustango_version", "0.1.0"}},
                     dir_.path());
  }
  Project project() const { return Project::load(dir_.path()); }
  std::string file(const std::string& relative) const { return read(dir_.path() / relative); }
  std::map<std::string, std::string> snapshot() const {
    std::map<std::string, std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir_.path())) {
      if (entry.is_regular_file()) files[fs::relative(entry.path(), dir_.path()).string()] = read(entry.path());
    }
    return files;
  }
  std::vector<std::string> planned(const ProjectGeneration& generation) const {
    std::vector<std::string> paths;
    for (const auto& f : generation.files().files()) paths.push_back(f.relative.string() + (f.edit ? " (edit)" : ""));
    return paths;
  }

  TempDir dir_;
};

TEST_F(GeneratorsTest, ViewWritesItsFilesRouteAndTest) {
  MakeViewOptions options{.name = "about_us", .with_template = true};
  const auto project = this->project();
  auto generation = plan_make_view(project, options, kMake);
  generation.apply_edits();
  EXPECT_EQ(planned(generation),
            (std::vector<std::string>{"src/views/about_us.hpp", "src/views/about_us.cpp", "templates/about_us.html",
                                      "tests/test_about_us_view.cpp", "src/urls.cpp (edit)", "CMakeLists.txt (edit)"}));
  ASSERT_EQ(generation.finish(options.flags), 0);
  EXPECT_NE(file("src/urls.cpp").find("#include \"views/about_us.hpp\"\n"), std::string::npos);
  EXPECT_NE(file("src/urls.cpp").find("  app.get(\"/about-us/\", [&app](const cpprustango::http::Request& request) { return "
                                      "views::about_us(app, request); }, \"about_us\");\n}"),
            std::string::npos)
      << file("src/urls.cpp");
  EXPECT_NE(file("CMakeLists.txt").find("OBJECT src/views.cpp src/urls.cpp src/views/about_us.cpp)"), std::string::npos);
  EXPECT_NE(file("CMakeLists.txt").find("tests/test_views.cpp tests/test_about_us_view.cpp)"), std::string::npos);
  EXPECT_NE(file("src/views/about_us.cpp").find("return app.render(\"about_us.html\", context);"), std::string::npos);
  EXPECT_NE(file("src/views/about_us.hpp").find("namespace site::views {"), std::string::npos);
  EXPECT_NE(file("templates/about_us.html").find("<h1>{{title}}</h1>"), std::string::npos) << "copied, not rendered";
  EXPECT_NE(file("tests/test_about_us_view.cpp").find("Request{Method::Get, \"/about-us/\"}"), std::string::npos);
}

TEST_F(GeneratorsTest, ViewInAnAppUsesTheAppsNamespaceAndPath) {
  std::ofstream(dir_.path() / "cpprustango.toml", std::ios::app) << "\n[apps]\ninstalled = [\"blog\"]\n";
  fs::create_directories(dir_.path() / "apps/blog");
  std::ofstream(dir_.path() / "apps/blog/models.schema") << "";
  MakeViewOptions options{.name = "archive", .app = "blog", .path = "/blog/<int:year>/"};
  const auto project = this->project();
  ASSERT_EQ(plan_make_view(project, options, kMake).finish(options.flags), 0);
  EXPECT_NE(file("src/blog/views/archive.hpp").find("namespace blog::views {"), std::string::npos);
  EXPECT_NE(file("src/urls.cpp").find("app.get(\"/blog/<int:year>/\", [&app](const cpprustango::http::Request& request) { return "
                                      "blog::views::archive(app, request); }, \"blog_archive\");"),
            std::string::npos);
  EXPECT_NE(file("tests/test_blog_archive_view.cpp").find("\"/blog/1/\""), std::string::npos) << "the test fills the parameter";
}

TEST_F(GeneratorsTest, DryRunWritesNothing) {
  const auto before = snapshot();
  const auto project = this->project();
  MakeViewOptions view{.name = "about", .flags = {.dry_run = true}};
  console::configure(console::Verbosity::Normal, console::ColorMode::Never);  // another test may have left it quiet
  testing::internal::CaptureStdout();
  EXPECT_EQ(plan_make_view(project, view, kMake).finish(view.flags), 0);
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("Would write src/views/about.cpp:"), std::string::npos) << out;
  EXPECT_NE(out.find("Would edit src/urls.cpp:\n+ #include \"views/about.hpp\"\n+   app.get(\"/about/\""), std::string::npos) << out;
  EXPECT_EQ(snapshot(), before);
}

TEST_F(GeneratorsTest, RefusesToOverwriteWithoutForce) {
  const auto project = this->project();
  MakeMiddlewareOptions options{.name = "timing"};
  ASSERT_EQ(plan_make_middleware(project, options, kMake).finish(options.flags), 0);
  std::ofstream(dir_.path() / "src/middleware/timing.cpp") << "// mine\n";
  const auto before = snapshot();
  try {
    plan_make_middleware(project, options, kMake).finish(options.flags);
    ADD_FAILURE();
  } catch (const CliError& e) {
    EXPECT_STREQ(e.what(), "src/middleware/timing.hpp, src/middleware/timing.cpp, tests/test_timing_middleware.cpp already "
                           "exists; pass --force to replace it");
  }
  EXPECT_EQ(snapshot(), before);
  options.flags.force = true;
  ASSERT_EQ(plan_make_middleware(project, options, kMake).finish(options.flags), 0);
  EXPECT_EQ(file("src/middleware/timing.cpp").find("// mine"), std::string::npos);
  const std::string urls = file("src/urls.cpp");
  EXPECT_EQ(urls.find("app.use(middleware::timing());"), urls.rfind("app.use(middleware::timing());")) << "idempotent: " << urls;
}

TEST_F(GeneratorsTest, AnUneditableUrlsFileChangesNothing) {
  std::ofstream(dir_.path() / "src/urls.cpp") << "#include \"urls.hpp\"\nvoid add_routes(cpprustango::App& app) { app.use(x()); }\n";
  const auto before = snapshot();
  const auto project = this->project();
  MakeCommandOptions options{.name = "close_polls"};
  try {
    plan_make_command(project, options, kMake).finish(options.flags);
    ADD_FAILURE();
  } catch (const codegen::UrlsEditRefused& e) {
    EXPECT_NE(std::string(e.what()).find("`app.command(\"close_polls\""), std::string::npos) << e.what();
  }
  EXPECT_EQ(snapshot(), before);
}

TEST_F(GeneratorsTest, CommandAndTestAreWiredIn) {
  const auto project = this->project();
  MakeCommandOptions command{.name = "close_polls"};
  ASSERT_EQ(plan_make_command(project, command, kMake).finish(command.flags), 0);
  EXPECT_NE(file("src/urls.cpp").find("app.command(\"close_polls\", \"Close polls (src/commands/close_polls.cpp)\", commands::close_polls);"),
            std::string::npos);
  EXPECT_NE(file("src/commands/close_polls.cpp").find("int close_polls(cpprustango::CommandContext& context) {"), std::string::npos);
  MakeTestOptions test{.name = "checkout"};
  ASSERT_EQ(plan_make_test(project, test, kMake).finish(test.flags), 0);
  EXPECT_NE(file("tests/test_checkout.cpp").find("class CheckoutTest : public ::testing::Test"), std::string::npos);
  EXPECT_NE(file("CMakeLists.txt").find("tests/test_close_polls_command.cpp tests/test_checkout.cpp)"), std::string::npos);
}

TEST_F(GeneratorsTest, RejectsBadNamesPathsAndApps) {
  const auto before = snapshot();
  const auto project = this->project();
  const auto message = [&](MakeViewOptions options) {
    try {
      plan_make_view(project, options, kMake);
    } catch (const CliError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(message({.name = "AboutUs"}), "'AboutUs' is not a valid view name: use snake_case, e.g. close_polls");
  EXPECT_EQ(message({.name = "delete"}), "'delete' is a C++ keyword; pick another view name");
  EXPECT_EQ(message({.name = "about", .app = "shop"}), "no app 'shop' in this project; create it with `cpprustango make:app shop`");
  EXPECT_EQ(message({.name = "about", .path = "about"}),
            "--path 'about' must be a URL path starting with '/', e.g. /about/ (no quotes, spaces, ? or #)");
  EXPECT_EQ(message({.name = "about", .path = "/a\"b/"}),
            "--path '/a\"b/' must be a URL path starting with '/', e.g. /about/ (no quotes, spaces, ? or #)");
  EXPECT_EQ(snapshot(), before);
}

}  // namespace
}  // namespace cpprustango::cli

namespace cpprustango::cli {
namespace {

TEST(RunCommandLine, EverythingAfterTheNameIsTheCommands) {
  using Words = std::vector<std::string>;
  EXPECT_EQ(command_line_for_run({"cpprustango", "run", "import", "--dry-run"}),
            (Words{"cpprustango", "run", "--", "import", "--dry-run"}));
  EXPECT_EQ(command_line_for_run({"cpprustango", "--project", "site", "-q", "run", "--release", "import", "-v"}),
            (Words{"cpprustango", "--project", "site", "-q", "run", "--release", "--", "import", "-v"}));
  EXPECT_EQ(command_line_for_run({"cpprustango", "run"}), (Words{"cpprustango", "run"}));
  EXPECT_EQ(command_line_for_run({"cpprustango", "run", "--", "x"}), (Words{"cpprustango", "run", "--", "x"}));
  EXPECT_EQ(command_line_for_run({"cpprustango", "test", "run"}), (Words{"cpprustango", "test", "run"})) << "other verbs untouched";
}

}  // namespace
}  // namespace cpprustango::cli
