// HTML templates (Mustache) loaded from the project's templates/ folder.
//   Context ctx; ctx.set("name", "mysite");
//   auto html = templates.render("welcome.html", ctx);
// {{name}} is HTML-escaped; {{{name}}} is not.
//
// Template inheritance, as in the Mustache inheritance extension: a page
// starts with {{<base.html}}, fills named blocks {{$title}}...{{/title}},
// and ends with {{/base.html}}; the base marks the same blocks with their
// default content. Partials ({{>nav.html}}) are files in the same folder.
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace cpprustango::render {

/** A missing template or a Mustache syntax error; the message names the file. */
class TemplateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/** The data a template sees: strings, booleans, nested contexts and lists of them. */
class Context {
 public:
  Context();
  ~Context();
  Context(const Context&);
  Context& operator=(const Context&);
  Context(Context&&) noexcept;
  Context& operator=(Context&&) noexcept;

  Context& set(std::string key, std::string value);
  Context& set(std::string key, const char* value) { return set(std::move(key), std::string(value)); }
  Context& set(std::string key, bool value);
  Context& set(std::string key, Context value);
  Context& set(std::string key, std::vector<Context> list);
  /**
   * HTML that is already safe (a rendered form): shown as is by both {{key}}
   * and {{{key}}}. Only for markup the runtime built with its own escaping.
   *   ctx.set_html("form", form.html());
   */
  Context& set_html(std::string key, std::string html);

  struct Impl;
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

class Templates {
 public:
  /**
   * `reload`: look at the files on every render, so an edit shows at once (dev);
   * false reads each file once per thread, as Django's cached loader does in
   * production (apps: templates.reload, on in the dev environment only).
   */
  explicit Templates(std::filesystem::path directory, bool reload = true);

  /** Renders `name` (a path under the directory); throws TemplateError. */
  std::string render(const std::string& name, const Context& context) const;
  const std::filesystem::path& directory() const { return directory_; }

 private:
  std::filesystem::path directory_;
  bool reload_ = true;
};

}  // namespace cpprustango::render
