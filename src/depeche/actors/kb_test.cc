// Tests for the actor knowledge base: record parsing and its errors, phrase keys, dates,
// post holders at dates, and the breadth of the real data/actors.
#include "depeche/actors/kb.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include <unistd.h>

namespace depeche::actors {
namespace {

namespace fs = std::filesystem;

constexpr char kRecords[] = R"(# test records
[LBY]
name = Libya
type = country
affiliation = LBY
sector = GOV
alias = Libye
demonym = libyen; libyenne; Libyan
metonym = Tripoli

[lna]
name = Libyan National Army
type = organisation
affiliation = LBY
sector = MIL
part_of = LBY

[fayez_al_sarraj]
name = Fayez al-Sarraj
type = person
affiliation = LBY
sector = GOV
alias = Serraj; el-Serraj
alias = Faïez Sarraj
title = président
epithet = chef du gouvernement d'union nationale
post = head_of_government@LBY 2016-03-30..2021-03-15  # GNA
post = head_of_state@LBY 2016-03-30..2021-03-15

[khalifa_haftar]
name = Khalifa Haftar
type = person
affiliation = LBY
sector = MIL
alias = Hafter
post = commander@lna 2015-03-02..

[abdullah_al_thani]
name = Abdullah al-Thani
type = person
affiliation = LBY
post = head_of_government@LBY 2014-03-11..2021-03-15

[early]
name = Early Holder
type = person
affiliation = LBY
post = head_of_government@LBY 2012..2014-03
)";

KnowledgeBase Small() {
  KnowledgeBase kb;
  Status s = kb.AddRecords(kRecords, "test.txt");
  EXPECT_TRUE(s.ok()) << s.message();
  s = kb.Finish();
  EXPECT_TRUE(s.ok()) << s.message();
  return kb;
}

std::vector<std::string> Names(const std::vector<const Actor*>& v) {
  std::vector<std::string> out;
  for (const Actor* a : v) out.push_back(a->name);
  return out;
}

TEST(KnowledgeBaseTest, ParsesRecords) {
  const KnowledgeBase kb = Small();
  EXPECT_EQ(kb.size(), 6u);
  const Actor* s = kb.Find("fayez_al_sarraj");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->name, "Fayez al-Sarraj");
  EXPECT_EQ(s->type, "person");
  EXPECT_EQ(s->sector, "GOV");
  EXPECT_EQ(s->aliases, (std::vector<std::string>{"Serraj", "el-Serraj", "Faïez Sarraj"}));
  EXPECT_EQ(s->titles, std::vector<std::string>{"président"});
  ASSERT_EQ(s->posts.size(), 2u);
  EXPECT_EQ(s->posts[0].role, "head_of_government");
  EXPECT_EQ(s->posts[0].org, "LBY");
  EXPECT_EQ(s->posts[0].from, 20160330);
  EXPECT_EQ(s->posts[0].to, 20210315);  // the trailing comment is not part of the date
  EXPECT_EQ(s->file, "test.txt:18");
  const Actor* h = kb.Find("khalifa_haftar");
  ASSERT_NE(h, nullptr);
  ASSERT_EQ(h->posts.size(), 1u);
  EXPECT_EQ(h->posts[0].to, 99999999);  // open end
  const Actor* e = kb.Find("early");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->posts[0].from, 20120101);  // year-only start
  EXPECT_EQ(e->posts[0].to, 20140331);    // month-only end: the month's last day
  EXPECT_EQ(kb.Find("lna")->part_of, "LBY");
  EXPECT_EQ(kb.Find("LBY")->demonyms.size(), 3u);
  EXPECT_EQ(kb.Find("nobody"), nullptr);
}

