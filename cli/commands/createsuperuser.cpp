// `cpprustango createsuperuser`: creates an admin user in the project's
// database without compiling the project. Interactive on a terminal (hidden
// password typed twice, strength checked); scriptable with --username,
// --email and --password-stdin or --generate; --no-input never asks.
#include <CLI/CLI.hpp>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "commands/commands.hpp"
#include "cpprustango/auth/passwords.hpp"
#include "cpprustango/auth/users.hpp"
#include "cpprustango/db/database.hpp"
#include "support/auth_database.hpp"
#include "support/console.hpp"
#include "support/errors.hpp"

namespace cpprustango::cli {
namespace {

std::string ask(const std::string& prompt) {
  std::cerr << prompt << std::flush;
  std::string line;
  if (!std::getline(std::cin, line)) throw CliError("input ended before a value was given");
  return line;
}

/** Reads a line with the terminal's echo off, so the password never shows. */
std::string ask_hidden(const std::string& prompt) {
  termios saved{};
  const bool tty = ::tcgetattr(STDIN_FILENO, &saved) == 0;
  if (tty) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::cerr << prompt << std::flush;
  std::string line;
  const bool ok = static_cast<bool>(std::getline(std::cin, line));
  if (tty) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  std::cerr << "\n";
  if (!ok) throw CliError("input ended before a password was given");
  return line;
}

std::string prompt_password(const std::string& username) {
  while (true) {
    std::string password = ask_hidden("Password: ");
    if (ask_hidden("Password (again): ") != password) {
      console::error("the passwords do not match; try again");
      continue;
    }
    if (password.empty()) {
      console::error("a blank password is not allowed; try again");
      continue;
    }
    if (auto problem = auth::password_problem(password, username)) {
      console::warning(*problem);
      const std::string answer = ask("Bypass password validation and create the user anyway? [y/N]: ");
      if (answer != "y" && answer != "Y" && answer != "yes") continue;
    }
    return password;
  }
}

}  // namespace

std::shared_ptr<CreatesuperuserOptions> setup_createsuperuser(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<CreatesuperuserOptions>();
  auto* cmd = app.add_subcommand("createsuperuser", "Create an admin user who has every permission");
  cmd->add_option("--username", options->username, "The new user's name (letters, digits and @.+-_)");
  cmd->add_option("--email", options->email, "The new user's e-mail address (optional)");
  auto* from_stdin =
      cmd->add_flag("--password-stdin", options->password_stdin, "Read the password from the first line of stdin");
  cmd->add_flag("--generate", options->generate, "Generate a strong password and print it once")
      ->excludes(from_stdin);
  cmd->add_flag("--no-input", options->no_input, "Never prompt; fail naming what is missing");
  cmd->add_option("--database", options->database, "Database URL (default: DATABASE_URL, then config database.url)")
      ->type_name("URL");
  cmd->callback([options, &invocation] {
    invocation.action = [options, &invocation] { return run_createsuperuser(*options, invocation.global); };
  });
  return options;
}

int run_createsuperuser(const CreatesuperuserOptions& options, const GlobalOptions& global) {
  const bool interactive =
      !options.no_input && ::isatty(STDIN_FILENO) != 0 && !options.password_stdin && !options.password;
  if (!interactive) {
    std::vector<std::string> missing;
    if (options.username.empty()) missing.emplace_back("--username");
    if (!options.password_stdin && !options.generate && !options.password) missing.emplace_back("--password-stdin or --generate");
    if (!missing.empty()) {
      std::string list;
      for (const auto& item : missing) list += (list.empty() ? "" : " and ") + item;
      throw UsageError("createsuperuser needs " + list + " when it cannot prompt (no terminal, or --no-input)");
    }
  }

  db::Database database = open_auth_database(options.database, global);

  std::string username = options.username;
  while (username.empty() || !auth::valid_username(username)) {
    if (!username.empty() && !interactive) break;  // create_user names the problem
    if (!username.empty()) console::error("use 1 to 150 letters, digits and @ . + - _ characters");
    username = ask("Username: ");
  }
  std::string email = options.email;
  if (email.empty() && interactive && options.username.empty()) email = ask("Email address (optional): ");

  std::string password;
  if (options.generate) {
    password = auth::generate_password();
  } else if (options.password_stdin || options.password) {
    if (options.password) {
      password = *options.password;
    } else if (!std::getline(std::cin, password) || password.empty()) {
      throw CliError("--password-stdin read no password: pipe it in, e.g. echo \"$PASSWORD\" | cpprustango createsuperuser ...");
    }
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (auto problem = auth::password_problem(password, username)) {
      throw CliError(*problem + "; choose a stronger password (or use --generate)");
    }
  } else {
    password = prompt_password(username);
  }

  try {
    auth::create_user(database, {.username = username, .email = email, .password = password, .superuser = true,
                                 .staff = true});
  } catch (const auth::UserError& e) {
    throw CliError(e.what());
  }
  console::success("Superuser " + username + " created.");
  if (options.generate) {
    // The only time the password exists in clear text: printed once, never stored.
    std::cout << "Password: " << password << "\n(shown once: store it now)\n";
  }
  return 0;
}

}  // namespace cpprustango::cli
