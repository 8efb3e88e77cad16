// Who may do what. An Identity is the user an authenticator found; a
// Permission decides one request. Refusing an anonymous request is a 401,
// refusing a known user a 403. By default a viewset checks the auth module's
// model permissions (view for reads, add, change, delete), so nothing is open
// unless a viewset says so:
//
//   viewset.permission(rest::allow_any());                       // public
//   viewset.permission(rest::authenticated_or_read_only());
//   viewset.permission([](const rest::Access& a) { return a.user && a.user->username == "ann"; });
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>

#include "cpprustango/http/request.hpp"
#include "cpprustango/schema/spec.hpp"

namespace cpprustango::rest {

/** The actions of a viewset; Custom for the ones a viewset adds (action()). */
enum class Action { List, Create, Retrieve, Update, PartialUpdate, Destroy, Custom };

/** "list", "create", "retrieve", "update", "partial_update", "destroy", "custom". */
std::string_view action_name(Action action);

struct Identity {
  std::int64_t user_id = 0;
  std::string username;
  bool staff = false;
  bool superuser = false;
  std::set<std::string> permissions;  ///< codenames ("blog.view_post"), from the user and their groups
  std::string scheme;                 ///< how they proved it: "session", "apikey", "jwt"

  /** Superusers have every permission. */
  bool has(std::string_view codename) const;
};

/** One decision's inputs. `user` is nullptr for an anonymous request. */
struct Access {
  const http::Request& request;
  const Identity* user;
  Action action;
  const schema::ModelSpec& model;
};

using Permission = std::function<bool(const Access&)>;

Permission allow_any();
Permission authenticated();
/** Anyone may read (GET, HEAD, OPTIONS); writing needs a user. */
Permission authenticated_or_read_only();
Permission staff_only();
/**
 * The default: a user with the model's permission for the action (view for
 * list, retrieve and safe custom actions; add; change for updates and unsafe
 * custom actions; delete).
 */
Permission model_permissions();

/** "blog.view_post": the permission `action` on `model` needs (custom actions by `method`). */
std::string required_permission(const schema::ModelSpec& model, Action action, http::Method method);

}  // namespace cpprustango::rest
