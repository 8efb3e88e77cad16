// Templates: escaping, sections and lists, partials, and the errors for
// missing files, bad syntax and names that try to leave the directory.
#include "cpprustango/render/templates.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <kainjow/mustache.hpp>

#include <fstream>
#include <random>

#include "test_support/expect_throw.hpp"
#include "test_support/temp_dir.hpp"

namespace render = cpprustango::render;
namespace fs = std::filesystem;
using ::testing::HasSubstr;

namespace {

class TempTemplates : public test_support::TempDir {
 public:
  fs::path dir() const { return path() / "templates"; }
  void write(const std::string& name, const std::string& text) const { TempDir::write(dir() / name, text); }
};

std::string error_of(const render::Templates& templates, const std::string& name,
                     const render::Context& context = {}) {
  return test_support::message_of<render::TemplateError>([&] { (void)templates.render(name, context); });
}

}  // namespace

TEST(TemplatesRender, EscapesDoubleBracesButNotTriple) {
  TempTemplates t;
  t.write("x.html", "<p>{{name}}</p>{{{raw}}}");
  render::Context context;
  context.set("name", "<b>\"Tom\" & 'Jerry'</b>").set("raw", "<i>ok</i>");
  EXPECT_EQ(render::Templates{t.dir()}.render("x.html", context),
            "<p>&lt;b&gt;&quot;Tom&quot; &amp; &apos;Jerry&apos;&lt;/b&gt;</p><i>ok</i>");
}

TEST(TemplatesRender, SectionsFollowBooleansAndInvertedSections) {
  TempTemplates t;
  t.write("s.html", "{{#admin}}A{{/admin}}{{^admin}}U{{/admin}}{{#missing}}M{{/missing}}");
  render::Context yes;
  yes.set("admin", true);
  render::Context no;
  no.set("admin", false);
  render::Templates templates{t.dir()};
  EXPECT_EQ(templates.render("s.html", yes), "A");
  EXPECT_EQ(templates.render("s.html", no), "U");
}

TEST(TemplatesRender, ListsOfContextsAndNestedContexts) {
  TempTemplates t;
  t.write("list.html", "{{#posts}}[{{title}}]{{/posts}}{{^posts}}none{{/posts}} by {{author.name}}");
  std::vector<render::Context> posts(2);
  posts[0].set("title", "One");
  posts[1].set("title", "Two");
  render::Context author;
  author.set("name", "Ada");
  render::Context context;
  context.set("posts", posts).set("author", author);
  render::Templates templates{t.dir()};
  EXPECT_EQ(templates.render("list.html", context), "[One][Two] by Ada");

  render::Context empty;
  empty.set("posts", std::vector<render::Context>{}).set("author", author);
  EXPECT_EQ(templates.render("list.html", empty), "none by Ada");
}

TEST(TemplatesRender, NamesResolveFromTheInnermostSectionOut) {
  // Inside a row, the row's names win; names it lacks come from the sections
  // around it; dotted names walk nested contexts, from a row too; a nested
  // context is a section to enter; a key set twice keeps its last value.
  TempTemplates t;
  t.write("n.html",
          "{{#rows}}<{{name}}:{{site}}:{{owner.name}}:{{#owner}}{{name}}/{{site}}{{/owner}}>{{/rows}}"
          "{{#page}}{{number}}{{#has_next}}+{{/has_next}}{{/page}}{{^page}}no page{{/page}}"
          "[{{page.number}}][{{page.missing.x}}][{{name}}][{{#site}}{{.}}{{/site}}]");
  std::vector<render::Context> rows(2);
  rows[0].set("name", "a").set("owner", render::Context().set("name", "<ann>"));
  rows[1].set("name", "b").set("site", "row site");
  render::Context context;
  context.set("rows", std::move(rows))
      .set("site", "top")
      .set("owner", render::Context().set("name", "bob").set("site", "owner site"))
      .set("page", render::Context().set("number", "3").set("has_next", true))
      .set("name", "first")
      .set("name", "last");
  EXPECT_EQ(render::Templates{t.dir()}.render("n.html", context),
            "<a:top:&lt;ann&gt;:&lt;ann&gt;/top><b:row site:bob:bob/owner site>3+[3][][last][top]");
}