// Each error names the file and the line of the offending text.
TEST(KnowledgeBaseTest, ErrorsNameFileAndLine) {
  struct Bad {
    const char* text;
    const char* where;
    const char* what;
  };
  const Bad cases[] = {
      {"[a]\nname = A\npost = head_of_state LBY 2010..2012\n", "bad.txt:3", "ROLE@ORG"},
      {"[a]\nname = A\npost = head_of_state@LBY 2010-2012\n", "bad.txt:3", "FROM..TO"},
      {"[a]\nname = A\npost = head_of_state@LBY 2010..last year\n", "bad.txt:3", "bad post date"},
      {"[a]\nname = A\ncolour = blue\n", "bad.txt:3", "unknown key 'colour'"},
      {"[a]\nname = A\n\n[b]\nname = B\n[a]\nname = C\n", "bad.txt:6", "duplicate id [a]"},
      {"name = A\n", "bad.txt:1", "before the first [id]"},
      {"[a]\njust words\n", "bad.txt:2", "key = value"},
      {"[a]\ntype = people\n", "bad.txt:2", "type must be"},
      {"[a\nname = A\n", "bad.txt:1", "[id]"},
  };
  for (const Bad& b : cases) {
    KnowledgeBase kb;
    const Status s = kb.AddRecords(b.text, "bad.txt");
    ASSERT_FALSE(s.ok()) << b.text;
    EXPECT_NE(s.message().find(b.where), std::string::npos) << s.message();
    EXPECT_NE(s.message().find(b.what), std::string::npos) << s.message();
  }
  // A duplicate across files names the first definition too.
  KnowledgeBase kb;
  ASSERT_TRUE(kb.AddRecords("[a]\nname = A\ntype = person\naffiliation = X\n", "one.txt").ok());
  const Status s = kb.AddRecords("\n[a]\n", "two.txt");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("two.txt:2"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("one.txt:1"), std::string::npos) << s.message();
}

TEST(KnowledgeBaseTest, FinishNeedsNameTypeAffiliation) {
  KnowledgeBase kb;
  ASSERT_TRUE(kb.AddRecords("# header\n[a]\nname = A\ntype = person\n", "f.txt").ok());
  const Status s = kb.Finish();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("f.txt:2"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("[a]"), std::string::npos) << s.message();
}

TEST(KnowledgeBaseTest, PhraseKeyFolds) {
  EXPECT_EQ(PhraseKey("l’Élysée"), "l' elysee");
  EXPECT_EQ(PhraseKey("L'ÉLYSÉE"), "l' elysee");
  EXPECT_EQ(PhraseKey("Jean-Marc  Ayrault"), "jean marc ayrault");
  EXPECT_EQ(PhraseKey("  Secrétaire   général "), "secretaire general");
  EXPECT_EQ(PhraseKey("chef d’état-major"), "chef d' etat major");
  EXPECT_EQ(PhraseKey("U.S."), "u.s.");
  EXPECT_EQ(PhraseKey("Recep Tayyip Erdoğan"), PhraseKey("recep tayyip erdogan"));
  EXPECT_EQ(PhraseKey(""), "");
  // The Arabic article is dropped from every word of a key, not from a lone particle.
  EXPECT_EQ(PhraseKey("Fayez al-Sarraj"), PhraseKey("Fayez Sarraj"));
  EXPECT_EQ(PhraseKey("el-Sisi"), PhraseKey("Sisi"));
  EXPECT_EQ(StripParticles("faiez al sarraj"), "faiez sarraj");
  EXPECT_EQ(StripParticles("al"), "al");
  EXPECT_EQ(StripParticles("alger"), "alger");
  EXPECT_EQ(StripParticles("salah el din"), "salah din");
}

TEST(KnowledgeBaseTest, DateBounds) {
  int d = -1;
  EXPECT_TRUE(ParseDateBound("2019-03-01", false, &d));
  EXPECT_EQ(d, 20190301);
  EXPECT_TRUE(ParseDateBound("2019", false, &d));
  EXPECT_EQ(d, 20190101);
  EXPECT_TRUE(ParseDateBound("2019", true, &d));
  EXPECT_EQ(d, 20191231);
  EXPECT_TRUE(ParseDateBound("2019-02", true, &d));
  EXPECT_EQ(d, 20190228);
  EXPECT_TRUE(ParseDateBound("2020-02", true, &d));
  EXPECT_EQ(d, 20200229);
  EXPECT_TRUE(ParseDateBound("", false, &d));
  EXPECT_EQ(d, 0);
  EXPECT_TRUE(ParseDateBound(" ", true, &d));
  EXPECT_EQ(d, 99999999);
  EXPECT_FALSE(ParseDateBound("March 2019", false, &d));
  EXPECT_EQ(DateKey(CivilDate{2021, 3, 15}), 20210315);
}

