// The paginator: one statement for the page (plus one row for has_next) and
// its count, which stops at count_limit, as the admin's list does.
#include "cpprustango/views/pagination.hpp"

#include <algorithm>
#include <charconv>

#include "http/web.hpp"

namespace cpprustango::views {
namespace {

std::optional<std::int64_t> parse_positive(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  std::int64_t number = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), number);
  if (ec != std::errc{} || end != text->data() + text->size() || number < 1) return std::nullopt;
  return number;
}

/** The request's query string with `page` set to `number` (other parameters kept). */
std::string page_url(const http::Request& request, std::int64_t number) {
  std::vector<std::pair<std::string, std::string>> pairs;
  const auto query = http::detail::Form::parse(request.query_string());
  for (const auto& [key, value] : query.entries()) {
    if (key != "page") pairs.emplace_back(key, value);
  }
  if (number > 1) pairs.emplace_back("page", std::to_string(number));
  const std::string encoded = http::detail::query_string(pairs);
  return request.path() + (encoded.empty() ? "" : "?" + encoded);
}

}  // namespace

PageRequest page_request(const http::Request& request, std::int64_t per_page, std::int64_t max_per_page,
                         std::int64_t count_limit) {
  PageRequest out;
  out.count_limit = count_limit;
  const auto page = request.query("page");
  out.number = page ? parse_positive(page).value_or(0) : 1;
  out.per_page = std::clamp<std::int64_t>(parse_positive(request.query("per_page")).value_or(per_page), 1,
                                          std::max<std::int64_t>(1, max_per_page));
  return out;
}

Page paginate(const orm::TableQuery& query, orm::Executor db, const PageRequest& request) {
  Page page;
  page.number = std::max<std::int64_t>(1, request.number);
  page.per_page = std::max<std::int64_t>(1, request.per_page);
  auto counted = query.offset((page.number - 1) * page.per_page)
                     .limit(page.per_page + 1)
                     .fetch_counted(db, request.count_limit);
  page.rows = std::move(counted.rows);
  page.has_next = static_cast<std::int64_t>(page.rows.size()) > page.per_page;
  if (page.has_next) page.rows.pop_back();
  page.has_previous = page.number > 1;
  page.count_capped = counted.count > request.count_limit;
  page.count = std::min(counted.count, request.count_limit);
  page.num_pages = std::max<std::int64_t>(1, (page.count + page.per_page - 1) / page.per_page);
  return page;
}

render::Context page_context(const Page& page, const http::Request& request) {
  render::Context ctx;
  ctx.set("number", std::to_string(page.number));
  ctx.set("per_page", std::to_string(page.per_page));
  ctx.set("count", std::to_string(page.count) + (page.count_capped ? "+" : ""));
  ctx.set("count_capped", page.count_capped);
  ctx.set("num_pages", std::to_string(page.num_pages) + (page.count_capped ? "+" : ""));
  ctx.set("has_next", page.has_next);
  ctx.set("has_previous", page.has_previous);
  ctx.set("has_other_pages", page.has_next || page.has_previous);
  if (page.has_next) ctx.set("next_url", page_url(request, page.number + 1));
  if (page.has_previous) ctx.set("previous_url", page_url(request, page.number - 1));
  // Up to two pages either side, plus the first and the last (when the count is exact).
  std::vector<std::int64_t> numbers;
  const std::int64_t last = page.has_next ? std::max(page.num_pages, page.number + 1) : page.number;
  for (std::int64_t n = std::max<std::int64_t>(1, page.number - 2); n <= std::min(last, page.number + 2); ++n) {
    numbers.push_back(n);
  }
  if (numbers.front() != 1) numbers.insert(numbers.begin(), 1);
  if (!page.count_capped && numbers.back() != last) numbers.push_back(last);
  std::vector<render::Context> links;
  for (const auto n : numbers) {
    links.push_back(render::Context()
                        .set("number", std::to_string(n))
                        .set("url", page_url(request, n))
                        .set("current", n == page.number));
  }
  ctx.set("links", std::move(links));
  return ctx;
}

}  // namespace cpprustango::views
