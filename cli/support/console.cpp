// Terminal output with verbosity and colour handling.
#include "support/console.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace cpprustango::cli::console {
namespace {

Verbosity g_verbosity = Verbosity::Normal;
ColorMode g_color = ColorMode::Auto;

bool wants_color(int fd) {
  switch (g_color) {
    case ColorMode::Always: return true;
    case ColorMode::Never: return false;
    case ColorMode::Auto: break;
  }
  if (std::getenv("NO_COLOR") != nullptr) return false;
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::string_view(term) == "dumb") return false;
  return ::isatty(fd) == 1;
}

std::string paint(int fd, std::string_view text, std::string_view code) {
  if (!wants_color(fd)) return std::string(text);
  return "\033[" + std::string(code) + "m" + std::string(text) + "\033[0m";
}

}  // namespace

void configure(Verbosity verbosity, ColorMode color) {
  g_verbosity = verbosity;
  g_color = color;
}

Verbosity verbosity() { return g_verbosity; }

void step(std::string_view message) {
  if (g_verbosity == Verbosity::Quiet) return;
  std::cout << paint(STDOUT_FILENO, "==> ", "1;34") << paint(STDOUT_FILENO, message, "1") << std::endl;
}

void info(std::string_view message) {
  if (g_verbosity == Verbosity::Quiet) return;
  std::cout << message << std::endl;
}

void detail(std::string_view message) {
  if (g_verbosity != Verbosity::Verbose) return;
  std::cout << paint(STDOUT_FILENO, message, "2") << std::endl;
}

void success(std::string_view message) {
  if (g_verbosity == Verbosity::Quiet) return;
  std::cout << paint(STDOUT_FILENO, message, "32") << std::endl;
}

void warning(std::string_view message) {
  std::cout.flush();
  std::cerr << paint(STDERR_FILENO, "warning: ", "1;33") << message << std::endl;
}

void error(std::string_view message) {
  std::cout.flush();
  std::cerr << paint(STDERR_FILENO, "error: ", "1;31") << message << std::endl;
}

bool color_on_stdout() { return wants_color(STDOUT_FILENO); }

std::string styled(std::string_view text, std::string_view ansi_code) {
  return paint(STDOUT_FILENO, text, ansi_code);
}

}  // namespace cpprustango::cli::console
