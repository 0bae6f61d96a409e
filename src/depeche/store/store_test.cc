// Tests for the event store: idempotent ingest, replacement, occasion merging, schema
// versioning, and the analysts' queries, on documents built by hand.
#include "depeche/store/store.h"

#include <gtest/gtest.h>

#include "depeche/store/query.h"
#include "depeche/store/schema.h"
#include "depeche/store/test_util.h"

namespace depeche::store {
namespace {

using testing::DumpStore;
using testing::EventSpec;
using testing::kErdogan;
using testing::kMacron;
using testing::kMitsotakis;
using testing::MakeDoc;
using testing::OpenOrDie;
using testing::PutAll;
using testing::TempPath;

const char kTextA[] =
    "Le président turc a rencontré mardi le Premier ministre grec à Ankara. Les deux hommes ont "
    "parlé de la Méditerranée orientale.";
const char kTextB[] =
    "Kyriakos Mitsotakis s'est entretenu avec Recep Tayyip Erdogan à Ankara, a indiqué son "
    "cabinet. La rencontre a duré deux heures.";

std::vector<Document> TwoOutletsOneMeeting() {
  return {
      MakeDoc("a", "Le Monde", "2021-03-10", kTextA,
              {{"CONSULT", kErdogan, kMitsotakis, "2021-03-09", "Ankara", "TUR", "", "rencontré"}}),
      // Reworded, other outlet, sides swapped (CONSULT is symmetric), a day later.
      MakeDoc("b", "Le Figaro", "2021-03-11", kTextB,
              {{"CONSULT", kMitsotakis, kErdogan, "2021-03-10", "Ankara", "TUR", "", "entretenu"}}),
  };
}

int64_t Count(Store& s, const std::string& sql) {
  auto v = s.db().QueryInt(sql);
  EXPECT_TRUE(v.ok()) << v.status().message();
  return v.ok() ? *v : -1;
}

TEST(StoreTest, CreatesVersionedSchemaInWalMode) {
  auto s = OpenOrDie(TempPath("schema.db"));
  EXPECT_EQ(Count(*s, "PRAGMA user_version"), kSchemaVersion);
  auto q = s->db().Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(q.ok());
  Status err;
  ASSERT_TRUE(q->Step(&err));
  EXPECT_EQ(q->Text(0), "wal");
}

TEST(StoreTest, RefusesNewerSchema) {
  const std::string path = TempPath("newer.db");
  {
    auto s = OpenOrDie(path);
    ASSERT_TRUE(s->db().Exec("PRAGMA user_version = 99").ok());
  }
  auto s = Store::Open(path, {});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("newer"), std::string::npos);
}

TEST(StoreTest, IngestTwiceGivesSameRows) {
  auto s = OpenOrDie(TempPath("twice.db"));
  PutAll(*s, TwoOutletsOneMeeting());
  const std::string first = DumpStore(s->db());
  ASSERT_TRUE(s->Begin().ok());
  for (const Document& d : TwoOutletsOneMeeting()) {
    auto r = s->Put(d);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, Store::Outcome::kUnchanged);
  }
  ASSERT_TRUE(s->Commit().ok());
  EXPECT_EQ(DumpStore(s->db()), first);
  EXPECT_EQ(s->StoredHash("a"), Store::ContentHash(TwoOutletsOneMeeting()[0]));
  EXPECT_EQ(s->StoredHash("nope"), "");
}

TEST(StoreTest, RewordedStoryFromTwoOutletsIsOneOccasion) {
  auto s = OpenOrDie(TempPath("merge.db"));
  PutAll(*s, TwoOutletsOneMeeting());
  EXPECT_EQ(Count(*s, "SELECT count(*) FROM events"), 2);
  EXPECT_EQ(Count(*s, "SELECT count(*) FROM occasions"), 1);
  EXPECT_EQ(Count(*s, "SELECT num_sources FROM occasions"), 2);
  EXPECT_EQ(Count(*s, "SELECT num_articles FROM occasions"), 2);
  EXPECT_EQ(Count(*s, "SELECT num_mentions FROM occasions"), 2);
  // Both sources' evidence is kept.
  EXPECT_EQ(Count(*s, "SELECT count(*) FROM evidence"), 2);
  auto check = s->Check();
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(*check, "");
}

