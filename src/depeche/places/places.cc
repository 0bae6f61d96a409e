// Place recognition and resolution: a name index over the generated gazetteer and the hand
// regions, a scanner that matches the longest known name at each word, and the rules that
// keep common words, surnames and organisations out.
#include "depeche/places/places.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cstdint>
#include <cmath>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "depeche/core/string_map.h"
#include "depeche/core/unicode.h"

namespace depeche::places {
namespace {

enum Feature : uint8_t { kCity, kCountry, kAdmin, kRegion };
const char* FeatureName(uint8_t f) {
  switch (f) {
    case kCountry:
      return "country";
    case kAdmin:
      return "admin";
    case kRegion:
      return "region";
    default:
      return "city";
  }
}

enum EntryFlag : uint8_t { kCommonFr = 1, kCommonEn = 2, kCapital = 4, kHand = 8 };
enum LangBit : uint8_t { kFrBit = 1, kEnBit = 2, kBothBits = 3 };
// How a name was indexed.
enum CandKind : uint8_t {
  kArticleStripped = 1,  // "Caire" from "Le Caire": only after "au", "du"
  kLowerOk = 2,          // hand region written lower case ("bande de Gaza")
  kAcronym = 4,          // "USA", "RDC": must be in capitals in the text
  kFrName = 8,           // a French name from geonames.mo or the hand files ("La Mecque")
};

// Cue kinds (data/places/cues.tsv).
enum CueBit : uint16_t {
  kCueLocative = 1,
  kCueDet = 2,
  kCueLink = 4,
  kCueArea = 8,
  kCueNumber = 16,
  kCueDirection = 32,
  kCuePerson = 64,
};

struct Entry {
  int64_t id = 0;
  std::string name;
  std::string country;
  uint32_t pop = 0;
  float lat = 0, lon = 0;
  uint8_t feature = kCity;
  uint8_t flags = 0;
};

struct Cand {
  uint32_t entry;
  uint8_t lang;
  uint8_t kind;
};

// One word of the text (or of a name): letters and digits; hyphens, apostrophes and spaces
// between words join them into multiword names, other punctuation breaks.
struct Tok {
  uint32_t start = 0, end = 0;
  std::string key;
  uint16_t letters = 0;
  bool cap = false;      // first letter upper case
  bool allcaps = false;  // every letter upper case, two or more letters
  bool digit = false;    // starts with a digit
  bool initial = false;  // first word of a sentence, line or quotation
  bool joined = false;   // separated from the previous word by blanks, a hyphen or apostrophe only
  bool space_before = false;  // that separator includes a blank (not just "-" or "'")
  bool plain_a = false;       // the word "a"/"A" without its accent: French "has", not "à"
};

bool IsMarkCp(char32_t cp) {
  return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
         (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0xFE20 && cp <= 0xFE2F);
}
bool IsWordCp(char32_t cp) { return IsLetterCp(cp) || IsDigitCp(cp) || IsMarkCp(cp); }
bool StrongBreak(char32_t cp) {
  return cp == '.' || cp == '!' || cp == '?' || cp == ':' || cp == ';' || cp == '\n' ||
         cp == 0x2026 || cp == 0xAB || cp == 0xBB || cp == '"' || cp == 0x201C || cp == 0x201D ||
         cp == 0x2014 || cp == 0x2013 || cp == 0x2022 || cp == '(' || cp == '[' || cp == '|' ||
         cp == '*';
}

std::string TokenKey(std::string_view w) {
  bool ascii = true;
  for (unsigned char c : w)
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  if (ascii) {
    std::string k(w);
    for (char& c : k)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return k;
  }
  return MatchKey(w);
}

void Tokenize(std::string_view text, std::vector<Tok>& out) {
  out.clear();
  size_t i = 0;
  bool strong = true;  // a sentence-like break since the last word
  bool broken = true;  // a non-joining character since the last word
  bool space = false;
  while (i < text.size()) {
    const size_t at = i;
    char32_t cp = DecodeUtf8(text, i);
    if (!IsWordCp(cp)) {
      if (IsSpaceCp(cp)) {
        space = true;
        if (cp == '\n') strong = broken = true;
      } else if (IsApostropheCp(cp) || IsDashCp(cp)) {
        // joins "Addis-Abeba", "l'Irak"; a spaced dash " - " is a break
        if (cp != '-' && cp != 0x2010 && cp != 0x2011 && IsDashCp(cp)) strong = broken = true;
        if (space && IsDashCp(cp)) strong = broken = true;
      } else {
        broken = true;
        if (StrongBreak(cp)) strong = true;
      }
      continue;
    }
    Tok t;
    t.start = static_cast<uint32_t>(at);
    t.initial = strong;
    t.joined = !broken && !out.empty();
    t.space_before = space;
    t.digit = IsDigitCp(cp);
    t.cap = IsUpperCp(cp);
    bool all_upper = true;
    size_t j = at;
    while (j < text.size()) {
      size_t k = j;
      char32_t c = DecodeUtf8(text, k);
      if (!IsWordCp(c)) break;
      if (IsLetterCp(c)) {
        ++t.letters;
        if (!IsUpperCp(c)) all_upper = false;
      }
      j = k;
    }
    t.end = static_cast<uint32_t>(j);
    t.allcaps = all_upper && t.letters >= 2;
    t.key = TokenKey(text.substr(at, j - at));
    t.plain_a = j - at == 1 && (text[at] == 'a' || text[at] == 'A');
    out.push_back(std::move(t));
    i = j;
    strong = broken = space = false;
  }
}

std::string JoinKeys(const std::vector<Tok>& toks, size_t from, size_t to) {
  std::string k;
  for (size_t i = from; i < to; ++i) {
    if (i > from) k += ' ';
    k += toks[i].key;
  }
  return k;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> r;
  size_t p = 0;
  while (true) {
    size_t q = s.find(sep, p);
    if (q == std::string_view::npos) {
      r.push_back(s.substr(p));
      return r;
    }
    r.push_back(s.substr(p, q - p));
    p = q + 1;
  }
}

template <typename T>
bool ParseNum(std::string_view s, T& v) {
  if (s.empty()) {
    v = 0;
    return true;
  }
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size();
}

bool IsAcronym(std::string_view name) {
  int letters = 0;
  for (unsigned char c : name) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') ++letters;
  }
  return letters >= 2 && letters <= 4 && name.size() <= 5;
}

}  // namespace