TEST(TemplatesRender, EachRowSeesItsOwnListsAndContextsInside) {
  TempTemplates t;
  t.write("rows.html", "{{#rows}}{{n}}({{#tags}}{{t}}{{/tags}}{{^tags}}-{{/tags}}{{#meta}}:{{m}}{{/meta}}) {{/rows}}");
  std::vector<render::Context> rows;
  for (int n = 0; n < 300; ++n) {
    std::vector<render::Context> tags;
    for (int k = 0; k < n % 3; ++k) tags.push_back(render::Context().set("t", std::to_string(n) + "." + std::to_string(k)));
    rows.push_back(render::Context()
                       .set("n", std::to_string(n))
                       .set("tags", std::move(tags))
                       .set("meta", render::Context().set("m", "m" + std::to_string(n))));
  }
  render::Context context;
  context.set("rows", std::move(rows));
  const std::string page = render::Templates{t.dir()}.render("rows.html", context);
  EXPECT_THAT(page, ::testing::StartsWith("0(-:m0) 1(1.0:m1) 2(2.02.1:m2) 3(-:m3) "));
  EXPECT_THAT(page, ::testing::EndsWith("297(-:m297) 298(298.0:m298) 299(299.0299.1:m299) "));
}

TEST(TemplatesRender, PartialsComeFromTheSameDirectory) {
  TempTemplates t;
  t.write("page.html", "<main>{{> parts/nav.html}}{{title}}</main>");
  t.write("parts/nav.html", "<nav>{{site}}</nav>");
  render::Context context;
  context.set("title", "Home").set("site", "<me>");
  EXPECT_EQ(render::Templates{t.dir()}.render("page.html", context), "<main><nav>&lt;me&gt;</nav>Home</main>");
}

TEST(TemplatesRender, ReadsTheFileOnEveryRender) {
  TempTemplates t;
  render::Templates templates{t.dir()};
  t.write("live.html", "v1");
  EXPECT_EQ(templates.render("live.html", {}), "v1");
  t.write("live.html", "v2");
  EXPECT_EQ(templates.render("live.html", {}), "v2");
}

TEST(TemplatesRender, AReusedParseRendersEachContextAndSeesEditsToItsLayout) {
  TempTemplates t;
  render::Templates templates{t.dir()};
  t.write("base.html", "[{{$body}}{{/body}}]");
  t.write("page.html", "{{<base.html}}{{$body}}{{name}}{{/body}}{{/base.html}}");
  render::Context ann;
  ann.set("name", "ann");
  render::Context bob;
  bob.set("name", "bob");
  EXPECT_EQ(templates.render("page.html", ann), "[ann]");
  EXPECT_EQ(templates.render("page.html", bob), "[bob]");
  t.write("base.html", "<{{$body}}{{/body}}>");
  EXPECT_EQ(templates.render("page.html", ann), "<ann>");
}

TEST(TemplatesRender, EditsToAPartialShowAtOnce) {
  TempTemplates t;
  render::Templates templates{t.dir()};
  t.write("page.html", "<{{> part.html}}>");
  t.write("part.html", "a1");
  EXPECT_EQ(templates.render("page.html", {}), "<a1>");
  t.write("part.html", "a2");  // same size, most likely within the same timestamp tick
  EXPECT_EQ(templates.render("page.html", {}), "<a2>");
  fs::remove(t.dir() / "part.html");
  EXPECT_THAT(error_of(templates, "page.html"), HasSubstr("part.html"));
}

TEST(TemplatesRender, WithoutReloadEachFileIsReadOnce) {
  // Production: pages and partials are read once, as Django's cached loader does.
  TempTemplates t;
  render::Templates templates{t.dir(), /*reload=*/false};
  t.write("cached.html", "<{{> cached_part.html}}>");
  t.write("cached_part.html", "c1");
  EXPECT_EQ(templates.render("cached.html", {}), "<c1>");
  t.write("cached.html", "[{{> cached_part.html}}]");
  t.write("cached_part.html", "c2");
  EXPECT_EQ(templates.render("cached.html", {}), "<c1>");
  // A page not rendered before is still read, and one with reload on sees the edits.
  t.write("other.html", "o");
  EXPECT_EQ(templates.render("other.html", {}), "o");
  render::Templates reloading{t.dir()};
  EXPECT_EQ(reloading.render("cached.html", {}), "[c2]");
}

TEST(TemplatesRender, AnEditBehindAnOldTimestampStillShows) {
  // A file last changed long ago is trusted on its stamp; an edit that keeps
  // the size and puts the old modification time back still changes ctime.
  TempTemplates t;
  render::Templates templates{t.dir()};
  t.write("old.html", "b1");
  const auto path = t.dir() / "old.html";
  const auto long_ago = fs::last_write_time(path) - std::chrono::hours(1);
  fs::last_write_time(path, long_ago);
  EXPECT_EQ(templates.render("old.html", {}), "b1");
  EXPECT_EQ(templates.render("old.html", {}), "b1");
  t.write("old.html", "b2");
  fs::last_write_time(path, long_ago);
  EXPECT_EQ(templates.render("old.html", {}), "b2");
  fs::remove(path);
  EXPECT_THAT(error_of(templates, "old.html"), HasSubstr("template not found"));
}

