// Tests for actor recognition and resolution: the golden cases of tests/golden/actors_*.txt
// (sentences written for them, each with a date and the expected resolution of one mention)
// run through text -> morph -> actors, and the recall of the gold events' actors on the seed
// corpus of /work/shared.
#include "depeche/actors/actors.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "depeche/core/unicode.h"
#include "depeche/morph/morph.h"
#include "depeche/text/text.h"

namespace depeche::actors {
namespace {

namespace fs = std::filesystem;

// The stages a mention needs, loaded once for the suite.
struct Engine {
  text::Segmenter segmenter;
  morph::Analyzer analyzer;
  ActorTagger tagger;

  Document Analyse(std::string text, const std::string& pubdate, const std::string& lang) const {
    Document doc;
    doc.text = std::move(text);
    doc.given.pubdate = pubdate;
    doc.given.lang = lang;
    if (Status s = segmenter.Run(doc); !s.ok()) ADD_FAILURE() << s.message();
    analyzer.Run(doc);
    tagger.Run(doc);
    return doc;
  }
};

class ActorsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const KnowledgePaths paths = KnowledgePaths::Default();
    for (const char* gen : {"lexicon/fr.tsv", "lexicon/en.tsv"})
      if (!fs::exists(paths.Built(gen))) {
        skip_reason_ = "generated file " + paths.Built(gen) +
                       " absent: build the depeche_knowledge target";
        return;
      }
    auto seg = text::Segmenter::Load(paths);
    auto morph = morph::Analyzer::Load(paths);
    auto tagger = ActorTagger::Load(paths);
    for (const Status& s : {seg.status(), morph.status(), tagger.status()})
      if (!s.ok()) {
        load_error_ = s.message();
        return;
      }
    engine_ = new Engine{std::move(seg).value(), std::move(morph).value(), std::move(tagger).value()};
  }
  static void TearDownTestSuite() {
    delete engine_;
    engine_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(load_error_.empty()) << load_error_;
    if (!engine_) GTEST_SKIP() << skip_reason_;
  }

  static Engine* engine_;
  static std::string load_error_, skip_reason_;
};
Engine* ActorsTest::engine_ = nullptr;
std::string ActorsTest::load_error_;
std::string ActorsTest::skip_reason_;

// ------------------------------------------------------------------- golden cases

struct Case {
  std::string file;
  int line = 0;  // where the block starts
  std::string date, text, mention, expect;
  int occurrence = 1;
};

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r' || s.back() == '\t')) s.pop_back();
  size_t a = s.find_first_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a);
}

std::vector<std::string> SplitBar(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string part; std::getline(ss, part, '|');) out.push_back(Trim(part));
  return out;
}

// Reads the blocks of a golden file; a malformed block fails the test with file:line.
std::vector<Case> ReadCases(const std::string& path) {
  std::vector<Case> cases;
  std::ifstream in(path);
  if (!in) {
    ADD_FAILURE() << path << ": cannot open";
    return cases;
  }
  Case cur;
  int n = 0;
  auto flush = [&] {
    if (cur.text.empty() && cur.expect.empty()) return;
    if (cur.date.empty() || cur.text.empty() || cur.mention.empty() || cur.expect.empty())
      ADD_FAILURE() << path << ":" << cur.line << ": a case needs date, text, mention and expect";
    else
      cases.push_back(cur);
    cur = Case{};
  };
  for (std::string line; std::getline(in, line);) {
    ++n;
    line = Trim(line);
    if (line.empty()) {
      flush();
      continue;
    }
    if (line[0] == '#') continue;
    const size_t colon = line.find(':');
    if (colon == std::string::npos) {
      ADD_FAILURE() << path << ":" << n << ": expected 'key: value'";
      continue;
    }
    if (cur.line == 0) cur.line = n, cur.file = fs::path(path).filename().string();
    const std::string key = line.substr(0, colon), value = Trim(line.substr(colon + 1));
    if (key == "date") cur.date = value;
    else if (key == "text") cur.text = value;
    else if (key == "expect") cur.expect = value;
    else if (key == "mention") {
      cur.mention = value;
      if (size_t h = value.rfind(" #"); h != std::string::npos) {
        cur.mention = value.substr(0, h);
        cur.occurrence = std::atoi(value.c_str() + h + 2);
      }
    } else {
      ADD_FAILURE() << path << ":" << n << ": unknown key '" << key << "'";
    }
  }
  flush();
  return cases;
}