TEST(KnowledgeBaseTest, HoldersAtDates) {
  const KnowledgeBase kb = Small();
  // Boundaries are inclusive.
  EXPECT_EQ(Names(kb.Holders("head_of_government", "LBY", 20160329)),
            std::vector<std::string>{"Abdullah al-Thani"});
  EXPECT_EQ(Names(kb.Holders("head_of_government", "LBY", 20160330)),
            (std::vector<std::string>{"Fayez al-Sarraj", "Abdullah al-Thani"}));
  EXPECT_EQ(Names(kb.Holders("head_of_government", "LBY", 20210315)).size(), 2u);
  EXPECT_TRUE(kb.Holders("head_of_government", "LBY", 20210316).empty());
  // Coarse dates cover their whole month / year.
  EXPECT_EQ(Names(kb.Holders("head_of_government", "LBY", 20120101)),
            std::vector<std::string>{"Early Holder"});
  EXPECT_EQ(Names(kb.Holders("head_of_government", "LBY", 20140311)).size(), 2u);
  // Open end.
  EXPECT_EQ(Names(kb.Holders("commander", "lna", 20991231)),
            std::vector<std::string>{"Khalifa Haftar"});
  EXPECT_TRUE(kb.Holders("commander", "lna", 20150301).empty());
  // Unknown role or org.
  EXPECT_TRUE(kb.Holders("head_of_state", "FRA", 20200101).empty());
  EXPECT_TRUE(kb.Holders("pope", "LBY", 20200101).empty());
}

TEST(KnowledgeBaseTest, PostHistoryIsInDateOrder) {
  const KnowledgeBase kb = Small();
  const auto hist = kb.PostHistory("head_of_government", "LBY");
  ASSERT_EQ(hist.size(), 3u);
  EXPECT_EQ(hist[0].first->name, "Early Holder");
  EXPECT_EQ(hist[1].first->name, "Abdullah al-Thani");
  EXPECT_EQ(hist[2].first->name, "Fayez al-Sarraj");
  for (size_t i = 1; i < hist.size(); ++i) EXPECT_LE(hist[i - 1].second->from, hist[i].second->from);
  EXPECT_TRUE(kb.PostHistory("head_of_state", "FRA").empty());
}

TEST(KnowledgeBaseTest, ActivePost) {
  const KnowledgeBase kb = Small();
  const Actor& s = *kb.Find("fayez_al_sarraj");
  const Post* p = kb.ActivePost(s, 20190101, "head_of_state");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->role, "head_of_state");
  p = kb.ActivePost(s, 20190101);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->role, "head_of_government");  // the first listed when no role is asked
  EXPECT_EQ(kb.ActivePost(s, 20220101), nullptr);
}

TEST(KnowledgeBaseTest, PhrasesAndParticles) {
  const KnowledgeBase kb = Small();
  auto who = [&](std::string_view text) -> std::string {
    const auto* es = kb.Phrase(PhraseKey(text));
    return es && !es->empty() ? kb.actor(es->front().actor).id : "";
  };
  EXPECT_EQ(who("Fayez al-Sarraj"), "fayez_al_sarraj");
  EXPECT_EQ(who("FAYEZ AL SARRAJ"), "fayez_al_sarraj");
  EXPECT_EQ(who("Faiez Sarraj"), "fayez_al_sarraj");  // accents folded
  EXPECT_EQ(who("el-Serraj"), "fayez_al_sarraj");
  EXPECT_EQ(who("Serraj"), "fayez_al_sarraj");
  EXPECT_EQ(who("al-Thani"), "");  // only full names and listed aliases
  EXPECT_EQ(who("Abdullah al-Thani"), "abdullah_al_thani");
  EXPECT_EQ(who("Hafter"), "khalifa_haftar");
  EXPECT_EQ(who("Libye"), "LBY");
  EXPECT_EQ(who("Tripoli"), "LBY");
  EXPECT_EQ(who("chef du gouvernement d’union nationale"), "fayez_al_sarraj");
  // FORMAT.md: "a leading al-/el- is tried both ways": an alias listed without the
  // particle also matches the text with it, and the other way round.
  EXPECT_EQ(who("al-Serraj"), "fayez_al_sarraj");
  EXPECT_EQ(who("El Serraj"), "fayez_al_sarraj");
  EXPECT_EQ(who("Fayez Sarraj"), "fayez_al_sarraj");
  EXPECT_EQ(who("Fayez el-Sarraj"), "fayez_al_sarraj");
  EXPECT_TRUE(kb.IsPhrasePrefix(PhraseKey("Fayez")));
  EXPECT_FALSE(kb.IsPhrasePrefix(PhraseKey("Sarraj")));
  // A demonym is kept with its kind, so the tagger can tell it from a name.
  const auto* es = kb.Phrase(PhraseKey("libyenne"));
  ASSERT_NE(es, nullptr);
  EXPECT_EQ(es->front().kind, PhraseKind::kDemonym);
}