TEST(StoreTest, SameOutletCountsOneSource) {
  auto s = OpenOrDie(TempPath("outlet.db"));
  auto docs = TwoOutletsOneMeeting();
  docs[1].given.outlet = "le monde";  // outlets compare case-insensitively
  PutAll(*s, docs);
  EXPECT_EQ(Count(*s, "SELECT num_sources FROM occasions"), 1);
  EXPECT_EQ(Count(*s, "SELECT num_articles FROM occasions"), 2);
}

TEST(StoreTest, TwoMeetingsOnDifferentDaysStayTwo) {
  auto s = OpenOrDie(TempPath("days.db"));
  PutAll(*s, {MakeDoc("a", "Le Monde", "2021-03-10", kTextA,
                      {{"CONSULT", kErdogan, kMitsotakis, "2021-03-09", "Ankara", "TUR", "", ""}}),
              MakeDoc("b", "Le Figaro", "2021-03-20", kTextB,
                      {{"CONSULT", kErdogan, kMitsotakis, "2021-03-19", "Ankara", "TUR", "", ""}})});
  EXPECT_EQ(Count(*s, "SELECT count(*) FROM occasions"), 2);
}

TEST(StoreTest, WiderDateWindowMerges) {
  StoreOptions o;
  o.merge.date_window_days = 3;
  auto s = OpenOrDie(TempPath("window.db"), o);
  PutAll(*s, {MakeDoc("a", "Le Monde", "2021-03-10", kTextA,
                      {{"CONSULT", kErdogan, kMitsotakis, "2021-03-09", "", "", "", ""}}),
              MakeDoc("b", "Le Figaro", "2021-03-12", kTextB,
                      {{"CONSULT", kErdogan, kMitsotakis, "2021-03-11", "", "", "", ""}})});
  EXPECT_EQ(Count(*s, "SELECT count(*) FROM occasions"), 1);
}

TEST(StoreTest, IncompatiblePlacesTypesAndDirectionsStayApart) {
  auto s = OpenOrDie(TempPath("apart.db"));
  PutAll(*s,
         {MakeDoc("a", "A", "2021-03-10", kTextA,
                  {{"CONSULT", kErdogan, kMitsotakis, "2021-03-09", "Ankara", "TUR", "", ""}}),
          MakeDoc("b", "B", "2021-03-10", kTextB,
                  {{"CONSULT", kErdogan, kMitsotakis, "2021-03-09", "Athens", "GRC", "", ""}}),
          MakeDoc("c", "C", "2021-03-10", kTextB,
                  {{"ACCUSE", kErdogan, kMitsotakis, "2021-03-09", "", "", "", ""}}),
          // ACCUSE is not symmetric: the other direction is another act.
          MakeDoc("d", "D", "2021-03-10", kTextA,
                  {{"ACCUSE", kMitsotakis, kErdogan, "2021-03-09", "", "", "", ""}})});
  EXPECT_EQ(Count(*s, "SELECT count(*) FROM occasions"), 4);
}

TEST(StoreTest, TwoEventsOfOneDocumentStayTwo) {
  auto s = OpenOrDie(TempPath("samedoc.db"));
  PutAll(*s, {MakeDoc("a", "A", "2021-03-10", kTextA,
                      {{"REQUEST", kErdogan, kMitsotakis, "2021-03-09", "", "", "", ""},
                       {"REQUEST", kErdogan, kMitsotakis, "2021-03-09", "", "", "", ""}})});
  EXPECT_EQ(Count(*s, "SELECT count(*) FROM occasions"), 2);
}

TEST(StoreTest, NearDuplicateCopiesFormOneStoryAndMergeUndatedEvents) {
  auto s = OpenOrDie(TempPath("story.db"));
  const std::string text = std::string(kTextA) + " " + kTextB;
  PutAll(*s, {MakeDoc("a", "Wire", "", text,
                      {{"CONSULT", kErdogan, kMitsotakis, "", "", "", "", "rencontré"}}),
              MakeDoc("b", "Reprint", "", text + " (Avec AFP)",
                      {{"CONSULT", kErdogan, kMitsotakis, "", "", "", "", "rencontré"}}),
              MakeDoc("c", "Other", "", kTextB,
                      {{"CONSULT", kErdogan, kMitsotakis, "", "", "", "", "entretenu"}})});
  EXPECT_EQ(Count(*s, "SELECT count(DISTINCT story) FROM documents WHERE id IN ('a','b')"), 1);
  EXPECT_EQ(Count(*s, "SELECT count(DISTINCT story) FROM documents"), 2);
  // Undated events merge only within a story.
  EXPECT_EQ(Count(*s, "SELECT count(*) FROM occasions"), 2);
  EXPECT_EQ(Count(*s, "SELECT max(num_articles) FROM occasions"), 2);
  EXPECT_EQ(Count(*s, "SELECT max(num_stories) FROM occasions"), 1);
}

