// make:app, make:model and check, run as the installed binary on a new
// project: what lands on disk, what the user reads, and that bad input
// changes nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "support/subprocess.hpp"

namespace fs = std::filesystem;

namespace e2e {
namespace {

class MakeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(run({cpprustango(), "new", "site", "--no-git"}, {.cwd = dir_.path()}).exit_code, 0);
  }
  Result cli(std::vector<std::string> args) {
    args.insert(args.begin(), cpprustango());
    return run(args, {.cwd = project()});
  }
  fs::path project() const { return dir_.path() / "site"; }
  std::string schema() const { return read_file(project() / "apps/blog/models.schema"); }

  TempDir dir_;
};

void expect_error(const Result& result, const std::string& fragment) {
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_TRUE(result.err.starts_with("error: ")) << result.err;
  EXPECT_NE(result.err.find(fragment), std::string::npos) << result.err;
}

TEST_F(MakeTest, AppCreatesTheSchemaAndRegistersIt) {
  const auto result = cli({"make:app", "blog"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Created app blog"), std::string::npos) << result.out;
  EXPECT_NE(schema().find("cpprustango make:model blog"), std::string::npos);
  const auto manifest = read_file(project() / "cpprustango.toml");
  EXPECT_NE(manifest.find("[apps]\ninstalled = [\"blog\"]"), std::string::npos) << manifest;
  EXPECT_NE(manifest.find("[project]"), std::string::npos) << "the rest of the manifest is kept";

  ASSERT_EQ(cli({"make:app", "shop"}).exit_code, 0);
  EXPECT_NE(read_file(project() / "cpprustango.toml").find("installed = [\"blog\", \"shop\"]"), std::string::npos);
  expect_error(cli({"make:app", "blog"}), "--force");
}

TEST_F(MakeTest, AppRejectsBadNamesAndDryRunWritesNothing) {
  const auto before = snapshot(project());
  expect_error(cli({"make:app", "Blog"}), "not a valid app name");
  expect_error(cli({"make:app", "class"}), "C++ keyword");
  const auto dry = cli({"make:app", "blog", "--dry-run"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("Would write apps/blog/models.schema"), std::string::npos) << dry.out;
  EXPECT_EQ(snapshot(project()), before);
}

TEST_F(MakeTest, ModelIsWrittenThroughTheFormatter) {
  ASSERT_EQ(cli({"make:app", "blog"}).exit_code, 0);
  auto result = cli({"make:model", "blog", "Author", "--field", "name:string(120)", "--field", "email:email?"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Added model Author to apps/blog/models.schema (2 fields)"), std::string::npos) << result.out;
  result = cli({"make:model", "blog", "Post", "--field", "title:string(200)", "--field", "body:text", "--field",
                "author:ref(Author)", "--field", "status:choice(draft,published)", "--field", "published_at:datetime?"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string text = schema();
  EXPECT_NE(text.find("model Author {"), std::string::npos) << text;
  EXPECT_NE(text.find("model Post {"), std::string::npos) << text;
  EXPECT_NE(text.find("choice(draft, published)"), std::string::npos) << "the formatter's spelling:\n" << text;
  EXPECT_NE(text.find("// Models of the blog app"), std::string::npos) << "the header comment survives";
  // Running the formatter again (through another make:model) changes nothing else.
  ASSERT_EQ(cli({"make:model", "blog", "Tag", "--field", "name:slug(50)"}).exit_code, 0);
  EXPECT_TRUE(schema().starts_with(text.substr(0, text.rfind('}'))));
  // New models need a migration before check passes.
  const auto unmigrated = cli({"check"});
  EXPECT_EQ(unmigrated.exit_code, 1);
  EXPECT_NE(unmigrated.err.find("the schema files changed without a migration"), std::string::npos) << unmigrated.err;
  ASSERT_EQ(cli({"makemigrations"}).exit_code, 0);
  EXPECT_EQ(cli({"check"}).exit_code, 0);
}

TEST_F(MakeTest, BadFieldsAreNamedAndChangeNothing) {
  ASSERT_EQ(cli({"make:app", "blog"}).exit_code, 0);
  ASSERT_EQ(cli({"make:model", "blog", "Author", "--field", "name:string(120)"}).exit_code, 0);
  const auto before = schema();
  expect_error(cli({"make:model", "blog", "Post", "--field", "title:strin(200)"}), "--field 'title:strin(200)'");
  expect_error(cli({"make:model", "blog", "Post", "--field", "author:ref(Writer)"}), "Writer");
  expect_error(cli({"make:model", "blog", "Post", "--field", "title"}), "NAME:TYPE");
  expect_error(cli({"make:model", "blog", "Post", "--field", "a:int", "--field", "a:text"}), "given twice");
  expect_error(cli({"make:model", "blog", "post"}), "PascalCase");
  expect_error(cli({"make:model", "blog", "Author"}), "already exists");
  expect_error(cli({"make:model", "news", "Story"}), "cpprustango make:app news");
  EXPECT_EQ(schema(), before);
  const auto dry = cli({"make:model", "blog", "Post", "--field", "title:string(200)", "--dry-run"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_NE(dry.out.find("model Post {"), std::string::npos) << dry.out;
  EXPECT_EQ(schema(), before);
}

TEST_F(MakeTest, ModelRelationsToOneTargetGetReverseAccessorsOfTheirOwn) {
  ASSERT_EQ(cli({"make:app", "catalog"}).exit_code, 0);
  ASSERT_EQ(cli({"make:model", "catalog", "Brand", "--field", "name:string(80)"}).exit_code, 0);
  const auto result =
      cli({"make:model", "catalog", "Product", "--field", "brand:ref(Brand)", "--field", "alt_brand:ref(Brand)?"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Named the reverse accessors apart, as each needs its own: Product.brand "
                            "@related_name(\"product_brand_set\"), Product.alt_brand "
                            "@related_name(\"product_alt_brand_set\")\n"),
            std::string::npos)
      << result.out;
  const std::string text = read_file(project() / "apps/catalog/models.schema");
  EXPECT_NE(text.find("@related_name(\"product_brand_set\")"), std::string::npos) << text;
  EXPECT_NE(text.find("@related_name(\"product_alt_brand_set\")"), std::string::npos) << text;
  // What the build will run on the file accepts it.
  const auto generated = cli({"codegen", "--app", "catalog", "--schema", "apps/catalog/models.schema", "--output",
                              (dir_.path() / "generated" / "models.hpp").string()});
  EXPECT_EQ(generated.exit_code, 0) << generated.err;
}

TEST_F(MakeTest, ModelRefusesWhatCodegenWouldRefuseAndChangesNothing) {
  ASSERT_EQ(cli({"make:app", "catalog"}).exit_code, 0);
  ASSERT_EQ(cli({"make:model", "catalog", "Brand", "--field", "name:string(80)"}).exit_code, 0);
  const auto before = snapshot(project());
  const std::string schema_before = read_file(project() / "apps/catalog/models.schema");
  const auto accessor = cli({"make:model", "catalog", "Product", "--field", "brand:ref(Brand) @related_name(\"save\")"});
  EXPECT_EQ(accessor.exit_code, 1);
  EXPECT_EQ(accessor.err,
            "error: --field 'brand:ref(Brand) @related_name(\"save\")': the reverse accessor 'save' of "
            "'catalog.Product.brand' is the name of a generated member of catalog.Brand; set another "
            "@related_name(\"...\")\n");
  const auto member = cli({"make:model", "catalog", "Product", "--field", "save:bool"});
  EXPECT_EQ(member.exit_code, 1);
  EXPECT_EQ(member.err,
            "error: --field 'save:bool': field 'Product.save' has the name of a generated member; rename it (keep the "
            "column with @column(\"save\"))\n");
  EXPECT_EQ(read_file(project() / "apps/catalog/models.schema"), schema_before);
  EXPECT_EQ(snapshot(project()), before);
}

TEST_F(MakeTest, CheckFailsForAPostgresTypeOnSqliteAndPassesOnPostgres) {
  ASSERT_EQ(cli({"make:app", "net"}).exit_code, 0);
  ASSERT_EQ(cli({"make:model", "net", "Host", "--field", "address:inet"}).exit_code, 0);
  const auto sqlite = cli({"check"});
  EXPECT_EQ(sqlite.exit_code, 1);
  EXPECT_NE(sqlite.err.find("apps/net/models.schema:"), std::string::npos) << sqlite.err;
  EXPECT_NE(sqlite.err.find("inet"), std::string::npos) << sqlite.err;
  EXPECT_NE(sqlite.err.find("error: system check identified 1 issue (1 error)"), std::string::npos) << sqlite.err;
  ASSERT_EQ(cli({"makemigrations"}).exit_code, 0);
  // No server listens there: the schema passes, and the unreachable database is only a warning.
  const auto postgres = run({cpprustango(), "check"}, {.cwd = project(), .env = {{"DATABASE_URL", "postgresql://127.0.0.1:1/site"}}});
  EXPECT_EQ(postgres.exit_code, 0) << postgres.err;
  EXPECT_NE(postgres.err.find("migrations: warning: cannot compare with the database"), std::string::npos) << postgres.err;
  EXPECT_EQ(postgres.err.find("error:"), std::string::npos) << postgres.err;
}

TEST_F(MakeTest, RegisteredAppsAreGeneratedIntoTheBuild) {
  ASSERT_EQ(cli({"-q", "build"}).exit_code, 0) << "a project without apps builds";
  ASSERT_EQ(cli({"make:app", "blog"}).exit_code, 0);
  ASSERT_EQ(cli({"make:model", "blog", "Post", "--field", "title:string(200)", "--field", "published_at:datetime?"}).exit_code, 0);
  // A view that uses the generated model: the manifest change re-configures, codegen runs, it compiles.
  std::ofstream(project() / "src/views.cpp", std::ios::app)
      << "\n#include <blog/models.hpp>\nint title_length(const blog::Post& post) { return static_cast<int>(post.title.size()); }\n";
  const auto build = cli({"build"});
  EXPECT_EQ(build.exit_code, 0) << build.out << build.err;
  const auto header = read_file(project() / "build/debug/generated/blog/models.hpp");
  EXPECT_NE(header.find("DO NOT EDIT"), std::string::npos);
  EXPECT_NE(header.find("struct Post"), std::string::npos);
}

TEST_F(MakeTest, CheckReportsABrokenSchemaFileWithItsLocation) {
  ASSERT_EQ(cli({"make:app", "blog"}).exit_code, 0);
  std::ofstream(project() / "apps/blog/models.schema") << "model Post {\n  title strin(20)\n}\n";
  const auto result = cli({"check"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.err.find("apps/blog/models.schema:2:"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace e2e