std::string NameKey(std::string_view name) {
  std::vector<Tok> toks;
  Tokenize(name, toks);
  for (size_t i = 1; i < toks.size(); ++i)
    if (!toks[i].joined) return {};  // "Washington, D.C.": not matchable word by word
  return JoinKeys(toks, 0, toks.size());
}

// A name key: its candidates (none when it is only a prefix) and whether it is also the
// word-boundary prefix of a longer name, so that the scanner needs one lookup per word.
struct NameSlot {
  std::vector<Cand> cands;
  bool prefix = false;
};

struct Gazetteer::Data {
  std::vector<Entry> entries;
  StringMap<NameSlot> names;  // looked up for every word: core/string_map.h
  StringSet stop;
  std::unordered_map<std::string, uint16_t> cues[2];        // [0] fr, [1] en
  std::unordered_map<std::string, std::string> directions;  // key -> English adjective

  void AddName(std::string_view name, uint32_t entry, uint8_t lang, uint8_t kind) {
    std::string key = NameKey(name);
    if (key.empty()) return;
    size_t letters = 0;
    for (char c : key) letters += c != ' ';
    if (letters < 3 && !(kind & kAcronym)) return;
    if (IsAcronym(name)) kind |= kAcronym;
    auto& v = names[key].cands;
    bool merged = false;
    for (Cand& c : v) {
      if (c.entry == entry && (c.kind & kArticleStripped) == (kind & kArticleStripped)) {
        c.lang |= lang;
        c.kind |= kind;
        merged = true;
      }
    }
    if (!merged) v.push_back({entry, lang, kind});
    size_t sp = 0;
    while ((sp = key.find(' ', sp)) != std::string::npos) names[key.substr(0, sp++)].prefix = true;
    // "Le Caire" is also "au Caire", "du Caire"; "Les Cayes" -> "aux Cayes".
    if (!(kind & kArticleStripped)) {
      for (std::string_view art : {"le ", "les "}) {
        if (key.size() > art.size() + 2 && key.compare(0, art.size(), art) == 0)
          AddName(std::string_view(name).substr(name.find_first_of(" -'") + 1), entry, kFrBit,
                  kArticleStripped);
      }
    }
  }

