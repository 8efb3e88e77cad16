// Project templates whose generator-written files come from the generators:
// the real fullstack and api templates laid down and their `generate` lines
// run in-process on the real templates/make, the refusals (a template's own
// copy of a generator's file, a line that is no generator), template.toml's
// lists across `extends`, and make:crud's --login-required.
#include <gtest/gtest.h>

#include <cpprustango/forms/model_form.hpp>

#include "commands/commands.hpp"
#include "commands/make_models.hpp"
#include "commands/make_support.hpp"
#include "scaffold/scaffold.hpp"
#include "support/errors.hpp"
#include "test_support/temp_dir.hpp"

namespace cpprustango::cli {
namespace {

namespace fs = std::filesystem;
using test_support::TempDir;

const fs::path kTemplates = fs::path(CPPRUSTANGO_SOURCE_TEMPLATES);
const fs::path kMake = kTemplates / "make";

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

class TemplateGeneratorsTest : public ::testing::Test {
 protected:
  /** Lays the named template down in the temp folder; returns what its template.toml asks of the generators. */
  TemplateGenerators lay_down(const std::string& name) {
    const auto project_template = scaffold::ProjectTemplate::resolve(kTemplates / "project" / name, kTemplates / "project");
    scaffold::render(project_template,
                     {{"project_name", "site"}, {"template_name", name}, {"database_url", "sqlite:var/db.sqlite3"},
                      {"cpprustango_version", "0.1.0"}},
                     dir_.path());
    return {.generate = scaffold::manifest_list(project_template, "generate"),
            .app_sources = scaffold::manifest_list(project_template, "app_sources"),
            .test_sources = scaffold::manifest_list(project_template, "test_sources")};
  }
  std::string file(const std::string& relative) const { return dir_.read(relative); }