TEST(TemplatesErrors, AnErrorIsNotKeptOnceTheFileIsFixed) {
  TempTemplates t;
  render::Templates templates{t.dir()};
  t.write("page.html", "{{#open}}never closed");
  EXPECT_THAT(error_of(templates, "page.html"), HasSubstr("open"));
  EXPECT_THAT(error_of(templates, "page.html"), HasSubstr("open"));
  t.write("page.html", "{{#open}}fine{{/open}}");
  render::Context context;
  context.set("open", true);
  EXPECT_EQ(templates.render("page.html", context), "fine");
}

TEST(TemplatesContext, CopiesAreIndependentAndMovedFromIsReusable) {
  TempTemplates t;
  t.write("v.html", "{{v}}");
  render::Templates templates{t.dir()};
  render::Context original;
  original.set("v", "1");
  render::Context copy = original;
  copy.set("v", "2");
  EXPECT_EQ(templates.render("v.html", original), "1");
  EXPECT_EQ(templates.render("v.html", copy), "2");
  render::Context outer;
  outer.set("inner", original);  // a copy: the original stays as it was
  EXPECT_EQ(templates.render("v.html", original), "1");
  render::Context moved = std::move(original);
  EXPECT_EQ(templates.render("v.html", moved), "1");
  original.set("v", "3");  // NOLINT(bugprone-use-after-move): documented as reusable
  EXPECT_EQ(templates.render("v.html", original), "3");
}

TEST(TemplatesRender, ValuesHandedToTheRendererStayCorrectAcrossRendersOfEverySize) {
  // A render hands each value it looks up to kainjow in a value the thread
  // reuses on the next render: a short value after a long one, a page with
  // more values than are kept, and booleans in every row must all show
  // what this render's context holds.
  TempTemplates t;
  t.write("rows.html", "{{#rows}}{{n}}:{{#marked}}[{{label}}]{{/marked}}{{^marked}}-{{/marked}} {{/rows}}{{title}}");
  render::Templates templates{t.dir(), false};
  const auto page = [&](int rows, const std::string& title) {
    std::vector<render::Context> list(static_cast<std::size_t>(rows));
    std::string expected;
    for (int i = 0; i < rows; ++i) {
      const std::string label = i % 3 == 0 ? "" : "L" + std::to_string(i);
      list[static_cast<std::size_t>(i)].set("n", std::to_string(i)).set("label", label).set("marked", !label.empty());
      expected += std::to_string(i) + ":" + (label.empty() ? "-" : "[" + label + "]") + " ";
    }
    render::Context context;
    context.set("rows", std::move(list)).set("title", title);
    EXPECT_EQ(templates.render("rows.html", context), expected + title);
  };
  page(3, std::string(20000, 'x'));
  page(2, "short");
  page(5000, "many");  // some 13,000 lookups: past what a thread keeps
  page(1, "after");
  page(0, "none");
}

TEST(TemplatesRender, TextWithSpacesRendersAsMustacheRendersIt) {
  // The renderer hands kainjow the spaces, tabs and newlines inside a
  // template's text as markers (one component per run of text); the output
  // must be kainjow's own, byte for byte, standalone tag lines and all.
  const std::vector<std::string> pages = {
      "  <p class=\"a b\">x  y\tz</p>\n",
      "<ul>\n  {{#rows}}\n  <li> {{name}} is\there </li>\n  {{/rows}}\n</ul>\n",
      "  {{#off}}hello world{{/off}}\nnext line\n",
      "  {{^off}} shown  text {{/off}}  \n\t{{#on}}\t{{/on}}\t\n",
      "{{! a comment\n spanning lines }}  after comment\n   \n{{{raw}}} {{name}}  end",
      "a {{#on}} {{/on}} b\r\n  {{#on}}\r\n  c d\r\n  {{/on}}\r\n",
      "tail without newline  {{name}}  ",
      "<p>a</p>\n<p>b</p>\n  {{#on}}\n<p>c</p>\n  {{/on}}\nx\n{{#off}}y{{/off}}\nz\n\n\nw  \n   \n{{#rows}}\n{{name}}\n{{/rows}}\n",
  };
  kainjow::mustache::data rows{kainjow::mustache::data::type::list};
  for (const char* name : {"Ada", "Bo b"}) {
    kainjow::mustache::data row;
    row.set("name", std::string(name));
    rows.push_back(row);
  }
  kainjow::mustache::data expected_data;
  expected_data.set("rows", rows);
  expected_data.set("off", false);
  expected_data.set("on", true);
  expected_data.set("name", std::string("N <1>"));
  expected_data.set("raw", std::string("<b> r </b>"));

  std::vector<render::Context> row_contexts(2);
  row_contexts[0].set("name", "Ada");
  row_contexts[1].set("name", "Bo b");
  render::Context context;
  context.set("rows", row_contexts).set("off", false).set("on", true).set("name", "N <1>").set("raw", "<b> r </b>");

  TempTemplates t;
  render::Templates templates{t.dir()};
  for (std::size_t i = 0; i < pages.size(); ++i) {
    const std::string name = "p" + std::to_string(i) + ".html";
    t.write(name, pages[i]);
    kainjow::mustache::mustache reference{pages[i]};
    ASSERT_TRUE(reference.is_valid()) << reference.error_message();
    EXPECT_EQ(templates.render(name, context), reference.render(expected_data)) << "page " << i << ": " << pages[i];
  }
}

