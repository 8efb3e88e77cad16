// The light handles the generated headers rely on instead of <memory> and
// <functional>: detail::SharedObject (behind Related and Prefetched) and
// ModelResolver.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cpprustango/orm/queryset.hpp"

namespace cpprustango::orm {
namespace {

/** Counts live instances, so the tests see when the shared object is deleted. */
struct Counted {
  static inline int alive = 0;
  std::string text;
  explicit Counted(std::string t) : text(std::move(t)) { ++alive; }
  Counted(const Counted& other) : text(other.text) { ++alive; }
  Counted(Counted&& other) noexcept : text(std::move(other.text)) { ++alive; }
  ~Counted() { --alive; }
};

TEST(SharedObject, CopiesShareOneObjectDeletedWithTheLastOwner) {
  Counted::alive = 0;
  {
    detail::SharedObject first = detail::SharedObject::make(Counted("a"));
    EXPECT_EQ(Counted::alive, 1);
    detail::SharedObject copy = first;
    EXPECT_EQ(copy.get(), first.get());
    detail::SharedObject moved = std::move(first);
    EXPECT_EQ(first.get(), nullptr);
    EXPECT_EQ(moved.get(), copy.get());
    copy.reset();
    EXPECT_EQ(copy.get(), nullptr);
    EXPECT_EQ(Counted::alive, 1) << "one owner left";
    moved = detail::SharedObject::make(Counted("b"));
    EXPECT_EQ(Counted::alive, 1) << "assigning over the last owner deletes the old object";
    EXPECT_EQ(static_cast<Counted*>(moved.get())->text, "b");
    moved = moved;  // NOLINT: self-assignment keeps the object
    EXPECT_EQ(static_cast<Counted*>(moved.get())->text, "b");
  }
  EXPECT_EQ(Counted::alive, 0);
}

TEST(Related, CopiesSeeTheSameObjectAndItsChanges) {
  Related<Counted> related;
  EXPECT_FALSE(related);
  related.set(Counted("Ada"));
  const Related<Counted> copy = related;
  related.modify().text = "Grace";
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->text, "Grace");
  related.reset();
  EXPECT_FALSE(related);
  EXPECT_EQ((*copy).text, "Grace");
}

TEST(Prefetched, ThrowsUntilSetThenListsTheRows) {
  Prefetched<int> slot("Author.posts");
  EXPECT_FALSE(slot.fetched());
  EXPECT_THROW((void)slot.size(), QueryError);
  slot.set({1, 2, 3});
  const Prefetched<int> copy = slot;
  ASSERT_TRUE(copy.fetched());
  EXPECT_EQ(copy.size(), 3u);
  EXPECT_EQ(copy[2], 3);
  int sum = 0;
  for (int value : copy) sum += value;
  EXPECT_EQ(sum, 6);
}

const schema::ModelSpec kAuthor{.app = "blog", .name = "Author"};

const schema::ModelSpec* find_author(const schema::FieldSpec& field) {
  return field.ref_model == "Author" ? &kAuthor : nullptr;
}

TEST(ModelResolver, CallsAFunctionALambdaOrAFunctionWithItsContext) {
  const schema::FieldSpec ref{.name = "author", .ref_app = "blog", .ref_model = "Author"};
  const ModelResolver empty;
  EXPECT_FALSE(empty);
  EXPECT_EQ(empty(ref), nullptr) << "an empty resolver finds nothing";
  const ModelResolver function = &find_author;
  EXPECT_EQ(function(ref), &kAuthor);
  const ModelResolver lambda = [](const schema::FieldSpec& field) { return find_author(field); };
  EXPECT_EQ(lambda(ref), &kAuthor);
  const std::vector<const schema::ModelSpec*> models{&kAuthor};
  const ModelResolver with_context{&models, [](const void* context, const schema::FieldSpec&) {
                                     return static_cast<const std::vector<const schema::ModelSpec*>*>(context)->front();
                                   }};
  ASSERT_TRUE(with_context);
  EXPECT_EQ(with_context(ref), &kAuthor);
}

}  // namespace
}  // namespace cpprustango::orm
