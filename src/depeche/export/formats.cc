// Table writers and store exports; see formats.h and docs/STORE.md.
#include "depeche/export/formats.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "depeche/core/date.h"
#include "depeche/core/unicode.h"
#include "depeche/export/record_json.h"

namespace depeche::exporter {
namespace {

using Json = nlohmann::ordered_json;
std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }
Json Nullable(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

std::string FormatNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string ValueText(const store::Value& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) return {};
        else if constexpr (std::is_same_v<T, std::string>) return x;
        else if constexpr (std::is_same_v<T, double>) return FormatNumber(x);
        else return std::to_string(x);
      },
      v);
}

Json ValueJson(const store::Value& v) {
  return std::visit(
      [](const auto& x) -> Json {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) return nullptr;
        else return x;
      },
      v);
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// The first `n` code points of s, with an ellipsis when cut; line breaks become spaces.
std::string Clip(std::string s, size_t n) {
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (n == 0 || CodePoints(s) <= n) return s;
  size_t cps = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (cps == n - 1) break;
      ++cps;
    }
  }
  return s.substr(0, i) + "…";
}

bool IsNumeric(const store::Value& v) {
  return std::holds_alternative<int64_t>(v) || std::holds_alternative<double>(v);
}

void WriteCsvRow(const std::vector<std::string>& cells, std::ostream& out) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out << ',';
    out << CsvField(cells[i]);
  }
  out << "\r\n";
}

void WriteTsvRow(const std::vector<std::string>& cells, std::ostream& out) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out << '\t';
    out << TsvField(cells[i]);
  }
  out << '\n';
}

// --- CAMEO ---------------------------------------------------------------------------

int CameoRoot(std::string_view cameo) {
  if (cameo.size() < 2 || !std::isdigit(static_cast<unsigned char>(cameo[0])) ||
      !std::isdigit(static_cast<unsigned char>(cameo[1])))
    return 0;
  const int r = (cameo[0] - '0') * 10 + (cameo[1] - '0');
  return r >= 1 && r <= 20 ? r : 0;
}

// --- Occasions as the exports read them ------------------------------------------------

struct Actor {
  std::string kb_id, name, affiliation, sector, type, post;
  bool present() const { return !name.empty(); }
};

struct Occasion {
  int64_t id = 0;
  std::string type, mode, modality, cameo, date, precision, place_name, place_country, feature,
      added;
  std::optional<int64_t> day, geonames_id, sentence, ev_start, ev_end;
  std::optional<double> lat, lon, intensity, confidence;
  int64_t quad = 0, num_mentions = 0, num_sources = 0, num_articles = 0, num_stories = 0;
  Actor source, target;
  std::string source_also, target_also;  // JSON arrays as stored
  std::string doc, url, outlet, pubdate, language, evidence;
};

struct SourceRow {
  std::string doc, outlet, url, pubdate, evidence;
  std::optional<int64_t> start, end, sentence;
};

std::optional<int64_t> OptInt(const store::Stmt& s, int c) {
  return s.IsNull(c) ? std::nullopt : std::optional<int64_t>(s.Int(c));
}
std::optional<double> OptReal(const store::Stmt& s, int c) {
  return s.IsNull(c) ? std::nullopt : std::optional<double>(s.Real(c));
}

constexpr const char* kOccasionSelect =
    "SELECT o.occ_pk, o.type, o.mode, fe.modality, o.cameo, o.date, o.precision, o.day, "
    "o.place_name, o.place_country, o.lat, o.lon, o.geonames_id, o.feature, o.intensity, o.quad, "
    "o.confidence, o.num_mentions, o.num_sources, o.num_articles, o.num_stories, o.added, "
    "sa.kb_id, sa.name, sa.affiliation, o.source_sector, sa.type, fe.source_post, "
    "ta.kb_id, ta.name, ta.affiliation, o.target_sector, ta.type, fe.target_post, "
    "fe.source_also, fe.target_also, d.id, d.url, d.outlet, d.pubdate, d.language, "
    "v.start, v.end, v.sentence, v.text "
    "FROM occasions o JOIN actors sa ON sa.actor_pk = o.source_pk "
    "LEFT JOIN actors ta ON ta.actor_pk = o.target_pk "
    "JOIN events fe ON fe.event_pk = o.first_event "
    "JOIN documents d ON d.doc_pk = fe.doc_pk "
    "LEFT JOIN evidence v ON v.event_pk = fe.event_pk AND v.ordinal = 0";