// Load() reads records recursively and the four tables; table errors name file:line.
TEST(KnowledgeBaseTest, LoadsDirectoryAndTables) {
  const fs::path root = fs::temp_directory_path() / ("depeche_kb_test_" + std::to_string(::getpid()));
  fs::create_directories(root / "actors" / "people");
  auto write = [&](const std::string& rel, const std::string& text) {
    std::ofstream(root / rel) << text;
  };
  write("actors/countries.txt", "[LBY]\nname = Libya\ntype = country\naffiliation = LBY\n");
  write("actors/people/x.txt",
        "[khalifa_haftar]\nname = Khalifa Haftar\ntype = person\naffiliation = LBY\n");
  write("actors/roles.tsv", "# c\nfr\tSecrétaire Général\tsecretary_general\nen\tprime minister\thead_of_government\n");
  write("actors/periphrases.tsv", "fr\tle locataire de l'Élysée\thead_of_state@FRA\n");
  write("actors/agents.tsv", "fr\tarmée\tMIL\n");
  write("actors/titles.tsv", "fr\tm.\t-\nfr\tmaréchal\tMIL\n");
  const KnowledgePaths paths{root.string(), root.string()};
  {
    auto kb = KnowledgeBase::Load(paths);
    ASSERT_TRUE(kb.ok()) << kb.status().message();
    EXPECT_EQ(kb.value().size(), 2u);
    EXPECT_NE(kb.value().Find("khalifa_haftar"), nullptr);
    const RolePhrase* r = kb.value().Role(Lang::kFr, PhraseKey("secrétaire général"));
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->role, "secretary_general");
    EXPECT_EQ(kb.value().Role(Lang::kEn, PhraseKey("secrétaire général")), nullptr);
    EXPECT_TRUE(kb.value().IsRolePrefix("prime"));
    const RolePhrase* p = kb.value().Periphrasis(Lang::kFr, PhraseKey("locataire de l’Elysée"));
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->role, "head_of_state");
    EXPECT_EQ(p->org, "FRA");
    ASSERT_NE(kb.value().AgentSector(Lang::kFr, "armée"), nullptr);
    EXPECT_EQ(*kb.value().AgentSector(Lang::kFr, "armée"), "MIL");
    ASSERT_NE(kb.value().TitleSector(Lang::kFr, "m."), nullptr);
    EXPECT_EQ(*kb.value().TitleSector(Lang::kFr, "m."), "");
    EXPECT_EQ(*kb.value().TitleSector(Lang::kFr, "marechal"), "MIL");
  }
  write("actors/periphrases.tsv", "# c\n\nfr\tlocataire de matignon\thead_of_government\n");
  {
    auto kb = KnowledgeBase::Load(paths);
    ASSERT_FALSE(kb.ok());
    EXPECT_NE(kb.status().message().find("periphrases.tsv:3"), std::string::npos)
        << kb.status().message();
  }
  write("actors/periphrases.tsv", "");
  write("actors/roles.tsv", "fr\tprésident\n");
  {
    auto kb = KnowledgeBase::Load(paths);
    ASSERT_FALSE(kb.ok());
    EXPECT_NE(kb.status().message().find("roles.tsv:1"), std::string::npos) << kb.status().message();
  }
  write("actors/roles.tsv", "xx\tprésident\thead_of_state\n");
  {
    auto kb = KnowledgeBase::Load(paths);
    ASSERT_FALSE(kb.ok());
    EXPECT_NE(kb.status().message().find("unknown language"), std::string::npos);
  }
  write("actors/roles.tsv", "");
  write("actors/people/y.txt", "[khalifa_haftar]\nname = Dup\n");
  {
    auto kb = KnowledgeBase::Load(paths);
    ASSERT_FALSE(kb.ok());
    EXPECT_NE(kb.status().message().find("people/y.txt:1"), std::string::npos)
        << kb.status().message();
  }
  fs::remove_all(root);
}

