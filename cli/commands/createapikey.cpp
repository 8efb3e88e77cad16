// `cpprustango createapikey USER [--name N] [--expires DAYS]`: a new API key
// for the REST plugin, printed once on stdout; only its SHA-256 hash is
// stored (auth.ApiKey), so a lost key is revoked in the admin and replaced.
#include <CLI/CLI.hpp>

#include <iostream>

#include "commands/commands.hpp"
#include "cpprustango/auth/credentials.hpp"
#include "cpprustango/auth/users.hpp"
#include "cpprustango/orm/validation.hpp"
#include "support/auth_database.hpp"
#include "support/errors.hpp"

namespace cpprustango::cli {

std::shared_ptr<CreateapikeyOptions> setup_createapikey(CLI::App& app, Invocation& invocation) {
  auto options = std::make_shared<CreateapikeyOptions>();
  auto* cmd = app.add_subcommand("createapikey", "Create an API key for a user (printed once; only its hash is stored)");
  cmd->add_option("user", options->username, "The user the key acts as")->required();
  cmd->add_option("--name", options->name, "What the key is for, shown in the admin");
  cmd->add_option("--expires", options->expires_days, "Days until the key stops working (default: never)")
      ->type_name("DAYS")
      ->check(CLI::Range(1, 36500));
  cmd->add_option("--database", options->database, "Database URL (default: DATABASE_URL, then config database.url)")
      ->type_name("URL");
  cmd->callback([options, &invocation] {
    invocation.action = [options, &invocation] { return run_createapikey(*options, invocation.global); };
  });
  return options;
}

int run_createapikey(const CreateapikeyOptions& options, const GlobalOptions& global) {
  db::Database database = open_auth_database(options.database, global);
  auth::IssuedApiKey issued;
  try {
    const auto expires = options.expires_days ? std::optional(std::chrono::days(*options.expires_days)) : std::nullopt;
    issued = auth::create_api_key(database, options.username, options.name, expires);
  } catch (const auth::UserError& e) {
    throw CliError(std::string(e.what()) + "; create the user first (cpprustango createsuperuser, or the admin)");
  } catch (const orm::ValidationError& e) {
    throw CliError(std::string("cannot create the key: ") + e.what());
  }
  // The only time the key exists in clear text: alone on stdout, so `KEY=$(cpprustango createapikey ann)`
  // captures just the key; what it is and how to send it go to stderr.
  std::cerr << "API key " << issued.prefix << " created for " << options.username
            << (options.expires_days ? ", valid for " + std::to_string(*options.expires_days) + " days" : std::string())
            << ". Send it as 'Authorization: Api-Key <key>'; it is shown once: store it now.\n";
  std::cout << issued.key << std::endl;
  return 0;
}

}  // namespace cpprustango::cli