  // Adds a place and all its names; returns false on a malformed row.
  void AddPlace(Entry e, std::string_view en, std::string_view fr, std::string_view other,
                uint8_t extra_kind) {
    const uint32_t idx = static_cast<uint32_t>(entries.size());
    entries.push_back(std::move(e));
    std::vector<std::string_view> frs;
    if (!fr.empty()) frs = Split(fr, '|');
    const std::string en_key = NameKey(en);
    bool en_is_fr = frs.empty();
    for (auto f : frs)
      if (NameKey(f) == en_key) en_is_fr = true;
    auto kind_of = [&](std::string_view n) -> uint8_t {
      // hand regions written lower case ("mer Rouge") may match whatever the case
      if (extra_kind && !n.empty() && !(n[0] >= 'A' && n[0] <= 'Z') &&
          static_cast<unsigned char>(n[0]) < 0x80 && n.find(' ') != std::string_view::npos)
        return kLowerOk;
      return 0;
    };
    AddName(en, idx, en_is_fr ? kBothBits : kEnBit, kind_of(en));
    for (auto f : frs)
      AddName(f, idx, NameKey(f) == en_key ? kBothBits : kFrBit, kind_of(f) | kFrName);
    if (!other.empty())
      for (auto o : Split(other, '|')) AddName(o, idx, kBothBits, kind_of(o));
    // "Al Bayda'" is written "Bayda"; "Ash Shihr" -> "Shihr": news often leaves out the Arabic
    // article (only where Arabic names are romanised: not Spanish "El Tigre").
    static const std::unordered_set<std::string> kArabic = {
        "DZA", "BHR", "COM", "DJI", "EGY", "IRQ", "JOR", "KWT", "LBN", "LBY", "MRT", "MAR",
        "OMN", "PSE", "QAT", "SAU", "SOM", "SDN", "SYR", "TUN", "ARE", "YEM", "TCD", "ESH"};
    const std::string& k = en_key;
    if (!kArabic.count(entries[idx].country)) return;
    for (std::string_view art : {"al ", "el ", "an ", "ar ", "as ", "ash ", "at ", "az ", "ad "}) {
      if (k.size() > art.size() + 4 && k.compare(0, art.size(), art) == 0 &&
          k.find(' ', art.size()) == std::string::npos) {
        AddName(k.substr(art.size()), idx, kBothBits, 0);
        break;
      }
    }
  }

  uint16_t Cue(const std::string& key, Lang lang) const {
    uint16_t r = 0;
    if (lang != Lang::kEn) {
      auto it = cues[0].find(key);
      if (it != cues[0].end()) r |= it->second;
    }
    if (lang != Lang::kFr) {
      auto it = cues[1].find(key);
      if (it != cues[1].end()) r |= it->second;
    }
    return r;
  }
};

// The words of one text and, computed on first use, the known names starting at each word
// and each word's cue bits. Run scans every line twice (to find the article's countries,
// then to resolve against them); neither the words nor these lookups depend on that context.
struct Gazetteer::Scan {
  static constexpr uint32_t kUnset = UINT32_MAX;
  std::vector<Tok> toks;
  std::vector<uint32_t> names_from, names_to;  // per word: its range in `names`, or kUnset
  std::vector<std::pair<size_t, const std::vector<Cand>*>> names;  // (words, candidates)
  std::vector<int32_t> cues;                                        // -1: not computed yet

  explicit Scan(std::string_view text) {
    Tokenize(text, toks);
    names_from.assign(toks.size(), kUnset);
    names_to.assign(toks.size(), kUnset);
    cues.assign(toks.size(), -1);
  }

  uint16_t Cue(const Data& d, size_t j, Lang lang) {
    if (cues[j] < 0) cues[j] = d.Cue(toks[j].key, lang);
    return static_cast<uint16_t>(cues[j]);
  }

  // Known names starting at word i, shortest first: sets [from, to) in `names`.
  void NamesAt(const Data& d, size_t i, size_t& from, size_t& to) {
    if (names_from[i] == kUnset) {
      names_from[i] = static_cast<uint32_t>(names.size());
      std::string key = toks[i].key;
      for (size_t n = 1; i + n <= toks.size(); ++n) {
        if (n > 1) {
          if (!toks[i + n - 1].joined) break;
          key += ' ';
          key += toks[i + n - 1].key;
        }
        const NameSlot* slot = d.names.Find(key);
        if (!slot) break;
        if (!slot->cands.empty()) names.push_back({n, &slot->cands});
        if (!slot->prefix) break;
      }
      names_to[i] = static_cast<uint32_t>(names.size());
    }
    from = names_from[i];
    to = names_to[i];
  }
};

Gazetteer::Gazetteer(std::unique_ptr<Data> d) : d_(std::move(d)) {}
Gazetteer::Gazetteer(Gazetteer&&) noexcept = default;
Gazetteer& Gazetteer::operator=(Gazetteer&&) noexcept = default;
Gazetteer::~Gazetteer() = default;

