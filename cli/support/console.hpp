// Terminal output for the CLI: progress on stdout, errors and warnings on
// stderr, colour only where it helps (a TTY, unless --color or NO_COLOR says no).
#pragma once

#include <string>
#include <string_view>

namespace cpprustango::cli::console {

enum class Verbosity { Quiet = -1, Normal = 0, Verbose = 1 };
enum class ColorMode { Auto, Always, Never };

void configure(Verbosity verbosity, ColorMode color);
Verbosity verbosity();

/** A progress step: "==> Building mysite". Hidden by --quiet. */
void step(std::string_view message);
/** Ordinary output. Hidden by --quiet. */
void info(std::string_view message);
/** Detail shown only with --verbose. */
void detail(std::string_view message);
/** A success line, green on a TTY. Hidden by --quiet. */
void success(std::string_view message);
void warning(std::string_view message);
/** "error: <message>" on stderr; never hidden. */
void error(std::string_view message);

/** True when stdout gets colour (a TTY, or --color always, and no NO_COLOR). */
bool color_on_stdout();

/** Wraps text in an ANSI style (e.g. "1" bold, "32" green) when stdout gets colour. */
std::string styled(std::string_view text, std::string_view ansi_code);

}  // namespace cpprustango::cli::console
