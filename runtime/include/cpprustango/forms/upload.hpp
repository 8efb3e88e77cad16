// Submitted form data, url-encoded or multipart/form-data, and where uploaded
// files go: a Storage interface with a local-folder implementation.
//
//   auto data = forms::FormData::parse(request);           // throws forms::BadRequest
//   forms::LocalStorage media("media", "/media/");
//   std::string name = media.save(*data.file("avatar"), "avatars");  // "avatars/3f2a...-me.png"
//   media.url(name);                                         // "/media/avatars/3f2a...-me.png"
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cpprustango/http/request.hpp"

namespace cpprustango::forms {

/** A body that cannot be read as a form: "multipart body: no closing boundary". Answer it with a 400. */
class BadRequest : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/** One uploaded file, held in memory (the server's body limit bounds it). */
struct UploadedFile {
  std::string field{};         ///< the input's name
  std::string filename{};      ///< as the browser sent it, path removed
  std::string content_type{};  ///< as the browser sent it ("application/octet-stream" when absent)
  std::string content{};

  std::int64_t size() const { return static_cast<std::int64_t>(content.size()); }
};

/** The fields and files of a submitted form, in order, duplicates kept. */
class FormData {
 public:
  FormData() = default;
  FormData(std::vector<std::pair<std::string, std::string>> values, std::vector<UploadedFile> files = {});

  /** The request's body (application/x-www-form-urlencoded or multipart/form-data); a GET gives its query. */
  static FormData parse(const http::Request& request);
  /** "a=1&b=x%20y" */
  static FormData parse_urlencoded(std::string_view body);
  /** A multipart body with the boundary from its Content-Type; throws BadRequest. */
  static FormData parse_multipart(std::string_view body, std::string_view boundary);

  std::optional<std::string> get(std::string_view name) const;
  std::string value(std::string_view name) const { return get(name).value_or(""); }
  std::vector<std::string> all(std::string_view name) const;
  bool has(std::string_view name) const { return get(name).has_value(); }
  const UploadedFile* file(std::string_view name) const;
  const std::vector<std::pair<std::string, std::string>>& values() const { return values_; }
  const std::vector<UploadedFile>& files() const { return files_; }

 private:
  std::vector<std::pair<std::string, std::string>> values_;
  std::vector<UploadedFile> files_;
};

/** Where uploaded files are kept; names are relative paths with '/' separators. */
class Storage {
 public:
  virtual ~Storage() = default;
  /** Stores `file` under `folder` with a new unique name and returns that name. */
  virtual std::string save(const UploadedFile& file, std::string_view folder) = 0;
  /** The URL the stored file is served at. */
  virtual std::string url(std::string_view name) const = 0;
  /** Deletes a stored file; false when there was none. */
  virtual bool remove(std::string_view name) = 0;
};

/**
 * Files in a folder on this machine (written to a temp name, then renamed),
 * named "<folder>/<16 random hex>-<cleaned file name>".
 */
class LocalStorage : public Storage {
 public:
  LocalStorage(std::filesystem::path root, std::string base_url = "/media/");

  std::string save(const UploadedFile& file, std::string_view folder) override;
  std::string url(std::string_view name) const override;
  bool remove(std::string_view name) override;
  /** The file's path on disk; throws std::invalid_argument for a name that leaves the root ("../x"). */
  std::filesystem::path path(std::string_view name) const;

 private:
  std::filesystem::path root_;
  std::string base_url_;
};

}  // namespace cpprustango::forms
