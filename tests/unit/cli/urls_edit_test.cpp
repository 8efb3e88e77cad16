// The src/urls.cpp and CMakeLists.txt editors behind the make:* generators:
// many shapes of file, idempotence, and the refusals naming what to add.
#include <gtest/gtest.h>

#include "codegen/cmake_edit.hpp"
#include "codegen/urls_edit.hpp"

namespace cpprustango::cli::codegen {
namespace {

const UrlsEdit kAbout{{"views/about.hpp"}, {{"$app.get(\"/about/\", views::about, \"about\");", "\"/about/\""}}};

const char* const kGenerated = R"(// site: which view answers which URL.
#include "urls.hpp"

#include "views.hpp"

namespace site {

void add_routes(cpprustango::App& app) {
  app.get("/", [&app](const cpprustango::http::Request& request) { return views::index(app, request); }, "index");
  app.get("/ping", views::ping, "ping");
}

}  // namespace site
)";

TEST(UrlsEdit, AddsTheIncludeAndTheRouteToTheGeneratedFile) {
  const auto result = add_to_urls(kGenerated, "src/urls.cpp", kAbout);
  EXPECT_TRUE(result.changed);
  EXPECT_EQ(result.text, R"(// site: which view answers which URL.
#include "urls.hpp"

#include "views.hpp"
#include "views/about.hpp"

namespace site {

void add_routes(cpprustango::App& app) {
  app.get("/", [&app](const cpprustango::http::Request& request) { return views::index(app, request); }, "index");
  app.get("/ping", views::ping, "ping");
  app.get("/about/", views::about, "about");
}

}  // namespace site
)");
}

TEST(UrlsEdit, IsIdempotent) {
  const auto once = add_to_urls(kGenerated, "src/urls.cpp", kAbout);
  const auto twice = add_to_urls(once.text, "src/urls.cpp", kAbout);
  EXPECT_FALSE(twice.changed);
  EXPECT_EQ(twice.text, once.text);
}

TEST(UrlsEdit, RecognisesAStatementWrittenWithOtherSpacing) {
  std::string text = kGenerated;
  text.replace(text.find("  app.get(\"/ping\""), 0, "  app.get( \"/about/\",views::about , \"about\" );\n");
  const auto result = add_to_urls(text, "src/urls.cpp", kAbout);
  EXPECT_EQ(result.text.find("app.get(\"/about/\", views::about"), std::string::npos) << "not added twice";
  EXPECT_NE(result.text.find("#include \"views/about.hpp\""), std::string::npos) << "the include still is";
}

TEST(UrlsEdit, UsesTheParametersName) {
  const auto result = add_to_urls("#include \"urls.hpp\"\nvoid add_routes(cpprustango::App& site) {\n}\n", "src/urls.cpp", kAbout);
  EXPECT_EQ(result.text,
            "#include \"urls.hpp\"\n#include \"views/about.hpp\"\nvoid add_routes(cpprustango::App& site) {\n"
            "  site.get(\"/about/\", views::about, \"about\");\n}\n");
}

TEST(UrlsEdit, IndentsLikeTheBodyAndKeepsTabs) {
  const auto result = add_to_urls("#include \"urls.hpp\"\nnamespace a {\n\tvoid add_routes(App &app)\n\t{\n\t\tapp.use(x());\n\n\t}\n}\n",
                                  "src/urls.cpp", kAbout);
  EXPECT_NE(result.text.find("\t\tapp.use(x());\n\n\t\tapp.get(\"/about/\""), std::string::npos) << result.text;
}

TEST(UrlsEdit, IgnoresBracesAndNamesInCommentsAndStrings) {
  const char* text = R"(#include "urls.hpp"
// void add_routes(cpprustango::App& app) { old version
/* add_routes(App& x) { */
void add_routes(cpprustango::App& app) {
  app.get("/brace}", views::brace, "brace");  // a } in a comment
  app.get(R"x(/raw})x", views::raw, "raw");
  const char c = '}';
  (void)c;
}
)";
  const auto result = add_to_urls(text, "src/urls.cpp", kAbout);
  EXPECT_NE(result.text.find("  (void)c;\n  app.get(\"/about/\", views::about, \"about\");\n}\n"), std::string::npos) << result.text;
}

TEST(UrlsEdit, SkipsDeclarationsAndCalls) {
  const char* text = R"(#include "urls.hpp"
void add_routes(cpprustango::App& app);
void other(cpprustango::App& app) { blog::add_routes(app); }
void add_routes(cpprustango::App& app) {
  app.get("/", views::index);
}
)";
  const auto result = add_to_urls(text, "src/urls.cpp", kAbout);
  EXPECT_NE(result.text.find("  app.get(\"/\", views::index);\n  app.get(\"/about/\""), std::string::npos) << result.text;
}

TEST(UrlsEdit, AddsSeveralStatementsInOrder) {
  UrlsEdit edit{{"a.hpp", "b.hpp"}, {{"$app.use(a());", ""}, {"$app.use(b());", ""}}};
  const auto result = add_to_urls(kGenerated, "src/urls.cpp", edit);
  EXPECT_NE(result.text.find("#include \"a.hpp\"\n#include \"b.hpp\"\n"), std::string::npos);
  EXPECT_NE(result.text.find("  app.use(a());\n  app.use(b());\n}"), std::string::npos);
}