Occasion ReadOccasion(const store::Stmt& q) {
  Occasion o;
  int c = 0;
  o.id = q.Int(c++);
  o.type = q.Text(c++);
  o.mode = q.Text(c++);
  o.modality = q.Text(c++);
  o.cameo = q.Text(c++);
  o.date = q.Text(c++);
  o.precision = q.Text(c++);
  o.day = OptInt(q, c++);
  o.place_name = q.Text(c++);
  o.place_country = q.Text(c++);
  o.lat = OptReal(q, c++);
  o.lon = OptReal(q, c++);
  o.geonames_id = OptInt(q, c++);
  o.feature = q.Text(c++);
  o.intensity = OptReal(q, c++);
  o.quad = q.Int(c++);
  o.confidence = OptReal(q, c++);
  o.num_mentions = q.Int(c++);
  o.num_sources = q.Int(c++);
  o.num_articles = q.Int(c++);
  o.num_stories = q.Int(c++);
  o.added = q.Text(c++);
  for (Actor* a : {&o.source, &o.target}) {
    a->kb_id = q.Text(c++);
    a->name = q.Text(c++);
    a->affiliation = q.Text(c++);
    a->sector = q.Text(c++);
    a->type = q.Text(c++);
    a->post = q.Text(c++);
  }
  o.source_also = q.Text(c++);
  o.target_also = q.Text(c++);
  o.doc = q.Text(c++);
  o.url = q.Text(c++);
  o.outlet = q.Text(c++);
  o.pubdate = q.Text(c++);
  o.language = q.Text(c++);
  o.ev_start = OptInt(q, c++);
  o.ev_end = OptInt(q, c++);
  o.sentence = OptInt(q, c++);
  o.evidence = q.Text(c++);
  return o;
}

class Sources {
 public:
  static Result<Sources> Prepare(store::Db& db) {
    auto s = db.Prepare(
        "SELECT d.id, d.outlet, d.url, d.pubdate, v.start, v.end, v.sentence, v.text "
        "FROM events e JOIN documents d ON d.doc_pk = e.doc_pk "
        "LEFT JOIN evidence v ON v.event_pk = e.event_pk AND v.ordinal = 0 "
        "WHERE e.occ_pk = ? ORDER BY e.event_pk");
    if (!s.ok()) return s.status();
    Sources out;
    out.stmt_ = std::move(s.value());
    return out;
  }
  Result<std::vector<SourceRow>> Of(int64_t occ) {
    stmt_.Reset();
    stmt_.Bind(1, occ);
    std::vector<SourceRow> rows;
    Status err;
    while (stmt_.Step(&err)) {
      SourceRow r;
      r.doc = stmt_.Text(0);
      r.outlet = stmt_.Text(1);
      r.url = stmt_.Text(2);
      r.pubdate = stmt_.Text(3);
      r.start = OptInt(stmt_, 4);
      r.end = OptInt(stmt_, 5);
      r.sentence = OptInt(stmt_, 6);
      r.evidence = stmt_.Text(7);
      rows.push_back(std::move(r));
    }
    stmt_.Reset();
    if (!err.ok()) return err;
    return rows;
  }

 private:
  store::Stmt stmt_;
};

Status ForEachOccasion(store::Db& db, const store::Filter& filter,
                       const std::function<Status(const Occasion&)>& fn) {
  auto where = store::FilterSql(db, filter);
  if (!where.ok()) return where.status();
  auto q = db.Prepare(std::string(kOccasionSelect) + where->sql + " ORDER BY o.occ_pk");
  if (!q.ok()) return q.status();
  store::BindValues(*q, where->binds);
  Status err;
  while (q->Step(&err)) DEPECHE_RETURN_IF_ERROR(fn(ReadOccasion(*q)));
  return err;
}

// The day an occasion is dated to in the day-based formats: its date when day-precise,
// else the first article's publication day (the match day).
std::optional<CivilDate> EventDay(const Occasion& o) {
  Precision p = Precision::kNone;
  if (auto d = ParseIsoDate(o.date, &p); d && p == Precision::kDay) return d;
  if (o.day) return CivilFromDays(*o.day);
  return std::nullopt;
}

std::string Compact(const CivilDate& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year, d.month, d.day);
  return buf;
}

std::string Coord(const std::optional<double>& v) {
  if (!v) return {};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.5f", *v);
  return buf;
}

std::string Opt(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : std::string(); }