  TempDir dir_;
};

TEST_F(TemplateGeneratorsTest, FullstackGetsItsBlogPagesFromMakeCrud) {
  const auto generators = lay_down("fullstack");
  EXPECT_EQ(generators.generate, std::vector<std::string>{"make:crud blog Post --login-required"});
  EXPECT_FALSE(fs::exists(dir_.path() / "src/blog/posts_pages.cpp")) << "the template carries no copy";
  const auto written = run_template_generators(dir_.path(), generators, kMake);
  EXPECT_NE(std::find(written.begin(), written.end(), fs::path("src/blog/posts_pages.cpp")), written.end());
  EXPECT_NE(std::find(written.begin(), written.end(), fs::path("templates/base.html")), written.end());
  EXPECT_EQ(count(file("src/blog/posts_pages.cpp"), ", views::login_required(\n"), 3u);
  EXPECT_NE(file("tests/test_blog_posts_pages.cpp").find("TEST_F(BlogPostsPagesTest, AnonymousVisitorsReadButDoNotWrite)"),
            std::string::npos);
  EXPECT_NE(file("templates/base.html").find("<a href=\"/accounts/login/\">Log in</a>"), std::string::npos);
  EXPECT_NE(file("templates/base.html").find("{{$nav}}<a href=\"/blog/posts/\">Posts</a>{{/nav}}"), std::string::npos);
  EXPECT_NE(file("src/urls.cpp").find("  accounts::add_routes(app);\n  blog::add_posts_pages(app);\n}"), std::string::npos)
      << file("src/urls.cpp");
  const std::string cmake = file("CMakeLists.txt");
  for (const char* source : {"src/accounts.cpp", "src/blog/posts_pages.cpp", "src/blog/forms/post_form.cpp",
                             "tests/test_accounts.cpp", "tests/test_blog_posts_pages.cpp", "tests/test_blog_post_form.cpp"}) {
    EXPECT_NE(cmake.find(source), std::string::npos) << source;
  }
}

TEST_F(TemplateGeneratorsTest, ApiGetsItsSerializerViewsetAndApiFromTheGenerators) {
  const auto generators = lay_down("api");
  run_template_generators(dir_.path(), generators, kMake);
  EXPECT_NE(file("src/catalog/api/products_viewset.cpp").find("viewset.serializer(product_serializer());"), std::string::npos)
      << "the serializer, made first, is the viewset's";
  EXPECT_NE(file("src/api.cpp").find("api.add(catalog::products_viewset());"), std::string::npos);
  EXPECT_NE(file("src/urls.cpp").find("site::api::mount(app);"), std::string::npos);
  EXPECT_NE(file("cpprustango.toml").find("[plugins]\nrest = true"), std::string::npos);
  EXPECT_NE(file("CMakeLists.txt").find("tests/test_catalog_products_api.cpp"), std::string::npos);
}

TEST_F(TemplateGeneratorsTest, ATemplatesOwnCopyOfAGeneratorsFileIsRefused) {
  const auto generators = lay_down("fullstack");
  dir_.write("src/blog/posts_pages.cpp", "// a copy\n");
  try {
    run_template_generators(dir_.path(), generators, kMake);
    FAIL() << "a file the generator writes was already there";
  } catch (const CliError& e) {
    EXPECT_TRUE(std::string(e.what()).starts_with("the project template's `make:crud blog Post --login-required`: "))
        << e.what();
    EXPECT_NE(std::string(e.what()).find("src/blog/posts_pages.cpp"), std::string::npos) << e.what();
  }
  EXPECT_EQ(file("src/blog/posts_pages.cpp"), "// a copy\n");
  EXPECT_FALSE(fs::exists(dir_.path() / "src/blog/posts_pages.hpp")) << "all or nothing";
}

TEST_F(TemplateGeneratorsTest, ALineThatIsNoGeneratorOrMissesArgumentsIsRefused) {
  lay_down("fullstack");
  for (const std::string line : {"runserver", "make:app blog", "make:crud blog", "make:crud blog Post --colour",
                                 "make:crud blog Post --dry-run"}) {
    EXPECT_THROW(run_template_generators(dir_.path(), {.generate = {line}}, kMake), CliError) << line;
  }
  EXPECT_THROW(run_template_generators(dir_.path(), {.generate = {"make:crud blog Nope"}}, kMake), CliError);
}

TEST_F(TemplateGeneratorsTest, ListsComeFromEveryLayerBaseFirst) {
  dir_.write("base/template.toml", "generate = [\"make:test one\"]\n");
  dir_.write("top/template.toml", "extends = \"base\"\ngenerate = [\"make:test two\"]\n");
  const auto project_template = scaffold::ProjectTemplate::resolve(dir_.path() / "top", dir_.path());
  EXPECT_EQ(scaffold::manifest_list(project_template, "generate"), (std::vector<std::string>{"make:test one", "make:test two"}));
  EXPECT_TRUE(scaffold::manifest_list(project_template, "app_sources").empty());
  dir_.write("top/template.toml", "generate = 3\n");
  EXPECT_THROW(scaffold::manifest_list(scaffold::ProjectTemplate::resolve(dir_.path() / "top", dir_.path()), "generate"),
               CliError);
}

TEST_F(TemplateGeneratorsTest, CrudWithoutLoginRequiredLeavesWritingOpenAndNoBlankLinesBehind) {
  lay_down("fullstack");
  run_template_generators(dir_.path(), {.generate = {"make:crud blog Post"}}, kMake);
  const std::string pages = file("src/blog/posts_pages.cpp");
  EXPECT_EQ(pages.find(", views::login_required(\n"), std::string::npos);
  EXPECT_EQ(pages.find("views/access.hpp"), std::string::npos);
  EXPECT_NE(pages.find("// Anyone may use these pages as generated."), std::string::npos);
  EXPECT_EQ(file("tests/test_blog_posts_pages.cpp").find("Anonymous"), std::string::npos);
  for (const char* generated : {"src/blog/posts_pages.cpp", "tests/test_blog_posts_pages.cpp", "templates/base.html"}) {
    EXPECT_EQ(file(generated).find("\n\n\n"), std::string::npos) << generated;
  }
  EXPECT_NE(file("templates/base.html").find("<span class=\"account\">{{#is_authenticated}}{{user.username}}{{/is_authenticated}}</span>\n  </header>"),
            std::string::npos)
      << file("templates/base.html");
}

// The generated tests post sample_text() as valid input: a model form must accept it for every
// kind a field can have (refs and many() sets are filled from created rows instead).
TEST(SampleText, EveryKindsSampleIsValidInputForAModelForm) {
  using schema::FieldKind;
  static constexpr std::string_view kChoices[] = {"draft", "published"};
  for (int k = 0; k <= static_cast<int>(FieldKind::TimeTz); ++k) {
    schema::FieldSpec field;
    field.name = "sample";
    field.kind = static_cast<FieldKind>(k);
    if (field.kind == FieldKind::Ref || field.kind == FieldKind::Many) continue;
    if (field.kind == FieldKind::Array) field.element = FieldKind::Int;
    if (field.kind == FieldKind::Bit) field.bit_length = 4;
    if (field.kind == FieldKind::Choice || field.kind == FieldKind::MultiChoice) field.choices = kChoices;
    if (field.kind == FieldKind::String || field.kind == FieldKind::Slug) field.max_length = 12;
    if (field.kind == FieldKind::Decimal) {
      field.precision = 8;
      field.scale = 2;
    }
    if (field.kind == FieldKind::Bool) continue;  // a checkbox: "on" is read as checked, not parsed
    const std::string text = sample_text(field);
    const auto parsed = forms::parse_text(field, text);
    EXPECT_TRUE(std::holds_alternative<db::Value>(parsed))
        << schema::type_name(field.kind) << ": \"" << text << "\" is refused: " << std::get<std::string>(parsed);
  }
}

}  // namespace
}  // namespace cpprustango::cli
