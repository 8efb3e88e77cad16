// The wizard's generator steps inside a project (wizard/next_steps.cpp's
// menu): each asks what the verb's arguments say, checks every answer with
// the generator's own planning, echoes the command and runs the verb.
#pragma once

#include "commands/commands.hpp"
#include "prompt/prompts.hpp"
#include "support/project.hpp"

namespace cpprustango::cli::wizard {

/** make:view: where (the project or an app), the name, the URL, whether it renders a template. */
void add_view(prompt::Prompter& prompter, const Project& project, const GlobalOptions& global);
/** make:crud: the app, the model, whether writing takes a logged-in user. */
void add_crud(prompt::Prompter& prompter, const Project& project, const GlobalOptions& global);
/** make:form: a model form (app, model) or a plain one field by field, and its name. */
void add_form(prompt::Prompter& prompter, const Project& project, const GlobalOptions& global);
/** make:serializer (when wanted) then make:viewset for a model of an app. */
void add_api(prompt::Prompter& prompter, const Project& project, const GlobalOptions& global);

}  // namespace cpprustango::cli::wizard