size_t Gazetteer::size() const { return d_->entries.size(); }

Result<Gazetteer> Gazetteer::Load(const KnowledgePaths& paths) {
  auto d = std::make_unique<Data>();
  d->entries.reserve(140000);
  d->names.reserve(300000);

  // --- generated gazetteer
  const std::string gpath = paths.Built("places/gazetteer.tsv");
  auto gtext = ReadFile(gpath);
  if (!gtext.ok())
    return KnowledgeError(gtext.status().message() +
                          " (generated by tools/build_gazetteer.mjs: build depeche_knowledge)");
  {
    std::string_view all = *gtext;
    size_t pos = 0, line_no = 0;
    while (pos < all.size()) {
      size_t nl = all.find('\n', pos);
      if (nl == std::string_view::npos) nl = all.size();
      std::string_view line = all.substr(pos, nl - pos);
      pos = nl + 1;
      ++line_no;
      if (line.empty() || line[0] == '#') continue;
      auto f = Split(line, '\t');
      if (f.size() != 11)
        return KnowledgeError(gpath + ":" + std::to_string(line_no) +
                              ": expected 11 columns, got " + std::to_string(f.size()));
      Entry e;
      double lat = 0, lon = 0;
      if (!ParseNum(f[0], e.id) || !ParseNum(f[6], e.pop) || !ParseNum(f[7], lat) ||
          !ParseNum(f[8], lon))
        return KnowledgeError(gpath + ":" + std::to_string(line_no) + ": bad number");
      e.lat = static_cast<float>(lat);
      e.lon = static_cast<float>(lon);
      e.name = std::string(f[1]);
      e.country = std::string(f[4]);
      if (f[5] == "country")
        e.feature = kCountry;
      else if (f[5] == "admin")
        e.feature = kAdmin;
      else if (f[5] == "region")
        e.feature = kRegion;
      if (f[9] == "PPLC") e.flags |= kCapital;
      if (f[10].find("common_fr") != std::string_view::npos) e.flags |= kCommonFr;
      if (f[10].find("common_en") != std::string_view::npos) e.flags |= kCommonEn;
      d->AddPlace(std::move(e), f[1], f[2], f[3], 0);
    }
  }

  // --- hand regions
  const std::string rpath = paths.Source("places/regions.tsv");
  auto rtext = ReadFile(rpath);
  if (!rtext.ok()) return KnowledgeError(rtext.status().message());
  {
    size_t line_no = 0;
    for (auto line : Split(*rtext, '\n')) {
      ++line_no;
      if (line.empty() || line[0] == '#') continue;
      auto f = Split(line, '\t');
      if (f.size() != 7)
        return KnowledgeError(rpath + ":" + std::to_string(line_no) + ": expected 7 columns, got " +
                              std::to_string(f.size()));
      Entry e;
      double lat = 0, lon = 0;
      if (!ParseNum(f[5], lat) || !ParseNum(f[6], lon))
        return KnowledgeError(rpath + ":" + std::to_string(line_no) + ": bad coordinates");
      if (f[4] != "region" && f[4] != "admin")
        return KnowledgeError(rpath + ":" + std::to_string(line_no) +
                              ": feature must be region or admin");
      e.name = std::string(f[0]);
      e.country = std::string(f[3]);
      e.feature = f[4] == "admin" ? kAdmin : kRegion;
      e.lat = static_cast<float>(lat);
      e.lon = static_cast<float>(lon);
      e.flags = kHand;  // reviewed by hand: outranks generated rows of the same name
      d->AddPlace(std::move(e), f[0], f[1], f[2], kLowerOk);
    }
  }

  // --- stoplist
  const std::string spath = paths.Source("places/stoplist.txt");
  auto stext = ReadFile(spath);
  if (!stext.ok()) return KnowledgeError(stext.status().message());
  for (auto line : Split(*stext, '\n')) {
    if (line.empty() || line[0] == '#') continue;
    d->stop.insert(NameKey(line));
  }

  // --- cues
  const std::string cpath = paths.Source("places/cues.tsv");
  auto ctext = ReadFile(cpath);
  if (!ctext.ok()) return KnowledgeError(ctext.status().message());
  {
    size_t line_no = 0;
    for (auto line : Split(*ctext, '\n')) {
      ++line_no;
      if (line.empty() || line[0] == '#') continue;
      auto f = Split(line, '\t');
      auto err = [&](const std::string& m) {
        return KnowledgeError(cpath + ":" + std::to_string(line_no) + ": " + m);
      };
      if (f.size() < 3) return err("expected kind, lang, word");
      uint16_t bit = 0;
      if (f[0] == "locative")
        bit = kCueLocative;
      else if (f[0] == "det")
        bit = kCueDet;
      else if (f[0] == "link")
        bit = kCueLink;
      else if (f[0] == "area")
        bit = kCueArea;
      else if (f[0] == "number")
        bit = kCueNumber;
      else if (f[0] == "direction")
        bit = kCueDirection;
      else if (f[0] == "person")
        bit = kCuePerson;
      else
        return err("unknown kind '" + std::string(f[0]) + "'");
      if (f[1] != "fr" && f[1] != "en" && f[1] != "*") return err("lang must be fr, en or *");
      const std::string key = NameKey(f[2]);
      if (key.empty()) return err("empty word");
      if (f[1] != "en") d->cues[0][key] |= bit;
      if (f[1] != "fr") d->cues[1][key] |= bit;
      if (bit == kCueDirection) {
        if (f.size() < 4) return err("direction needs an English adjective");
        d->directions[key] = std::string(f[3]);
      }
    }
  }
  return Gazetteer(std::move(d));
}