std::string Describe(const Document& doc, const Mention& m) {
  std::string s = "[" + std::string(doc.View(m.span)) + "] ";
  if (m.actor)
    s += m.actor->name + " | " + m.actor->affiliation + " | " + m.actor->sector + " (" + m.actor->id +
         (m.actor->post.empty() ? "" : ", " + m.actor->post) + ")";
  else
    s += "unresolved";
  s += " via " + m.method;
  if (m.is_place_use) s += " [place]";
  return s;
}

bool FieldOk(const std::string& want, const std::string& got) { return want == "*" || want == got; }

// Checks one case; on failure fills *why with what was found.
bool Check(const Engine& e, const Case& c, const std::string& lang, std::string* why) {
  const Document doc = e.Analyse(c.text, c.date, lang);
  size_t pos = std::string::npos;
  for (int k = 0, from = 0; k < c.occurrence; ++k) {
    pos = doc.text.find(c.mention, from);
    if (pos == std::string::npos) break;
    from = static_cast<int>(pos + 1);
  }
  if (pos == std::string::npos) {
    *why = "mention text not found in the text (case error)";
    return false;
  }
  const Span want{static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + c.mention.size())};
  std::vector<const Mention*> over;
  for (const Mention& m : doc.mentions)
    if (m.span.Overlaps(want)) over.push_back(&m);
  bool ok = false;
  const std::vector<std::string> ex = SplitBar(c.expect);
  if (ex.size() == 1 && ex[0] == "place") {
    for (const Mention* m : over) ok |= m->is_place_use;
  } else if (ex.size() == 1 && ex[0] == "none") {
    ok = true;
    for (const Mention* m : over) ok &= !(m->actor && !m->is_place_use);
  } else if (ex.size() == 2 && ex[0] == "new") {
    for (const Mention* m : over)
      ok |= m->actor && m->actor->id.rfind("new:", 0) == 0 && FieldOk(ex[1], m->actor->sector);
  } else if (ex.size() == 3) {
    for (const Mention* m : over)
      ok |= m->actor && !m->is_place_use && FieldOk(ex[0], m->actor->name) &&
            FieldOk(ex[1], m->actor->affiliation) && FieldOk(ex[2], m->actor->sector);
  } else {
    *why = "bad expect line (case error)";
    return false;
  }
  if (!ok) {
    if (over.empty()) *why = "no mention";
    for (const Mention* m : over) *why += (why->empty() ? "" : "; ") + Describe(doc, *m);
  }
  return ok;
}

struct Score {
  int total = 0, passed = 0;
  double rate() const { return total ? static_cast<double>(passed) / total : 0; }
};

Score RunGolden(const Engine& e, const std::string& lang) {
  const std::string path = std::string(DEPECHE_SOURCE_DATA_DIR) + "/../tests/golden/actors_" + lang + ".txt";
  Score s;
  for (const Case& c : ReadCases(path)) {
    std::string why;
    ++s.total;
    if (Check(e, c, lang, &why)) {
      ++s.passed;
      continue;
    }
    std::cout << "FAIL " << c.file << ":" << c.line << " (" << c.date << ") " << c.text
              << "\n     mention: " << c.mention << (c.occurrence > 1 ? " #" + std::to_string(c.occurrence) : "")
              << "\n     expect:  " << c.expect << "\n     got:     " << why << "\n";
  }
  std::cout << "actors golden " << lang << ": " << s.passed << "/" << s.total << " = " << s.rate()
            << "\n";
  return s;
}

