#include "depeche/core/string_map.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace depeche {
namespace {

TEST(StringMap, InsertFindAndStableReferences) {
  StringMap<std::vector<int>> m;
  std::vector<int>& first = m["alpha"];
  first.push_back(1);
  for (int i = 0; i < 10000; ++i) m["k" + std::to_string(i)].push_back(i);  // many rehashes
  EXPECT_EQ(&first, m.Find("alpha"));
  ASSERT_NE(m.Find(std::string_view("k1234")), nullptr);
  EXPECT_EQ(m.Find("k1234")->front(), 1234);
  EXPECT_EQ(m.Find("k10000"), nullptr);
  EXPECT_EQ(m.Find(""), nullptr);
  m[""].push_back(7);
  EXPECT_EQ(m.Find("")->front(), 7);
  EXPECT_EQ(m.size(), 10002u);
  size_t n = 0;
  for (auto& [k, v] : m) n += v.size();
  EXPECT_EQ(n, 10002u);
}

TEST(StringSet, Membership) {
  StringSet s;
  s.reserve(100);
  s.insert("le caire");
  s.insert("le caire");
  EXPECT_EQ(s.size(), 1u);
  EXPECT_TRUE(s.contains("le caire"));
  EXPECT_EQ(s.count("le"), 0u);
}

}  // namespace
}  // namespace depeche
