// The password form of a user, /admin/auth/user/<pk>/password/, as Django's:
// the new password twice, the strength check createsuperuser uses, and the
// Argon2id hash stored with the user's other sessions closed. Needs the
// change permission on users; the password field itself is never on the
// change form (it holds a hash).
#include "admin/site.hpp"
#include "cpprustango/auth/passwords.hpp"

namespace cpprustango::admin::detail {

bool has_password_form(const schema::ModelSpec& model) { return model.app == "auth" && model.name == "User"; }

http::Response Site::password(Visit& visit, const schema::ModelSpec& model, const std::string& key) {
  if (!has_password_form(model)) return error_page(visit, 404, "Not found", "Only users have a password form.");
  if (!visit.user().can(model, Action::Change)) {
    return error_page(visit, 403, "Permission denied", "You do not have permission to change this user's password.");
  }
  auto found = find_row(registry_, store_.database(), model, key);
  if (!found) return error_page(visit, 404, "Not found", title_singular(model) + " with key \"" + key + "\" does not exist.");
  const std::int64_t user_id = db::as_int(found->get("id"));
  const std::string username = db::as_string(found->get("username"));

  std::string error_first;   // on the first field: missing or too weak
  std::string error_second;  // on the confirmation: missing or different
  int status = 200;
  if (visit.request.method() == http::Method::Post) {
    const std::string first = visit.form.value("password1");
    const std::string second = visit.form.value("password2");
    if (first.empty()) error_first = "This field is required.";
    if (second.empty()) error_second = "This field is required.";
    if (!first.empty() && !second.empty() && first != second) error_second = "The two password fields didn't match.";
    if (!first.empty() && error_second.empty()) {
      if (auto problem = auth::password_problem(first, username)) {
        error_first = "This password is too weak: " + *problem + ".";
      }
    }
    if (error_first.empty() && error_second.empty()) {
      // The changer's own session survives a change of their own password; every other one ends.
      store_.set_password(user_id, auth::hash_password(first), visit.user().id == user_id ? visit.session.key : "");
      store_.log(visit.user().id, model, object_id(*found), display(*found), "change", "Changed password.");
      return redirect_with(object_url(*found) + "change/",
                           "The password of \"" + username + "\" was changed successfully.");
    }
    status = 400;
  }

  // Passwords are never sent back into the page, even after an error (as in Django).
  const auto field = [](std::string_view name, std::string_view label, std::string_view help, const std::string& error) {
    const std::string id = "id_" + std::string(name);
    std::string out = "<div class=\"field" + std::string(error.empty() ? "" : " has-error") + "\"><label for=\"" + id +
                      "\" class=\"required\">" + escape(label) + "</label><div><input type=\"password\" id=\"" + id +
                      "\" name=\"" + std::string(name) + "\" autocomplete=\"new-password\" required aria-describedby=\"" +
                      id + "_help\"></div>";
    if (!error.empty()) out += "<ul class=\"errors\" role=\"alert\"><li>" + escape(error) + "</li></ul>";
    return out + "<p class=\"help\" id=\"" + id + "_help\">" + escape(help) + "</p></div>\n";
  };
  std::string body = "<h1>Change password: " + escape(username) + "</h1>\n";
  if (status != 200) body += "<p class=\"errornote\" role=\"alert\">Please correct the errors below.</p>\n";
  body += "<p>Enter a new password for the user <strong>" + escape(username) + "</strong>.</p>\n";
  body += "<form method=\"post\" class=\"model\" novalidate>" + csrf_input(visit) + "\n<fieldset>\n";
  body += field("password1", "Password",
                "At least 10 characters, not only digits, not a common password and not like the username.",
                error_first);
  body += field("password2", "Password confirmation", "Enter the same password as before, for verification.",
                error_second);
  body += "</fieldset>\n<div class=\"actions\"><button type=\"submit\" class=\"primary\">Change password</button></div>"
          "</form>\n";
  auto trail = crumbs(model);
  trail.emplace_back(display(*found), object_url(*found) + "change/");
  trail.emplace_back("Change password", "");
  return html(page(visit, "Change password: " + username, trail, body), status);
}

}  // namespace cpprustango::admin::detail