TEST(StoreTest, ChangedDocumentReplacesItsEvents) {
  auto s = OpenOrDie(TempPath("replace.db"));
  PutAll(*s, TwoOutletsOneMeeting());
  // Outlet B corrects its story: no meeting, an accusation.
  Document b2 = MakeDoc("b", "Le Figaro", "2021-03-11",
                        "Kyriakos Mitsotakis a accusé Recep Tayyip Erdogan de provocations.",
                        {{"ACCUSE", kMitsotakis, kErdogan, "2021-03-10", "", "", "", ""}});
  ASSERT_TRUE(s->Begin().ok());
  auto r = s->Put(b2);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(*r, Store::Outcome::kReplaced);
  ASSERT_TRUE(s->Commit().ok());
  EXPECT_EQ(Count(*s, "SELECT count(*) FROM documents"), 2);
  EXPECT_EQ(Count(*s, "SELECT count(*) FROM events"), 2);
  EXPECT_EQ(Count(*s, "SELECT count(*) FROM events e JOIN documents d USING (doc_pk) "
                      "WHERE d.id = 'b' AND e.type = 'CONSULT'"),
            0);
  EXPECT_EQ(Count(*s, "SELECT num_articles FROM occasions WHERE type = 'CONSULT'"), 1);
  EXPECT_EQ(Count(*s, "SELECT count(*) FROM occasions WHERE type = 'ACCUSE'"), 1);
  auto check = s->Check();
  ASSERT_TRUE(check.ok());
  EXPECT_EQ(*check, "");
  // Removing the first source's event moves the occasion onto the remaining one.
  Document a2 = MakeDoc("a", "Le Monde", "2021-03-10", "Rien à signaler.", {});
  PutAll(*s, {a2});
  EXPECT_EQ(Count(*s, "SELECT count(*) FROM occasions WHERE type = 'CONSULT'"), 0);
  EXPECT_EQ(*s->Check(), "");
}

TEST(StoreTest, LoadDocumentKeepsGivenMetadata) {
  auto s = OpenOrDie(TempPath("load.db"));
  PutAll(*s, TwoOutletsOneMeeting());
  auto keys = s->DocumentKeys();
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 2u);
  auto d = s->LoadDocument(keys->at(1));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->id, "b");
  EXPECT_EQ(d->text, kTextB);
  EXPECT_EQ(d->given.outlet, "Le Figaro");
  EXPECT_EQ(d->given.pubdate, "2021-03-11");
  EXPECT_EQ(Store::ContentHash(*d), s->StoredHash("b"));
}

// --- queries ---------------------------------------------------------------------------------

class QueryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s_ = OpenOrDie(TempPath("query.db"));
    auto docs = TwoOutletsOneMeeting();
    docs.push_back(MakeDoc(
        "c", "Le Monde", "2021-05-02",
        "Emmanuel Macron a critiqué la Turquie pour ses forages au large de Chypre.",
        {{"ACCUSE", kMacron, kErdogan, "2021-05-01", "", "", "disapprove", ""}}));
    docs.push_back(MakeDoc(
        "d", "Libération", "2021-05-20",
        "Le président français a reçu le Premier ministre grec à l'Élysée.",
        {{"CONSULT", kMitsotakis, kMacron, "2021-05-19", "Paris", "FRA", "visit", ""}}));
    PutAll(*s_, docs);
  }
  std::unique_ptr<Store> s_;
};

std::vector<std::string> Column(const Table& t, const std::string& name) {
  std::vector<std::string> out;
  size_t c = std::find(t.columns.begin(), t.columns.end(), name) - t.columns.begin();
  for (const auto& row : t.rows) {
    if (c >= row.size()) break;
    const Value& v = row[c];
    if (auto* s = std::get_if<std::string>(&v)) out.push_back(*s);
    else if (auto* i = std::get_if<int64_t>(&v)) out.push_back(std::to_string(*i));
    else if (auto* d = std::get_if<double>(&v)) out.push_back(std::to_string(*d));
    else out.push_back("");
  }
  return out;
}

