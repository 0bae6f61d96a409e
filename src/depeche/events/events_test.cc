#include "depeche/events/events.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "depeche/pipeline/pipeline.h"

namespace depeche::events {
namespace {

// ---- Pattern files ----

TEST(Patterns, ParsesAFrame) {
  PatternSet ps;
  ASSERT_TRUE(ps.AddFile("# comment\n"
                         "rencontrer\tV\tCONSULT\t-\t040\tsubj\tobj\tsymmetric\n"
                         "se entretenir\tV\tCONSULT\t-\t040\tsubj\tprep:avec\n"
                         "entretien téléphonique\tN\tCONSULT\tphone\t041\tprep:entre|subj\tprep:entre#2|prep:avec\n"
                         "appeler\tV\tREQUEST\t-\t020\tsubj\tobj\tneeds=à\n"
                         "affirmer\tV\t-\t-\t-\tsubj\t-\treported\n",
                         "t.tsv", Lang::kFr)
                  .ok());
  const auto* r = ps.ByLemma(Lang::kFr, "rencontrer");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->front().symmetric);
  const auto* e = ps.ByLemma(Lang::kFr, "entretenir");
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->front().pronominal);
  const auto* t = ps.ByLemma(Lang::kFr, "entretien");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->front().trigger.size(), 2u);
  EXPECT_EQ(t->front().target[0].nth, 2);
  EXPECT_EQ(t->front().mode, "phone");
  EXPECT_EQ(ps.ByLemma(Lang::kFr, "appeler")->front().needs, std::vector<std::string>{"à"});
  EXPECT_TRUE(ps.IsSpeechVerb(Lang::kFr, "affirmer"));
  EXPECT_EQ(ps.size(), 4u);
}

TEST(Patterns, ErrorsNameTheLine) {
  PatternSet ps;
  Status s = ps.AddFile("rencontrer\tV\tMEET\t-\t040\tsubj\tobj\n", "x.tsv", Lang::kFr);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("x.tsv:1"), std::string::npos) << s.message();
  s = ps.AddFile("\n\nrencontrer\tV\tCONSULT\n", "y.tsv", Lang::kFr);
  EXPECT_NE(s.message().find("y.tsv:3"), std::string::npos) << s.message();
  s = ps.AddFile("rencontrer\tV\tCONSULT\t-\t040\tsomewhere\tobj\n", "z.tsv", Lang::kFr);
  EXPECT_FALSE(s.ok());
}

TEST(Patterns, TheShippedDictionariesLoad) {
  auto ps = PatternSet::Load(KnowledgePaths::Default());
  ASSERT_TRUE(ps.ok()) << ps.status().message();
  std::cout << "patterns: " << ps->size() << "\n";
  EXPECT_GT(ps->size(), 600u);
}

// ---- The whole engine on sentences ----

const Pipeline* Engine() {
  static const std::unique_ptr<Pipeline> p = [] {
    auto r = Pipeline::Load(KnowledgePaths::Default(), Stage::kEvents);
    if (!r.ok()) {
      std::cerr << "engine not loaded: " << r.status().message() << "\n";
      return std::unique_ptr<Pipeline>();
    }
    return std::move(r).value();
  }();
  return p.get();
}

std::vector<Event> Extract(const std::string& text, const std::string& date, const char* lang) {
  Document d;
  d.id = "t";
  d.text = text;
  d.given.pubdate = date;
  d.given.lang = lang;
  EXPECT_TRUE(Engine()->Run(d).ok());
  return d.events;
}

std::string Brief(const Event& e) {
  return e.type + " " + e.source.affiliation + ">" + (e.target.affiliation.empty() ? "-" : e.target.affiliation);
}

TEST(Events, NegationAndHypothesisWriteNothing) {
  if (!Engine()) GTEST_SKIP() << "knowledge not built";
  EXPECT_TRUE(Extract("La Russie n'a pas condamné la Turquie.", "2020-01-10", "fr").empty());
  EXPECT_TRUE(Extract("Si la Russie attaque l'Ukraine, la France réagira.", "2020-01-10", "fr").empty());
  EXPECT_TRUE(Extract("Russia did not condemn Turkey.", "2020-01-10", "en").empty());
  EXPECT_TRUE(Extract("La Russie a-t-elle condamné la Turquie ?", "2020-01-10", "fr").empty());
}

TEST(Events, PassiveVoiceSwapsTheArguments) {
  if (!Engine()) GTEST_SKIP() << "knowledge not built";
  const auto ev = Extract("L'Ukraine a été attaquée par la Russie.", "2022-03-01", "fr");
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(Brief(ev.front()), "ASSAULT RUS>UKR");
}

TEST(Events, RoleResolvedAtTheDateAndEvidenceOffsets) {
  if (!Engine()) GTEST_SKIP() << "knowledge not built";
  const std::string text = "Le président américain a rencontré mardi le président turc à Ankara.";
  const auto ev = Extract(text, "2019-03-14", "fr");
  ASSERT_FALSE(ev.empty());
  EXPECT_EQ(ev.front().type, "CONSULT");
  EXPECT_EQ(ev.front().source.name, "Donald Trump");
  EXPECT_EQ(ev.front().date, "2019-03-12");
  ASSERT_FALSE(ev.front().evidence.empty());
  EXPECT_EQ(text.substr(ev.front().evidence[0].start, ev.front().evidence[0].size()), text);
}

// ---- Golden sentences: tests/golden/events_{fr,en}.txt ----

struct Golden {
  std::string date, text, where;
  std::vector<std::string> expect;  // "TYPE SRC>TGT"
};

