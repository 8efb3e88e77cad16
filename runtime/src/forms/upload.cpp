// Submitted form data (url-encoded through the runtime's one parser, or
// multipart/form-data read here) and the local-folder file storage.
#include "cpprustango/forms/upload.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include "auth/crypto.hpp"
#include "http/web.hpp"

namespace cpprustango::forms {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

/** A parameter of a header value: `name="x"` in `form-data; name="x"; filename="a.png"`; nullopt when absent. */
std::optional<std::string> header_parameter(std::string_view value, std::string_view name) {
  std::size_t pos = 0;
  while (pos < value.size()) {
    auto semi = value.find(';', pos);
    // A quoted value may hold ';'.
    std::string_view part = value.substr(pos, semi == std::string_view::npos ? std::string_view::npos : semi - pos);
    const auto eq = part.find('=');
    if (eq != std::string_view::npos && lower(trim(part.substr(0, eq))) == name) {
      std::string_view raw = trim(value.substr(pos + eq + 1));
      if (!raw.empty() && raw.front() == '"') {
        std::string out;
        for (std::size_t i = 1; i < raw.size(); ++i) {
          if (raw[i] == '\\' && i + 1 < raw.size()) {
            out += raw[++i];
          } else if (raw[i] == '"') {
            return out;
          } else {
            out += raw[i];
          }
        }
        return out;
      }
      const auto end = raw.find(';');
      return std::string(trim(raw.substr(0, end)));
    }
    if (semi == std::string_view::npos) break;
    pos = semi + 1;
  }
  return std::nullopt;
}

/** "C:\\Users\\me\\a b.png" -> "a b.png": browsers may send a path. */
std::string base_name(std::string_view filename) {
  const auto slash = filename.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? filename : filename.substr(slash + 1));
}

/** A file name safe on disk and in a URL: letters, digits, '.', '-', '_'; others become '_'. */
std::string safe_name(std::string_view filename) {
  std::string out;
  for (char c : base_name(filename)) {
    const auto u = static_cast<unsigned char>(c);
    out += std::isalnum(u) || c == '.' || c == '-' || c == '_' ? c : '_';
  }
  while (!out.empty() && out.front() == '.') out.erase(0, 1);  // no hidden files, no ".."
  if (out.size() > 100) out = out.substr(out.size() - 100);
  return out.empty() ? "file" : out;
}

}  // namespace

FormData::FormData(std::vector<std::pair<std::string, std::string>> values, std::vector<UploadedFile> files)
    : values_(std::move(values)), files_(std::move(files)) {}

FormData FormData::parse(const http::Request& request) {
  if (request.method() == http::Method::Get || request.method() == http::Method::Head) {
    return parse_urlencoded(request.query_string());
  }
  const std::string type(request.header("Content-Type").value_or(""));
  if (lower(type).starts_with("multipart/form-data")) {
    auto boundary = header_parameter(type, "boundary");
    if (!boundary || boundary->empty()) throw BadRequest("multipart body: the Content-Type has no boundary");
    return parse_multipart(request.body(), *boundary);
  }
  return parse_urlencoded(request.body());
}

FormData FormData::parse_urlencoded(std::string_view body) {
  return FormData(http::detail::Form::parse(body).entries());
}

FormData FormData::parse_multipart(std::string_view body, std::string_view boundary) {
  FormData out;
  const std::string delimiter = "--" + std::string(boundary);
  auto pos = body.find(delimiter);
  if (pos == std::string_view::npos) throw BadRequest("multipart body: no boundary line");
  pos += delimiter.size();
  while (true) {
    if (body.substr(pos, 2) == "--") return out;  // the closing boundary
    if (body.substr(pos, 2) != "\r\n") throw BadRequest("multipart body: a boundary line is not followed by CRLF");
    pos += 2;
    const auto headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) throw BadRequest("multipart body: a part has no end of headers");
    std::string disposition;
    std::string content_type;
    for (auto line_start = pos; line_start < headers_end;) {
      auto line_end = body.find("\r\n", line_start);
      if (line_end == std::string_view::npos || line_end > headers_end) line_end = headers_end;
      const auto line = body.substr(line_start, line_end - line_start);
      const auto colon = line.find(':');
      if (colon != std::string_view::npos) {
        const std::string name = lower(trim(line.substr(0, colon)));
        if (name == "content-disposition") disposition = std::string(trim(line.substr(colon + 1)));
        if (name == "content-type") content_type = std::string(trim(line.substr(colon + 1)));
      }
      line_start = line_end + 2;
    }
    const auto content_start = headers_end + 4;
    const auto next = body.find("\r\n" + delimiter, content_start);
    if (next == std::string_view::npos) throw BadRequest("multipart body: no closing boundary");
    const std::string_view content = body.substr(content_start, next - content_start);
    auto name = header_parameter(disposition, "name");
    if (!name) throw BadRequest("multipart body: a part has no name in its Content-Disposition");
    if (auto filename = header_parameter(disposition, "filename")) {
      out.files_.push_back(
          UploadedFile{.field = *name,
                       .filename = base_name(*filename),
                       .content_type = content_type.empty() ? "application/octet-stream" : lower(content_type),
                       .content = std::string(content)});
    } else {
      out.values_.emplace_back(*name, std::string(content));
    }
    pos = next + 2 + delimiter.size();
  }
}

std::optional<std::string> FormData::get(std::string_view name) const { return http::detail::first_value(values_, name); }

std::vector<std::string> FormData::all(std::string_view name) const { return http::detail::all_values(values_, name); }

const UploadedFile* FormData::file(std::string_view name) const {
  for (const auto& upload : files_) {
    if (upload.field == name) return &upload;
  }
  return nullptr;
}

LocalStorage::LocalStorage(std::filesystem::path root, std::string base_url)
    : root_(std::move(root)), base_url_(std::move(base_url)) {
  if (!base_url_.ends_with('/')) base_url_ += '/';
}

std::filesystem::path LocalStorage::path(std::string_view name) const {
  const std::filesystem::path relative{std::string(name)};
  bool bad = name.empty() || relative.is_absolute() || name.find('\\') != std::string_view::npos;
  for (const auto& part : relative) bad = bad || part == ".." || part == ".";
  if (bad) throw std::invalid_argument("invalid stored file name \"" + std::string(name) + "\"");
  return root_ / relative;
}

std::string LocalStorage::save(const UploadedFile& file, std::string_view folder) {
  std::string name;
  for (const auto& part : std::filesystem::path{std::string(folder)}) {
    const std::string piece = part.string();
    if (piece.empty() || piece == "/") continue;
    name += safe_name(piece) + "/";
  }
  name += auth::detail::random_hex(8) + "-" + safe_name(file.filename);
  const auto target = path(name);
  std::filesystem::create_directories(target.parent_path());
  // Written under a temporary name and renamed: a failure leaves no half file.
  const auto temp = target.parent_path() / ("." + target.filename().string() + ".tmp");
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(file.content.data(), static_cast<std::streamsize>(file.content.size()));
    out.close();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temp, ignored);
      throw std::runtime_error("cannot write uploaded file " + target.string());
    }
  }
  std::filesystem::rename(temp, target);
  return name;
}

std::string LocalStorage::url(std::string_view name) const {
  std::string out = base_url_;
  std::size_t start = 0;
  while (true) {
    const auto slash = name.find('/', start);
    out += http::url_encode(name.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) return out;
    out += '/';
    start = slash + 1;
  }
}

bool LocalStorage::remove(std::string_view name) {
  std::error_code error;
  return std::filesystem::remove(path(name), error);
}

}  // namespace cpprustango::forms