// The accuracy the engine must reach. Measured 2026-11-23 before the fixes reported with
// this test set: fr 0.87, en 0.75. Never lower these to make a regression pass.
constexpr double kMinFrench = 0.90;
constexpr double kMinEnglish = 0.90;

TEST_F(ActorsTest, GoldenFrench) {
  const Score s = RunGolden(*engine_, "fr");
  ASSERT_GE(s.total, 100);
  EXPECT_GE(s.rate(), kMinFrench);
}

TEST_F(ActorsTest, GoldenEnglish) {
  const Score s = RunGolden(*engine_, "en");
  ASSERT_GE(s.total, 80);
  EXPECT_GE(s.rate(), kMinEnglish);
}

// ------------------------------------------------------------------- seed corpus

// Every gold event's source and target must be among the resolved mentions of its document,
// by canonical name or one of the gold `aka`, matched on the actor name or the surface.
TEST_F(ActorsTest, SeedCorpusActorRecall) {
  const fs::path dir = fs::path(DEPECHE_SHARED_DIR) / "corpus";
  if (!fs::exists(dir / "seeds.gold.jsonl")) GTEST_SKIP() << dir << "/seeds.gold.jsonl absent";
  std::map<std::string, nlohmann::json> meta;
  {
    std::ifstream in(dir / "seeds.meta.jsonl");
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) {
        auto j = nlohmann::json::parse(line);
        meta[j.value("doc", "")] = j;
      }
  }
  std::map<std::string, Document> docs;
  auto doc_for = [&](const std::string& id) -> const Document* {
    if (auto it = docs.find(id); it != docs.end()) return &it->second;
    auto text = ReadFile((dir / "seeds" / (id + ".txt")).string());
    if (!text.ok()) return nullptr;
    std::string pubdate, lang;
    if (auto it = meta.find(id); it != meta.end()) {
      if (it->second.contains("pubdate") && it->second["pubdate"].is_string())
        pubdate = it->second["pubdate"];
      if (it->second.contains("lang") && it->second["lang"].is_string()) lang = it->second["lang"];
    }
    return &docs.emplace(id, engine_->Analyse(std::move(text).value(), pubdate, lang)).first->second;
  };
  int total = 0, found = 0, exact = 0;
  std::ifstream in(dir / "seeds.gold.jsonl");
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const auto ev = nlohmann::json::parse(line);
    const std::string id = ev.value("doc", "");
    const Document* doc = doc_for(id);
    if (!doc) {
      ADD_FAILURE() << "seed document " << id << " unreadable";
      continue;
    }
    for (const char* role : {"source", "target"}) {
      if (!ev.contains(role) || !ev[role].is_object()) continue;
      const auto& a = ev[role];
      std::set<std::string> keys{MatchKey(a.value("name", ""))};
      if (a.contains("aka"))
        for (const auto& k : a["aka"]) keys.insert(MatchKey(k.get<std::string>()));
      const std::string name_key = MatchKey(a.value("name", ""));
      bool hit = false, same = false;
      for (const Mention& m : doc->mentions) {
        if (!m.actor || m.is_place_use) continue;
        hit |= keys.count(MatchKey(m.actor->name)) || keys.count(MatchKey(doc->View(m.span)));
        same |= MatchKey(m.actor->name) == name_key;
      }
      ++total;
      found += hit;
      exact += same;
      if (!hit || !same)
        std::cout << (hit ? "ALIAS ONLY seed " : "MISS seed ") << id << " " << ev.value("type", "")
                  << " " << role << ": " << a.value("name", "") << "\n";
    }
  }
  // Lenient: the actor or one of its aka is resolved somewhere. Exact: some mention resolves
  // to the gold canonical name itself.
  std::cout << "actors seed recall: " << found << "/" << total << " (canonical name: " << exact
            << "/" << total << ")\n";
  EXPECT_GT(total, 0);
}

}  // namespace
}  // namespace depeche::actors