bool IsIgoCode(std::string_view code) {
  static constexpr std::string_view kIgos[] = {"NATO", "UN", "EU", "AU", "ARL", "ECOWAS", "GCC",
                                               "OIC", "OPEC", "OSCE", "SADC", "IGAD", "ASEAN",
                                               "IMF", "WB", "WTO", "ICC", "IAEA", "AFRICOM"};
  for (std::string_view c : kIgos)
    if (c == code) return true;
  return code.size() != 3;
}

std::string CameoOf(const Occasion& o) { return o.cameo.empty() ? DefaultCameo(o.type) : o.cameo; }

// --- JSON records ----------------------------------------------------------------------

Json ActorJson(const Actor& a) { return ActorRecord(a.name, a.affiliation, a.sector, a.kb_id, a.post); }

Json PlaceJson(const Occasion& o) {
  if (o.place_name.empty() && o.place_country.empty()) return nullptr;
  return PlaceRecord(o.place_name, o.place_country, o.lat, o.lon, o.geonames_id);
}

Json ParseAlso(const std::string& s) {
  if (s.empty()) return nullptr;
  Json j = Json::parse(s, nullptr, false);
  return j.is_discarded() ? Json(nullptr) : j;
}

Status WriteJsonl(store::Db& db, const store::Filter& f, std::ostream& out) {
  auto sources = Sources::Prepare(db);
  if (!sources.ok()) return sources.status();
  return ForEachOccasion(db, f, [&](const Occasion& o) -> Status {
    auto rows = sources->Of(o.id);
    if (!rows.ok()) return rows.status();
    Json j;
    j["id"] = o.id;
    j["doc"] = o.doc;
    j["type"] = o.type;
    j["mode"] = Nullable(o.mode);
    j["modality"] = o.modality.empty() ? "actual" : o.modality;
    j["cameo"] = Nullable(o.cameo);
    j["source"] = ActorJson(o.source);
    j["target"] = o.target.present() ? ActorJson(o.target) : Json(nullptr);
    if (Json a = ParseAlso(o.source_also); !a.is_null()) j["source_also"] = a;
    if (Json a = ParseAlso(o.target_also); !a.is_null()) j["target_also"] = a;
    j["date"] = Nullable(o.date);
    j["precision"] = Nullable(o.precision);
    j["location"] = PlaceJson(o);
    if (o.ev_start)
      j["evidence"] = {{"start", *o.ev_start}, {"end", o.ev_end.value_or(0)}, {"text", o.evidence}};
    j["confidence"] = o.confidence ? Json(*o.confidence) : Json(nullptr);
    j["intensity"] = o.intensity ? Json(*o.intensity) : Json(nullptr);
    j["num_mentions"] = o.num_mentions;
    j["num_sources"] = o.num_sources;
    j["num_articles"] = o.num_articles;
    j["num_stories"] = o.num_stories;
    Json mentions = Json::array();
    for (const SourceRow& r : *rows) {
      Json m;
      m["doc"] = r.doc;
      m["outlet"] = Nullable(r.outlet);
      m["url"] = Nullable(r.url);
      m["pubdate"] = Nullable(r.pubdate);
      if (r.start)
        m["evidence"] = {{"start", *r.start}, {"end", r.end.value_or(0)}, {"text", r.evidence}};
      mentions.push_back(std::move(m));
    }
    j["mentions"] = std::move(mentions);
    out << Dump(j) << '\n';
    return Status::Ok();
  });
}

Json PloverEntity(const Actor& a) {
  Json j;
  j["entity_text"] = a.name;
  j["code"] = Nullable(a.affiliation);
  j["sector"] = Nullable(a.sector);
  if (!a.kb_id.empty()) j["identifier_id"] = a.kb_id;
  if (!a.post.empty()) j["office"] = a.post;
  return j;
}

