// Tests for the clean stage: line labels and page metadata on small pages written for the
// tests, then accuracy against the labelled reference pages in /work/shared when present.
#include "depeche/clean/clean.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace depeche::clean {
namespace {

const Cleaner& TheCleaner() {
  static const Cleaner* c = [] {
    auto r = Cleaner::Load(KnowledgePaths::Default());
    if (!r.ok()) {
      std::cerr << r.status().message() << "\n";
      std::abort();
    }
    return new Cleaner(std::move(r).value());
  }();
  return *c;
}

struct Cleaned {
  Document doc;
  std::string Label(uint32_t number) const {
    for (const Line& l : doc.lines)
      if (l.number == number) return LineLabelName(l.label);
    return "none";
  }
  std::string Labels() const {
    std::string out;
    for (const Line& l : doc.lines) {
      if (!out.empty()) out += ' ';
      out += LineLabelName(l.label);
    }
    return out;
  }
};

Cleaned Clean(std::string text, std::string lang = "") {
  Cleaned c;
  c.doc.text = std::move(text);
  c.doc.given.lang = lang;
  Status st = TheCleaner().Run(c.doc);
  EXPECT_TRUE(st.ok()) << st.message();
  return c;
}

// A French paragraph long enough to count as body.
const char* kFrBody1 =
    "Le ministre des Affaires étrangères a reçu mardi son homologue pour discuter de la "
    "coopération entre les deux pays, a indiqué un communiqué publié dans la soirée.";
const char* kFrBody2 =
    "Les deux responsables ont également évoqué la situation sécuritaire dans la région et "
    "la nécessité de relancer le dialogue politique entre les parties.";
const char* kEnBody1 =
    "The foreign minister met his counterpart on Tuesday to discuss cooperation between the "
    "two countries, according to a statement released in the evening.";
const char* kEnBody2 =
    "The two officials also discussed the security situation in the region and the need to "
    "revive the political dialogue between the parties.";

std::string Page(std::initializer_list<std::string> lines) {
  std::string out;
  for (const auto& l : lines) {
    if (!out.empty()) out += "\n\n";
    out += l;
  }
  return out;
}

TEST(CleanTest, LoadsKnowledge) { (void)TheCleaner(); }

TEST(CleanTest, EmptyAndBlankText) {
  auto c = Clean("");
  EXPECT_TRUE(c.doc.lines.empty());
  c = Clean("\n\n   \n\xC2\xA0\n");
  EXPECT_TRUE(c.doc.lines.empty());
}

TEST(CleanTest, LineNumbersAndSpans) {
  auto c = Clean("  Un titre de page assez long pour compter  \n\n" + std::string(kFrBody1) + "\n");
  ASSERT_EQ(c.doc.lines.size(), 2u);
  EXPECT_EQ(c.doc.lines[0].number, 1u);
  EXPECT_EQ(c.doc.View(c.doc.lines[0].span), "Un titre de page assez long pour compter");
  EXPECT_EQ(c.doc.lines[1].number, 3u);
  EXPECT_EQ(c.doc.View(c.doc.lines[1].span), kFrBody1);
}

TEST(CleanTest, TitleBodyAndFrenchClutter) {
  auto c = Clean(Page({"Accueil", "Le gouvernement annonce une réforme de la défense nationale",
                       kFrBody1, "Publicité", kFrBody2, "Partager", "Lire aussi :",
                       "Un autre titre sans rapport avec cet article", "Tous droits réservés"}));
  EXPECT_EQ(c.Labels(), "clutter title body clutter body clutter clutter clutter clutter");
  EXPECT_EQ(c.doc.page.title, "Le gouvernement annonce une réforme de la défense nationale");
}

TEST(CleanTest, EnglishClutterPhrases) {
  auto c = Clean(Page({"Ministers meet to discuss regional security cooperation", kEnBody1,
                       "Read more: Another story about something else entirely", kEnBody2,
                       "Sign up for our daily newsletter", "Share this article",
                       "This website uses cookies to improve your experience."}));
  EXPECT_EQ(c.Labels(), "title body clutter body clutter clutter clutter");
}

TEST(CleanTest, RepeatedTitleIsClutter) {
  auto c = Clean(Page({"Rencontre entre les ministres sur la sécurité régionale", "URL courte",
                       "Rencontre entre les ministres sur la sécurité régionale", kFrBody1,
                       kFrBody2}));
  EXPECT_EQ(c.Label(1), "title");
  EXPECT_EQ(c.Label(5), "clutter");
  EXPECT_EQ(c.Label(7), "body");
}

TEST(CleanTest, RepeatedTitleWithPeriodAndSuffix) {
  auto c = Clean(Page({"Ministers agree to extend the ceasefire for a month", kEnBody1,
                       "Ministers agree to extend the ceasefire for a month.",
                       "Ministers agree to extend the ceasefire for a month Back to video",
                       kEnBody2}));
  EXPECT_EQ(c.Labels(), "title body clutter clutter body");
}

TEST(CleanTest, TitleRepeatedLaterWinsOverShortSlogan) {
  auto c = Clean(Page({"Le monde en bref", "Le Conseil adopte une résolution sur la mission de paix",
                       "Le Conseil adopte une résolution sur la mission de paix", kFrBody1}));
  EXPECT_EQ(c.Labels(), "clutter title clutter body");
}

TEST(CleanTest, DigitOnlyLines) {
  auto c = Clean(Page({"Les ministres se rencontrent pour parler de sécurité", "0 9", "15343",
                       "|", kFrBody1, "—"}));
  EXPECT_EQ(c.Labels(), "title clutter clutter clutter body clutter");
}

TEST(CleanTest, FrenchDateLines) {
  auto c = Clean(Page({"Les ministres se rencontrent pour parler de sécurité",
                       "Publié le 3 mars 2024 à 10h", kFrBody1}));
  EXPECT_EQ(c.Labels(), "title meta body");
  EXPECT_EQ(c.doc.page.pubdate, "2024-03-03");

  c = Clean(Page({"Les ministres se rencontrent pour parler de sécurité",
                  "Article publié le 31/01/2008 Dernière mise à jour le 01/02/2008 à 16:07 TU",
                  kFrBody1}));
  EXPECT_EQ(c.Label(3), "meta");
  EXPECT_EQ(c.doc.page.pubdate, "2008-01-31");
}

TEST(CleanTest, DottedDateWithBylineAndUpdate) {
  auto c = Clean(Page({"Les ministres se rencontrent pour parler de sécurité",
                       "Jeanne Martin | 17.05.2020 - Mise à jour : 18.05.2020", kFrBody1}));
  EXPECT_EQ(c.Label(3), "meta");
  EXPECT_EQ(c.doc.page.pubdate, "2020-05-17");
  EXPECT_EQ(c.doc.page.author, "Jeanne Martin");
}

TEST(CleanTest, EnglishDateLines) {
  auto c = Clean(Page({"Ministers meet to discuss regional security cooperation",
                       "March 3, 2024 at 2:33 pm", kEnBody1}));
  EXPECT_EQ(c.Labels(), "title meta body");
  EXPECT_EQ(c.doc.page.pubdate, "2024-03-03");
  c = Clean(Page({"Ministers meet to discuss regional security cooperation",
                  "Updated 24 July 2024", kEnBody1}));
  EXPECT_EQ(c.Label(3), "meta");
  EXPECT_EQ(c.doc.page.pubdate, "2024-07-24");
}

TEST(CleanTest, EmptyDateStubsAreMeta) {
  auto c = Clean(Page({"Ministers meet to discuss regional security cooperation",
                       "Published: Updated:", kEnBody1, "Actualisé le"}));
  EXPECT_EQ(c.Label(3), "meta");
  EXPECT_EQ(c.Label(7), "meta");
  EXPECT_EQ(c.doc.page.pubdate, "");
}

TEST(CleanTest, SiteDateWidgetAboveTitleIsClutter) {
  auto c = Clean(Page({"Friday , November 22 2024",
                       "Ministers meet to discuss regional security cooperation", kEnBody1}));
  EXPECT_EQ(c.Labels(), "clutter title body");
  EXPECT_EQ(c.doc.page.pubdate, "");
}

TEST(CleanTest, DatePrefixOfThePageStore) {
  auto c = Clean(" date 2020-10 " + std::string(kFrBody1) + "\n\n" + kFrBody2);
  EXPECT_EQ(c.Label(1), "body");
  EXPECT_EQ(c.doc.page.pubdate, "2020-10");
  c = Clean(" date 2023-07-31 " + std::string(kEnBody1));
  EXPECT_EQ(c.doc.page.pubdate, "2023-07-31");
}

TEST(CleanTest, SourceCreditWithAgencyAndPlace) {
  auto c = Clean(Page({"Les ministres se rencontrent pour parler de sécurité", kFrBody1, kFrBody2,
                       "SOURCE : APA News/XY/Zt/Dakar (Sénégal)"}));
  EXPECT_EQ(c.Label(7), "meta");
  EXPECT_EQ(c.doc.page.outlet, "APA News");
  EXPECT_EQ(c.doc.page.dateline, "Dakar");
}

TEST(CleanTest, AgencySlashPlaceCredit) {
  auto c = Clean(Page({"Les ministres se rencontrent pour parler de sécurité", "AA/ Ankara",
                       kFrBody1, kFrBody2}));
  EXPECT_EQ(c.Label(3), "meta");
  EXPECT_EQ(c.doc.page.outlet, "Anadolu Agency");
  EXPECT_EQ(c.doc.page.dateline, "Ankara");
}

TEST(CleanTest, AuthorSlashOutletCredit) {
  auto c = Clean(Page({"Les ministres se rencontrent pour parler de sécurité", kFrBody1, kFrBody2,
                       "Paul Durand/Gazette"}));
  EXPECT_EQ(c.Label(7), "meta");
  EXPECT_EQ(c.doc.page.author, "Paul Durand");
  EXPECT_EQ(c.doc.page.outlet, "Gazette");
}

TEST(CleanTest, BylinesAndNameLists) {
  auto c = Clean(Page({"Les ministres se rencontrent pour parler de sécurité", "Par Claire Dubois",
                       kFrBody1, kFrBody2, "Anne Petit, Marc Leroy, Ali Ben Salah"}));
  EXPECT_EQ(c.Labels(), "title meta body body meta");
  EXPECT_EQ(c.doc.page.author, "Claire Dubois");
  c = Clean(Page({"Ministers meet to discuss regional security cooperation", "By John Smith",
                  kEnBody1}));
  EXPECT_EQ(c.Label(3), "meta");
  EXPECT_EQ(c.doc.page.author, "John Smith");
}

TEST(CleanTest, AvecAgencyCredit) {
  auto c = Clean(Page({"Les ministres se rencontrent pour parler de sécurité", kFrBody1, kFrBody2,
                       "Avec AFP"}));
  EXPECT_EQ(c.Label(7), "meta");
  EXPECT_EQ(c.doc.page.outlet, "Agence France-Presse");
}

TEST(CleanTest, WireDatelines) {
  auto c = Clean(Page({"Ministers meet to discuss regional security cooperation",
                       "NAIROBI, March 3 (Reuters) - " + std::string(kEnBody1), kEnBody2}));
  EXPECT_EQ(c.doc.page.dateline, "Nairobi");
  EXPECT_EQ(c.doc.page.outlet, "Reuters");
  c = Clean(Page({"Les ministres se rencontrent pour parler de sécurité",
                  "Le Caire, 4 mars (APA) - " + std::string(kFrBody1), kFrBody2}));
  EXPECT_EQ(c.doc.page.dateline, "Le Caire");
  EXPECT_EQ(c.doc.page.outlet, "APA News");
  c = Clean(Page({"Ministers meet to discuss regional security cooperation",
                  "Khartoum, Sudan | AFP | " + std::string(kEnBody1), kEnBody2}));
  EXPECT_EQ(c.doc.page.dateline, "Khartoum");
  EXPECT_EQ(c.doc.page.outlet, "Agence France-Presse");
}

TEST(CleanTest, CorrespondentLine) {
  auto c = Clean(Page({"Les ministres se rencontrent pour parler de sécurité",
                       "Bamako de notre correspondant", kFrBody1, kFrBody2}));
  EXPECT_EQ(c.Label(3), "meta");
  EXPECT_EQ(c.doc.page.dateline, "Bamako");
}

TEST(CleanTest, PhotoCreditsAndCaptions) {
  auto c = Clean(Page({"Ministers meet to discuss regional security cooperation",
                       "© Reuters / Some Photographer",
                       "The minister (left) greets his counterpart in the capital.",
                       "Delegates arrive at the summit venue on Monday. — JOHN DOE / AFP", kEnBody1,
                       kEnBody2}));
  EXPECT_EQ(c.Labels(), "title clutter clutter clutter body body");
}

TEST(CleanTest, HeadingsBetweenParagraphs) {
  auto c = Clean(Page({"Les ministres se rencontrent pour parler de sécurité", kFrBody1,
                       "Un dialogue relancé", kFrBody2}));
  EXPECT_EQ(c.Labels(), "title body heading body");
}

TEST(CleanTest, GluedMenuAndTagList) {
  auto c = Clean(Page({"AccueilMondeAfriquePolitique",
                       "Les ministres se rencontrent pour parler de sécurité", kFrBody1, kFrBody2,
                       "Tags:", "diplomatie, sécurité, Afrique, Union africaine, sommet"}));
  EXPECT_EQ(c.Labels(), "clutter title body body clutter clutter");
}

TEST(CleanTest, CommentAndSubscriptionBlurbs) {
  auto c = Clean(Page({"Les ministres se rencontrent pour parler de sécurité", kFrBody1, kFrBody2,
                       "Laisser un commentaire", "Votre adresse e-mail ne sera pas publiée.",
                       "Article réservé aux abonnés"}));
  EXPECT_EQ(c.Labels(), "title body body clutter clutter clutter");
}

TEST(CleanTest, TruncatedLastLineStaysBody) {
  auto c = Clean(Page({"Ministers meet to discuss regional security cooperation", kEnBody1,
                       kEnBody2, "Meanwhile, the spokesman for the mini"}));
  EXPECT_EQ(c.Labels(), "title body body body");
}

TEST(CleanTest, OutletFromFollowLine) {
  auto c = Clean(Page({"Les ministres se rencontrent pour parler de sécurité", kFrBody1, kFrBody2,
                       "Suivez Gazette sur Telegram pour ne jamais manquer les actualités."}));
  EXPECT_EQ(c.doc.page.outlet, "Gazette");
}

TEST(CleanTest, RobustToBinaryAndHugeLines) {
  std::string junk;
  for (int i = 0; i < 100000; ++i) junk += static_cast<char>((i * 7919) % 256);
  auto c = Clean(junk);
  for (const Line& l : c.doc.lines) EXPECT_LE(l.span.end, c.doc.text.size());

  std::string huge;
  huge.reserve(50u << 20);
  while (huge.size() < (50u << 20)) huge += std::string(kFrBody1) + " ";
  const auto t0 = std::chrono::steady_clock::now();
  c = Clean(huge);
  const double s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_EQ(c.doc.lines.size(), 1u);
  EXPECT_EQ(c.Label(1), "body");
  std::cout << "50 MB single line: " << s << " s (" << 50 / s << " MB/s)\n";
  EXPECT_LT(s, 20.0);  // linear: ~0.25 s in Release; generous for Debug builds
}

// ---------------------------------------------------------------------------------------------
// Reference corpus.

std::string SharedDir() { return DEPECHE_SHARED_DIR; }

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Collapse(std::string_view s) {
  std::string out;
  bool sp = false;
  for (char ch : s) {
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      sp = true;
      continue;
    }
    if (sp && !out.empty()) out += ' ';
    sp = false;
    out += ch;
  }
  return out;
}

