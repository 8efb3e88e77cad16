// Flash messages on the session middleware's state: queued by flash(), written
// by the middleware as a signed cookie, read (and cleared) by messages().
#include "cpprustango/views/messages.hpp"

#include "auth/session_state.hpp"

namespace cpprustango::views {

std::string_view to_string(Level level) {
  switch (level) {
    case Level::Info:
      return "info";
    case Level::Success:
      return "success";
    case Level::Warning:
      return "warning";
    case Level::Error:
      return "error";
  }
  return "info";
}

void flash(const http::Request& request, std::string text, Level level) {
  const auto& state = auth::detail::require_state(request, "views::flash()");
  std::lock_guard lock{state.mutex};
  state.outgoing.emplace_back(static_cast<int>(level), std::move(text));
}

std::vector<Message> messages(const http::Request& request) {
  std::vector<Message> out;
  const auto* state = auth::detail::state(request);
  if (state == nullptr) return out;
  std::lock_guard lock{state->mutex};
  if (state->incoming_read) return out;
  state->incoming_read = true;
  for (const auto& [level, text] : state->incoming) out.push_back({static_cast<Level>(level), text});
  return out;
}

void add_messages(render::Context& context, const http::Request& request) {
  std::vector<render::Context> list;
  for (const auto& message : messages(request)) {
    list.push_back(render::Context().set("text", message.text).set("level", std::string(to_string(message.level))));
  }
  context.set("has_messages", !list.empty());
  context.set("messages", std::move(list));
}

}  // namespace cpprustango::views
