// Project commands: declared on the app, listed, run with their arguments,
// and their failures turned into exit codes with one line.
#include <gtest/gtest.h>

#include <sstream>
#include <stdexcept>

#include "cpprustango/app.hpp"

namespace cpprustango {
namespace {

class CommandsTest : public ::testing::Test {
 protected:
  CommandsTest() {
    app_.command("greet", "Says hello", [](CommandContext& context) {
      context.out() << "hello";
      for (const auto& arg : context.args()) context.out() << " " << arg;
      context.out() << "\n";
      return 0;
    });
    app_.command("fail", "Fails", [](CommandContext&) -> int { throw std::runtime_error("the polls are locked"); });
    app_.command("db", "Needs the database", [](CommandContext& context) {
      (void)context.database();
      return 0;
    });
  }
  int run(const std::vector<std::string>& args) { return run_command(app_, args, out_, err_); }

  App app_;
  std::ostringstream out_;
  std::ostringstream err_;
};

TEST_F(CommandsTest, WithoutANameListsThemInOrder) {
  EXPECT_EQ(run({}), 0);
  EXPECT_EQ(out_.str(),
            "Commands of this project (cpprustango run NAME [ARGS...]):\n  greet  Says hello\n  fail   Fails\n  db     Needs the database\n");
}

TEST_F(CommandsTest, RunsOneWithItsArguments) {
  EXPECT_EQ(run({"greet", "ada", "--loud"}), 0);
  EXPECT_EQ(out_.str(), "hello ada --loud\n");
}

TEST_F(CommandsTest, UnknownNameIsAUsageError) {
  EXPECT_EQ(run({"nope"}), 2);
  EXPECT_EQ(err_.str(), "error: this project has no command 'nope'; `cpprustango run` lists them\n");
}

TEST_F(CommandsTest, ExceptionsBecomeExitCodeOne) {
  EXPECT_EQ(run({"fail"}), 1);
  EXPECT_EQ(err_.str(), "error: fail: the polls are locked\n");
  EXPECT_EQ(run({"db"}), 1);
  EXPECT_NE(err_.str().find("error: db: no database is configured"), std::string::npos) << err_.str();
}

TEST(Commands, NoneDeclaredSaysHowToAddOne) {
  App app;
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(run_command(app, {}, out, err), 0);
  EXPECT_EQ(out.str(), "This project has no commands yet; add one with `cpprustango make:command NAME`.\n");
}

}  // namespace
}  // namespace cpprustango
