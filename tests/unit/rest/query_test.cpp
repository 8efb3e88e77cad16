// A viewset's list parameters through App::handle on both databases:
// whitelisted filters with Django lookups, search, ordering, every refusal
// (injection-looking values included), page-number pagination with its
// capped count, and cursor pagination (a walk over 10,000 rows while rows
// are being inserted sees each row once).
#include <gmock/gmock.h>

#include <atomic>
#include <set>
#include <thread>

#include "rest_fixture.hpp"

namespace rest_test {
namespace {

using ::testing::HasSubstr;

class Lists : public RestTest {
 protected:
  void SetUp() override {
    RestTest::SetUp();
    books = insert("Category", {{"name", "Books"}});
    toys = insert("Category", {{"name", "Toys"}});
    product("Atlas", "30.00", 5, books);
    product("Kite", "12.50", 0, toys);
    product("Novel", "9.99", 2, books);
    product("Yo-yo", "2.00", 9, toys);
    product("Zine", "2.00", 1);
  }
  void mount_filtered(rest::Pagination pagination = rest::PageNumberPagination{}) {
    rest::FilterSet filters;
    filters.field("price", {"exact", "gte", "lte", "in", "range"})
        .field("stock", {"exact", "gt"})
        .field("category", {"exact", "isnull"})
        .field("category__name", {"icontains", "exact"})
        .field("released", {"exact", "isnull"})
        .search({"name", "category__name"})
        .ordering({"price", "name", "stock"});
    rest::Router router;
    router.add(rest::ViewSet(model("Product"), &resolve).filters(filters).pagination(std::move(pagination)));
    mount(router);
  }
  std::vector<std::string> names(const std::string& target) {
    const auto response = get(target);
    EXPECT_EQ(response.status(), 200) << target << ": " << response.body();
    EXPECT_TRUE(body(response).contains("results")) << target << ": " << response.body();
    std::vector<std::string> out;
    const json page = body(response);
    for (const auto& row : page["results"]) out.push_back(row["name"].get<std::string>());
    return out;
  }
  /** The problem a refused list request gives; checks it is a 400 problem. */
  json refused(const std::string& target) {
    const auto response = get(target);
    EXPECT_EQ(response.status(), 400) << target << ": " << response.body();
    EXPECT_EQ(response.headers().get("Content-Type").value_or(""), "application/problem+json") << target;
    return body(response);
  }