namespace {

// Picks the best candidate: countries the article names first (by relevance), unless that
// would pick a small town over a capital, a country or a metropolis elsewhere; then size.
struct Picker {
  const std::vector<Entry>& entries;
  const std::vector<std::string>& ctx;
  Lang lang;

  int Rank(const Entry& e) const {
    if (e.country.empty()) return INT_MAX;
    for (size_t i = 0; i < ctx.size(); ++i)
      if (ctx[i] == e.country) return static_cast<int>(i);
    return INT_MAX;
  }
  static bool Major(const Entry& e) {
    return e.feature == kCountry || (e.flags & kCapital) || e.pop >= 1000000;
  }
  double Score(const Entry& e, uint8_t mask) const {
    double s = std::log10(static_cast<double>(e.pop) + 10.0);
    if (e.feature == kCountry)
      s += 7;
    else if (e.flags & kHand)
      s += 5;
    else if (e.feature == kAdmin)
      s += 0.5;
    if (e.flags & kCapital) s += 1.5;
    const uint8_t want = lang == Lang::kFr ? kFrBit : lang == Lang::kEn ? kEnBit : kBothBits;
    if (!(mask & want)) s -= 1.5;  // "Mexico" in French is the city, in English the country
    return s;
  }
  const Cand* Best(const std::vector<const Cand*>& cands) const {
    // a country, capital or metropolis among the candidates, with its country
    const std::string* major = nullptr;
    for (const Cand* c : cands) {
      const Entry& e = entries[c->entry];
      if (Major(e)) major = &e.country;
    }
    const Cand* best = nullptr;
    int best_rank = INT_MAX;
    double best_score = -1e9;
    for (const Cand* c : cands) {
      const Entry& e = entries[c->entry];
      int r = Rank(e);
      // "Pékin" in a story about the US is still Beijing, not Pekin, Illinois
      if (r != INT_MAX && major && *major != e.country && e.feature == kCity && e.pop < 50000)
        r = INT_MAX;
      const double s = Score(e, c->lang);
      if (!best || r < best_rank || (r == best_rank && s > best_score)) {
        best = c;
        best_rank = r;
        best_score = s;
      }
    }
    return best;
  }
};

PlaceRef MakeRef(const Entry& e, Span span, bool loc) {
  PlaceRef p;
  p.span = span;
  p.name = e.name;
  p.country = e.country;
  p.lat = e.lat;
  p.lon = e.lon;
  p.geonames_id = e.id;
  p.feature = FeatureName(e.feature);
  p.preceded_by_locative = loc;
  return p;
}

int Specificity(const PlaceRef& p) {
  if (p.feature == "city") return 0;
  if (p.feature == "admin") return 1;
  if (p.feature == "region") return 2;
  return 3;
}

}  // namespace

std::vector<PlaceRef> Gazetteer::Find(std::string_view text, Lang lang,
                                      const std::vector<std::string>& context_countries) const {
  std::vector<std::string> persons;
  Scan scan(text);
  return FindImpl(text, lang, context_countries, &persons, scan);
}

