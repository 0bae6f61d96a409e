#include "depeche/core/unicode.h"

#include <gtest/gtest.h>

namespace depeche {
namespace {

TEST(Unicode, MatchKeyFoldsCaseAccentsApostrophesAndSpaces) {
  EXPECT_EQ(MatchKey("L’Élysée"), "l'elysee");
  EXPECT_EQ(MatchKey("OTAN"), "otan");
  EXPECT_EQ(MatchKey("Al‑Sarraj"), "al-sarraj");
  EXPECT_EQ(MatchKey("Chef  d\u00a0état"), "chef d etat");
  EXPECT_EQ(MatchKey("Œuvre"), "oeuvre");
}

TEST(Unicode, Validation) {
  EXPECT_TRUE(IsValidUtf8("Libye, été"));
  EXPECT_FALSE(IsValidUtf8("\xC3\x28"));
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

TEST(Unicode, Windows1252) {
  EXPECT_EQ(Windows1252ToUtf8("caf\xE9 \x93x\x94"), "café “x”");
}

}  // namespace
}  // namespace depeche
