// Tests for MinHash/LSH near-duplicate detection and the occasion matching rules.
#include <gtest/gtest.h>

#include <algorithm>

#include "depeche/dedup/minhash.h"
#include "depeche/dedup/occasion.h"

namespace depeche::dedup {
namespace {

const char kStory[] =
    "Le président turc a rencontré mardi le Premier ministre grec à Ankara pour évoquer les "
    "tensions en Méditerranée orientale. Les deux dirigeants se sont entretenus pendant deux "
    "heures, selon un communiqué de la présidence, et ont promis de reprendre le dialogue sur "
    "la délimitation des zones maritimes avant la fin de l'année.";

TEST(MinHashTest, DeterministicAndFolded) {
  MinHashParams p;
  EXPECT_EQ(MinHash(kStory, p), MinHash(kStory, p));
  EXPECT_EQ(MinHash("Le Président TURC", p), MinHash("le president turc", p));
  EXPECT_EQ(Words("L’Élysée, mardi!"), (std::vector<std::string>{"l", "elysee", "mardi"}));
}

TEST(MinHashTest, NearDuplicatesScoreHighAndShareABand) {
  MinHashParams p;
  const std::string copy = std::string(kStory) + " Publié le 10 mars.";
  const auto a = MinHash(kStory, p), b = MinHash(copy, p);
  EXPECT_GT(EstimatedJaccard(a, b), 0.7);
  const auto ka = BandKeys(a, p), kb = BandKeys(b, p);
  size_t shared = 0;
  for (int64_t k : ka) shared += std::count(kb.begin(), kb.end(), k);
  EXPECT_GT(shared, 0u);
  const auto other = MinHash(
      "Des frappes aériennes ont visé dimanche des positions rebelles dans le nord du pays, "
      "a annoncé l'armée, qui fait état de plusieurs destructions de véhicules.",
      p);
  EXPECT_LT(EstimatedJaccard(a, other), 0.2);
}

TEST(MinHashTest, EmptyTextMatchesNothing) {
  MinHashParams p;
  const auto e = MinHash("", p);
  EXPECT_EQ(EstimatedJaccard(e, e), 0);
  EXPECT_TRUE(BandKeys(e, p).empty());
  EXPECT_EQ(DecodeSignature(EncodeSignature(MinHash(kStory, p))), MinHash(kStory, p));
}

TEST(OccasionRulesTest, DatesPlacesModes) {
  EXPECT_TRUE(DatesCompatible("2021-03-09", "2021-03-10", 1));
  EXPECT_FALSE(DatesCompatible("2021-03-09", "2021-03-11", 1));
  EXPECT_TRUE(DatesCompatible("2021-03-09", "2021-03-11", 2));
  EXPECT_TRUE(DatesCompatible("2021-03", "2021-03-11", 1));
  EXPECT_FALSE(DatesCompatible("2021-04", "2021-03-11", 1));
  EXPECT_TRUE(DatesCompatible("", "2021-03-11", 1));
  EXPECT_TRUE(PlacesCompatible("TUR", ""));
  EXPECT_FALSE(PlacesCompatible("TUR", "GRC"));
  EXPECT_TRUE(ModesCompatible("visit", ""));
  EXPECT_FALSE(ModesCompatible("visit", "phone"));
  EXPECT_EQ(MatchDay("", "2021-03-10T08:00:00Z"), MatchDay("2021-03-10", ""));
  EXPECT_FALSE(MatchDay("2021-03", "").has_value());
}

TEST(OccasionRulesTest, PloverScoresAndSymmetry) {
  EXPECT_EQ(*PloverIntensity("AID"), 10);
  EXPECT_EQ(*PloverIntensity("ASSAULT"), -9);
  EXPECT_EQ(*PloverIntensity("ASSAULT", "unconventional"), -10);
  EXPECT_EQ(*PloverIntensity("CONSULT"), 2.5);
  EXPECT_EQ(*PloverIntensity("MOBILIZE"), -5.5);
  EXPECT_FALSE(PloverIntensity("FIGHT").has_value());
  EXPECT_TRUE(IsSymmetricType("CONSULT"));
  EXPECT_FALSE(IsSymmetricType("ACCUSE"));
  EXPECT_EQ(PloverQuad("SANCTION"), 4);
  EXPECT_EQ(ActorKey("recep_tayyip_erdogan", "X", "TUR"), "recep_tayyip_erdogan");
  EXPECT_EQ(ActorKey("new:Foo", "Foo Bar", "LBY"), ActorKey("", "foo bar", "LBY"));
}

}  // namespace
}  // namespace depeche::dedup
