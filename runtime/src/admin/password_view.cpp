// The password form of a user, /admin/auth/user/<pk>/password/, as Django's:
// the new password twice, the strength check createsuperuser uses, and the
// Argon2id hash stored with the user's other sessions closed; a forms::Form
// whose clean() compares and checks the two. Needs the
// change permission on users; the password field itself is never on the
// change form (it holds a hash).
#include "admin/site.hpp"
#include "cpprustango/auth/passwords.hpp"
#include "cpprustango/forms/form.hpp"

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

  // Passwords are never sent back into the page, even after an error (as in Django).
  forms::Form form({
      {.name = "password1",
       .kind = forms::Kind::Password,
       .label = "Password",
       .help_text = "At least 10 characters, not only digits, not a common password and not like the username.",
       .attributes = {{"autocomplete", "new-password"}}},
      {.name = "password2",
       .kind = forms::Kind::Password,
       .label = "Password confirmation",
       .help_text = "Enter the same password as before, for verification.",
       .attributes = {{"autocomplete", "new-password"}}},
  });
  form.clean([&username](forms::Form& f) {
    if (!f.errors().empty()) return;  // a missing one says so first
    const std::string first = f.cleaned<std::string>("password1");
    if (first != f.cleaned<std::string>("password2")) {
      f.add_error("password2", "The two password fields didn't match.");
    } else if (auto problem = auth::password_problem(first, username)) {
      f.add_error("password1", "This password is too weak: " + *problem + ".");
    }
  });
  if (visit.request.method() == http::Method::Post) {
    form.bind(forms::FormData(visit.form.entries()));
    if (form.is_valid()) {
      // The changer's own session survives a change of their own password; every other one ends.
      const std::string first = form.cleaned<std::string>("password1");
      store_.set_password(user_id, auth::hash_password(first), visit.user().id == user_id ? visit.session.key : "");
      store_.log(visit.user().id, model, object_id(*found), display(*found), "change", "Changed password.");
      return redirect_with(object_url(*found) + "change/",
                           "The password of \"" + username + "\" was changed successfully.");
    }
  }
  std::string body = "<h1>Change password: " + escape(username) + "</h1>\n";
  if (!form.errors().empty()) body += "<p class=\"errornote\" role=\"alert\">Please correct the errors below.</p>\n";
  body += "<p>Enter a new password for the user <strong>" + escape(username) + "</strong>.</p>\n";
  body += "<form method=\"post\" class=\"model\" novalidate>" + csrf_input(visit) + "\n<fieldset>\n";
  for (const auto& field : form.fields()) body += form_row(form, field.name, field.label, field.help_text);
  body += "</fieldset>\n<div class=\"actions\"><button type=\"submit\" class=\"primary\">Change password</button></div>"
          "</form>\n";
  auto trail = crumbs(model);
  trail.emplace_back(display(*found), object_url(*found) + "change/");
  trail.emplace_back("Change password", "");
  return html(page(visit, "Change password: " + username, trail, body), form.errors().empty() ? 200 : 400);
}

}  // namespace cpprustango::admin::detail