std::vector<Golden> ReadGolden(const std::string& path) {
  std::vector<Golden> out;
  std::ifstream in(path);
  Golden g;
  int n = 0;
  auto flush = [&] {
    if (!g.text.empty()) out.push_back(g);
    g = Golden{};
  };
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (line.empty()) {
      flush();
      continue;
    }
    if (line[0] == '#') continue;
    auto val = [&](const char* key) {
      const size_t k = std::strlen(key);
      return line.compare(0, k, key) == 0 ? line.substr(k) : std::string("\x01");
    };
    auto trim = [](std::string s) {
      while (!s.empty() && s.front() == ' ') s.erase(s.begin());
      while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
      return s;
    };
    if (auto v = val("date:"); v != "\x01") g.date = trim(v);
    else if (auto v2 = val("text:"); v2 != "\x01") g.text = trim(v2), g.where = path + ":" + std::to_string(n);
    else if (auto v3 = val("expect:"); v3 != "\x01") {
      std::istringstream ss(trim(v3));
      std::string type, pair;
      ss >> type >> pair;
      if (type != "none") g.expect.push_back(type + " " + pair);
    }
  }
  flush();
  return out;
}

void ScoreGolden(const char* lang, double min_f1) {
  if (!Engine()) GTEST_SKIP() << "knowledge not built";
  const std::string path = std::string(DEPECHE_SOURCE_DATA_DIR) + "/../tests/golden/events_" + lang + ".txt";
  const auto cases = ReadGolden(path);
  if (cases.empty()) GTEST_SKIP() << "no cases in " << path;
  size_t tp = 0, fp = 0, fn = 0;
  std::map<std::string, std::pair<int, int>> by_type;  // type -> (found, expected)
  for (const Golden& g : cases) {
    std::vector<std::string> got;
    for (const Event& e : Extract(g.text, g.date, lang)) got.push_back(Brief(e));
    std::vector<std::string> want = g.expect;
    for (const auto& w : want) by_type[w.substr(0, w.find(' '))].second++;
    for (auto it = got.begin(); it != got.end();) {
      auto m = std::find(want.begin(), want.end(), *it);
      // CONSULT, COOPERATE and AGREE are symmetric.
      if (m == want.end()) {
        const std::string t = it->substr(0, it->find(' '));
        if (t == "CONSULT" || t == "COOPERATE" || t == "AGREE") {
          const std::string pair = it->substr(it->find(' ') + 1);
          const size_t gt = pair.find('>');
          const std::string swapped = t + " " + pair.substr(gt + 1) + ">" + pair.substr(0, gt);
          m = std::find(want.begin(), want.end(), swapped);
        }
      }
      if (m != want.end()) {
        ++tp;
        by_type[m->substr(0, m->find(' '))].first++;
        want.erase(m);
        it = got.erase(it);
      } else {
        ++it;
      }
    }
    fp += got.size();
    fn += want.size();
    if (std::getenv("DEPECHE_DEBUG_GOLDEN") && (!got.empty() || !want.empty())) {
      std::cout << g.where << ": " << g.text << "\n";
      for (auto& x : got) std::cout << "   extra " << x << "\n";
      for (auto& x : want) std::cout << "   missed " << x << "\n";
    }
  }
  const double p = tp + fp ? double(tp) / (tp + fp) : 0, r = tp + fn ? double(tp) / (tp + fn) : 0;
  const double f1 = p + r ? 2 * p * r / (p + r) : 0;
  std::cout << "golden " << lang << ": " << cases.size() << " sentences, P=" << p << " R=" << r
            << " F1=" << f1 << " (type level)\n";
  for (auto& [t, fe] : by_type) std::cout << "  " << t << " " << fe.first << "/" << fe.second << "\n";
  EXPECT_GE(f1, min_f1);
}

TEST(Events, GoldenFrench) { ScoreGolden("fr", 0.72); }
TEST(Events, GoldenEnglish) { ScoreGolden("en", 0.76); }

// ---- The reference articles, scored by ../shared/tools/score_events.py ----

TEST(Events, SeedArticlesScore) {
  const std::string shared = DEPECHE_SHARED_DIR;
  if (!std::filesystem::exists(shared + "/corpus/seeds.gold.jsonl"))
    GTEST_SKIP() << "../shared absent: seed scoring skipped";
  const std::string out = ::testing::TempDir() + "/seeds.events.jsonl";
  const std::string cmd = std::string(DEPECHE_CLI) + " extract " + shared + "/corpus/seeds -o " + out;
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  const std::string score = "python3 " + shared + "/tools/score_events.py " + shared +
                            "/corpus/seeds.gold.jsonl " + out + " --quiet";
  FILE* pipe = popen(score.c_str(), "r");
  ASSERT_TRUE(pipe);
  std::string text;
  char buf[512];
  while (fgets(buf, sizeof buf, pipe)) text += buf;
  pclose(pipe);
  std::cout << text;
  // Measured 0.923 (type) and 0.862 (full) when last raised; a drop below these fails.
  auto f1_of = [&](const std::string& level) {
    const size_t at = text.find(level);
    if (at == std::string::npos) return -1.0;
    const size_t f1 = text.find("F1=", at);
    return f1 == std::string::npos ? -1.0 : std::stod(text.substr(f1 + 3));
  };
  EXPECT_GE(f1_of("type"), 0.85) << text;
  EXPECT_GE(f1_of("full"), 0.80) << text;
}

}  // namespace
}  // namespace depeche::events