  std::int64_t books = 0;
  std::int64_t toys = 0;
};

using Names = std::vector<std::string>;

TEST_P(Lists, DeclaredFiltersWithDjangoLookups) {
  mount_filtered();
  EXPECT_EQ(names("/api/shop/products/"), (Names{"Atlas", "Kite", "Novel", "Yo-yo", "Zine"}));
  EXPECT_EQ(names("/api/shop/products/?price=2.00"), (Names{"Yo-yo", "Zine"}));
  EXPECT_EQ(names("/api/shop/products/?price__gte=10&price__lte=20"), (Names{"Kite"}));
  EXPECT_EQ(names("/api/shop/products/?price__in=9.99,30.00"), (Names{"Atlas", "Novel"}));
  EXPECT_EQ(names("/api/shop/products/?price__range=2,10"), (Names{"Novel", "Yo-yo", "Zine"}));
  EXPECT_EQ(names("/api/shop/products/?stock__gt=1"), (Names{"Atlas", "Novel", "Yo-yo"}));
  EXPECT_EQ(names("/api/shop/products/?category=" + std::to_string(toys)), (Names{"Kite", "Yo-yo"}));
  EXPECT_EQ(names("/api/shop/products/?category__isnull=true"), (Names{"Zine"}));
  EXPECT_EQ(names("/api/shop/products/?category__name__icontains=BOO"), (Names{"Atlas", "Novel"}));
  EXPECT_EQ(names("/api/shop/products/?category__name=Toys&stock__gt=5"), (Names{"Yo-yo"}));
}

TEST_P(Lists, UndeclaredParametersLookupsAndBadValuesAre400) {
  mount_filtered();
  EXPECT_THAT(refused("/api/shop/products/?name=Kite")["detail"].get<std::string>(), HasSubstr("name"));
  refused("/api/shop/products/?price__gt=3");        // lookup not declared for price
  refused("/api/shop/products/?stock__regex=.*");     // not a lookup at all
  refused("/api/shop/products/?secret=x");            // a @noform field
  refused("/api/shop/products/?category__id__gt=0");  // a path not declared
  EXPECT_TRUE(refused("/api/shop/products/?stock=many")["errors"].contains("stock"));
  EXPECT_TRUE(refused("/api/shop/products/?price=1e5")["errors"].contains("price"));
  EXPECT_TRUE(refused("/api/shop/products/?category__isnull=maybe")["errors"].contains("category__isnull"));
  EXPECT_TRUE(refused("/api/shop/products/?released=yesterday")["errors"].contains("released"));
  refused("/api/shop/products/?price__range=1");
}

TEST_P(Lists, InjectionLookingValuesAreRefusedOrBoundNeverSql) {
  mount_filtered();
  // Identifiers from the request are checked against the whitelist: 400, and the table is still there.
  refused("/api/shop/products/?ordering=name;DROP%20TABLE%20shop_product");
  refused("/api/shop/products/?ordering=(SELECT%201)");
  refused("/api/shop/products/?ordering=name%20DESC");
  refused("/api/shop/products/?ordering=-secret");
  refused("/api/shop/products/?name%27%20OR%201=1--=x");
  refused("/api/shop/products/?stock=1%20OR%201=1");
  // Values are bound: a quote is just a character of the text searched for.
  EXPECT_TRUE(names("/api/shop/products/?category__name__icontains=%27%20OR%20%271%27=%271").empty());
  EXPECT_TRUE(names("/api/shop/products/?search=%25%27%20OR%201=1%20--").empty());
  EXPECT_TRUE(names("/api/shop/products/?search=%25").empty());  // % is literal, not a wildcard
  EXPECT_EQ(count("shop_product"), 5);
}

TEST_P(Lists, SearchEveryWordOverDeclaredFields) {
  mount_filtered();
  EXPECT_EQ(names("/api/shop/products/?search=kite"), (Names{"Kite"}));
  EXPECT_EQ(names("/api/shop/products/?search=books"), (Names{"Atlas", "Novel"}));
  EXPECT_EQ(names("/api/shop/products/?search=books%20nov"), (Names{"Novel"}));
  EXPECT_EQ(names("/api/shop/products/?search=&price=2.00"), (Names{"Yo-yo", "Zine"}));
  refused("/api/shop/products/?search=" + std::string(201, 'a'));
}

TEST_P(Lists, OrderingOverDeclaredFields) {
  mount_filtered();
  EXPECT_EQ(names("/api/shop/products/?ordering=-price,name"), (Names{"Atlas", "Kite", "Novel", "Yo-yo", "Zine"}));
  EXPECT_EQ(names("/api/shop/products/?ordering=price,-name"), (Names{"Zine", "Yo-yo", "Novel", "Kite", "Atlas"}));
  EXPECT_EQ(names("/api/shop/products/?ordering=-stock"), (Names{"Yo-yo", "Atlas", "Novel", "Zine", "Kite"}));
  EXPECT_THAT(refused("/api/shop/products/?ordering=created")["detail"].get<std::string>(), HasSubstr("price, name, stock"));
}

TEST_P(Lists, PageNumbersWithLinksAndACappedPageSize) {
  mount_filtered(rest::PageNumberPagination{.page_size = 2, .max_page_size = 3});
  json first = body(get("/api/shop/products/?ordering=name"));
  EXPECT_EQ(first["count"], 5);
  EXPECT_EQ(first["results"].size(), 2u);
  EXPECT_EQ(first["previous"], nullptr);
  EXPECT_EQ(first["next"], "/api/shop/products/?ordering=name&page=2");
  json second = body(get(first["next"].get<std::string>()));
  EXPECT_EQ(second["results"][0]["name"], "Novel");
  EXPECT_EQ(second["previous"], "/api/shop/products/?ordering=name");
  json third = body(get(second["next"].get<std::string>()));
  EXPECT_EQ(third["results"].size(), 1u);
  EXPECT_EQ(third["next"], nullptr);
  EXPECT_EQ(body(get("/api/shop/products/?page_size=100"))["results"].size(), 3u);  // capped at max_page_size
  EXPECT_EQ(get("/api/shop/products/?page=4").status(), 404);
  EXPECT_EQ(get("/api/shop/products/?page=0").status(), 404);
  EXPECT_EQ(get("/api/shop/products/?page=x").status(), 404);
  refused("/api/shop/products/?page_size=-1");
}

TEST_P(Lists, TheCountStopsAtTheLimit) {
  mount_filtered(rest::PageNumberPagination{.page_size = 2, .count_limit = 3});
  const json page = body(get("/api/shop/products/"));
  EXPECT_EQ(page["count"], 3);
  EXPECT_EQ(page["count_capped"], true);
  EXPECT_FALSE(body(get("/api/shop/products/?price=2.00")).contains("count_capped"));
}

TEST_P(Lists, EveryPageCarriesItsCountInItsOwnStatement) {
  mount_filtered(rest::PageNumberPagination{.page_size = 2, .count_limit = 4});
  auto statements = [&](const std::string& target, json& page) {
    const auto before = db().pool_status().statements;
    page = body(get(target));
    return db().pool_status().statements - before;
  };
  json full;
  json last;
  const auto with_count = statements("/api/shop/products/?ordering=name", full);
  const auto without = statements("/api/shop/products/?ordering=name&page=3", last);
  EXPECT_EQ(with_count, without) << "a full page costs no COUNT statement of its own";
  EXPECT_EQ(full["count"], 4);  // 5 rows, capped at 4 either way
  EXPECT_EQ(last["count"], 4);
  EXPECT_EQ(last["count_capped"], true);
  EXPECT_EQ(last["results"].size(), 1u);
  json one;
  statements("/api/shop/products/?price=2.00", one);
  EXPECT_EQ(one["count"], one["results"].size());
  EXPECT_FALSE(one.contains("count_capped"));
}

TEST_P(Lists, CursorPagesForwardAndBackWithoutCount) {
  mount_filtered(rest::CursorPagination{.page_size = 2, .ordering = "-stock"});
  json first = body(get("/api/shop/products/"));
  EXPECT_FALSE(first.contains("count"));
  EXPECT_EQ(first["previous"], nullptr);
  std::vector<std::string> seen;
  json page = first;
  for (int i = 0; i < 5 && !page["results"].empty(); ++i) {
    for (const auto& row : page["results"]) seen.push_back(row["name"]);
    if (page["next"].is_null()) break;
    page = body(get(page["next"].get<std::string>()));
  }
  EXPECT_EQ(seen, (Names{"Yo-yo", "Atlas", "Novel", "Zine", "Kite"}));
  // Back from the last page.
  ASSERT_FALSE(page["previous"].is_null());
  json back = body(get(page["previous"].get<std::string>()));
  EXPECT_EQ(back["results"][0]["name"], "Novel");
  EXPECT_EQ(back["results"][1]["name"], "Zine");
  json start = body(get(back["previous"].get<std::string>()));
  EXPECT_EQ(start["results"][0]["name"], "Yo-yo");
  EXPECT_EQ(start["previous"], nullptr);

  refused("/api/shop/products/?cursor=not-a-cursor");
  refused("/api/shop/products/?cursor=eyJwIjpbMV0sInIiOmZhbHNlfQ");  // {"p":[1],"r":false}
  refused("/api/shop/products/?ordering=name");
  EXPECT_EQ(names("/api/shop/products/?price=2.00"), (Names{"Yo-yo", "Zine"}));  // filters still apply
}

TEST_P(Lists, ACursorWalkOverTenThousandRowsWithConcurrentInsertsSeesEachRowOnce) {
  rest::Router router;
  router.add(rest::ViewSet(model("Product"), &resolve)
                 .serializer(rest::Serializer(model("Product"), &resolve).only({"id", "stock"}))
                 .pagination(rest::CursorPagination{.page_size = 250, .max_page_size = 500, .ordering = "stock"}));
  mount(router);
  {
    auto conn = db().acquire();
    auto tx = conn.begin();
    const std::string sql = pg() ? "INSERT INTO shop_product (name, price, stock, active, created, code, status) "
                                   "SELECT 'p' || n, '1.00', (n * 7919) % 1000, true, now(), gen_random_uuid(), 'draft' "
                                   "FROM generate_series(1, 9995) AS n"
                                 : "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 9995) "
                                   "INSERT INTO shop_product (name, price, stock, active, created, code, status) "
                                   "SELECT 'p' || n, '1.00', (n * 7919) % 1000, 1, '2026-01-01T00:00:00Z', "
                                   "lower(hex(randomblob(16))), 'draft' FROM s";
    conn.execute(sql);
    tx.commit();
  }
  std::set<std::int64_t> before;
  for (const auto& row : db().query("SELECT id FROM shop_product")) before.insert(db::as_int(row.at(0)));
  ASSERT_EQ(before.size(), 10000u);

  // Inserts land on both sides of the walk's position while it goes on.
  std::atomic<bool> done{false};
  std::atomic<int> inserted{0};
  std::thread writer([&] {
    for (int i = 0; !done && i < 400; ++i) {
      product("new" + std::to_string(i), "1.00", (i * 37) % 1000);
      ++inserted;
    }
  });
  std::vector<std::int64_t> seen;
  std::string next = "/api/shop/products/";
  int pages = 0;
  while (!next.empty() && pages < 200) {
    const auto response = get(next);
    ASSERT_EQ(response.status(), 200) << response.body();
    const json page = body(response);
    for (const auto& row : page["results"]) seen.push_back(row["id"].get<std::int64_t>());
    next = page["next"].is_null() ? "" : page["next"].get<std::string>();
    ++pages;
  }
  done = true;
  writer.join();
  EXPECT_GT(inserted.load(), 0);
  const std::set<std::int64_t> unique(seen.begin(), seen.end());
  EXPECT_EQ(unique.size(), seen.size()) << "a row came twice";
  for (std::int64_t id : before) ASSERT_TRUE(unique.contains(id)) << "row " << id << " was skipped";
}

INSTANTIATE_TEST_SUITE_P(Sqlite, Lists, ::testing::Values(test_support::Backend::Sqlite), backend_name);
INSTANTIATE_TEST_SUITE_P(Postgres, Lists, ::testing::Values(test_support::Backend::Postgres), backend_name);

}  // namespace
}  // namespace rest_test
