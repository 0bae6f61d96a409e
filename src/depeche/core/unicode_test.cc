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

// FoldCase and MatchKey answer ASCII and most Latin/Greek/Cyrillic text from a per-code-point
// table instead of utf8proc_map; these cases pin the places where the two could part.
TEST(Unicode, FoldingFastPathsAgreeWithFullNormalisation) {
  EXPECT_EQ(FoldCase("Straße ÉTÉ"), "strasse été");
  EXPECT_EQ(FoldCase("e\u0301t\u00e9"), "\u00e9t\u00e9");  // combining acute composes
  EXPECT_EQ(MatchKey("e\u0301t\u00e9"), "ete");
  EXPECT_EQ(FoldCase("ΣΊΣΥΦΟΣ"), "σίσυφοσ");
  EXPECT_EQ(MatchKey("ΣΊΣΥΦΟΣ"), "σισυφοσ");
  EXPECT_EQ(MatchKey("Москва"), "москва");
  EXPECT_EQ(MatchKey("  Tab\tand`quote  "), "tab and'quote");
  EXPECT_EQ(MatchKey("Ægypt\u2009–\u00a0Kairo"), "aegypt - kairo");
  EXPECT_EQ(FoldCase("\xC3(ABC"), "\xC3(abc");  // invalid UTF-8: ASCII folded only
  EXPECT_EQ(MatchKey(""), "");
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
