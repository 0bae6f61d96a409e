#include "depeche/text/text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace depeche::text {
namespace {

const Segmenter& Seg() {
  static const Segmenter s = [] {
    auto r = Segmenter::Load(KnowledgePaths::Default());
    EXPECT_TRUE(r.ok()) << r.status().message();
    return std::move(r).value();
  }();
  return s;
}

std::vector<std::string> Tokens(const std::string& text) {
  std::vector<Token> toks;
  Seg().Tokenize(text, {0, static_cast<uint32_t>(text.size())}, toks);
  std::vector<std::string> out;
  for (const Token& t : toks) out.push_back(text.substr(t.span.start, t.span.size()));
  return out;
}

std::vector<std::string> Sentences(const std::string& text, const char* lang = "fr") {
  Document d;
  d.text = text;
  d.given.lang = lang;
  EXPECT_TRUE(Seg().Run(d).ok());
  std::vector<std::string> out;
  for (const Sentence& s : d.sentences) out.emplace_back(d.View(s.span));
  return out;
}

using V = std::vector<std::string>;

struct TokCase {
  const char* text;
  V tokens;
};

void PrintTo(const TokCase& c, std::ostream* os) { *os << c.text; }

class Tokenization : public ::testing::TestWithParam<TokCase> {};

TEST_P(Tokenization, SplitsAsExpected) {
  EXPECT_EQ(Tokens(GetParam().text), GetParam().tokens) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    FrenchAndEnglish, Tokenization,
    ::testing::Values(
        TokCase{"l'OTAN", {"l'", "OTAN"}},
        TokCase{"l’armée", {"l’", "armée"}},
        TokCase{"d'Africom", {"d'", "Africom"}},
        TokCase{"qu'il", {"qu'", "il"}},
        TokCase{"s'est entretenu", {"s'", "est", "entretenu"}},
        TokCase{"jusqu'à Syrte", {"jusqu'", "à", "Syrte"}},
        TokCase{"lorsqu’elle", {"lorsqu’", "elle"}},
        TokCase{"n'a pas", {"n'", "a", "pas"}},
        TokCase{"c'est", {"c'", "est"}},
        TokCase{"aujourd'hui", {"aujourd'hui"}},
        TokCase{"le lieutenant-général", {"le", "lieutenant-général"}},
        TokCase{"Al-Sarraj", {"Al-Sarraj"}},
        TokCase{"a-t-il dit", {"a", "-t-il", "dit"}},
        TokCase{"dit-il", {"dit", "-il"}},
        TokCase{"pouvons-nous", {"pouvons", "-nous"}},
        TokCase{"rendez-vous", {"rendez-vous"}},
        TokCase{"peut-être", {"peut-être"}},
        TokCase{"M. Dupont", {"M.", "Dupont"}},
        TokCase{"Gén. Martin", {"Gén.", "Martin"}},
        TokCase{"J.-Y. Le Drian", {"J.-Y.", "Le", "Drian"}},
        TokCase{"U.S. troops", {"U.S.", "troops"}},
        TokCase{"1 000 morts", {"1 000", "morts"}},
        TokCase{"12 000 000 d'euros", {"12 000 000", "d'", "euros"}},
        TokCase{"17.05.2020", {"17.05.2020"}},
        TokCase{"17/05/2020", {"17/05/2020"}},
        TokCase{"2020-05-17", {"2020-05-17"}},
        TokCase{"3,5 %", {"3,5", "%"}},
        TokCase{"à 12:30", {"à", "12:30"}},
        TokCase{"le G5 Sahel", {"le", "G5", "Sahel"}},
        TokCase{"le 1er mai", {"le", "1er", "mai"}},
        TokCase{"« Nous espérons »", {"«", "Nous", "espérons", "»"}},
        TokCase{"\"yes\"", {"\"", "yes", "\""}},
        TokCase{"Fin...", {"Fin", "..."}},
        TokCase{"(ANL)", {"(", "ANL", ")"}},
        TokCase{"the president's plan", {"the", "president", "'s", "plan"}},
        TokCase{"didn't meet", {"did", "n't", "meet"}},
        TokCase{"Mr. Smith", {"Mr.", "Smith"}},
        TokCase{"O'Brien", {"O'Brien"}},
        TokCase{"N'Djamena", {"N'Djamena"}},
        TokCase{"Washington, D.C.", {"Washington", ",", "D.C."}},
        TokCase{"Erdoğan", {"Erdoğan"}},
        TokCase{"2020 et 2021", {"2020", "et", "2021"}},
        TokCase{"vis-à-vis", {"vis-à-vis"}},
        TokCase{"Abou Dhabi", {"Abou", "Dhabi"}},
        TokCase{"Chef d’état-major", {"Chef", "d’", "état-major"}},
        TokCase{"M23", {"M23"}},
        TokCase{"30 000 soldats", {"30 000", "soldats"}},
        TokCase{"en 2019.", {"en", "2019", "."}},
        TokCase{"– tiret", {"–", "tiret"}},
        TokCase{"", {}}));

struct SentCase {
  const char* text;
  V sentences;
};

void PrintTo(const SentCase& c, std::ostream* os) { *os << c.text; }

class Segmentation : public ::testing::TestWithParam<SentCase> {};

TEST_P(Segmentation, SplitsAsExpected) {
  EXPECT_EQ(Sentences(GetParam().text), GetParam().sentences) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    French, Segmentation,
    ::testing::Values(
        SentCase{"Il est venu. Elle est partie.", {"Il est venu.", "Elle est partie."}},
        SentCase{"M. Dupont est arrivé.", {"M. Dupont est arrivé."}},
        SentCase{"Le Gén. Martin a parlé. Puis il est parti.",
                 {"Le Gén. Martin a parlé.", "Puis il est parti."}},
        SentCase{"« Nous partons. Demain. », a-t-il dit.", {"« Nous partons. Demain. », a-t-il dit."}},
        SentCase{"Il a dit : « Non ! » Puis il est parti.",
                 {"Il a dit : « Non ! »", "Puis il est parti."}},
        SentCase{"Le titre\nLe corps du texte.", {"Le titre", "Le corps du texte."}},
        SentCase{"J.-Y. Le Drian est venu.", {"J.-Y. Le Drian est venu."}},
        SentCase{"Vraiment ? Oui.", {"Vraiment ?", "Oui."}},
        SentCase{"Il y avait 1 000 morts. 2 000 blessés aussi.",
                 {"Il y avait 1 000 morts.", "2 000 blessés aussi."}},
        SentCase{"le 17.05.2020 à Tripoli.", {"le 17.05.2020 à Tripoli."}},
        SentCase{"Attendez... La suite.", {"Attendez...", "La suite."}},
        SentCase{"Il part. - Il revient.", {"Il part.", "- Il revient."}},
        SentCase{"fin de phrase. suite minuscule", {"fin de phrase. suite minuscule"}},
        SentCase{"\n\n   \n", {}},
        SentCase{"Une seule ligne sans point", {"Une seule ligne sans point"}}));

TEST(Segmentation, English) {
  EXPECT_EQ(Sentences("Mr. Smith met Gen. Jones. They talked.", "en"),
            (V{"Mr. Smith met Gen. Jones.", "They talked."}));
  EXPECT_EQ(Sentences("U.S. forces left. \"We are done.\" He said.", "en"),
            (V{"U.S. forces left.", "\"We are done.\"", "He said."}));
}

TEST(Tokenization, OffsetsPointIntoTheInput) {
  const std::string text = "Le président l’a reçu à Syrte.";
  std::vector<Token> toks;
  Seg().Tokenize(text, {0, static_cast<uint32_t>(text.size())}, toks);
  for (const Token& t : toks) EXPECT_LE(t.span.end, text.size());
  ASSERT_GE(toks.size(), 3u);
  EXPECT_EQ(text.substr(toks[2].span.start, toks[2].span.size()), "l’");
  EXPECT_EQ(toks[2].norm, "l'");
  EXPECT_TRUE(toks[2].Has(kTokElided));
}

TEST(Tokenization, TokenizesOnlyTheGivenSpan) {
  const std::string text = "aaa bbb ccc";
  std::vector<Token> toks;
  Seg().Tokenize(text, {4, 7}, toks);
  ASSERT_EQ(toks.size(), 1u);
  EXPECT_EQ(toks[0].span, (Span{4, 7}));
}

TEST(Language, DetectsFrenchAndEnglish) {
  EXPECT_EQ(DetectLanguage("Le ministre des Affaires étrangères a rencontré son homologue "
                           "turc mardi à Ankara pour évoquer la situation en Libye."),
            Lang::kFr);
  EXPECT_EQ(DetectLanguage("The foreign minister met his Turkish counterpart on Tuesday in "
                           "Ankara to discuss the situation in Libya."),
            Lang::kEn);
  EXPECT_EQ(DetectLanguage(""), Lang::kUnknown);
}

TEST(Language, GivenLanguageWins) {
  Document d;
  d.text = "The minister met his counterpart.";
  d.given.lang = "fr";
  ASSERT_TRUE(Seg().Run(d).ok());
  EXPECT_EQ(d.lang, Lang::kFr);
}

}  // namespace
}  // namespace depeche::text