Status WritePlover(store::Db& db, const store::Filter& f, std::ostream& out) {
  auto sources = Sources::Prepare(db);
  if (!sources.ok()) return sources.status();
  return ForEachOccasion(db, f, [&](const Occasion& o) -> Status {
    auto rows = sources->Of(o.id);
    if (!rows.ok()) return rows.status();
    Json j;
    j["id"] = "depeche-" + std::to_string(o.id);
    j["date"] = Nullable(o.date);
    j["actor"] = PloverEntity(o.source);
    if (o.target.present()) j["recipient"] = PloverEntity(o.target);
    j["event"] = o.type;
    j["mode"] = o.mode;
    j["context"] = Json::array();
    j["quad_code"] = o.quad;
    if (o.intensity) j["intensity"] = *o.intensity;
    if (Json loc = PlaceJson(o); !loc.is_null()) j["event_loc"] = loc;
    j["event_text"] = o.evidence;
    Json ti;
    ti["story_id"] = o.doc;
    ti["sentence"] = o.sentence ? Json(*o.sentence) : Json(nullptr);
    ti["start"] = o.ev_start ? Json(*o.ev_start) : Json(nullptr);
    ti["end"] = o.ev_end ? Json(*o.ev_end) : Json(nullptr);
    ti["publisher"] = Nullable(o.outlet);
    ti["pubdate"] = Nullable(o.pubdate);
    ti["language"] = Nullable(o.language);
    j["text_info"] = std::move(ti);
    Json cite = Json::array();
    for (const SourceRow& r : *rows)
      cite.push_back({{"story_id", r.doc}, {"publisher", Nullable(r.outlet)},
                      {"url", Nullable(r.url)}, {"pubdate", Nullable(r.pubdate)}});
    j["cite_info"] = std::move(cite);
    j["num_sources"] = o.num_sources;
    j["num_articles"] = o.num_articles;
    out << Dump(j) << '\n';
    return Status::Ok();
  });
}

// --- GDELT 1.0 -----------------------------------------------------------------------------

void GdeltActor(const Actor& a, std::vector<std::string>& row) {
  if (!a.present()) {
    row.insert(row.end(), 10, "");
    return;
  }
  const bool igo = IsIgoCode(a.affiliation);
  row.push_back(a.affiliation + a.sector);                  // Code
  row.push_back(a.name);                                    // Name
  row.push_back(igo ? "" : a.affiliation);                  // CountryCode
  row.push_back(igo ? a.affiliation : "");                  // KnownGroupCode
  row.push_back("");                                        // EthnicCode
  row.push_back("");                                        // Religion1Code
  row.push_back("");                                        // Religion2Code
  row.push_back(a.sector);                                  // Type1Code
  row.push_back("");                                        // Type2Code
  row.push_back("");                                        // Type3Code
}

int GdeltGeoType(const Occasion& o) {
  if (o.place_name.empty() && o.place_country.empty()) return 0;
  if (o.feature == "country") return 1;
  if (o.feature == "admin" || o.feature == "region") return 5;
  return o.place_name.empty() ? 1 : 4;
}

const std::vector<std::string>& GdeltHeader() {
  static const std::vector<std::string> h = [] {
    std::vector<std::string> v = {"GlobalEventID", "SQLDATE", "MonthYear", "Year", "FractionDate"};
    for (const char* a : {"Actor1", "Actor2"})
      for (const char* f : {"Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                            "Religion1Code", "Religion2Code", "Type1Code", "Type2Code",
                            "Type3Code"})
        v.push_back(std::string(a) + f);
    for (const char* f : {"IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
                          "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"})
      v.push_back(f);
    for (const char* g : {"Actor1Geo_", "Actor2Geo_", "ActionGeo_"})
      for (const char* f : {"Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long",
                            "FeatureID"})
        v.push_back(std::string(g) + f);
    v.push_back("DATEADDED");
    v.push_back("SOURCEURL");
    return v;
  }();
  return h;
}

Status WriteGdelt(store::Db& db, const store::Filter& f, std::ostream& out) {
  WriteTsvRow(GdeltHeader(), out);
  std::vector<std::string> row;
  return ForEachOccasion(db, f, [&](const Occasion& o) -> Status {
    row.clear();
    row.push_back(std::to_string(o.id));
    if (auto d = EventDay(o)) {
      row.push_back(Compact(*d));
      row.push_back(Compact(*d).substr(0, 6));
      row.push_back(std::to_string(d->year));
      const long doy = DaysFromCivil(*d) - DaysFromCivil({d->year, 1, 1}) + 1;
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.4f", d->year + static_cast<double>(doy) / 365.0);
      row.push_back(buf);
    } else {
      row.insert(row.end(), 4, "");
    }
    GdeltActor(o.source, row);
    GdeltActor(o.target, row);
    const std::string cameo = CameoOf(o);
    row.push_back(o.sentence && *o.sentence <= 2 ? "1" : "0");
    row.push_back(cameo);
    row.push_back(cameo.substr(0, 3));
    row.push_back(cameo.substr(0, 2));
    const int quad = QuadClassForCameo(cameo);
    row.push_back(quad ? std::to_string(quad) : "");
    row.push_back(FormatNumber(GoldsteinForCameo(cameo)));
    row.push_back(std::to_string(o.num_mentions));
    row.push_back(std::to_string(o.num_sources));
    row.push_back(std::to_string(o.num_articles));
    row.push_back("0");
    row.insert(row.end(), 14, "");  // Actor1Geo_*, Actor2Geo_*: not coded
    const int geo = GdeltGeoType(o);
    row.push_back(geo ? std::to_string(geo) : "");
    std::string full = o.place_name;
    if (!o.place_country.empty() && o.place_country != o.place_name)
      full += (full.empty() ? "" : ", ") + o.place_country;
    row.push_back(full);
    row.push_back(o.place_country);
    row.push_back("");
    row.push_back(Coord(o.lat));
    row.push_back(Coord(o.lon));
    row.push_back(Opt(o.geonames_id));
    std::string added = o.added.size() >= 10 ? o.added.substr(0, 10) : o.added;
    added.erase(std::remove(added.begin(), added.end(), '-'), added.end());
    row.push_back(added);
    row.push_back(o.url.empty() ? o.doc : o.url);
    WriteTsvRow(row, out);
    return Status::Ok();
  });
}

