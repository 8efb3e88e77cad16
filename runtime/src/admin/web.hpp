// The admin's web helpers are the runtime's shared ones (http/web.hpp):
// escaping, form bodies, query strings, cookies.
#pragma once

#include "http/web.hpp"

namespace cpprustango::admin::detail {

using http::detail::cookie;
using http::detail::escape;
using http::detail::Form;
using http::detail::html;
using http::detail::query_string;
using http::detail::safe_next;
using http::detail::set_cookie;
using http::url_encode;

}  // namespace cpprustango::admin::detail