std::vector<PlaceRef> Gazetteer::FindImpl(std::string_view text, Lang lang,
                                          const std::vector<std::string>& context_countries,
                                          std::vector<std::string>* person_memory,
                                          Scan& scan) const {
  std::vector<PlaceRef> out;
  const std::vector<Tok>& toks = scan.toks;
  if (toks.empty()) return out;
  const Data& d = *d_;
  const Picker picker{d.entries, context_countries, lang};

  // English headlines capitalise every word: capitals then say nothing about names.
  bool title_case = false;
  {
    int words = 0, caps = 0;
    for (const Tok& t : toks) {
      if (t.letters < 4 || t.initial) continue;
      ++words;
      caps += t.cap;
    }
    title_case = words >= 4 && caps * 10 >= words * 7;
  }
  auto cue = [&](size_t j) -> uint16_t {
    uint16_t c = scan.Cue(d, j, lang);
    // "a quitté Pékin": MatchKey folds "à" to "a"; only the accented word is a locative
    if (toks[j].plain_a && lang != Lang::kEn) c &= static_cast<uint16_t>(~kCueLocative);
    return c;
  };

  // Looks back from word i for a locative: "à", "près de", "dans la ville libyenne de",
  // "at the headquarters of", "à 50 km au sud de".
  auto locative_before = [&](size_t i) {
    bool unknown_used = false, framed = false;
    for (size_t j = i, steps = 0; j > 0 && steps < 8; --j, ++steps) {
      if (!toks[j].joined) return false;
      const Tok& t = toks[j - 1];
      const uint16_t c = cue(j - 1);
      // one unknown word is allowed only inside a frame: "dans la ville libyenne de", not
      // "a frappé Bagdad"
      if (c & kCueLocative) return !unknown_used || framed;
      if (t.digit || (c & (kCueDet | kCueLink | kCueNumber | kCueArea | kCueDirection))) {
        if (unknown_used && (c & (kCueDet | kCueArea))) framed = true;
        continue;
      }
      if (!unknown_used && !t.cap && !t.allcaps) {
        unknown_used = true;
        continue;
      }
      return false;
    }
    return false;
  };

  const PlaceRef* last = nullptr;
  size_t last_end_tok = 0;
  for (size_t i = 0; i < toks.size();) {
    // Longest known name starting at word i.
    size_t names_from, names_to;
    scan.NamesAt(d, i, names_from, names_to);
    bool matched = false;
    for (size_t k = names_to; k > names_from && !matched; --k) {
      const auto* sit = &scan.names[k - 1];
      const size_t n = sit->first;
      const Tok& first = toks[i];
      const Tok& lastw = toks[i + n - 1];
      // the first word that must be capitalised: skip articles ("le Caire", "al-Bayda")
      size_t f = i;
      while (f + 1 < i + n && (toks[f].letters <= 2 || toks[f].key == "les" ||
                               toks[f].key == "the" || toks[f].key == "ash"))
        ++f;
      const bool capital = toks[f].cap || toks[f].allcaps;
      bool loc = locative_before(i);
      // "à Tripoli et (à) Benghazi", "in Sirte, Misrata and Tripoli"
      if (!loc && last && last->preceded_by_locative && i >= 1) {
        const std::string& k = toks[i - 1].key;
        if (last_end_tok == i - 1 && toks[i].joined &&
            (k == "et" || k == "and" || k == "ou" || k == "or"))
          loc = true;
        else if (last_end_tok == i && !toks[i].joined && text[last->span.end] == ',')
          loc = true;
      }
      const bool single = n == 1;
      const Tok* prev = i > 0 ? &toks[i - 1] : nullptr;
      const uint16_t prev_cue = prev ? cue(i - 1) : 0;
      const bool prev_cap = prev && first.joined && (prev->cap || prev->allcaps) &&
                            !(prev_cue & (kCueDet | kCueLink | kCueLocative));
      // "John Bolton", "Radio France"; "Pullman-Montparnasse", "Croix-Rouge" (hyphen)
      const bool prev_name = prev_cap && (!first.space_before || !title_case);
      const bool person_title = prev && first.joined && (prev_cue & kCuePerson);
      const Tok* next = i + n < toks.size() ? &toks[i + n] : nullptr;
      const bool next_cap = next && next->joined && next->cap;
      const bool next_name = next_cap && (!next->space_before || !title_case);
      // "TRIPOLI (Reuters) -", "PARIS, 3 mai (AFP) -": a dateline in capitals
      bool dateline = false;
      if (single && first.initial && first.allcaps && first.letters >= 4) {
        size_t p = first.end;
        while (p < text.size() && text[p] == ' ') ++p;
        dateline = p < text.size() && (text[p] == '(' || text[p] == ',' || text[p] == '-' ||
                                       static_cast<unsigned char>(text[p]) == 0xE2);
      }
      const bool shouting = first.allcaps && !dateline;  // a heading or acronym in capitals
      const uint8_t common_bit = lang == Lang::kEn   ? kCommonEn
                                 : lang == Lang::kFr ? kCommonFr
                                                     : kCommonFr | kCommonEn;
      if (single && d.stop.count(first.key)) continue;
      if (single && person_memory &&
          std::find(person_memory->begin(), person_memory->end(), first.key) !=
              person_memory->end())
        continue;  // "Alyssa Farah ... a déclaré Farah"
      if (single && (prev_name || person_title) && !loc && person_memory &&
          (first.cap || first.allcaps))
        person_memory->push_back(first.key);
      // "le Caire" is fine, "la Défense" (the ministry) is not: a name whose article is written
      // lower case must be a known French name
      const bool lower_article = f > i && !first.cap && !first.allcaps;

      std::vector<const Cand*> ok;
      for (const Cand& c : *sit->second) {
        const Entry& e = d.entries[c.entry];
        if (c.kind & kArticleStripped) {
          if (!prev || !first.joined) continue;
          const std::string& k = prev->key;
          if (k != "au" && k != "du" && k != "aux" && k != "des") continue;
          loc = loc || k == "au" || k == "aux";
        }
        const bool lower_ok = (c.kind & kLowerOk) && !single;
        if (!lower_ok && !capital) continue;
        if (lower_article && !lower_ok && !(c.kind & kFrName)) continue;
        if (c.kind & kAcronym) {
          if (!first.allcaps) continue;
        } else if (single && shouting && first.letters <= 4) {
          continue;  // "ONU", "SANA": acronyms that spell a town
        }
        const bool common = (e.flags & common_bit) && e.feature != kCountry && !(e.flags & kHand);
        // "Washington Post"; but "in Tripoli Monday" (stoplisted weekdays and months)
        if (next_name && !lower_ok && (!loc || (single && !d.stop.count(next->key)))) continue;
        if (single && !lower_ok && (prev_name || (!first.space_before && prev_cap))) continue;
        if (single && !lower_ok && !loc && !dateline) {
          if (person_title && e.feature != kCountry) continue;
          if (first.initial && e.feature != kCountry && e.feature != kRegion &&
              (e.pop < 100000 || common))
            continue;
          if (common && (title_case || first.initial || e.pop < 100000)) continue;
          // headlines capitalise everything: a lone small city there is more likely a surname
          if ((title_case || shouting) && e.feature == kCity && e.pop < 100000) continue;
        }
        if (single && shouting && e.feature == kCity && e.pop < 100000) continue;
        // "à la Force d'intervention": a common word is a village's name only for a big place
        if (single && common && e.feature == kCity && e.pop < 15000) continue;
        if (!loc && (e.feature == kCity || e.feature == kAdmin) && e.id != 0 && e.pop < 15000)
          continue;  // small towns share names with surnames and words
        if (!loc && e.feature == kAdmin && !(e.flags & kHand) && common && single) continue;
        ok.push_back(&c);
      }
      if (ok.empty()) continue;
      const Cand* best = picker.Best(ok);
      const Entry& e = d.entries[best->entry];
      PlaceRef ref = MakeRef(e, Span{first.start, lastw.end}, loc);

      // "l'est de la Libye", "le nord du Mali", "eastern Libya", "the south of Syria"
      if (e.feature != kCity && !e.country.empty()) {
        size_t j = i;
        bool linked = false;
        while (j > 0 && toks[j].joined && (cue(j - 1) & (kCueLink | kCueDet)) && i - j < 3) {
          linked = linked || (cue(j - 1) & kCueLink);
          --j;
        }
        if (j > 0 && toks[j].joined) {
          size_t dstart = j - 1;
          std::string dkey = toks[dstart].key;
          if (dstart > 0 && toks[dstart].joined && !toks[dstart].space_before) {
            std::string two = toks[dstart - 1].key + " " + dkey;  // "nord-est"
            if (d.directions.count(two)) {
              dkey = two;
              --dstart;
            }
          }
          auto dit = d.directions.find(dkey);
          const bool adjective = dkey.size() > 3 && (dkey.ends_with("ern") || dkey == "central");
          bool valid = false;
          if (dit != d.directions.end()) {
            if (!linked) {
              valid = adjective && (j == i);
            } else if (dstart > 0 && toks[dstart].joined) {
              valid = (cue(dstart - 1) & (kCueDet | kCueLocative)) != 0;
            }
          }
          if (valid) {
            ref.name = dit->second + " " + e.name;
            ref.feature = "region";
            ref.geonames_id = 0;
            ref.span.start = toks[dstart].start;
            ref.preceded_by_locative = loc || locative_before(dstart);
          }
        }
      }
      out.push_back(std::move(ref));
      last = &out.back();
      last_end_tok = i + n;
      i += n;
      matched = true;
    }
    if (!matched) ++i;
  }
  return out;
}

