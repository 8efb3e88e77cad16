// Submitted data without a database: url-encoded and multipart bodies, the
// local-folder storage, and the template pieces forms rely on (set_html and
// template inheritance).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cpprustango/forms/upload.hpp>
#include <cpprustango/render/templates.hpp>
#include <fstream>

#include "test_support/temp_dir.hpp"

namespace {

namespace forms = cpprustango::forms;
namespace http = cpprustango::http;
namespace render = cpprustango::render;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using namespace std::string_literals;

http::Request multipart(const std::string& body, const std::string& boundary = "XyZ") {
  http::Request request{http::Method::Post, "/upload/", body};
  request.headers().set("Content-Type", "multipart/form-data; boundary=" + boundary);
  return request;
}

TEST(FormData, UrlEncodedBodyKeepsOrderAndDuplicates) {
  http::Request request{http::Method::Post, "/", "a=1&b=x+y&a=%C3%A4"};
  request.headers().set("Content-Type", "application/x-www-form-urlencoded");
  const auto data = forms::FormData::parse(request);
  EXPECT_EQ(data.value("b"), "x y");
  EXPECT_THAT(data.all("a"), ElementsAre("1", "ä"));
}

TEST(FormData, MultipartBodyGivesFieldsAndFiles) {
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHello\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"C:\\\\me\\\\pic.png\"\r\n"
      "Content-Type: image/png\r\n\r\n\x89PNG\r\n\x00\x01\r\n"
      "--XyZ--\r\n"s;  // "s": the content holds a NUL byte
  const auto data = forms::FormData::parse(multipart(body));
  EXPECT_EQ(data.value("title"), "Hello");
  const auto* file = data.file("avatar");
  ASSERT_NE(file, nullptr);
  EXPECT_EQ(file->filename, "pic.png");
  EXPECT_EQ(file->content_type, "image/png");
  EXPECT_EQ(file->content, "\x89PNG\r\n\x00\x01"s);
}

TEST(FormData, MultipartBodyWithoutClosingBoundaryIsABadRequest) {
  EXPECT_THROW(forms::FormData::parse(multipart("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1")),
               forms::BadRequest);
  http::Request no_boundary{http::Method::Post, "/", "x"};
  no_boundary.headers().set("Content-Type", "multipart/form-data");
  EXPECT_THROW(forms::FormData::parse(no_boundary), forms::BadRequest);
}

TEST(LocalStorage, SavesUnderAFreshNameAndRefusesNamesOutsideItsRoot) {
  test_support::TempDir dir;
  forms::LocalStorage storage(dir.path() / "media", "/media/");
  const auto name = storage.save(
      {.field = "f", .filename = "../../etc/pass wd", .content_type = "text/plain", .content = "data"}, "avatars");
  EXPECT_THAT(name, StartsWith("avatars/"));
  EXPECT_THAT(name, HasSubstr("-pass_wd"));
  std::ifstream in(storage.path(name));
  std::string content((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(content, "data");
  EXPECT_THAT(storage.url(name), StartsWith("/media/avatars/"));
  EXPECT_THROW(storage.path("../x"), std::invalid_argument);
  EXPECT_TRUE(storage.remove(name));
  EXPECT_FALSE(storage.remove(name));
}

class TemplateTest : public ::testing::Test {
 protected:
  void write(const std::string& name, const std::string& text) { std::ofstream(dir.path() / name) << text; }
  test_support::TempDir dir;
};

TEST_F(TemplateTest, SetHtmlIsNotEscapedButPlainTextStillIs) {
  write("page.html", "{{form}}|{{{form}}}|{{text}}");
  render::Context ctx;
  ctx.set_html("form", "<input name=\"a\">");
  ctx.set("text", std::string("\x02\x03<b>"));  // the marker cannot be smuggled in through plain text
  const auto out = render::Templates(dir.path()).render("page.html", ctx);
  EXPECT_EQ(out, "<input name=\"a\">|<input name=\"a\">|&lt;b&gt;");
}

TEST_F(TemplateTest, ChildPageFillsTheNamedBlocksOfItsBase) {
  write("base.html",
        "<title>{{$title}}Site{{/title}}</title><main>{{$content}}empty{{/content}}</main>{{$footer}}(c){{/footer}}");
  write("page.html",
        "{{<base.html}}{{$title}}Posts of {{who}}{{/title}}{{$content}}<p>{{who}}</p>{{/content}}{{/base.html}}");
  render::Context ctx;
  ctx.set("who", "<ann>");
  EXPECT_EQ(render::Templates(dir.path()).render("page.html", ctx),
            "<title>Posts of &lt;ann&gt;</title><main><p>&lt;ann&gt;</p></main>(c)");
}

TEST_F(TemplateTest, InheritanceChainsAndACycleIsAnError) {
  write("root.html", "[{{$a}}root{{/a}}]");
  write("mid.html", "{{<root.html}}{{$a}}mid{{/a}}{{/root.html}}");
  write("leaf.html", "{{<mid.html}}{{$a}}leaf{{/a}}{{/mid.html}}");
  write("loop.html", "{{<loop.html}}{{/loop.html}}");
  render::Templates templates(dir.path());
  EXPECT_EQ(templates.render("mid.html", {}), "[mid]");
  EXPECT_EQ(templates.render("leaf.html", {}), "[leaf]");
  EXPECT_THROW(templates.render("loop.html", {}), render::TemplateError);
}

}  // namespace
