// The event store; see store.h. Occasion merging follows dedup/occasion.h.
#include "depeche/store/store.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "depeche/core/unicode.h"
#include "depeche/store/schema.h"

namespace depeche::store {
namespace {

std::string NowUtc() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string Hex64(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::string AlsoJson(const std::vector<ActorRef>& v) {
  if (v.empty()) return {};
  nlohmann::ordered_json a = nlohmann::ordered_json::array();
  for (const ActorRef& x : v) {
    nlohmann::ordered_json j;
    j["name"] = x.name;
    j["affiliation"] = x.affiliation.empty() ? nlohmann::ordered_json(nullptr)
                                             : nlohmann::ordered_json(x.affiliation);
    j["sector"] = x.sector.empty() ? nlohmann::ordered_json(nullptr)
                                   : nlohmann::ordered_json(x.sector);
    if (!x.id.empty()) j["id"] = x.id;
    a.push_back(std::move(j));
  }
  return a.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// YYYY-MM of a date at month precision or finer, else of the match day.
std::string MonthOf(const std::string& date, std::optional<long> day) {
  Precision p = Precision::kNone;
  if (auto d = ParseIsoDate(date, &p); d && p >= Precision::kMonth)
    return FormatIsoDate(*d, Precision::kMonth);
  if (day) return FormatIsoDate(CivilFromDays(*day), Precision::kMonth);
  return {};
}

}  // namespace

struct Store::Impl {
  std::unordered_map<std::string, int64_t> actor_cache;
  Stmt find_doc, insert_doc, update_doc, find_actor, insert_actor, insert_mention, insert_lsh,
      lsh_candidates, doc_signature, insert_event, insert_evidence, insert_occasion,
      occ_by_window, occ_by_story, occ_has_doc, doc_occasions, del_evidence, del_events,
      del_mentions, del_lsh, old_signature, occ_counts, occ_events, del_occasion, update_occasion;
};

Result<std::unique_ptr<Store>> Store::Open(const std::string& path, const StoreOptions& options) {
  std::unique_ptr<Store> s(new Store());
  s->options_ = options;
  auto db = Db::Open(path, options.read_only);
  if (!db.ok()) return db.status();
  s->db_ = std::make_unique<Db>(std::move(db.value()));
  Db& d = *s->db_;
  if (!options.read_only) {
    // WAL: readers never block the writer; synchronous=NORMAL keeps every commit atomic
    // and durable against a process crash (only a power loss may drop the last commits).
    DEPECHE_RETURN_IF_ERROR(d.Exec("PRAGMA journal_mode=WAL"));
    DEPECHE_RETURN_IF_ERROR(d.Exec("PRAGMA synchronous=NORMAL"));
    // Checkpoints (the only fsyncs under NORMAL) every ~32 MB of WAL instead of 4 MB.
    DEPECHE_RETURN_IF_ERROR(d.Exec("PRAGMA wal_autocheckpoint=8192"));
    DEPECHE_RETURN_IF_ERROR(Migrate(d));
  } else {
    auto v = d.QueryInt("PRAGMA user_version");
    if (!v.ok()) return v.status();
    if (*v != kSchemaVersion)
      return InvalidArgument(path + ": schema version " + std::to_string(*v) + ", expected " +
                             std::to_string(kSchemaVersion) +
                             (*v < kSchemaVersion ? " (run `depeche ingest` or `recode` once to "
                                                    "migrate it)"
                                                  : ""));
  }
  DEPECHE_RETURN_IF_ERROR(d.Exec("PRAGMA foreign_keys=ON"));
  DEPECHE_RETURN_IF_ERROR(d.Exec("PRAGMA cache_size=-65536"));
  DEPECHE_RETURN_IF_ERROR(d.Exec("PRAGMA temp_store=MEMORY"));

  auto reader = Db::Open(path, true);
  if (!reader.ok()) return reader.status();
  s->reader_ = std::make_unique<Db>(std::move(reader.value()));

  s->impl_ = std::make_unique<Impl>();
  if (options.read_only) return s;
  Impl& m = *s->impl_;
  struct {
    Stmt* stmt;
    const char* sql;
  } const kStatements[] = {
      {&m.find_doc, "SELECT doc_pk, content_hash FROM documents WHERE id = ?"},
      {&m.insert_doc,
       "INSERT INTO documents (id, url, outlet, title, pubdate, language, author, dateline, "
       "given_url, given_outlet, given_title, given_pubdate, given_lang, given_author, source, "
       "content_hash, text, story, minhash, engine_version, ingested_at) "
       "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,NULL,?,?)"},
      {&m.update_doc, "UPDATE documents SET story = ?, minhash = ? WHERE doc_pk = ?"},
      {&m.find_actor, "SELECT actor_pk FROM actors WHERE key = ?"},
      {&m.insert_actor,
       "INSERT INTO actors (key, kb_id, name, name_key, affiliation, sector, type) "
       "VALUES (?,?,?,?,?,?,?)"},
      {&m.insert_mention,
       "INSERT INTO mentions (doc_pk, start, end, text, actor_pk, post, method, confidence) "
       "VALUES (?,?,?,?,?,?,?,?)"},
      {&m.insert_lsh, "INSERT OR IGNORE INTO lsh (key, doc_pk) VALUES (?, ?)"},
      // The most recent few per band: enough to find the story, and a template-like text
      // shared by thousands of documents cannot make each insertion slower.
      {&m.lsh_candidates,
       "SELECT doc_pk FROM lsh WHERE key = ? AND doc_pk <> ? ORDER BY doc_pk DESC LIMIT 8"},
      {&m.doc_signature, "SELECT minhash, story FROM documents WHERE doc_pk = ?"},
      {&m.insert_event,
       "INSERT INTO events (doc_pk, ordinal, occ_pk, type, mode, modality, cameo, source_pk, "
       "target_pk, source_sector, source_post, target_sector, target_post, source_also, "
       "target_also, date, precision, day, place_name, place_country, lat, lon, geonames_id, "
       "feature, confidence, trigger, pattern, path) "
       "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"},
      {&m.insert_evidence,
       "INSERT INTO evidence (event_pk, ordinal, start, end, sentence, text) "
       "VALUES (?,?,?,?,?,?)"},
      {&m.insert_occasion,
       "INSERT INTO occasions (type, source_pk, pair_lo, pair_hi, num_mentions, num_articles, "
       "num_sources, num_stories, first_event, added) VALUES (?,?,?,?,0,0,0,0,0,?)"},
      {&m.occ_by_window,
       "SELECT occ_pk, date, mode, place_country, day FROM occasions "
       "WHERE type = ? AND pair_lo = ? AND pair_hi = ? AND day BETWEEN ? AND ?"},
      {&m.occ_by_story,
       "SELECT DISTINCT o.occ_pk, o.date, o.mode, o.place_country, o.day FROM documents d "
       "JOIN events e ON e.doc_pk = d.doc_pk JOIN occasions o ON o.occ_pk = e.occ_pk "
       "WHERE d.story = ? AND d.doc_pk <> ? AND o.type = ? AND o.pair_lo = ? AND o.pair_hi = ? "
       "LIMIT 64"},
      {&m.occ_has_doc, "SELECT 1 FROM events WHERE occ_pk = ? AND doc_pk = ? LIMIT 1"},
      {&m.doc_occasions, "SELECT DISTINCT occ_pk FROM events WHERE doc_pk = ?"},
      {&m.del_evidence,
       "DELETE FROM evidence WHERE event_pk IN (SELECT event_pk FROM events WHERE doc_pk = ?)"},
      {&m.del_events, "DELETE FROM events WHERE doc_pk = ?"},
      {&m.del_mentions, "DELETE FROM mentions WHERE doc_pk = ?"},
      {&m.del_lsh, "DELETE FROM lsh WHERE key = ? AND doc_pk = ?"},
      {&m.old_signature, "SELECT minhash FROM documents WHERE doc_pk = ?"},
      {&m.occ_counts,
       "SELECT count(*), count(DISTINCT e.doc_pk), "
       "count(DISTINCT coalesce(nullif(lower(d.outlet), ''), 'doc:' || d.id)), "
       "count(DISTINCT d.story), max(e.confidence) "
       "FROM events e JOIN documents d ON d.doc_pk = e.doc_pk WHERE e.occ_pk = ?"},
      {&m.occ_events,
       "SELECT event_pk, type, mode, cameo, source_pk, target_pk, source_sector, target_sector, "
       "date, precision, day, place_name, place_country, lat, lon, geonames_id, feature "
       "FROM events WHERE occ_pk = ? ORDER BY event_pk"},
      {&m.del_occasion, "DELETE FROM occasions WHERE occ_pk = ?"},
      {&m.update_occasion,
       "UPDATE occasions SET type=?, mode=?, cameo=?, source_pk=?, target_pk=?, source_sector=?, "
       "target_sector=?, pair_lo=?, pair_hi=?, date=?, precision=?, day=?, month=?, "
       "place_name=?, place_country=?, lat=?, lon=?, geonames_id=?, feature=?, intensity=?, "
       "quad=?, confidence=?, num_mentions=?, num_articles=?, num_sources=?, num_stories=?, "
       "first_event=? WHERE occ_pk=?"},
  };
  for (const auto& [stmt, sql] : kStatements) {
    auto p = d.Prepare(sql);
    if (!p.ok()) return p.status();
    *stmt = std::move(p.value());
  }
  return s;
}

Store::~Store() = default;

Status Store::Begin() { return db_->Exec("BEGIN IMMEDIATE"); }
Status Store::Commit() { return db_->Exec("COMMIT"); }
void Store::Rollback() {
  (void)db_->Exec("ROLLBACK");
  if (impl_) impl_->actor_cache.clear();
}

std::string Store::ContentHash(const Document& doc) {
  std::string key = doc.text;
  for (const std::string* f : {&doc.given.title, &doc.given.pubdate, &doc.given.url,
                               &doc.given.outlet, &doc.given.lang, &doc.given.author}) {
    key += '\0';
    key += *f;
  }
  return Hex64(dedup::Hash64(key, 1)) + Hex64(dedup::Hash64(key, 2));
}

std::string Store::StoredHash(const std::string& id) {
  std::lock_guard<std::mutex> lock(reader_mu_);
  auto st = reader_->Prepare("SELECT content_hash FROM documents WHERE id = ?");
  if (!st.ok()) return {};  // e.g. a fresh database: nothing stored yet
  st->Bind(1, id);
  Status err;
  return st->Step(&err) ? st->Text(0) : std::string();
}

namespace {

struct EventRow {
  int64_t event_pk = 0;
  std::string type, mode, cameo;
  int64_t source_pk = 0;
  std::optional<int64_t> target_pk;
  std::string source_sector, target_sector, date, precision;
  std::optional<int64_t> day;
  std::string place_name, place_country;
  std::optional<double> lat, lon;
  std::optional<int64_t> geonames_id;
  std::string feature;
};

std::optional<int64_t> OptInt(const Stmt& s, int c) {
  return s.IsNull(c) ? std::nullopt : std::optional<int64_t>(s.Int(c));
}
std::optional<double> OptReal(const Stmt& s, int c) {
  return s.IsNull(c) ? std::nullopt : std::optional<double>(s.Real(c));
}

int PrecisionRank(const std::string& p) {
  return p == "day" ? 3 : p == "month" ? 2 : p == "year" ? 1 : 0;
}

// Recounts an occasion from its events and takes its fields from them: actors and type
// from the first event, the most precise date (first among equals), the first place and
// mode given. Deletes the occasion when no event is left.
Status RefreshOccasion(Db& db, Store::Impl& m, int64_t occ) {
  Status err;
  std::vector<EventRow> rows;
  {
    Stmt& q = m.occ_events;
    q.Reset();
    q.Bind(1, occ);
    while (q.Step(&err)) {
      EventRow r;
      r.event_pk = q.Int(0);
      r.type = q.Text(1);
      r.mode = q.Text(2);
      r.cameo = q.Text(3);
      r.source_pk = q.Int(4);
      r.target_pk = OptInt(q, 5);
      r.source_sector = q.Text(6);
      r.target_sector = q.Text(7);
      r.date = q.Text(8);
      r.precision = q.Text(9);
      r.day = OptInt(q, 10);
      r.place_name = q.Text(11);
      r.place_country = q.Text(12);
      r.lat = OptReal(q, 13);
      r.lon = OptReal(q, 14);
      r.geonames_id = OptInt(q, 15);
      r.feature = q.Text(16);
      rows.push_back(std::move(r));
    }
    q.Reset();
    if (!err.ok()) return err;
  }
  if (rows.empty()) {
    m.del_occasion.Reset();
    m.del_occasion.Bind(1, occ);
    return m.del_occasion.Exec();
  }
  Stmt& c = m.occ_counts;
  c.Reset();
  c.Bind(1, occ);
  if (!c.Step(&err)) return err.ok() ? db.Error("occasion count") : err;
  const int64_t mentions = c.Int(0), articles = c.Int(1), sources = c.Int(2), stories = c.Int(3);
  const std::optional<double> confidence = OptReal(c, 4);
  c.Reset();

  const EventRow& rep = rows.front();
  const EventRow* dated = &rep;
  for (const EventRow& r : rows)
    if (PrecisionRank(r.precision) > PrecisionRank(dated->precision)) dated = &r;
  const EventRow* placed = nullptr;
  for (const EventRow& r : rows)
    if (!r.place_name.empty() || !r.place_country.empty()) {
      placed = &r;
      break;
    }
  std::string mode;
  for (const EventRow& r : rows)
    if (!r.mode.empty()) {
      mode = r.mode;
      break;
    }
  std::optional<int64_t> day = dated->day ? dated->day : rep.day;
  int64_t lo = rep.source_pk, hi = rep.target_pk.value_or(0);
  if (dedup::IsSymmetricType(rep.type) && hi != 0 && hi < lo) std::swap(lo, hi);

  Stmt& u = m.update_occasion;
  u.Reset();
  u.Add(rep.type).AddOrNull(mode).AddOrNull(rep.cameo).Add(rep.source_pk);
  u.AddOpt(rep.target_pk).AddOrNull(rep.source_sector).AddOrNull(rep.target_sector);
  u.Add(lo).Add(hi).AddOrNull(dated->date).AddOrNull(dated->precision);
  u.AddOpt(day);
  u.AddOrNull(MonthOf(dated->date, day ? std::optional<long>(*day) : std::nullopt));
  if (placed) {
    u.AddOrNull(placed->place_name).AddOrNull(placed->place_country);
    u.AddOpt(placed->lat).AddOpt(placed->lon).AddOpt(placed->geonames_id);
    u.AddOrNull(placed->feature);
  } else {
    for (int k = 0; k < 6; ++k) u.AddNull();
  }
  u.AddOpt(dedup::PloverIntensity(rep.type, mode));
  const int quad = dedup::PloverQuad(rep.type);
  if (quad) u.Add(quad); else u.AddNull();
  u.AddOpt(confidence);
  u.Add(mentions).Add(articles).Add(sources).Add(stories);
  u.Add(rep.event_pk).Add(occ);
  return u.Exec();
}

}  // namespace

Result<Store::Outcome> Store::Put(const Document& doc, bool force) {
  if (options_.read_only) return InvalidArgument(db_->path() + ": opened read-only");
  Impl& m = *impl_;
  Status err;
  const std::string hash = ContentHash(doc);

  // 1. The document row: new, unchanged, or changed (its derived rows are removed).
  int64_t doc_pk = 0;
  Outcome outcome = Outcome::kAdded;
  std::vector<int64_t> touched;
  m.find_doc.Reset();
  m.find_doc.Bind(1, doc.id);
  if (m.find_doc.Step(&err)) {
    doc_pk = m.find_doc.Int(0);
    const std::string old_hash = m.find_doc.Text(1);
    m.find_doc.Reset();
    if (old_hash == hash && !force) return Outcome::kUnchanged;
    outcome = Outcome::kReplaced;
    m.doc_occasions.Reset();
    m.doc_occasions.Bind(1, doc_pk);
    while (m.doc_occasions.Step(&err)) touched.push_back(m.doc_occasions.Int(0));
    m.doc_occasions.Reset();
    if (!err.ok()) return err;
    // LSH rows are found again from the stored signature (no index on doc_pk: one random
    // index write less per band and document).
    m.old_signature.Reset();
    m.old_signature.Bind(1, doc_pk);
    std::vector<int64_t> old_bands;
    if (m.old_signature.Step(&err))
      old_bands = dedup::BandKeys(dedup::DecodeSignature(m.old_signature.Blob(0)),
                                  options_.minhash);
    m.old_signature.Reset();
    if (!err.ok()) return err;
    for (int64_t key : old_bands) {
      m.del_lsh.Reset();
      m.del_lsh.Bind(1, key).Bind(2, doc_pk);
      DEPECHE_RETURN_IF_ERROR(m.del_lsh.Exec());
    }
    for (Stmt* del : {&m.del_evidence, &m.del_events, &m.del_mentions}) {
      del->Reset();
      del->Bind(1, doc_pk);
      DEPECHE_RETURN_IF_ERROR(del->Exec());
    }
    for (int64_t occ : touched) DEPECHE_RETURN_IF_ERROR(RefreshOccasion(*db_, m, occ));
    auto upd = db_->Prepare(
        "UPDATE documents SET url=?, outlet=?, title=?, pubdate=?, language=?, author=?, "
        "dateline=?, given_url=?, given_outlet=?, given_title=?, given_pubdate=?, given_lang=?, "
        "given_author=?, source=?, content_hash=?, text=?, engine_version=?, ingested_at=? "
        "WHERE doc_pk=?");
    if (!upd.ok()) return upd.status();
    Stmt& u = upd.value();
    for (auto f : {&Metadata::url, &Metadata::outlet, &Metadata::title, &Metadata::pubdate})
      u.AddOrNull(doc.Field(f));
    u.Add(std::string_view(LangCode(doc.lang)));
    for (auto f : {&Metadata::author, &Metadata::dateline}) u.AddOrNull(doc.Field(f));
    for (auto f : {&Metadata::url, &Metadata::outlet, &Metadata::title, &Metadata::pubdate,
                   &Metadata::lang, &Metadata::author})
      u.AddOrNull(doc.given.*f);
    u.AddOrNull(doc.source).Add(hash).Add(doc.text);
    u.Add(options_.engine_version).Add(NowUtc()).Add(doc_pk);
    DEPECHE_RETURN_IF_ERROR(u.Exec());
  } else {
    m.find_doc.Reset();
    if (!err.ok()) return err;
    Stmt& u = m.insert_doc;
    u.Reset();
    u.Add(doc.id);
    for (auto f : {&Metadata::url, &Metadata::outlet, &Metadata::title, &Metadata::pubdate})
      u.AddOrNull(doc.Field(f));
    u.Add(std::string_view(LangCode(doc.lang)));
    for (auto f : {&Metadata::author, &Metadata::dateline}) u.AddOrNull(doc.Field(f));
    for (auto f : {&Metadata::url, &Metadata::outlet, &Metadata::title, &Metadata::pubdate,
                   &Metadata::lang, &Metadata::author})
      u.AddOrNull(doc.given.*f);
    u.AddOrNull(doc.source).Add(hash).Add(doc.text);
    u.Add(options_.engine_version).Add(NowUtc());
    DEPECHE_RETURN_IF_ERROR(u.Exec());
    doc_pk = sqlite3_last_insert_rowid(db_->raw());
  }

  // 2. Near-duplicate story: the best LSH candidate above the threshold, else itself.
  const std::vector<uint32_t> sig = dedup::MinHash(doc.text, options_.minhash);
  const std::vector<int64_t> bands = dedup::BandKeys(sig, options_.minhash);
  int64_t story = doc_pk;
  {
    std::vector<int64_t> cands;
    for (int64_t key : bands) {
      m.lsh_candidates.Reset();
      m.lsh_candidates.Bind(1, key).Bind(2, doc_pk);
      while (m.lsh_candidates.Step(&err)) cands.push_back(m.lsh_candidates.Int(0));
      m.lsh_candidates.Reset();
      if (!err.ok()) return err;
    }
    std::sort(cands.begin(), cands.end());
    cands.erase(std::unique(cands.begin(), cands.end()), cands.end());
    double best = -1;
    for (int64_t c : cands) {
      m.doc_signature.Reset();
      m.doc_signature.Bind(1, c);
      if (!m.doc_signature.Step(&err)) {
        m.doc_signature.Reset();
        if (!err.ok()) return err;
        continue;
      }
      const double j =
          dedup::EstimatedJaccard(sig, dedup::DecodeSignature(m.doc_signature.Blob(0)));
      const int64_t their_story = m.doc_signature.Int(1);
      m.doc_signature.Reset();
      if (j >= options_.merge.near_dup_threshold && j > best) {
        best = j;
        story = their_story;
      }
    }
    for (int64_t key : bands) {
      m.insert_lsh.Reset();
      m.insert_lsh.Bind(1, key).Bind(2, doc_pk);
      DEPECHE_RETURN_IF_ERROR(m.insert_lsh.Exec());
    }
    m.update_doc.Reset();
    m.update_doc.Bind(1, story).BindBlob(2, dedup::EncodeSignature(sig)).Bind(3, doc_pk);
    DEPECHE_RETURN_IF_ERROR(m.update_doc.Exec());
  }

  // 3. Actors, mentions.
  auto actor_pk = [&](const ActorRef& a) -> Result<int64_t> {
    const std::string key = dedup::ActorKey(a.id, a.name, a.affiliation);
    if (auto it = m.actor_cache.find(key); it != m.actor_cache.end()) return it->second;
    Status e;
    m.find_actor.Reset();
    m.find_actor.Bind(1, key);
    int64_t pk = 0;
    if (m.find_actor.Step(&e)) {
      pk = m.find_actor.Int(0);
      m.find_actor.Reset();
    } else {
      m.find_actor.Reset();
      if (!e.ok()) return e;
      Stmt& ins = m.insert_actor;
      ins.Reset();
      const bool kb = !a.id.empty() && a.id.rfind("new:", 0) != 0;
      ins.Bind(1, key).BindOrNull(2, kb ? std::string_view(a.id) : std::string_view());
      ins.Bind(3, a.name).Bind(4, MatchKey(a.name)).BindOrNull(5, a.affiliation);
      ins.BindOrNull(6, a.sector).BindOrNull(7, a.type);
      DEPECHE_RETURN_IF_ERROR(ins.Exec());
      pk = sqlite3_last_insert_rowid(db_->raw());
    }
    m.actor_cache.emplace(key, pk);
    return pk;
  };
  for (const Mention& mn : doc.mentions) {
    std::optional<int64_t> apk;
    if (mn.actor && !mn.actor->name.empty()) {
      auto r = actor_pk(*mn.actor);
      if (!r.ok()) return r.status();
      apk = *r;
    }
    Stmt& ins = m.insert_mention;
    ins.Reset();
    ins.Bind(1, doc_pk).Bind(2, static_cast<int64_t>(mn.span.start));
    ins.Bind(3, static_cast<int64_t>(mn.span.end)).Bind(4, doc.View(mn.span)).BindOpt(5, apk);
    ins.BindOrNull(6, mn.actor ? std::string_view(mn.actor->post) : std::string_view());
    ins.BindOrNull(7, mn.method).Bind(8, mn.confidence);
    DEPECHE_RETURN_IF_ERROR(ins.Exec());
  }

  // 4. Events, each joined to an occasion.
  const std::string pubdate = doc.Field(&Metadata::pubdate);
  const int window = options_.merge.date_window_days;
  for (size_t ord = 0; ord < doc.events.size(); ++ord) {
    const Event& e = doc.events[ord];
    if (e.source.name.empty() || e.type.empty()) continue;
    auto spk = actor_pk(e.source);
    if (!spk.ok()) return spk.status();
    std::optional<int64_t> tpk;
    if (!e.target.name.empty()) {
      auto t = actor_pk(e.target);
      if (!t.ok()) return t.status();
      tpk = *t;
    }
    int64_t lo = *spk, hi = tpk.value_or(0);
    if (dedup::IsSymmetricType(e.type) && hi != 0 && hi < lo) std::swap(lo, hi);
    const std::optional<long> day = dedup::MatchDay(e.date, pubdate);
    const std::string country = e.location ? e.location->country : std::string();

    int64_t occ = 0;
    if (options_.merge.merge) {
      struct Cand {
        int64_t occ;
        bool same_story;
        long distance;
      };
      std::vector<Cand> cands;
      auto collect = [&](Stmt& q, bool same_story) -> Status {
        Status e2;
        while (q.Step(&e2)) {
          const std::string odate = q.Text(1), omode = q.Text(2), ocountry = q.Text(3);
          if (!dedup::DatesCompatible(e.date, odate, window) ||
              !dedup::ModesCompatible(e.mode, omode) ||
              !dedup::PlacesCompatible(country, ocountry))
            continue;
          long dist = 1L << 30;
          if (day && !q.IsNull(4)) dist = std::labs(*day - static_cast<long>(q.Int(4)));
          cands.push_back({q.Int(0), same_story, dist});
        }
        q.Reset();
        return e2;
      };
      m.occ_by_story.Reset();
      m.occ_by_story.Bind(1, story).Bind(2, doc_pk).Bind(3, e.type).Bind(4, lo).Bind(5, hi);
      DEPECHE_RETURN_IF_ERROR(collect(m.occ_by_story, true));
      if (day) {
        m.occ_by_window.Reset();
        m.occ_by_window.Bind(1, e.type).Bind(2, lo).Bind(3, hi);
        m.occ_by_window.Bind(4, static_cast<int64_t>(*day - window));
        m.occ_by_window.Bind(5, static_cast<int64_t>(*day + window));
        DEPECHE_RETURN_IF_ERROR(collect(m.occ_by_window, false));
      }
      std::sort(cands.begin(), cands.end(), [](const Cand& a, const Cand& b) {
        if (a.same_story != b.same_story) return a.same_story;
        if (a.distance != b.distance) return a.distance < b.distance;
        return a.occ < b.occ;
      });
      for (const Cand& c : cands) {
        // Two events of one document are two acts: the engine already merged its mentions.
        m.occ_has_doc.Reset();
        m.occ_has_doc.Bind(1, c.occ).Bind(2, doc_pk);
        const bool has = m.occ_has_doc.Step(&err);
        m.occ_has_doc.Reset();
        if (!err.ok()) return err;
        if (!has) {
          occ = c.occ;
          break;
        }
      }
    }
    if (occ == 0) {
      Stmt& ins = m.insert_occasion;
      ins.Reset();
      ins.Bind(1, e.type).Bind(2, *spk).Bind(3, lo).Bind(4, hi).Bind(5, NowUtc());
      DEPECHE_RETURN_IF_ERROR(ins.Exec());
      occ = sqlite3_last_insert_rowid(db_->raw());
    }

    Stmt& ins = m.insert_event;
    ins.Reset();
    ins.Add(doc_pk).Add(static_cast<int64_t>(ord)).Add(occ).Add(e.type);
    ins.AddOrNull(e.mode).Add(e.modality.empty() ? "actual" : e.modality);
    ins.AddOrNull(e.cameo).Add(*spk).AddOpt(tpk);
    ins.AddOrNull(e.source.sector).AddOrNull(e.source.post);
    ins.AddOrNull(e.target.sector).AddOrNull(e.target.post);
    ins.AddOrNull(AlsoJson(e.source_also)).AddOrNull(AlsoJson(e.target_also));
    ins.AddOrNull(e.date);
    const char* prec = PrecisionName(e.precision);
    ins.AddOrNull(prec ? std::string_view(prec) : std::string_view());
    if (day) ins.Add(static_cast<int64_t>(*day)); else ins.AddNull();
    if (e.location) {
      const PlaceRef& p = *e.location;
      ins.AddOrNull(p.name).AddOrNull(p.country);
      if (p.lat != 0 || p.lon != 0 || p.geonames_id != 0) {
        ins.Add(p.lat).Add(p.lon);
      } else {
        ins.AddNull().AddNull();
      }
      if (p.geonames_id != 0) ins.Add(p.geonames_id); else ins.AddNull();
      ins.AddOrNull(p.feature);
    } else {
      for (int k = 0; k < 6; ++k) ins.AddNull();
    }
    ins.Add(e.confidence).AddOrNull(e.trigger).AddOrNull(e.pattern);
    ins.AddOrNull(e.path);
    DEPECHE_RETURN_IF_ERROR(ins.Exec());
    const int64_t event_pk = sqlite3_last_insert_rowid(db_->raw());

    for (size_t k = 0; k < e.evidence.size(); ++k) {
      const Span& s = e.evidence[k];
      if (s.end > doc.text.size() || s.start > s.end) continue;
      std::optional<int64_t> sentence;
      for (size_t si = 0; si < doc.sentences.size(); ++si)
        if (doc.sentences[si].span.start <= s.start && s.start < doc.sentences[si].span.end) {
          sentence = static_cast<int64_t>(si + 1);
          break;
        }
      Stmt& ev = m.insert_evidence;
      ev.Reset();
      ev.Bind(1, event_pk).Bind(2, static_cast<int64_t>(k)).Bind(3, static_cast<int64_t>(s.start));
      ev.Bind(4, static_cast<int64_t>(s.end)).BindOpt(5, sentence).Bind(6, doc.View(s));
      DEPECHE_RETURN_IF_ERROR(ev.Exec());
    }
    touched.push_back(occ);
  }
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  for (int64_t occ : touched) DEPECHE_RETURN_IF_ERROR(RefreshOccasion(*db_, m, occ));
  return outcome;
}

Result<std::vector<int64_t>> Store::DocumentKeys() {
  auto q = db_->Prepare("SELECT doc_pk FROM documents ORDER BY doc_pk");
  if (!q.ok()) return q.status();
  std::vector<int64_t> keys;
  Status err;
  while (q->Step(&err)) keys.push_back(q->Int(0));
  if (!err.ok()) return err;
  return keys;
}

Result<Document> Store::LoadDocument(int64_t doc_pk) {
  auto q = db_->Prepare(
      "SELECT id, text, source, given_url, given_outlet, given_title, given_pubdate, given_lang, "
      "given_author FROM documents WHERE doc_pk = ?");
  if (!q.ok()) return q.status();
  q->Bind(1, doc_pk);
  Status err;
  if (!q->Step(&err)) return err.ok() ? NotFound(db_->path() + ": no document " +
                                                 std::to_string(doc_pk))
                                      : err;
  Document d;
  d.id = q->Text(0);
  d.text = q->Text(1);
  d.source = q->Text(2);
  d.given.url = q->Text(3);
  d.given.outlet = q->Text(4);
  d.given.title = q->Text(5);
  d.given.pubdate = q->Text(6);
  d.given.lang = q->Text(7);
  d.given.author = q->Text(8);
  return d;
}

Result<StoreCounts> Store::Counts() {
  StoreCounts c;
  struct {
    int64_t* out;
    const char* sql;
  } const kCounts[] = {
      {&c.documents, "SELECT count(*) FROM documents"},
      {&c.mentions, "SELECT count(*) FROM mentions"},
      {&c.events, "SELECT count(*) FROM events"},
      {&c.occasions, "SELECT count(*) FROM occasions"},
      {&c.actors, "SELECT count(*) FROM actors"},
      {&c.evidence, "SELECT count(*) FROM evidence"},
  };
  for (const auto& [out, sql] : kCounts) {
    auto v = db_->QueryInt(sql);
    if (!v.ok()) return v.status();
    *out = *v;
  }
  return c;
}

Result<std::string> Store::Check() {
  {
    auto q = db_->Prepare("PRAGMA integrity_check");
    if (!q.ok()) return q.status();
    Status err;
    std::string out;
    while (q->Step(&err)) {
      const std::string line = q->Text(0);
      if (line != "ok") out += line + "\n";
    }
    if (!err.ok()) return err;
    if (!out.empty()) return "integrity_check: " + out;
  }
  struct {
    const char* what;
    const char* sql;
  } const kChecks[] = {
      {"events without a document",
       "SELECT count(*) FROM events WHERE doc_pk NOT IN (SELECT doc_pk FROM documents)"},
      {"events without an occasion",
       "SELECT count(*) FROM events WHERE occ_pk NOT IN (SELECT occ_pk FROM occasions)"},
      {"evidence without an event",
       "SELECT count(*) FROM evidence WHERE event_pk NOT IN (SELECT event_pk FROM events)"},
      {"mentions without a document",
       "SELECT count(*) FROM mentions WHERE doc_pk NOT IN (SELECT doc_pk FROM documents)"},
      {"lsh rows without a document",
       "SELECT count(*) FROM lsh WHERE doc_pk NOT IN (SELECT doc_pk FROM documents)"},
      {"occasions without events",
       "SELECT count(*) FROM occasions WHERE occ_pk NOT IN (SELECT occ_pk FROM events)"},
      {"occasions whose counts are stale",
       "SELECT count(*) FROM occasions o WHERE num_mentions <> "
       "(SELECT count(*) FROM events e WHERE e.occ_pk = o.occ_pk) OR num_articles <> "
       "(SELECT count(DISTINCT doc_pk) FROM events e WHERE e.occ_pk = o.occ_pk)"},
      {"documents without a MinHash signature",
       "SELECT count(*) FROM documents WHERE minhash IS NULL"},
      {"full-text index out of step",
       "SELECT (SELECT count(*) FROM evidence) <> (SELECT count(*) FROM evidence_fts)"},
  };
  std::string out;
  for (const auto& [what, sql] : kChecks) {
    auto v = db_->QueryInt(sql);
    if (!v.ok()) return v.status();
    if (*v != 0) out += std::string(what) + ": " + std::to_string(*v) + "\n";
  }
  if (out.empty()) {
    // FTS5's own consistency check (raises an error when the index is corrupt).
    Status st = db_->Exec("INSERT INTO evidence_fts(evidence_fts, rank) VALUES('integrity-check', 1)");
    if (!st.ok() && !options_.read_only) out += "evidence_fts: " + st.message() + "\n";
  }
  return out;
}

}  // namespace depeche::store
