// Reading and writing the user's files. Writes go to a temporary name in the
// same folder and are renamed over the target, so an interrupted or failed
// write never leaves a half-written file behind.
#pragma once

#include <filesystem>
#include <string>

namespace cpprustango::cli {

/** The whole file; throws CliError naming it when it cannot be read. */
std::string read_text(const std::filesystem::path& path);

/** Replaces (or creates) `path` with `text` atomically; creates missing parent folders. */
void write_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace cpprustango::cli