std::optional<PlaceRef> Gazetteer::Lookup(std::string_view name,
                                          const std::vector<std::string>& context_countries) const {
  const NameSlot* slot = d_->names.Find(NameKey(name));
  if (!slot) return std::nullopt;
  std::vector<const Cand*> cands;
  for (const Cand& c : slot->cands)
    if (!(c.kind & kArticleStripped)) cands.push_back(&c);
  if (cands.empty()) return std::nullopt;
  const Picker picker{d_->entries, context_countries, Lang::kUnknown};
  const Cand* best = picker.Best(cands);
  return MakeRef(d_->entries[best->entry], Span{0, static_cast<uint32_t>(name.size())}, false);
}

std::vector<std::string> Gazetteer::ContextCountries(const std::vector<PlaceRef>& refs) const {
  std::vector<std::pair<std::string, std::pair<int, size_t>>> counts;  // iso3, (count, first)
  for (size_t i = 0; i < refs.size(); ++i) {
    const PlaceRef& r = refs[i];
    if (r.country.empty()) continue;
    const int w = r.feature == "country" ? 2 : 1;
    auto it = std::find_if(counts.begin(), counts.end(),
                           [&](const auto& c) { return c.first == r.country; });
    if (it == counts.end())
      counts.push_back({r.country, {w, i}});
    else
      it->second.first += w;
  }
  std::stable_sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) {
    return a.second.first != b.second.first ? a.second.first > b.second.first
                                            : a.second.second < b.second.second;
  });
  std::vector<std::string> r;
  for (auto& c : counts) r.push_back(c.first);
  return r;
}

