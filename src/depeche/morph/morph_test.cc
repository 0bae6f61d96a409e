#include "depeche/morph/morph.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "depeche/core/unicode.h"
#include "depeche/text/text.h"

namespace depeche::morph {
namespace {

struct Env {
  std::optional<Analyzer> analyzer;
  std::optional<text::Segmenter> segmenter;
  std::string error;
};

const Env& E() {
  static const Env env = [] {
    Env e;
    auto a = Analyzer::Load(KnowledgePaths::Default());
    if (a.ok()) e.analyzer.emplace(std::move(a).value());
    else e.error = a.status().message();
    auto s = text::Segmenter::Load(KnowledgePaths::Default());
    if (s.ok()) e.segmenter.emplace(std::move(s).value());
    return e;
  }();
  return env;
}

// Analyses a sentence; returns the tokens.
std::vector<Token> Analyse(const std::string& text, const char* lang) {
  Document d;
  d.text = text;
  d.given.lang = lang;
  EXPECT_TRUE(E().segmenter->Run(d).ok());
  E().analyzer->Run(d);
  return d.tokens;
}

struct Case {
  const char* lang;
  const char* text;
  const char* word;   // the token to check
  const char* lemma;  // expected lemma
  Pos pos;
};

// Readable test names in CTest: the sentence and the word, not the struct's bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.word << " in: " << c.text; }

class Morphology : public ::testing::TestWithParam<Case> {};

TEST_P(Morphology, LemmaAndPos) {
  if (!E().analyzer) GTEST_SKIP() << "lexicon not built: " << E().error;
  const Case& c = GetParam();
  const auto toks = Analyse(c.text, c.lang);
  const std::string text = c.text;
  for (const Token& t : toks) {
    if (text.substr(t.span.start, t.span.size()) != c.word) continue;
    EXPECT_EQ(t.lemma, c.lemma) << c.text << " / " << c.word;
    EXPECT_EQ(PosName(t.pos), std::string(PosName(c.pos))) << c.text << " / " << c.word;
    return;
  }
  ADD_FAILURE() << "token '" << c.word << "' not found in: " << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    French, Morphology,
    ::testing::Values(
        Case{"fr", "Le ministre a rencontré son homologue.", "rencontré", "rencontrer", Pos::kVerb},
        Case{"fr", "Le ministre a rencontré son homologue.", "a", "avoir", Pos::kAux},
        Case{"fr", "Le ministre a rencontré son homologue.", "Le", "le", Pos::kDet},
        Case{"fr", "Le ministre a rencontré son homologue.", "ministre", "ministre", Pos::kNoun},
        Case{"fr", "Il s'est entretenu avec le roi.", "entretenu", "entretenir", Pos::kVerb},
        Case{"fr", "Il s'est entretenu avec le roi.", "s'", "se", Pos::kPron},
        Case{"fr", "Les deux pays ont réaffirmé leur soutien.", "réaffirmé", "réaffirmer", Pos::kVerb},
        Case{"fr", "Les deux pays ont réaffirmé leur soutien.", "ont", "avoir", Pos::kAux},
        Case{"fr", "Le président reçoit son homologue.", "reçoit", "recevoir", Pos::kVerb},
        Case{"fr", "Le convoi est attaqué par des rebelles.", "attaqué", "attaquer", Pos::kVerb},
        Case{"fr", "Le convoi est attaqué par des rebelles.", "est", "être", Pos::kAux},
        Case{"fr", "Nous demandons la levée de l'embargo.", "demandons", "demander", Pos::kVerb},
        Case{"fr", "Ils participeraient à la réunion.", "participeraient", "participer", Pos::kVerb},
        Case{"fr", "L'armée a bombardé la ville.", "bombardé", "bombarder", Pos::kVerb},
        Case{"fr", "La visite du ministre est prévue.", "visite", "visite", Pos::kNoun},
        Case{"fr", "Le pays a condamné l'attaque.", "condamné", "condamner", Pos::kVerb},
        Case{"fr", "Le pays a condamné l'attaque.", "attaque", "attaque", Pos::kNoun},
        Case{"fr", "Les forces ont lancé une offensive.", "lancé", "lancer", Pos::kVerb},
        Case{"fr", "Les forces ont lancé une offensive.", "forces", "force", Pos::kNoun},
        Case{"fr", "Elle se dit prête à négocier.", "négocier", "négocier", Pos::kVerb},
        Case{"fr", "Il a menacé de frapper.", "menacé", "menacer", Pos::kVerb},
        Case{"fr", "Les rebelles ont libéré les otages.", "libéré", "libérer", Pos::kVerb},
        Case{"fr", "Le gouvernement a imposé des sanctions.", "imposé", "imposer", Pos::kVerb},
        Case{"fr", "Le gouvernement a imposé des sanctions.", "sanctions", "sanction", Pos::kNoun},
        Case{"fr", "Il appelle les parties au dialogue.", "appelle", "appeler", Pos::kVerb},
        Case{"fr", "Ils ont salué l'accord.", "salué", "saluer", Pos::kVerb},
        Case{"fr", "Ils ont salué l'accord.", "accord", "accord", Pos::kNoun},
        Case{"fr", "Le chef de l'État a dénoncé l'agression.", "dénoncé", "dénoncer", Pos::kVerb},
        Case{"fr", "Les troupes se sont retirées.", "retirées", "retirer", Pos::kVerb},
        Case{"fr", "Ils vont déployer des soldats.", "déployer", "déployer", Pos::kVerb},
        Case{"fr", "Les manifestants ont protesté.", "protesté", "protester", Pos::kVerb},
        Case{"fr", "La police a arrêté trois hommes.", "arrêté", "arrêter", Pos::kVerb},
        Case{"fr", "Il avait accusé Moscou.", "accusé", "accuser", Pos::kVerb},
        Case{"fr", "Il avait accusé Moscou.", "avait", "avoir", Pos::kAux},
        Case{"fr", "Le pays rejette la proposition.", "rejette", "rejeter", Pos::kVerb},
        Case{"fr", "Le ministre soulignant l'urgence est parti.", "soulignant", "souligner", Pos::kVerb},
        Case{"fr", "Les deux hommes se sont rencontrés hier.", "rencontrés", "rencontrer", Pos::kVerb},
        Case{"fr", "La coopération militaire progresse.", "coopération", "coopération", Pos::kNoun},
        Case{"fr", "Le général libyen a reçu le diplomate.", "libyen", "libyen", Pos::kAdj},
        Case{"fr", "Le Zorglub a parlé.", "Zorglub", "zorglub", Pos::kProperNoun}));

INSTANTIATE_TEST_SUITE_P(
    English, Morphology,
    ::testing::Values(
        Case{"en", "The minister met his counterpart.", "met", "meet", Pos::kVerb},
        Case{"en", "The minister met his counterpart.", "minister", "minister", Pos::kNoun},
        Case{"en", "They have urged restraint.", "urged", "urge", Pos::kVerb},
        Case{"en", "The convoy was attacked by rebels.", "attacked", "attack", Pos::kVerb},
        Case{"en", "The talks were held in Cairo.", "talks", "talk", Pos::kNoun},
        Case{"en", "Russia condemned the strike.", "condemned", "condemn", Pos::kVerb},
        Case{"en", "The army launched an offensive.", "launched", "launch", Pos::kVerb},
        Case{"en", "Troops withdrew from the town.", "withdrew", "withdraw", Pos::kVerb},
        Case{"en", "The meeting was cancelled.", "meeting", "meeting", Pos::kNoun},
        Case{"en", "He is meeting the king.", "meeting", "meet", Pos::kVerb}));

TEST(Morphology, UnknownWordsAreFlagged) {
  if (!E().analyzer) GTEST_SKIP() << "lexicon not built: " << E().error;
  const auto toks = Analyse("Le maréchal Qwertzuiop a parlé.", "fr");
  ASSERT_GE(toks.size(), 3u);
  EXPECT_TRUE(toks[2].Has(kTokUnknownWord));
  EXPECT_FALSE(toks[1].Has(kTokUnknownWord));
}

TEST(Morphology, ParsesApertiumAnalyses) {
  const Analysis a = ParseApertium("rencontrer<vblex><pp><m><sg>");
  EXPECT_EQ(a.lemma, "rencontrer");
  EXPECT_EQ(a.pos, Pos::kVerb);
  EXPECT_TRUE(a.flags & kTokParticiple);
  const Analysis b = ParseApertium("à<pr>+le<det><def><m><sg>");
  EXPECT_EQ(b.lemma, "à");
  EXPECT_EQ(b.pos, Pos::kPrep);
  const Analysis c = ParseApertium("demander<vblex><pri><p1><pl>");
  EXPECT_TRUE(c.flags & kTokFirstPerson);
  EXPECT_TRUE(c.flags & kTokFinite);
}

// Lemma accuracy on the UD French-GSD test set (CC BY-SA 4.0, in ../shared/data): the
// gold tokens are tagged in sentence context and compared on lemma, by gold UPOS.
TEST(Morphology, UdFrenchGsdLemmaAccuracy) {
  if (!E().analyzer) GTEST_SKIP() << "lexicon not built: " << E().error;
  const std::string path = std::string(DEPECHE_SHARED_DIR) + "/data/ud-french-gsd-test/fr_gsd-ud-test.conllu";
  std::ifstream in(path);
  if (!in) GTEST_SKIP() << "no " << path << " (../shared absent)";
  std::map<std::string, std::pair<int, int>> by_pos;  // upos -> (right, total)
  std::vector<Token> toks;
  std::vector<std::pair<std::string, std::string>> gold;  // (lemma, upos)
  auto flush = [&] {
    if (toks.empty()) return;
    E().analyzer->Tag(toks, 0, toks.size(), Lang::kFr);
    for (size_t i = 0; i < toks.size(); ++i) {
      auto& [right, total] = by_pos[gold[i].second];
      ++total;
      const bool ok = FoldCase(toks[i].lemma) == FoldCase(gold[i].first);
      right += ok;
      if (!ok && std::getenv("DEPECHE_DEBUG_UD") && gold[i].second == std::getenv("DEPECHE_DEBUG_UD"))
        std::cout << "UD miss: " << toks[i].norm << " -> " << toks[i].lemma << " (gold " << gold[i].first << ")\n";
    }
    toks.clear();
    gold.clear();
  };
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) {
      flush();
      continue;
    }
    if (line[0] == '#') continue;
    std::vector<std::string> cols;
    std::istringstream ls(line);
    for (std::string c; std::getline(ls, c, '\t');) cols.push_back(c);
    if (cols.size() < 4 || cols[0].find_first_of("-.") != std::string::npos) continue;
    Token t;
    t.norm = FoldCase(cols[1]);
    for (char& ch : t.norm)
      if (ch == '\'') ch = '\'';
    t.lemma = t.norm;
    if (!cols[1].empty() && std::isupper(static_cast<unsigned char>(cols[1][0]))) t.flags |= kTokCapitalised;
    if (toks.empty()) t.flags |= kTokSentenceStart;
    if (cols[3] == "PUNCT") t.flags |= kTokPunct;
    if (cols[3] == "NUM" && std::isdigit(static_cast<unsigned char>(cols[1][0]))) t.flags |= kTokNumber;
    toks.push_back(std::move(t));
    gold.emplace_back(cols[2], cols[3]);
  }
  flush();
  for (const auto& [pos, rt] : by_pos)
    if (rt.second >= 100)
      std::cout << "UD French-GSD test lemma accuracy " << pos << ": "
                << 100.0 * rt.first / rt.second << "% of " << rt.second << "\n";
  const auto [vr, vt] = by_pos["VERB"];
  ASSERT_GT(vt, 500);
  EXPECT_GE(static_cast<double>(vr) / vt, 0.95);
}

}  // namespace
}  // namespace depeche::morph