TEST(TemplatesErrors, ASyntaxErrorGivesItsPositionInThePageAsWritten) {
  TempTemplates t;
  t.write("bad.html", "a b c {{#open}}never closed");
  EXPECT_THAT(error_of(render::Templates{t.dir()}, "bad.html"), HasSubstr("Unclosed section \"open\" at 6"));
}

TEST(TemplatesContext, ReplacingAKeyReplacesItsKindToo) {
  TempTemplates t;
  t.write("k.html", "{{#k}}<{{x}}>{{/k}}{{^k}}no{{/k}}|{{k}}");
  render::Templates templates{t.dir()};
  render::Context inner;
  inner.set("x", "in");
  render::Context context;
  context.set("k", inner).set("k", false);
  EXPECT_EQ(templates.render("k.html", context), "no|");
  context.set("k", "text");
  EXPECT_EQ(templates.render("k.html", context), "<>|text");
  context.set("k", std::vector<render::Context>{inner, inner});
  EXPECT_EQ(templates.render("k.html", context), "<in><in>|");
}

TEST(TemplatesRender, EscapingMatchesMustachesForEveryReservedByte) {
  TempTemplates t;
  t.write("e.html", "{{a}}|{{b}}|{{c}}|{{{c}}}");
  render::Context context;
  context.set("a", "plain text, no change").set("b", "&").set("c", "x<y>&\"'z''");
  EXPECT_EQ(render::Templates{t.dir()}.render("e.html", context),
            "plain text, no change|&amp;|x&lt;y&gt;&amp;&quot;&apos;z&apos;&apos;|x<y>&\"'z''");
}

TEST(TemplatesErrors, MissingTemplateNamesThePath) {
  TempTemplates t;
  EXPECT_EQ(error_of(render::Templates{t.dir()}, "welcome.html"),
            "template not found: " + (t.dir() / "welcome.html").string());
}

TEST(TemplatesErrors, RelativeDirectoryShowsInTheMessage) {
  EXPECT_EQ(error_of(render::Templates{"templates"}, "welcome.html"), "template not found: templates/welcome.html");
}

TEST(TemplatesErrors, SyntaxErrorNamesTheFile) {
  TempTemplates t;
  t.write("bad.html", "{{#open}}never closed");
  auto message = error_of(render::Templates{t.dir()}, "bad.html");
  EXPECT_THAT(message, HasSubstr("template error in " + (t.dir() / "bad.html").string() + ": "));
  EXPECT_THAT(message, HasSubstr("open"));
}

TEST(TemplatesErrors, TraversalAndAbsoluteNamesAreRejected) {
  TempTemplates t;
  std::ofstream(t.path() / "secret.txt") << "secret";
  render::Templates templates{t.dir()};
  EXPECT_THAT(error_of(templates, "../secret.txt"), HasSubstr("invalid template name \"../secret.txt\""));
  EXPECT_THAT(error_of(templates, "a/../../secret.txt"), HasSubstr("invalid template name"));
  EXPECT_THAT(error_of(templates, (t.path() / "secret.txt").string()), HasSubstr("invalid template name"));
  EXPECT_THAT(error_of(templates, ""), HasSubstr("invalid template name"));
}

TEST(TemplatesErrors, MissingOrTraversingPartialIsAnError) {
  TempTemplates t;
  t.write("a.html", "{{> nope.html}}");
  t.write("b.html", "{{> ../secret.txt}}");
  render::Templates templates{t.dir()};
  EXPECT_THAT(error_of(templates, "a.html"), HasSubstr("template not found: "));
  EXPECT_THAT(error_of(templates, "b.html"), HasSubstr("invalid template name"));
}

TEST(TemplatesErrors, SelfIncludingPartialFailsInsteadOfOverflowingTheStack) {
  TempTemplates t;
  t.write("loop.html", "x{{> loop.html}}");
  EXPECT_THAT(error_of(render::Templates{t.dir()}, "loop.html"), HasSubstr("partials nested too deeply"));
}
