// What the dev server shows the browser: the reload script's injection, the
// error page, and the compiler output that goes into it.
#include <gtest/gtest.h>

#include "devserver/pages.hpp"

namespace cpprustango::cli::devserver {
namespace {

constexpr std::string_view kTag = "<script src=\"/r.js\"></script>";

TEST(DevserverPages, InjectsTheScriptBeforeTheLastBodyEnd) {
  std::string html = "<html><body><p>&lt;/body&gt; in text</p></body></html>";
  EXPECT_TRUE(inject_before_body_end(html, kTag));
  EXPECT_EQ(html, "<html><body><p>&lt;/body&gt; in text</p><script src=\"/r.js\"></script></body></html>");
}

TEST(DevserverPages, FindsBodyEndInAnyCase) {
  std::string html = "<BODY>hi</BODY >\n";
  EXPECT_TRUE(inject_before_body_end(html, kTag));
  EXPECT_EQ(html, "<BODY>hi<script src=\"/r.js\"></script></BODY >\n");
}

TEST(DevserverPages, LeavesFragmentsWithoutBodyAlone) {
  std::string fragment = "<li>one</li>";
  EXPECT_FALSE(inject_before_body_end(fragment, kTag));
  EXPECT_EQ(fragment, "<li>one</li>");
  std::string empty;
  EXPECT_FALSE(inject_before_body_end(empty, kTag));
}

TEST(DevserverPages, RecognisesHtmlContentTypes) {
  EXPECT_TRUE(is_html("text/html"));
  EXPECT_TRUE(is_html("text/html; charset=utf-8"));
  EXPECT_TRUE(is_html("Text/HTML;charset=UTF-8"));
  EXPECT_FALSE(is_html("text/plain"));
  EXPECT_FALSE(is_html("application/json"));
  EXPECT_FALSE(is_html("text/htmlx"));
  EXPECT_FALSE(is_html(""));
}

TEST(DevserverPages, ScriptTagCarriesTheGeneration) {
  EXPECT_EQ(reload_script_tag("42-3"), "<script src=\"/__cpprustango__/reload.js?g=42-3\"></script>");
  EXPECT_NE(reload_script().find("/__cpprustango__/events"), std::string_view::npos);
  EXPECT_NE(reload_script().find("location.reload()"), std::string_view::npos);
}

TEST(DevserverPages, StripsAnsiColours) {
  EXPECT_EQ(strip_ansi("\033[01m\033[Ksrc/views.cpp:3:5:\033[m\033[K \033[01;31m\033[Kerror: \033[m\033[Kbad"),
            "src/views.cpp:3:5: error: bad");
  EXPECT_EQ(strip_ansi("plain"), "plain");
  EXPECT_EQ(strip_ansi("\033[1;34m==> \033[0m"), "==> ");
  EXPECT_EQ(strip_ansi("cut \033["), "cut ");
}

TEST(DevserverPages, EscapesHtml) {
  EXPECT_EQ(html_escape("a < b && c > \"d\" 'e'"), "a &lt; b &amp;&amp; c &gt; &quot;d&quot; &#39;e&#39;");
}

TEST(DevserverPages, KeepsOnlyWhatTheCompilerSaid) {
  const std::vector<std::string> ninja = {
      "ninja: Entering directory `build/debug'",
      "[1/3] Building CXX object CMakeFiles/mysite_app.dir/src/views.cpp.o",
      "FAILED: CMakeFiles/mysite_app.dir/src/views.cpp.o ",
      "/usr/bin/ccache /usr/bin/c++ -Isrc -g -std=c++20 -c /p/src/views.cpp",
      "/p/src/views.cpp: In function 'int broken()':",
      "\033[01m\033[K/p/src/views.cpp:20:23:\033[m\033[K \033[01;31m\033[Kerror: \033[m\033[Kwhat",
      "   20 | int broken() { return undeclared_name; }",
      "ninja: build stopped: subcommand failed.",
  };
  const auto kept = compiler_messages(ninja);
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_EQ(kept[0], "/p/src/views.cpp: In function 'int broken()':");
  EXPECT_EQ(kept[1], ninja[5]) << "colours are kept for the terminal";
  EXPECT_EQ(kept[2], ninja[6]);
}

TEST(DevserverPages, ErrorPageShowsTheOutputEscapedAndMarked) {
  const std::string page =
      render_error_page({"Build failed", "It does not build.",
                         "\033[01m\033[Ksrc/v.cpp:2:1:\033[m\033[K error: <oops>\nplain line\n", "7-2"});
  EXPECT_NE(page.find("<title>Build failed"), std::string::npos);
  EXPECT_NE(page.find("<span class=\"error\">src/v.cpp:2:1: error: &lt;oops&gt;</span>"), std::string::npos) << page;
  EXPECT_NE(page.find("plain line"), std::string::npos);
  EXPECT_EQ(page.find('\033'), std::string::npos) << "no escape codes reach the browser";
  EXPECT_NE(page.find(reload_script_tag("7-2")), std::string::npos) << "it reloads itself once fixed";
}

}  // namespace
}  // namespace cpprustango::cli::devserver