std::string Class3(std::string_view label) {
  if (label == "title" || label == "heading" || label == "body") return "content";
  return std::string(label);
}

// Scores the 3-class line labels of one labelled file; returns accuracy.
double ScoreLines(const std::string& jsonl, const std::string& page_dir, int* total_out) {
  simdjson::dom::parser parser;
  simdjson::dom::document_stream stream;
  const std::string data = Slurp(jsonl);
  simdjson::padded_string padded(data);
  auto err = parser.parse_many(padded).get(stream);
  EXPECT_FALSE(err) << simdjson::error_message(err);
  std::map<std::string, Document> docs;
  int total = 0, right = 0;
  for (auto rec : stream) {
    simdjson::dom::element e;
    if (rec.get(e)) continue;
    std::string doc_id(std::string_view(e["doc"].get_string().value()));
    const int64_t line = e["line"].get_int64().value();
    const std::string label(std::string_view(e["label"].get_string().value()));
    auto it = docs.find(doc_id);
    if (it == docs.end()) {
      Document d;
      d.id = doc_id;
      d.text = Slurp(page_dir + "/" + doc_id + ".txt");
      EXPECT_TRUE(TheCleaner().Run(d).ok());
      it = docs.emplace(doc_id, std::move(d)).first;
    }
    std::string got = "none";
    for (const Line& l : it->second.lines)
      if (l.number == static_cast<uint32_t>(line)) got = LineLabelName(l.label);
    ++total;
    if (Class3(got) == Class3(label)) {
      ++right;
    } else {
      std::cout << "  wrong " << doc_id << ":" << line << " want " << label << " got " << got
                << "  " << std::string_view(e["text"].get_string().value()).substr(0, 90) << "\n";
    }
  }
  *total_out = total;
  return total ? static_cast<double>(right) / total : 0;
}