// --- ICEWS ---------------------------------------------------------------------------------

Status WriteIcews(store::Db& db, const store::Filter& f, std::ostream& out) {
  WriteTsvRow({"Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country",
               "Event Text", "CAMEO Code", "Intensity", "Target Name", "Target Sectors",
               "Target Country", "Story ID", "Sentence Number", "Publisher", "City", "District",
               "Province", "Country", "Latitude", "Longitude"},
              out);
  return ForEachOccasion(db, f, [&](const Occasion& o) -> Status {
    const std::string cameo = CameoOf(o);
    const auto d = EventDay(o);
    const bool city = !o.place_name.empty() && o.feature != "country" && o.feature != "admin" &&
                      o.feature != "region";
    const bool province = !o.place_name.empty() && (o.feature == "admin" || o.feature == "region");
    WriteTsvRow({std::to_string(o.id), d ? FormatIsoDate(*d, Precision::kDay) : "",
                 o.source.name, o.source.sector, o.source.affiliation, CameoRootName(cameo), cameo,
                 FormatNumber(GoldsteinForCameo(cameo)), o.target.name, o.target.sector,
                 o.target.affiliation, o.doc, Opt(o.sentence), o.outlet,
                 city ? o.place_name : "", "", province ? o.place_name : "", o.place_country,
                 Coord(o.lat), Coord(o.lon)},
                out);
    return Status::Ok();
  });
}

// --- ACLED ---------------------------------------------------------------------------------

std::string AcledEventType(const Occasion& o) {
  if (o.type == "ASSAULT") {
    static constexpr std::string_view kRemote[] = {"aerial", "drone", "explosives",
                                                   "suicide-attack", "heavy-weapons"};
    for (std::string_view m : kRemote)
      if (o.mode == m) return "Explosions/Remote violence";
    if (o.target.sector == "CVL") return "Violence against civilians";
    return "Battles";
  }
  if (o.type == "PROTEST") return o.mode == "riot" ? "Riots" : "Protests";
  return "Strategic developments";
}

Status WriteAcled(store::Db& db, const store::Filter& f, std::ostream& out) {
  auto sources = Sources::Prepare(db);
  if (!sources.ok()) return sources.status();
  WriteCsvRow({"event_date", "actor1", "actor2", "event_type", "location", "latitude",
               "longitude", "source", "notes", "fatalities"},
              out);
  return ForEachOccasion(db, f, [&](const Occasion& o) -> Status {
    auto rows = sources->Of(o.id);
    if (!rows.ok()) return rows.status();
    std::vector<std::string> outlets;
    for (const SourceRow& r : *rows) {
      const std::string name = r.outlet.empty() ? r.doc : r.outlet;
      if (std::find(outlets.begin(), outlets.end(), name) == outlets.end()) outlets.push_back(name);
    }
    std::string source;
    for (size_t i = 0; i < outlets.size(); ++i) source += (i ? "; " : "") + outlets[i];
    const auto d = EventDay(o);
    WriteCsvRow({d ? FormatIsoDate(*d, Precision::kDay) : "", o.source.name, o.target.name,
                 AcledEventType(o), o.place_name.empty() ? o.place_country : o.place_name,
                 Coord(o.lat), Coord(o.lon), source, o.evidence, ""},
                out);
    return Status::Ok();
  });
}

// --- Actor networks --------------------------------------------------------------------------

struct Network {
  struct Node {
    int64_t pk;
    std::string kb_id, name, affiliation, sector, type;
  };
  struct Edge {
    int64_t source, target;
    std::string type;
    int64_t count;
    double intensity;
    int64_t articles;
  };
  std::vector<Node> nodes;
  std::vector<Edge> edges;
};

