// Problem details (RFC 9457) as the plugin's one error body.
#include "cpprustango/rest/problem.hpp"

#include "codec.hpp"

namespace cpprustango::rest {

Problem::Problem(int status, std::string detail)
    : std::runtime_error(detail), status_(status), detail_(std::move(detail)) {}

Problem Problem::validation(std::vector<orm::FieldError> errors) {
  Problem problem(400, "The data sent has errors; see \"errors\" for each field.");
  problem.errors_ = std::move(errors);
  return problem;
}

Problem& Problem::with_header(std::string name, std::string value) {
  headers_.emplace_back(std::move(name), std::move(value));
  return *this;
}

http::Response problem_response(const Problem& problem, std::string_view instance) {
  nlohmann::json body = {{"type", "about:blank"},
                         {"title", std::string(http::reason_phrase(problem.status()))},
                         {"status", problem.status()},
                         {"detail", problem.detail()},
                         {"instance", std::string(instance)}};
  if (!problem.errors().empty()) {
    nlohmann::json errors = nlohmann::json::object();
    for (const auto& error : problem.errors()) {
      const std::string key = error.field.empty() ? "non_field_errors" : error.field;
      errors[key].push_back(error.message);
    }
    body["errors"] = std::move(errors);
  }
  http::Response response(problem.status(), detail::dump(body), "application/problem+json");
  for (const auto& [name, value] : problem.headers()) response.headers().add(name, value);
  return response;
}

}  // namespace cpprustango::rest