TEST(CleanCorpusTest, SeedLineAccuracy) {
  const std::string f = SharedDir() + "/corpus/seeds.lines.jsonl";
  if (!std::filesystem::exists(f)) GTEST_SKIP() << "no reference corpus at " << f;
  int total = 0;
  const double acc = ScoreLines(f, SharedDir() + "/corpus/seeds", &total);
  std::cout << "seeds: 3-class line accuracy " << acc * 100 << "% over " << total << " lines\n";
  EXPECT_GE(acc, 0.97);
}

TEST(CleanCorpusTest, NewsLineAccuracy) {
  const std::string f = SharedDir() + "/corpus/news.lines.jsonl";
  if (!std::filesystem::exists(f)) GTEST_SKIP() << "no reference corpus at " << f;
  int total = 0;
  const double acc = ScoreLines(f, SharedDir() + "/corpus/news", &total);
  std::cout << "news: 3-class line accuracy " << acc * 100 << "% over " << total << " lines\n";
  EXPECT_GE(acc, 0.95);
}

TEST(CleanCorpusTest, SeedMetadataRecovered) {
  const std::string f = SharedDir() + "/corpus/seeds.meta.jsonl";
  if (!std::filesystem::exists(f)) GTEST_SKIP() << "no reference corpus at " << f;
  simdjson::dom::parser parser;
  simdjson::dom::document_stream stream;
  const std::string data = Slurp(f);
  simdjson::padded_string padded(data);
  ASSERT_FALSE(parser.parse_many(padded).get(stream));
  int fields = 0, recovered = 0;
  for (auto rec : stream) {
    simdjson::dom::element e;
    ASSERT_FALSE(rec.get(e));
    Document d;
    d.id = std::string(std::string_view(e["doc"].get_string().value()));
    d.text = Slurp(SharedDir() + "/corpus/seeds/" + d.id + ".txt");
    ASSERT_TRUE(TheCleaner().Run(d).ok());
    const std::pair<const char*, std::string*> checks[] = {
        {"title", &d.page.title},   {"pubdate", &d.page.pubdate},   {"author", &d.page.author},
        {"outlet", &d.page.outlet}, {"dateline", &d.page.dateline}};
    for (const auto& [name, got] : checks) {
      auto v = e[name];
      if (v.error() || v.is_null()) continue;
      ++fields;
      const std::string want = Collapse(std::string_view(v.get_string().value()));
      if (Collapse(*got) == want) ++recovered;
      EXPECT_EQ(Collapse(*got), want) << d.id << " " << name;
    }
  }
  std::cout << "seeds metadata: " << recovered << "/" << fields << " fields recovered\n";
}