Result<Network> LoadNetwork(store::Db& db, const store::Filter& f) {
  auto where = store::FilterSql(db, f);
  if (!where.ok()) return where.status();
  const std::string cond = where->sql.empty() ? " WHERE o.target_pk IS NOT NULL"
                                              : where->sql + " AND o.target_pk IS NOT NULL";
  Network net;
  auto e = db.Prepare("SELECT o.source_pk, o.target_pk, o.type, count(*), total(o.intensity), "
                      "sum(o.num_articles) FROM occasions o" + cond +
                      " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3");
  if (!e.ok()) return e.status();
  store::BindValues(*e, where->binds);
  Status err;
  std::vector<int64_t> pks;
  while (e->Step(&err)) {
    net.edges.push_back({e->Int(0), e->Int(1), e->Text(2), e->Int(3), e->Real(4), e->Int(5)});
    pks.push_back(e->Int(0));
    pks.push_back(e->Int(1));
  }
  if (!err.ok()) return err;
  std::sort(pks.begin(), pks.end());
  pks.erase(std::unique(pks.begin(), pks.end()), pks.end());
  auto n = db.Prepare("SELECT kb_id, name, affiliation, sector, type FROM actors WHERE actor_pk = ?");
  if (!n.ok()) return n.status();
  for (int64_t pk : pks) {
    n->Reset();
    n->Bind(1, pk);
    if (n->Step(&err)) net.nodes.push_back({pk, n->Text(0), n->Text(1), n->Text(2), n->Text(3),
                                            n->Text(4)});
    if (!err.ok()) return err;
  }
  return net;
}

std::string NodeId(int64_t pk) { return "a" + std::to_string(pk); }

Status WriteGraphml(store::Db& db, const store::Filter& f, std::ostream& out) {
  auto net = LoadNetwork(db, f);
  if (!net.ok()) return net.status();
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
         "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
         "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
         "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
         "  <key id=\"kb_id\" for=\"node\" attr.name=\"kb_id\" attr.type=\"string\"/>\n"
         "  <key id=\"affiliation\" for=\"node\" attr.name=\"affiliation\" attr.type=\"string\"/>\n"
         "  <key id=\"sector\" for=\"node\" attr.name=\"sector\" attr.type=\"string\"/>\n"
         "  <key id=\"actor_type\" for=\"node\" attr.name=\"actor_type\" attr.type=\"string\"/>\n"
         "  <key id=\"type\" for=\"edge\" attr.name=\"type\" attr.type=\"string\"/>\n"
         "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
         "  <key id=\"intensity\" for=\"edge\" attr.name=\"intensity\" attr.type=\"double\"/>\n"
         "  <key id=\"articles\" for=\"edge\" attr.name=\"articles\" attr.type=\"int\"/>\n"
         "  <graph id=\"depeche\" edgedefault=\"directed\">\n";
  for (const auto& n : net->nodes) {
    out << "    <node id=\"" << NodeId(n.pk) << "\">\n";
    out << "      <data key=\"label\">" << XmlEscape(n.name) << "</data>\n";
    if (!n.kb_id.empty()) out << "      <data key=\"kb_id\">" << XmlEscape(n.kb_id) << "</data>\n";
    out << "      <data key=\"affiliation\">" << XmlEscape(n.affiliation) << "</data>\n";
    out << "      <data key=\"sector\">" << XmlEscape(n.sector) << "</data>\n";
    out << "      <data key=\"actor_type\">" << XmlEscape(n.type) << "</data>\n";
    out << "    </node>\n";
  }
  size_t i = 0;
  for (const auto& e : net->edges) {
    out << "    <edge id=\"e" << i++ << "\" source=\"" << NodeId(e.source) << "\" target=\""
        << NodeId(e.target) << "\">\n";
    out << "      <data key=\"type\">" << XmlEscape(e.type) << "</data>\n";
    out << "      <data key=\"weight\">" << e.count << "</data>\n";
    out << "      <data key=\"intensity\">" << FormatNumber(e.intensity) << "</data>\n";
    out << "      <data key=\"articles\">" << e.articles << "</data>\n";
    out << "    </edge>\n";
  }
  out << "  </graph>\n</graphml>\n";
  return Status::Ok();
}

