// The blog app: the Post pages, built from the generic views
// (docs/views.md) over the generated model; the form's fields and rules are
// in src/blog/forms/post_form.hpp, the pages in templates/blog/, the tests in tests/test_blog_posts_pages.cpp.
//
// Anyone may read the posts; writing, editing and deleting them takes a
// logged-in user (views::login_required sends others to /accounts/login/).
// For a permission given in the admin instead:
//   views::permission_required("blog.change_post", views::update_view(...))
#include "blog/posts_pages.hpp"

#include <cpprustango/views/access.hpp>
#include <cpprustango/views/generic.hpp>
#include <blog/models.hpp>

#include "blog/forms/post_form.hpp"

namespace blog {

void add_posts_pages(cpprustango::App& app) {
  namespace views = cpprustango::views;
  const auto table = views::table<Post>();
  const auto rules = [](const cpprustango::http::Request&, cpprustango::forms::ModelForm& form) {
    forms::add_post_form_rules(form);
  };
  app.get("/blog/posts/", views::list_view(app, table, {.template_name = "blog/post_list.html",
                                                          .ordering = {"id", "title", "body", "created_at"},
                                                          .default_ordering = {},
                                                          .search_fields = {"title", "body"}}),
          "blog_post_list");
  app.get("/blog/posts/<int:pk>/",
          views::detail_view(app, table, {.template_name = "blog/post_detail.html"}),
          "blog_post_detail");
  app.route(views::kGetPost, "/blog/posts/new/",
            views::login_required(views::create_view(app, table, {.template_name = "blog/post_form.html",
                                            .fields = forms::post_form_fields(),
                                            .success_url = "/blog/posts/{pk}/",
                                            .customize = rules})),
            "blog_post_create");
  app.route(views::kGetPost, "/blog/posts/<int:pk>/edit/",
            views::login_required(views::update_view(app, table, {.template_name = "blog/post_form.html",
                                            .fields = forms::post_form_fields(),
                                            .success_url = "/blog/posts/{pk}/",
                                            .customize = rules})),
            "blog_post_update");
  app.route(views::kGetPost, "/blog/posts/<int:pk>/delete/",
            views::login_required(views::delete_view(app, table, {.template_name = "blog/post_confirm_delete.html",
                                            .success_url = "/blog/posts/"})),
            "blog_post_delete");
}

}  // namespace blog