// The real data: loads, is broad, and is internally consistent.
TEST(KnowledgeBaseTest, RealDataLoadsWithBroadCoverage) {
  const KnowledgePaths paths = KnowledgePaths::Default();
  if (!fs::exists(paths.Source("actors"))) GTEST_SKIP() << paths.Source("actors") << " absent";
  auto loaded = KnowledgeBase::Load(paths);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const KnowledgeBase& kb = loaded.value();
  const auto st = kb.stats();
  std::cout << "actors kb: " << st.actors << " actors (" << st.persons << " persons, "
            << st.organisations << " organisations, " << st.countries << " countries), "
            << st.posts << " posts, " << st.phrases << " phrases, " << st.roles << " role phrases, "
            << st.periphrases << " periphrases\n";
  EXPECT_GE(st.countries, 190u);
  EXPECT_GE(st.persons, 2000u);
  EXPECT_GE(st.organisations, 150u);
  EXPECT_GE(st.posts, 3000u);
  EXPECT_GE(st.roles, 200u);
  EXPECT_GE(st.periphrases, 100u);

  // Every reference to another record resolves, and every post reads FROM <= TO.
  std::set<std::string> problems;
  std::set<std::string> roles = {"head_of_state", "vice_president", "head_of_government",
                                 "foreign_minister", "defence_minister", "interior_minister",
                                 "secretary_general", "commission_president", "council_president",
                                 "high_representative", "special_envoy", "commander",
                                 "chief_of_staff", "spokesperson", "speaker", "leader",
                                 "ambassador", "government"};
  for (size_t i = 0; i < kb.size(); ++i) {
    const Actor& a = kb.actor(static_cast<uint32_t>(i));
    if (!a.part_of.empty() && !kb.Find(a.part_of))
      problems.insert(a.file + ": part_of = " + a.part_of + " is not a record id");
    for (const Post& p : a.posts) {
      if (!kb.Find(p.org)) problems.insert(a.file + ": post org '" + p.org + "' is not a record id");
      if (!roles.count(p.role)) problems.insert(a.file + ": role '" + p.role + "' not in FORMAT.md");
      if (p.from > p.to) problems.insert(a.file + ": post " + p.role + "@" + p.org + " ends before it starts");
    }
  }
  for (const auto& p : problems) std::cout << "KB PROBLEM " << p << "\n";
  EXPECT_TRUE(problems.empty()) << problems.size() << " problems (listed above)";

  // Spot checks across regions and bodies.
  auto holder = [&](const char* role, const char* org, int date) {
    auto hs = kb.Holders(role, org, date);
    return hs.empty() ? std::string("-") : hs.back()->name;
  };
  EXPECT_EQ(holder("head_of_state", "USA", 20190301), "Donald Trump");
  EXPECT_EQ(holder("head_of_state", "FRA", 20151120), "François Hollande");
  EXPECT_EQ(holder("head_of_state", "NGA", 20120610), "Goodluck Jonathan");
  EXPECT_EQ(holder("secretary_general", "nato", 20190625), "Jens Stoltenberg");
  EXPECT_EQ(holder("high_representative", "eu", 20210712), "Josep Borrell");
  EXPECT_EQ(holder("foreign_minister", "USA", 20190501), "Mike Pompeo");
  EXPECT_EQ(holder("commander", "africom", 20230510), "Michael Langley");
  EXPECT_EQ(holder("commander", "africom", 20251015), "Dagvin Anderson");
  EXPECT_EQ(holder("secretary_general", "un", 20231025), "António Guterres");
  EXPECT_EQ(holder("commission_president", "au", 20200210), "Moussa Faki Mahamat");
  const auto* putin = kb.Phrase(PhraseKey("Poutine"));
  ASSERT_NE(putin, nullptr);
  EXPECT_EQ(kb.actor(putin->front().actor).name, "Vladimir Putin");
}

}  // namespace
}  // namespace depeche::actors
