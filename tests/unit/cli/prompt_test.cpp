// The prompts driven by scripted keys: answers, defaults, bad answers
// re-asked with the reason, Ctrl-C and Ctrl-D cancelling, menus by arrows,
// numbers and names, and the numbered fallback without raw mode.
#include <gtest/gtest.h>

#include "prompt/prompts.hpp"

namespace cpprustango::cli::prompt {
namespace {

const std::vector<Choice> kTemplates = {{"default", "HTML pages"}, {"minimal", "The smallest"}, {"api", "JSON"}};

struct Scripted {
  explicit Scripted(std::string_view keys, bool live = true, bool styled = false)
      : input(keys, live), output(styled), prompter(input, output) {}
  ScriptedInput input;
  StringOutput output;
  Prompter prompter;
};

TEST(KeyDecoder, DecodesArrowsControlKeysAndSequencesSplitAcrossReads) {
  KeyDecoder decoder;
  EXPECT_EQ(decoder.feed("a\x1b[A\r"), (std::vector<KeyPress>{{Key::Char, 'a'}, {Key::Up}, {Key::Enter}}));
  EXPECT_TRUE(decoder.feed("\x1b[").empty());
  EXPECT_EQ(decoder.feed("B"), (std::vector<KeyPress>{{Key::Down}}));
  EXPECT_EQ(decoder.feed("\x1bOC\x03\x04\x7f"),
            (std::vector<KeyPress>{{Key::Right}, {Key::Interrupt}, {Key::EndOfInput}, {Key::Backspace}}));
}

TEST(TextPrompt, EnterTakesTheDefault) {
  Scripted s("\r");
  EXPECT_EQ(s.prompter.text("Project name", "mysite"), "mysite");
  EXPECT_NE(s.output.text().find("? Project name (mysite): "), std::string::npos);
}

TEST(TextPrompt, ABadAnswerIsAskedAgainWithTheReason) {
  Scripted s("my-site\rshop\r");
  const auto answer = s.prompter.text("Project name", "", [](const std::string& name) {
    return name.find('-') == std::string::npos ? std::nullopt : std::optional<std::string>("no dashes");
  });
  EXPECT_EQ(answer, "shop");
  EXPECT_NE(s.output.text().find("! no dashes"), std::string::npos) << s.output.text();
}

TEST(TextPrompt, BackspaceAndCtrlUEditTheLine) {
  Scripted s(
      "shoq\x7fp\r"
      "abc\x15xyz\r");
  EXPECT_EQ(s.prompter.text("Name"), "shop");
  EXPECT_EQ(s.prompter.text("Name"), "xyz");
}

TEST(TextPrompt, CtrlCAndCtrlDCancel) {
  Scripted interrupted("sh\x03");
  EXPECT_THROW(interrupted.prompter.text("Name"), Cancelled);
  Scripted ended("sh\x04");
  EXPECT_THROW(ended.prompter.text("Name"), Cancelled);
  Scripted closed("sh");  // input ends without Enter
  EXPECT_THROW(closed.prompter.text("Name"), Cancelled);
}

TEST(PasswordPrompt, NeverShowsWhatIsTyped) {
  Scripted s("s3cret-pw\r");
  EXPECT_EQ(s.prompter.password("Password"), "s3cret-pw");
  EXPECT_EQ(s.output.text().find("s3cret"), std::string::npos) << s.output.text();
  EXPECT_NE(s.output.text().find("*********"), std::string::npos) << s.output.text();
}

TEST(PasswordPrompt, ABlankOrRefusedPasswordIsAskedAgain) {
  Scripted s("\rshort\rlong-enough\r");
  const auto answer = s.prompter.password("Password", [](const std::string& p) {
    return p.size() >= 8 ? std::nullopt : std::optional<std::string>("too short");
  });
  EXPECT_EQ(answer, "long-enough");
  EXPECT_NE(s.output.text().find("too short"), std::string::npos);
}

TEST(ConfirmPrompt, TakesYesNoAndTheDefault) {
  Scripted s(
      "\r"
      "y\r"
      "maybe\rno\r");
  EXPECT_FALSE(s.prompter.confirm("Admin?", false));
  EXPECT_TRUE(s.prompter.confirm("Admin?", false));
  EXPECT_FALSE(s.prompter.confirm("Create it?", true));
  EXPECT_NE(s.output.text().find("answer y or n"), std::string::npos);
}

TEST(SelectPrompt, ArrowsMoveAndWrapAndEnterChooses) {
  Scripted down("\x1b[B\x1b[B\r");
  EXPECT_EQ(down.prompter.select("Template", kTemplates), 2U);
  Scripted wrap("\x1b[A\r");
  EXPECT_EQ(wrap.prompter.select("Template", kTemplates), 2U);
  Scripted fallback("\r");
  EXPECT_EQ(fallback.prompter.select("Template", kTemplates, 1), 1U);
  EXPECT_NE(fallback.output.text().find("? Template: minimal"), std::string::npos) << fallback.output.text();
}

TEST(SelectPrompt, ANumberOrANameWorksToo) {
  Scripted number("3\r");
  EXPECT_EQ(number.prompter.select("Template", kTemplates), 2U);
  Scripted name("Minimal\r");
  EXPECT_EQ(name.prompter.select("Template", kTemplates), 1U);
  Scripted wrong("nosuch\r\x1b[B\r");
  EXPECT_EQ(wrong.prompter.select("Template", kTemplates), 1U);
  EXPECT_NE(wrong.output.text().find("'nosuch' is not one of the choices"), std::string::npos);
  Scripted cancelled("\x1b[B\x03");
  EXPECT_THROW(cancelled.prompter.select("Template", kTemplates), Cancelled);
}

TEST(SelectPrompt, WithoutLiveKeysTheMenuIsNumbered) {
  Scripted s("9\rminimal\r", /*live=*/false);
  EXPECT_EQ(s.prompter.select("Template", kTemplates), 1U);
  const auto& text = s.output.text();
  EXPECT_NE(text.find("  1) default  HTML pages\n  2) minimal  The smallest\n  3) api      JSON\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("Choose 1-3 [1]: "), std::string::npos) << text;
  EXPECT_NE(text.find("'9' is not one of the choices"), std::string::npos) << text;
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << "no cursor movement in the fallback";
  Scripted fallback("\r", false);
  EXPECT_EQ(fallback.prompter.select("Template", kTemplates, 2), 2U);
}

TEST(SelectPrompt, ColourOnlyWhenTheOutputAllowsIt) {
  Scripted plain("\r", false, /*styled=*/false);
  plain.prompter.select("Template", kTemplates);
  EXPECT_EQ(plain.output.text().find("\x1b["), std::string::npos);
  Scripted coloured("\r", false, /*styled=*/true);
  coloured.prompter.select("Template", kTemplates);
  EXPECT_NE(coloured.output.text().find("\x1b[32m"), std::string::npos);
}

TEST(FindChoice, MatchesNumbersFromOneAndNamesIgnoringCase) {
  EXPECT_EQ(find_choice(kTemplates, "1"), 0U);
  EXPECT_EQ(find_choice(kTemplates, " API "), 2U);
  EXPECT_FALSE(find_choice(kTemplates, "0"));
  EXPECT_FALSE(find_choice(kTemplates, "4"));
  EXPECT_FALSE(find_choice(kTemplates, ""));
  EXPECT_FALSE(find_choice(kTemplates, "99999999999999999999"));
}

}  // namespace
}  // namespace cpprustango::cli::prompt
