#include "depeche/export/jsonl.h"

#include <nlohmann/json.hpp>
#include <optional>

#include "depeche/export/record_json.h"

namespace depeche::exporter {
namespace {


// Text from the document is dumped with invalid UTF-8 replaced, never thrown on.
std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json MetaJson(const Document& d) {
  Json m;
  m["title"] = Nullable(d.Field(&Metadata::title));
  m["pubdate"] = Nullable(d.Field(&Metadata::pubdate));
  m["author"] = Nullable(d.Field(&Metadata::author));
  m["outlet"] = Nullable(d.Field(&Metadata::outlet));
  m["dateline"] = Nullable(d.Field(&Metadata::dateline));
  m["url"] = Nullable(d.Field(&Metadata::url));
  return m;
}

Json ActorJson(const ActorRef& a) { return ActorRecord(a.name, a.affiliation, a.sector, a.id, a.post); }

Json PlaceJson(const PlaceRef& p) {
  const bool located = p.geonames_id != 0 || p.lat != 0 || p.lon != 0;
  return PlaceRecord(p.name, p.country, located ? std::optional(p.lat) : std::nullopt,
                     located ? std::optional(p.lon) : std::nullopt,
                     p.geonames_id != 0 ? std::optional(p.geonames_id) : std::nullopt);
}

const char* TimeKindName(TimeExpr::Kind k) {
  switch (k) {
    case TimeExpr::Kind::kAbsolute: return "absolute";
    case TimeExpr::Kind::kRelative: return "relative";
    case TimeExpr::Kind::kAnchored: return "anchored";
    case TimeExpr::Kind::kVague: return "vague";
    case TimeExpr::Kind::kRange: return "range";
    case TimeExpr::Kind::kOnset: return "onset";
  }
  return "absolute";
}

}  // namespace

std::string DocumentJson(const Document& d) {
  Json j;
  j["doc"] = d.id;
  j["lang"] = LangCode(d.lang);
  j["meta"] = MetaJson(d);
  Json lines = Json::array();
  for (const Line& l : d.lines)
    lines.push_back({{"line", l.number}, {"label", LineLabelName(l.label)},
                     {"start", l.span.start}, {"end", l.span.end}});
  j["lines"] = std::move(lines);
  std::string clean;
  for (size_t i = 0; i < d.sentences.size(); ++i) {
    if (i > 0) clean += d.sentences[i].line == d.sentences[i - 1].line ? " " : "\n";
    clean += d.View(d.sentences[i].span);
  }
  j["clean_text"] = clean;
  Json sentences = Json::array();
  for (const Sentence& s : d.sentences) {
    Json toks = Json::array();
    for (uint32_t t = s.first_token; t < s.end_token; ++t) {
      const Token& tok = d.tokens[t];
      Json flags = Json::array();
      if (tok.Has(kTokUnknownWord)) flags.push_back("unknown");
      if (tok.Has(kTokElided)) flags.push_back("elided");
      if (tok.Has(kTokParticiple)) flags.push_back("participle");
      if (tok.Has(kTokInfinitive)) flags.push_back("infinitive");
      if (tok.Has(kTokFinite)) flags.push_back("finite");
      if (tok.Has(kTokInQuote)) flags.push_back("quote");
      toks.push_back({{"text", d.View(tok.span)}, {"start", tok.span.start},
                      {"end", tok.span.end}, {"lemma", tok.lemma}, {"pos", PosName(tok.pos)},
                      {"flags", std::move(flags)}});
    }
    sentences.push_back({{"start", s.span.start}, {"end", s.span.end},
                         {"label", LineLabelName(s.label)}, {"tokens", std::move(toks)}});
  }
  j["sentences"] = std::move(sentences);
  Json times = Json::array();
  for (const TimeExpr& t : d.times)
    times.push_back({{"text", d.View(t.span)}, {"start", t.span.start}, {"end", t.span.end},
                     {"kind", TimeKindName(t.kind)}, {"value", Nullable(t.value)},
                     {"end_value", Nullable(t.end_value)},
                     {"precision", PrecisionName(t.precision) ? Json(PrecisionName(t.precision))
                                                              : Json(nullptr)}});
  j["times"] = std::move(times);
  Json places = Json::array();
  for (const PlaceRef& p : d.places) {
    Json pj = PlaceJson(p);
    pj["text"] = d.View(p.span);
    pj["start"] = p.span.start;
    pj["end"] = p.span.end;
    places.push_back(std::move(pj));
  }
  j["places"] = std::move(places);
  return Dump(j);
}

std::string MentionJson(const Document& d, const Mention& m) {
  Json j;
  j["doc"] = d.id;
  j["start"] = m.span.start;
  j["end"] = m.span.end;
  j["text"] = d.View(m.span);
  if (m.actor) {
    Json a;
    a["id"] = m.actor->id;
    a["name"] = m.actor->name;
    a["affiliation"] = Nullable(m.actor->affiliation);
    a["sector"] = Nullable(m.actor->sector);
    a["post"] = Nullable(m.actor->post);
    j["actor"] = std::move(a);
  } else {
    j["actor"] = nullptr;
  }
  j["method"] = m.method;
  j["confidence"] = m.confidence;
  return Dump(j);
}

std::string EventJson(const Document& d, const Event& e, bool explain) {
  Json j;
  j["doc"] = d.id;
  j["type"] = e.type;
  j["mode"] = Nullable(e.mode);
  j["modality"] = e.modality.empty() ? "actual" : e.modality;
  j["cameo"] = Nullable(e.cameo);
  j["source"] = ActorJson(e.source);
  j["target"] = e.target.name.empty() ? Json(nullptr) : ActorJson(e.target);
  if (!e.source_also.empty()) {
    Json a = Json::array();
    for (const auto& x : e.source_also) a.push_back(ActorJson(x));
    j["source_also"] = std::move(a);
  }
  if (!e.target_also.empty()) {
    Json a = Json::array();
    for (const auto& x : e.target_also) a.push_back(ActorJson(x));
    j["target_also"] = std::move(a);
  }
  j["date"] = Nullable(e.date);
  j["precision"] = PrecisionName(e.precision) ? Json(PrecisionName(e.precision)) : Json(nullptr);
  j["location"] = e.location ? PlaceJson(*e.location) : Json(nullptr);
  if (!e.evidence.empty()) {
    const Span& s = e.evidence.front();
    j["evidence"] = {{"start", s.start}, {"end", s.end}, {"text", d.View(s)}};
    if (e.evidence.size() > 1) {
      Json more = Json::array();
      for (size_t i = 1; i < e.evidence.size(); ++i)
        more.push_back({{"start", e.evidence[i].start}, {"end", e.evidence[i].end},
                        {"text", d.View(e.evidence[i])}});
      j["evidence_also"] = std::move(more);
    }
  }
  j["confidence"] = e.confidence;
  if (explain) j["explain"] = {{"trigger", e.trigger}, {"pattern", e.pattern}, {"path", e.path}};
  return Dump(j);
}

std::string ErrorJson(const std::string& message) { return Dump(Json{{"error", message}}); }

}  // namespace depeche::exporter
