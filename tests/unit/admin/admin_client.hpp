// An in-process browser for the admin tests: requests go through
// App::handle (no socket), cookies are kept between requests, and the
// csrf_token of the last page is sent back with each form.
#pragma once

#include <cpprustango/app.hpp>
#include <map>
#include <regex>
#include <string>
#include <utility>
#include <vector>

namespace admin_test {

namespace http = cpprustango::http;

inline std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    for (const std::string* part : {&name, &value}) {
      for (unsigned char c : *part) {
        if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.') {
          out += static_cast<char>(c);
        } else {
          out += '%';
          out += kHex[c >> 4];
          out += kHex[c & 0x0F];
        }
      }
      if (part == &name) out += '=';
    }
  }
  return out;
}

/** The HTML of one field's row on a form page: from its label to the next field. */
inline std::string field_html(const std::string& body, const std::string& name) {
  const auto start = body.find("<label for=\"id_" + name + "\"");
  if (start == std::string::npos) return {};
  return body.substr(start, body.find("<div class=\"field", start) - start);
}

class Client {
 public:
  explicit Client(const cpprustango::App& app) : app_(&app) {}

  http::Response get(const std::string& target) { return send(http::Request{http::Method::Get, target}); }

  /** POSTs the fields plus the csrf_token of the last page (unless `with_csrf` is false). */
  http::Response post(const std::string& target, std::vector<std::pair<std::string, std::string>> fields,
                      bool with_csrf = true) {
    if (with_csrf) fields.emplace_back("csrf_token", csrf_);
    http::Request request{http::Method::Post, target, form_encode(fields)};
    request.headers().set("Content-Type", "application/x-www-form-urlencoded");
    return send(std::move(request));
  }

  /** Logs in through the form; true on the redirect a success gives. */
  bool login(const std::string& username, const std::string& password) {
    get("/admin/login/");
    auto response = post("/admin/login/", {{"username", username}, {"password", password}, {"next", "/admin/"}});
    return response.status() == 302;
  }

  /** Sends a hand-built request (the admin script's fetch()) with the cookies kept so far. */
  http::Response request(http::Request request) { return send(std::move(request)); }
  /** The csrf_token of the last page that had one. */
  const std::string& csrf() const { return csrf_; }

  const std::map<std::string, std::string>& cookies() const { return cookies_; }
  std::vector<std::string> set_cookies;  ///< every Set-Cookie header seen, raw

 private:
  http::Response send(http::Request request) {
    std::string header;
    for (const auto& [name, value] : cookies_) header += (header.empty() ? "" : "; ") + name + "=" + value;
    if (!header.empty()) request.headers().set("Cookie", header);
    request.set_client_ip("127.0.0.1");
    auto response = app_->handle(std::move(request));
    for (const auto& [name, value] : response.headers().entries()) {
      if (name != "Set-Cookie") continue;
      set_cookies.push_back(value);
      const auto eq = value.find('=');
      const auto semi = value.find(';');
      const std::string key = value.substr(0, eq);
      const std::string content = value.substr(eq + 1, semi - eq - 1);
      if (content.empty()) {
        cookies_.erase(key);
      } else {
        cookies_[key] = content;
      }
    }
    static const std::regex token(R"re(name="csrf_token" value="([0-9a-f]+)")re");
    std::smatch match;
    if (std::regex_search(response.body(), match, token)) csrf_ = match[1];
    return response;
  }

  const cpprustango::App* app_;
  std::map<std::string, std::string> cookies_;
  std::string csrf_;
};

}  // namespace admin_test