void Gazetteer::Run(Document& doc) const {
  std::vector<Span> spans;
  if (doc.lines.empty()) {
    spans.push_back(Span{0, static_cast<uint32_t>(doc.text.size())});
  } else {
    for (const Line& l : doc.lines)
      if (l.label == LineLabel::kTitle || l.label == LineLabel::kHeading ||
          l.label == LineLabel::kBody)
        spans.push_back(l.span);
  }
  std::vector<Scan> scans;  // each line tokenised once for both passes
  scans.reserve(spans.size());
  for (const Span& s : spans) scans.emplace_back(doc.View(s));
  std::vector<PlaceRef> first;
  std::vector<std::string> persons;  // surnames seen after a first name, across lines
  for (size_t k = 0; k < spans.size(); ++k) {
    auto refs = FindImpl(doc.View(spans[k]), doc.lang, {}, &persons, scans[k]);
    first.insert(first.end(), refs.begin(), refs.end());
  }
  const std::vector<std::string> ctx = ContextCountries(first);
  doc.places.clear();
  persons.clear();
  for (size_t k = 0; k < spans.size(); ++k) {
    const Span& s = spans[k];
    for (PlaceRef& r : FindImpl(doc.View(s), doc.lang, ctx, &persons, scans[k])) {
      r.span.start += s.start;
      r.span.end += s.start;
      doc.places.push_back(std::move(r));
    }
  }
  std::stable_sort(doc.places.begin(), doc.places.end(), [](const PlaceRef& a, const PlaceRef& b) {
    return a.span.start < b.span.start;
  });
}

std::optional<PlaceRef> Gazetteer::EventLocation(const Document& doc, Span sentence) const {
  std::vector<PlaceRef> local;
  const std::vector<PlaceRef>* refs = &doc.places;
  if (doc.places.empty()) {
    if (sentence.end > doc.text.size() || sentence.empty()) return std::nullopt;
    local = Find(doc.View(sentence), doc.lang, {});
    for (PlaceRef& r : local) {
      r.span.start += sentence.start;
      r.span.end += sentence.start;
    }
    refs = &local;
  }
  const PlaceRef* best = nullptr;
  for (const PlaceRef& r : *refs) {
    // Only a place the sentence puts the event at ("à", "in", "près de"): a dateline
    // ("TRIPOLI (Reuters) -") never has a locative before it.
    if (!sentence.Contains(r.span) || !r.preceded_by_locative) continue;
    if (!best || Specificity(r) < Specificity(*best)) best = &r;
  }
  if (!best) return std::nullopt;
  return *best;
}

}  // namespace depeche::places