Status WriteGexf(store::Db& db, const store::Filter& f, std::ostream& out) {
  auto net = LoadNetwork(db, f);
  if (!net.ok()) return net.status();
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n"
         "  <meta><creator>depeche " DEPECHE_VERSION "</creator>"
         "<description>Actor network: edges are event counts per PLOVER type</description>"
         "</meta>\n"
         "  <graph defaultedgetype=\"directed\" mode=\"static\">\n"
         "    <attributes class=\"node\">\n"
         "      <attribute id=\"kb_id\" title=\"kb_id\" type=\"string\"/>\n"
         "      <attribute id=\"affiliation\" title=\"affiliation\" type=\"string\"/>\n"
         "      <attribute id=\"sector\" title=\"sector\" type=\"string\"/>\n"
         "      <attribute id=\"actor_type\" title=\"actor_type\" type=\"string\"/>\n"
         "    </attributes>\n"
         "    <attributes class=\"edge\">\n"
         "      <attribute id=\"type\" title=\"type\" type=\"string\"/>\n"
         "      <attribute id=\"intensity\" title=\"intensity\" type=\"double\"/>\n"
         "      <attribute id=\"articles\" title=\"articles\" type=\"integer\"/>\n"
         "    </attributes>\n"
         "    <nodes>\n";
  for (const auto& n : net->nodes) {
    out << "      <node id=\"" << NodeId(n.pk) << "\" label=\"" << XmlEscape(n.name) << "\">\n"
        << "        <attvalues>\n"
        << "          <attvalue for=\"kb_id\" value=\"" << XmlEscape(n.kb_id) << "\"/>\n"
        << "          <attvalue for=\"affiliation\" value=\"" << XmlEscape(n.affiliation) << "\"/>\n"
        << "          <attvalue for=\"sector\" value=\"" << XmlEscape(n.sector) << "\"/>\n"
        << "          <attvalue for=\"actor_type\" value=\"" << XmlEscape(n.type) << "\"/>\n"
        << "        </attvalues>\n      </node>\n";
  }
  out << "    </nodes>\n    <edges>\n";
  size_t i = 0;
  for (const auto& e : net->edges) {
    // `kind` keeps edges of different types between the same actors apart (GEXF 1.3).
    out << "      <edge id=\"e" << i++ << "\" source=\"" << NodeId(e.source) << "\" target=\""
        << NodeId(e.target) << "\" kind=\"" << XmlEscape(e.type) << "\" label=\""
        << XmlEscape(e.type) << "\" weight=\"" << e.count << "\">\n"
        << "        <attvalues>\n"
        << "          <attvalue for=\"type\" value=\"" << XmlEscape(e.type) << "\"/>\n"
        << "          <attvalue for=\"intensity\" value=\"" << FormatNumber(e.intensity) << "\"/>\n"
        << "          <attvalue for=\"articles\" value=\"" << e.articles << "\"/>\n"
        << "        </attvalues>\n      </edge>\n";
  }
  out << "    </edges>\n  </graph>\n</gexf>\n";
  return Status::Ok();
}

}  // namespace

Result<TableFormat> ParseTableFormat(std::string_view name) {
  if (name == "table") return TableFormat::kTable;
  if (name == "csv") return TableFormat::kCsv;
  if (name == "jsonl") return TableFormat::kJsonl;
  return InvalidArgument("unknown output format \"" + std::string(name) +
                         "\" (table, csv or jsonl)");
}

std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string TsvField(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return out;
}

std::string XmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // XML 1.0 allows no C0 control but tab, LF and CR.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') break;
        out += c;
    }
  }
  return out;
}

std::string DefaultCameo(std::string_view t) {
  static const std::map<std::string_view, std::string_view> kDefault = {
      {"AGREE", "030"},    {"CONSULT", "040"},  {"SUPPORT", "050"}, {"COOPERATE", "060"},
      {"AID", "070"},      {"CONCEDE", "080"},  {"RETREAT", "084"}, {"REQUEST", "020"},
      {"ACCUSE", "110"},   {"REJECT", "120"},   {"THREATEN", "130"}, {"PROTEST", "140"},
      {"MOBILIZE", "150"}, {"SANCTION", "160"}, {"COERCE", "170"},  {"ASSAULT", "180"},
  };
  auto it = kDefault.find(t);
  return it == kDefault.end() ? std::string() : std::string(it->second);
}

double GoldsteinForCameo(std::string_view cameo) {
  static constexpr double kByRoot[21] = {0,  0,  3,  4,  1,  3.5, 6,    7,  5,  -2, -5,
                                         -2, -4, -6, -6.5, -7.2, -4, -7, -9, -10, -10};
  return kByRoot[CameoRoot(cameo)];
}