TEST(CleanCorpusTest, NewsThroughput) {
  const std::string dir = SharedDir() + "/corpus/news";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no news corpus at " << dir;
  std::vector<std::string> texts;
  size_t bytes = 0;
  for (const char* sub : {"fr", "en"}) {
    for (const auto& ent : std::filesystem::directory_iterator(dir + "/" + sub)) {
      if (ent.path().extension() != ".txt") continue;
      texts.push_back(Slurp(ent.path().string()));
      bytes += texts.back().size();
    }
  }
  const int rounds = 20;
  const auto t0 = std::chrono::steady_clock::now();
  for (int r = 0; r < rounds; ++r) {
    for (const std::string& t : texts) {
      Document d;
      d.text = t;
      ASSERT_TRUE(TheCleaner().Run(d).ok());
    }
  }
  const double s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "news pages, one document each: " << (bytes * rounds / 1e6) / s << " MB/s\n";

  // The same pages joined into one large document (a long page, or many pages at once).
  Document big;
  while (big.text.size() < (20u << 20))
    for (const std::string& t : texts) big.text += t + "\n\n";
  const auto t1 = std::chrono::steady_clock::now();
  ASSERT_TRUE(TheCleaner().Run(big).ok());
  const double s1 =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
  std::cout << "news pages joined (" << big.text.size() / 1e6 << " MB): "
            << (big.text.size() / 1e6) / s1 << " MB/s\n";
}

}  // namespace
}  // namespace depeche::clean
