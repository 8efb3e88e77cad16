// Flash messages: a notice set while handling one request and shown on the
// next page (after a redirect), as Django's messages framework does. Stored
// in a cookie signed with the session key and bound to the session, so it
// needs auth::use_sessions().
//
//   views::flash(req, "The post was saved.");
//   return http::Response::redirect("/posts/");
//   ...
//   for (const auto& m : views::messages(req)) ...       // or {{#messages}}{{text}}{{/messages}} in views' pages
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cpprustango/http/request.hpp"
#include "cpprustango/render/templates.hpp"

namespace cpprustango::views {

enum class Level { Info, Success, Warning, Error };
/** "info", "success", "warning", "error": a CSS class for the message. */
std::string_view to_string(Level level);

struct Message {
  Level level = Level::Info;
  std::string text{};
};

/**
 * Queues a message for the next page this visitor sees; the session
 * middleware writes it with the response. Throws std::logic_error without it.
 */
void flash(const http::Request& request, std::string text, Level level = Level::Success);

/** The messages that arrived with this request; reading them removes them (the cookie is cleared). */
std::vector<Message> messages(const http::Request& request);

/** messages() for a template: a list of {text, level} under "messages". */
void add_messages(render::Context& context, const http::Request& request);

}  // namespace cpprustango::views