int QuadClassForCameo(std::string_view cameo) {
  const int r = CameoRoot(cameo);
  if (r == 0) return 0;
  if (r <= 5) return 1;
  if (r <= 8) return 2;
  if (r <= 13) return 3;
  return 4;
}

const char* CameoRootName(std::string_view cameo) {
  static constexpr const char* kNames[21] = {
      "",
      "Make public statement",
      "Appeal",
      "Express intent to cooperate",
      "Consult",
      "Engage in diplomatic cooperation",
      "Engage in material cooperation",
      "Provide aid",
      "Yield",
      "Investigate",
      "Demand",
      "Disapprove",
      "Reject",
      "Threaten",
      "Protest",
      "Exhibit force posture",
      "Reduce relations",
      "Coerce",
      "Assault",
      "Fight",
      "Use unconventional mass violence",
  };
  return kNames[CameoRoot(cameo)];
}

void WriteTable(const store::Table& t, TableFormat f, std::ostream& out, size_t max_width) {
  if (f == TableFormat::kJsonl) {
    for (const auto& row : t.rows) {
      Json j;
      for (size_t c = 0; c < t.columns.size(); ++c) j[t.columns[c]] = ValueJson(row[c]);
      out << Dump(j) << '\n';
    }
    return;
  }
  if (f == TableFormat::kCsv) {
    WriteCsvRow(t.columns, out);
    std::vector<std::string> cells;
    for (const auto& row : t.rows) {
      cells.clear();
      for (const auto& v : row) cells.push_back(ValueText(v));
      WriteCsvRow(cells, out);
    }
    return;
  }
  std::vector<std::vector<std::string>> cells;
  std::vector<size_t> width(t.columns.size());
  for (size_t c = 0; c < t.columns.size(); ++c) width[c] = CodePoints(t.columns[c]);
  for (const auto& row : t.rows) {
    std::vector<std::string> r;
    for (size_t c = 0; c < row.size(); ++c) {
      r.push_back(Clip(ValueText(row[c]), max_width));
      width[c] = std::max(width[c], CodePoints(r.back()));
    }
    cells.push_back(std::move(r));
  }
  auto line = [&](const std::vector<std::string>& r, const std::vector<store::Value>* vals) {
    std::string s;
    for (size_t c = 0; c < r.size(); ++c) {
      const size_t pad = width[c] - CodePoints(r[c]);
      const bool right = vals && IsNumeric((*vals)[c]);
      if (c) s += "  ";
      if (right) s += std::string(pad, ' ');
      s += r[c];
      if (!right && c + 1 < r.size()) s += std::string(pad, ' ');
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    out << s << '\n';
  };
  line(t.columns, nullptr);
  std::vector<std::string> rule;
  for (size_t w : width) rule.push_back(std::string(w, '-'));
  line(rule, nullptr);
  for (size_t i = 0; i < cells.size(); ++i) line(cells[i], &t.rows[i]);
}

void WriteTables(const std::vector<store::Table>& ts, TableFormat f, std::ostream& out) {
  for (size_t i = 0; i < ts.size(); ++i) {
    const store::Table& t = ts[i];
    if (f == TableFormat::kJsonl) {
      for (const auto& row : t.rows) {
        Json j;
        j["section"] = t.title;
        for (size_t c = 0; c < t.columns.size(); ++c) j[t.columns[c]] = ValueJson(row[c]);
        out << Dump(j) << '\n';
      }
      continue;
    }
    if (i) out << (f == TableFormat::kCsv ? "\r\n" : "\n");
    if (f == TableFormat::kTable) out << "## " << t.title << "\n";
    else out << CsvField("# " + t.title) << "\r\n";
    WriteTable(t, f, out);
  }
}

const std::vector<std::string>& ExportFormats() {
  static const std::vector<std::string> kFormats = {"jsonl", "plover", "gdelt",  "icews",
                                                    "acled", "graphml", "gexf"};
  return kFormats;
}

Status Export(store::Db& db, std::string_view format, const store::Filter& filter,
              std::ostream& out) {
  if (format == "jsonl") return WriteJsonl(db, filter, out);
  if (format == "plover") return WritePlover(db, filter, out);
  if (format == "gdelt") return WriteGdelt(db, filter, out);
  if (format == "icews") return WriteIcews(db, filter, out);
  if (format == "acled") return WriteAcled(db, filter, out);
  if (format == "graphml") return WriteGraphml(db, filter, out);
  if (format == "gexf") return WriteGexf(db, filter, out);
  return InvalidArgument("unknown export format \"" + std::string(format) + "\"");
}

}  // namespace depeche::exporter
