// The blog app: the Post pages of the blog app (cpprustango make:crud):
// list, detail, create, edit and delete under /blog/posts/.
#pragma once

#include <cpprustango/app.hpp>

namespace blog {

/**
 * Declares, on `app`:
 *   GET       /blog/posts/              the list (?page=, ?q=, ?ordering=)
 *   GET       /blog/posts/<pk>/         one Post
 *   GET/POST  /blog/posts/new/          the create form
 *   GET/POST  /blog/posts/<pk>/edit/    the edit form
 *   GET/POST  /blog/posts/<pk>/delete/  the delete confirmation
 */
void add_posts_pages(cpprustango::App& app);

}  // namespace blog