void expect_refused(const std::string& text, const std::string& why) {
  try {
    add_to_urls(text, "src/urls.cpp", kAbout);
    ADD_FAILURE() << "edited:\n" << text;
  } catch (const UrlsEditRefused& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("cannot edit src/urls.cpp safely: " + why), std::string::npos) << message;
    EXPECT_NE(message.find("`#include \"views/about.hpp\"`"), std::string::npos) << message;
    EXPECT_NE(message.find("`app.get(\"/about/\", views::about, \"about\");` inside add_routes()"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << "one line";
  }
}

TEST(UrlsEdit, RefusesWithoutAnAddRoutesDefinition) {
  expect_refused("#include \"urls.hpp\"\nvoid routes(cpprustango::App& app) {\n}\n", "it has no add_routes(");
  expect_refused("#include \"urls.hpp\"\nvoid add_routes(cpprustango::App& app);\n", "it has no add_routes(");
}

TEST(UrlsEdit, RefusesTwoDefinitions) {
  expect_refused("#include \"u.hpp\"\nvoid add_routes(App& app) {\n}\nvoid add_routes(App& app, int) {\n}\n", "it defines add_routes() twice");
}

TEST(UrlsEdit, RefusesUnbalancedBracesAndUnendedLiterals) {
  expect_refused("#include \"u.hpp\"\nvoid add_routes(App& app) {\n  if (x) {\n}\n", "the braces of add_routes() do not balance");
  expect_refused("#include \"u.hpp\"\nvoid add_routes(App& app) {\n  app.get(\"/x);\n}\n", "a comment or literal in it does not end");
  expect_refused("#include \"u.hpp\"\n/* void add_routes(App& app) {\n}\n", "a comment or literal in it does not end");
}

TEST(UrlsEdit, RefusesAClosingBraceAfterCode) {
  expect_refused("#include \"u.hpp\"\nvoid add_routes(App& app) {\n  app.use(x()); }\n", "the closing brace of add_routes() shares its line with code");
  expect_refused("#include \"u.hpp\"\nvoid add_routes(App& app) { app.use(x()); }\n", "the closing brace of add_routes() shares its line with code");
}

TEST(UrlsEdit, RefusesAnUnnamedParameter) {
  expect_refused("#include \"u.hpp\"\nvoid add_routes(cpprustango::App&) {\n}\n", "add_routes() does not name its cpprustango::App parameter");
}

TEST(UrlsEdit, RefusesAPathAnotherRouteHas) {
  std::string text = kGenerated;
  text.replace(text.find("  app.get(\"/ping\""), 0, "  app.get(\"/about/\", views::other);\n");
  try {
    add_to_urls(text, "src/urls.cpp", kAbout);
    ADD_FAILURE();
  } catch (const UrlsEditRefused& e) {
    EXPECT_STREQ(e.what(), "src/urls.cpp already has \"/about/\" in add_routes(); pick another or remove that line first");
  }
  // In a comment it does not count.
  std::string commented = kGenerated;
  commented.replace(commented.find("  app.get(\"/ping\""), 0, "  // app.get(\"/about/\", views::other);\n");
  EXPECT_TRUE(add_to_urls(commented, "src/urls.cpp", kAbout).changed);
}

TEST(CmakeEdit, AppendsToAOneLineCall) {
  const std::string text = "project(site)\nadd_library(site_app OBJECT src/views.cpp src/urls.cpp)\nadd_executable(site src/main.cpp)\n";
  const auto result = add_sources(text, "CMakeLists.txt", "add_library", "site_app", {"src/views/about.cpp"});
  EXPECT_EQ(result.text, "project(site)\nadd_library(site_app OBJECT src/views.cpp src/urls.cpp src/views/about.cpp)\nadd_executable(site src/main.cpp)\n");
  const auto again = add_sources(result.text, "CMakeLists.txt", "add_library", "site_app", {"src/views/about.cpp"});
  EXPECT_FALSE(again.changed);
}

TEST(CmakeEdit, AddsALineToAMultiLineCall) {
  const std::string text = "add_executable(site_tests\n  tests/test_views.cpp  # the first\n)\n";
  const auto result = add_sources(text, "CMakeLists.txt", "add_executable", "site_tests", {"tests/test_a.cpp"});
  EXPECT_EQ(result.text, "add_executable(site_tests\n  tests/test_views.cpp  # the first\n  tests/test_a.cpp\n)\n");
  const std::string trailing = "add_executable(site_tests\n    tests/test_views.cpp)\n";
  EXPECT_EQ(add_sources(trailing, "CMakeLists.txt", "add_executable", "site_tests", {"tests/test_a.cpp"}).text,
            "add_executable(site_tests\n    tests/test_views.cpp\n    tests/test_a.cpp)\n");
}

TEST(CmakeEdit, FindsTheTargetNotAPrefixOfItNorAComment) {
  const std::string text = "# add_library(site_app OBJECT x.cpp)\nadd_library(site_app_extra a.cpp)\nADD_LIBRARY(site_app OBJECT b.cpp)\n";
  EXPECT_EQ(add_sources(text, "CMakeLists.txt", "add_library", "site_app", {"c.cpp"}).text,
            "# add_library(site_app OBJECT x.cpp)\nadd_library(site_app_extra a.cpp)\nADD_LIBRARY(site_app OBJECT b.cpp c.cpp)\n");
}

TEST(CmakeEdit, RefusesAMissingOrRepeatedCall) {
  try {
    add_sources("add_library(other a.cpp)\n", "CMakeLists.txt", "add_library", "site_app", {"c.cpp"});
    ADD_FAILURE();
  } catch (const CliError& e) {
    EXPECT_STREQ(e.what(), "cannot edit CMakeLists.txt safely: it has no add_library(site_app ...) call; add c.cpp to add_library(site_app ...) by hand");
  }
  EXPECT_THROW(add_sources("add_library(site_app a.cpp)\nadd_library(site_app b.cpp)\n", "CMakeLists.txt", "add_library", "site_app", {"c.cpp"}), CliError);
}

}  // namespace
}  // namespace cpprustango::cli::codegen
