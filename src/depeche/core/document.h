// The document as it flows through the pipeline: the text every offset points into, its
// metadata, and the annotations each stage adds. Plain data; the stages hold the logic.
//
//   ingest  -> id, text, given metadata
//   clean   -> lines (labelled), page metadata read from the text, content spans
//   text    -> language, sentences, tokens
//   morph   -> token lemmas and parts of speech
//   time    -> temporal expressions
//   places  -> place references
//   actors  -> actor mentions
//   events  -> events
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "depeche/core/date.h"

namespace depeche {

// Byte offsets [start, end) into Document::text.
struct Span {
  uint32_t start = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - start; }
  bool empty() const { return end <= start; }
  bool Contains(const Span& o) const { return start <= o.start && o.end <= end; }
  bool Overlaps(const Span& o) const { return start < o.end && o.start < end; }
  bool operator==(const Span&) const = default;
};

enum class Lang : uint8_t { kUnknown = 0, kFr, kEn };
const char* LangCode(Lang l);        // "fr", "en", "und"
Lang LangFromCode(std::string_view code);  // "fr"/"fra"/"french" ... else kUnknown

// What the input or the page says about the article. Empty string = not known.
struct Metadata {
  std::string title;
  std::string pubdate;  // ISO date as given or read (YYYY-MM-DD, or coarser)
  std::string author;
  std::string outlet;
  std::string dateline;  // place the dispatch was filed from
  std::string url;
  std::string lang;      // as given in the input
};

enum class LineLabel : uint8_t { kTitle, kHeading, kBody, kMeta, kClutter };
const char* LineLabelName(LineLabel l);  // "title", "heading", "body", "meta", "clutter"

struct Line {
  Span span;       // the line without its newline and surrounding blanks
  uint32_t number; // 1-based, counted by splitting the text on '\n'
  LineLabel label = LineLabel::kBody;
};

// Coarse part of speech, shared by French and English.
enum class Pos : uint8_t {
  kUnknown = 0, kNoun, kProperNoun, kVerb, kAux, kAdj, kAdv, kDet, kPron, kPrep,
  kConj, kNum, kPunct, kPart, kInterj,
};
const char* PosName(Pos p);

enum TokenFlag : uint32_t {
  kTokUnknownWord = 1u << 0,  // not in the lexicon (mostly names)
  kTokCapitalised = 1u << 1,  // first letter upper case
  kTokAllCaps = 1u << 2,
  kTokElided = 1u << 3,       // l', d', qu' ... (the token ends with an apostrophe)
  kTokNumber = 1u << 4,
  kTokPunct = 1u << 5,
  kTokSentenceStart = 1u << 6,
  kTokInQuote = 1u << 7,      // inside « » or " "
  kTokParticiple = 1u << 8,   // past participle
  kTokInfinitive = 1u << 9,
  kTokGerund = 1u << 10,      // present participle / -ing
  kTokFinite = 1u << 11,      // finite verb form
  kTokFirstPerson = 1u << 12,
  kTokPlural = 1u << 13,
  kTokFeminine = 1u << 14,
};

struct Token {
  Span span;
  std::string norm;   // lower case, typographic apostrophes and dashes folded
  std::string lemma;  // chosen lemma (lower case); norm when unknown
  Pos pos = Pos::kUnknown;
  uint32_t flags = 0;
  bool Has(TokenFlag f) const { return (flags & f) != 0; }
};

struct Sentence {
  Span span;
  uint32_t first_token = 0;  // index into Document::tokens
  uint32_t end_token = 0;    // one past the last
  uint32_t line = 0;         // 1-based line the sentence starts on
  LineLabel label = LineLabel::kBody;
};

// A temporal expression and its normalisation.
struct TimeExpr {
  enum class Kind : uint8_t {
    kAbsolute,  // "17 mai 2020", "2019"
    kRelative,  // resolved against the publication date: "hier", "lundi dernier"
    kAnchored,  // resolved against the narrative time: "la veille", "le lendemain"
    kVague,     // "récemment", "ces derniers mois": recognised, no value
    kRange,     // "du 3 au 5 mars" (value = start, end_value = end)
    kOnset,     // "depuis avril 2019" (value = the start)
  };
  Span span;
  Kind kind = Kind::kAbsolute;
  std::string value;      // ISO date at `precision`, empty when unresolved
  std::string end_value;  // for ranges
  Precision precision = Precision::kNone;
  int anchor_offset_days = 0;  // for kAnchored: days from the anchor (-1 la veille)
};

struct PlaceRef {
  Span span;
  std::string name;     // canonical (English) name
  std::string country;  // ISO 3166-1 alpha-3
  double lat = 0, lon = 0;
  int64_t geonames_id = 0;  // 0 when not from GeoNames
  std::string feature;      // "city", "country", "admin", "region"
  bool preceded_by_locative = false;  // "à Syrte", "in Sirte", "près de Benghazi"
};

// An actor as the event record shows it.
struct ActorRef {
  std::string id;           // knowledge-base id, or "new:<name>" for a name learned from the text
  std::string name;
  std::string affiliation;  // ISO3 or IGO code
  std::string sector;       // GOV, MIL, ... or empty
  std::string post;         // the post held at the article's date, if resolved by it
  std::string type;         // person, organisation, country
};

struct Mention {
  Span span;
  std::optional<ActorRef> actor;  // nullopt: recognised but unresolved
  std::string method;             // name, alias, role-at-date, periphrasis, coreference, new-name
  double confidence = 0;
  bool is_place_use = false;      // "à Tripoli": a place, not an actor
};

struct Event {
  std::string type;      // PLOVER
  std::string mode;      // empty = null
  std::string modality;  // actual | intent
  std::string cameo;
  ActorRef source;
  ActorRef target;
  std::vector<ActorRef> source_also;
  std::vector<ActorRef> target_also;
  std::string date;  // ISO or empty
  Precision precision = Precision::kNone;
  bool date_is_pubdate = false;  // the date is the publication date, for want of a better one
  std::optional<PlaceRef> location;
  std::vector<Span> evidence;  // first = main
  double confidence = 0;
  // --explain
  std::string trigger;
  std::string pattern;
  std::string path;
};

struct Document {
  std::string id;
  std::string text;  // UTF-8; every Span indexes this
  std::string source;  // where it came from: file path, "stdin", "file:line"
  Metadata given;      // metadata the input carried
  Metadata page;       // metadata read from the text by the clean stage
  Lang lang = Lang::kUnknown;

  std::vector<Line> lines;
  std::vector<Sentence> sentences;
  std::vector<Token> tokens;
  std::vector<TimeExpr> times;
  std::vector<PlaceRef> places;
  std::vector<Mention> mentions;
  std::vector<Event> events;

  std::string_view View(const Span& s) const {
    return std::string_view(text).substr(s.start, s.end - s.start);
  }
  // Given metadata wins over what the page says.
  const std::string& Field(std::string Metadata::*field) const {
    return !(given.*field).empty() ? given.*field : page.*field;
  }
  // The reference date for relative expressions: the publication date, if known.
  std::optional<CivilDate> ReferenceDate() const;
};

}  // namespace depeche
