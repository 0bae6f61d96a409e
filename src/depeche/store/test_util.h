// Test helpers for the store: documents built by hand (no engine needed), temporary
// database paths, and a dump of every table to compare stores row for row.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "depeche/core/document.h"
#include "depeche/store/store.h"

namespace depeche::store::testing {

inline std::string TempPath(const std::string& name) {
  const std::string dir = ::testing::TempDir() + "depeche_store_" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  const std::string p = dir + "/" + name;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p + suffix);
  return p;
}

inline ActorRef Actor(const std::string& id, const std::string& name, const std::string& aff,
                      const std::string& sector = "GOV") {
  ActorRef a;
  a.id = id;
  a.name = name;
  a.affiliation = aff;
  a.sector = sector;
  a.type = "person";
  return a;
}

inline const ActorRef kErdogan = Actor("recep_tayyip_erdogan", "Recep Tayyip Erdoğan", "TUR");
inline const ActorRef kMitsotakis = Actor("kyriakos_mitsotakis", "Kyriakos Mitsotakis", "GRC");
inline const ActorRef kMacron = Actor("emmanuel_macron", "Emmanuel Macron", "FRA");

struct EventSpec {
  std::string type;
  ActorRef source, target;
  std::string date;  // ISO day or ""
  std::string place, country;
  std::string mode;
  std::string evidence;  // a substring of the text
};

inline Document MakeDoc(const std::string& id, const std::string& outlet,
                        const std::string& pubdate, const std::string& text,
                        const std::vector<EventSpec>& events) {
  Document d;
  d.id = id;
  d.text = text;
  d.source = "test";
  d.given.outlet = outlet;
  d.given.pubdate = pubdate;
  d.given.url = "https://example.org/" + id;
  d.lang = Lang::kFr;
  Sentence s;
  s.span = {0, static_cast<uint32_t>(text.size())};
  d.sentences.push_back(s);
  for (const EventSpec& es : events) {
    Event e;
    e.type = es.type;
    e.mode = es.mode;
    e.modality = "actual";
    e.source = es.source;
    e.target = es.target;
    e.date = es.date;
    e.precision = es.date.empty() ? Precision::kNone : Precision::kDay;
    if (!es.place.empty() || !es.country.empty()) {
      PlaceRef p;
      p.name = es.place;
      p.country = es.country;
      p.feature = "city";
      e.location = p;
    }
    const size_t at = es.evidence.empty() ? 0 : text.find(es.evidence);
    const size_t len = es.evidence.empty() ? text.size() : es.evidence.size();
    if (at != std::string::npos)
      e.evidence.push_back({static_cast<uint32_t>(at), static_cast<uint32_t>(at + len)});
    e.confidence = 0.8;
    Mention m;
    m.span = e.evidence.empty() ? Span{} : e.evidence.front();
    m.actor = es.source;
    m.method = "name";
    m.confidence = 1;
    d.mentions.push_back(m);
    d.events.push_back(std::move(e));
  }
  return d;
}

// Every row of every table (FTS shadow tables excluded), in key order, as text.
inline std::string DumpStore(Db& db) {
  std::string out;
  for (const char* t : {"documents", "actors", "mentions", "lsh", "occasions", "events", "evidence"}) {
    auto q = db.Prepare(std::string("SELECT * FROM ") + t + " ORDER BY 1, 2");
    EXPECT_TRUE(q.ok()) << q.status().message();
    if (!q.ok()) continue;
    Status err;
    out += std::string("## ") + t + "\n";
    while (q->Step(&err)) {
      for (int c = 0; c < q->columns(); ++c) {
        // Timestamps differ between runs by design; everything else must not.
        const std::string name = q->ColumnName(c);
        if (name == "ingested_at" || name == "added") continue;
        out += q->Text(c);
        out += '\t';
      }
      out += '\n';
    }
  }
  return out;
}

inline std::unique_ptr<Store> OpenOrDie(const std::string& path, StoreOptions o = {}) {
  auto s = Store::Open(path, o);
  EXPECT_TRUE(s.ok()) << s.status().message();
  return s.ok() ? std::move(s.value()) : nullptr;
}

inline void PutAll(Store& s, const std::vector<Document>& docs) {
  ASSERT_TRUE(s.Begin().ok());
  for (const Document& d : docs) {
    auto r = s.Put(d);
    ASSERT_TRUE(r.ok()) << r.status().message();
  }
  ASSERT_TRUE(s.Commit().ok());
}

}  // namespace depeche::store::testing