TEST_F(QueryTest, Filters) {
  Filter f;
  auto all = QueryEvents(s_->db(), f);
  ASSERT_TRUE(all.ok()) << all.status().message();
  EXPECT_EQ(all->rows.size(), 3u);

  f.actors = {"macron"};
  EXPECT_EQ(QueryEvents(s_->db(), f)->rows.size(), 2u);
  f.actors = {"emmanuel_macron", "Kyriakos Mitsotakis"};
  EXPECT_EQ(Column(*QueryEvents(s_->db(), f), "type"), std::vector<std::string>{"CONSULT"});
  f = {};
  f.types = {"accuse"};
  EXPECT_EQ(Column(*QueryEvents(s_->db(), f), "source"), std::vector<std::string>{"Emmanuel Macron"});
  f = {};
  f.since = "2021-05";
  f.until = "2021-05-10";
  EXPECT_EQ(Column(*QueryEvents(s_->db(), f), "type"), std::vector<std::string>{"ACCUSE"});
  f = {};
  f.country = "fra";
  EXPECT_EQ(Column(*QueryEvents(s_->db(), f), "mode"), std::vector<std::string>{"visit"});
  f = {};
  f.outlet = "le figaro";
  EXPECT_EQ(Column(*QueryEvents(s_->db(), f), "num_sources"), std::vector<std::string>{"2"});
  f = {};
  f.affiliation = "GRC";
  f.mode = "visit";
  EXPECT_EQ(QueryEvents(s_->db(), f)->rows.size(), 1u);
  f = {};
  f.actors = {"nobody at all"};
  EXPECT_EQ(QueryEvents(s_->db(), f)->rows.size(), 0u);
  f = {};
  f.since = "March";
  EXPECT_FALSE(QueryEvents(s_->db(), f).ok());
}

TEST_F(QueryTest, FullTextSearchFoldsAccentsAndSurvivesPunctuation) {
  Filter f;
  f.text = "elysee";  // the evidence says "l'Élysée"
  EXPECT_EQ(Column(*QueryEvents(s_->db(), f), "type"), std::vector<std::string>{"CONSULT"});
  f.text = "l'Élysée président";
  EXPECT_EQ(QueryEvents(s_->db(), f)->rows.size(), 1u);
  f.text = "entretenu";  // only the second source's evidence says it
  EXPECT_EQ(Column(*QueryEvents(s_->db(), f), "num_articles"), std::vector<std::string>{"2"});
  f.text = "\"forages au large\" OR zzz";
  EXPECT_EQ(QueryEvents(s_->db(), f)->rows.size(), 1u);
  f.text = "AND \" ( *";
  EXPECT_TRUE(QueryEvents(s_->db(), f).ok());
}

TEST_F(QueryTest, DyadsSumPloverIntensity) {
  Filter f;
  auto t = QueryDyads(s_->db(), f, false);
  ASSERT_TRUE(t.ok()) << t.status().message();
  ASSERT_EQ(t->rows.size(), 3u);
  f.actors = {"emmanuel_macron"};
  f.types = {"ACCUSE"};
  t = QueryDyads(s_->db(), f, false);
  ASSERT_EQ(t->rows.size(), 1u);
  EXPECT_EQ(Column(*t, "month"), std::vector<std::string>{"2021-05"});
  EXPECT_EQ(std::get<double>(t->rows[0][6]), -3.0);
  // Undirected: Macron->Erdogan and Mitsotakis->Macron are different pairs anyway.
  f = {};
  EXPECT_EQ(QueryDyads(s_->db(), f, true)->rows.size(), 3u);
}

TEST_F(QueryTest, ActorProfile) {
  auto t = QueryActor(s_->db(), "Erdogan", nullptr, 5, false);
  ASSERT_TRUE(t.ok()) << t.status().message();
  ASSERT_EQ(t->size(), 3u);  // actor, partners, types (no KB: no posts)
  EXPECT_EQ(Column(t->at(0), "id"), std::vector<std::string>{"recep_tayyip_erdogan"});
  const auto partners = Column(t->at(1), "partner");
  EXPECT_EQ(partners, (std::vector<std::string>{"Emmanuel Macron", "Kyriakos Mitsotakis"}));
  EXPECT_EQ(Column(t->at(2), "period"), (std::vector<std::string>{"2021", "2021"}));
  EXPECT_FALSE(QueryActor(s_->db(), "Nobody Atall", nullptr, 5, false).ok());
}

}  // namespace
}  // namespace depeche::store
