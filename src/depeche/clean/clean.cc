// The clean stage: separates the article from page clutter line by line (jusText-style
// stop-word density and context smoothing, plus lexicons of page furniture) and reads the
// page metadata (title, date line, byline, credit, dateline).
#include "depeche/clean/clean.h"

#include <re2/re2.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <utility>

#include "depeche/core/date.h"
#include "depeche/core/unicode.h"

namespace depeche::clean {
namespace {

constexpr uint32_t Bit(PhraseKind k) { return 1u << static_cast<unsigned>(k); }
// Folding and pattern matching look at most this many bytes of a line: page furniture,
// date lines and datelines are short or sit at the start, and it keeps a 50 MB line linear.
constexpr size_t kKeyBytes = 400;
constexpr size_t kHeadBytes = 240;

// Byte length of a (Unicode) space character at s[i], 0 if none.
size_t SpaceAt(std::string_view s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') return 1;
  if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) return 2;
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    const unsigned char d = static_cast<unsigned char>(s[i + 2]);
    if (d <= 0x8B || d == 0xAF) return 3;  // U+2000..U+200B, U+202F
  }
  if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBB &&
      static_cast<unsigned char>(s[i + 2]) == 0xBF)
    return 3;  // BOM / zero-width no-break space
  if (c == 0xE3 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
      static_cast<unsigned char>(s[i + 2]) == 0x80)
    return 3;  // ideographic space
  return 0;
}

// Byte length of a space character that ends at s[end-1], 0 if none.
size_t SpaceBefore(std::string_view s, size_t end) {
  for (size_t n = 1; n <= 3 && n <= end; ++n)
    if (SpaceAt(s, end - n) == n) return n;
  return 0;
}

std::string_view Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e) {
    const size_t n = SpaceAt(s, b);
    if (!n) break;
    b += n;
  }
  while (e > b) {
    const size_t n = SpaceBefore(s.substr(0, e), e);
    if (!n) break;
    e -= n;
  }
  return s.substr(b, e - b);
}

// Cuts s to at most n bytes without splitting a UTF-8 sequence.
std::string_view Head(std::string_view s, size_t n) {
  if (s.size() <= n) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}
std::string_view Tail(std::string_view s, size_t n) {
  if (s.size() <= n) return s;
  size_t b = s.size() - n;
  while (b < s.size() && (static_cast<unsigned char>(s[b]) & 0xC0) == 0x80) ++b;
  return s.substr(b);
}

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Punctuation that may wrap a word: ASCII punctuation and « » “ ” ‘ ’ … – —.
size_t WrapPunctAt(std::string_view s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return (c > ' ' && !IsAsciiAlnum(static_cast<char>(c))) ? 1 : 0;
  if (c == 0xC2 && i + 1 < s.size()) {
    const unsigned char d = static_cast<unsigned char>(s[i + 1]);
    return (d == 0xAB || d == 0xBB || d == 0xB7) ? 2 : 0;
  }
  if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80) {
    const unsigned char d = static_cast<unsigned char>(s[i + 2]);
    return ((d >= 0x93 && d <= 0x9F) || d == 0xA2 || d == 0xA6) ? 3 : 0;
  }
  return 0;
}
size_t WrapPunctBefore(std::string_view s, size_t end) {
  for (size_t n = 1; n <= 3 && n <= end; ++n)
    if (WrapPunctAt(s, end - n) == n) return n;
  return 0;
}
std::string_view StripWrap(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e) {
    const size_t n = WrapPunctAt(s, b);
    if (!n || b + n > e) break;
    b += n;
  }
  while (e > b) {
    const size_t n = WrapPunctBefore(s.substr(0, e), e);
    if (!n) break;
    e -= n;
  }
  return s.substr(b, e - b);
}

// Splits on ASCII spaces.
template <typename F>
void ForEachToken(std::string_view s, F&& f) {
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t') ++j;
    if (j > i) f(s.substr(i, j - i));
    i = j;
  }
}

// "lutte antiterroriste" -> words of a folded key.
std::vector<std::string_view> KeyWords(std::string_view key) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < key.size()) {
    while (i < key.size() && !(IsAsciiAlnum(key[i]) || static_cast<unsigned char>(key[i]) >= 0x80))
      ++i;
    size_t j = i;
    while (j < key.size() && (IsAsciiAlnum(key[j]) || static_cast<unsigned char>(key[j]) >= 0x80 ||
                              key[j] == '\'' || key[j] == '-'))
      ++j;
    if (j > i) out.push_back(key.substr(i, j - i));
    i = j;
  }
  return out;
}

// Drops final punctuation and spaces: the key under which repeated lines are compared.
std::string_view CoreKey(std::string_view key) {
  size_t e = key.size();
  while (e > 0 && !IsAsciiAlnum(key[e - 1]) && static_cast<unsigned char>(key[e - 1]) < 0x80) --e;
  size_t b = 0;
  while (b < e && !IsAsciiAlnum(key[b]) && static_cast<unsigned char>(key[b]) < 0x80) ++b;
  return key.substr(b, e - b);
}

bool FirstIsUpper(std::string_view s) {
  if (s.empty()) return false;
  size_t i = 0;
  return IsUpperCp(DecodeUtf8(s, i));
}

// "WASHINGTON" -> "Washington", "N'DJAMENA" -> "N'Djamena"; mixed-case text is kept.
std::string TidyPlace(std::string_view s) {
  bool has_lower = false;
  for (size_t i = 0; i < s.size();) {
    const char32_t cp = DecodeUtf8(s, i);
    if (IsLetterCp(cp) && !IsUpperCp(cp)) has_lower = true;
  }
  std::string out;
  if (has_lower) {
    out.assign(s);
  } else {
    bool start = true;
    for (size_t i = 0; i < s.size();) {
      const size_t b = i;
      const char32_t cp = DecodeUtf8(s, i);
      if (IsLetterCp(cp)) {
        if (start) {
          out.append(s.substr(b, i - b));
        } else {
          std::string lower = FoldCase(s.substr(b, i - b));
          out += lower;
        }
        start = false;
      } else {
        out.append(s.substr(b, i - b));
        start = (cp == ' ' || cp == '-' || IsApostropheCp(cp));
      }
    }
  }
  std::string_view t = Trim(out);
  while (!t.empty() && (t.back() == ',' || t.back() == '-' || t.back() == '.')) t.remove_suffix(1);
  return std::string(Trim(t));
}

std::string NormSpace(std::string_view s) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < s.size();) {
    const size_t n = SpaceAt(s, i);
    if (n) {
      space = true;
      i += n;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += s[i++];
  }
  return out;
}

// MatchKey (core/unicode.h) for the common Latin letters, apostrophes, dashes and spaces
// without a utf8proc round trip; other code points go through MatchKey one by one.
std::string FoldKey(std::string_view s) {
  // U+00C0..U+00FF: the base letter, or 0 for "ask MatchKey".
  static constexpr char kLatin1[64 + 1] =
      "aaaaaa\0ceeeeiiii\0nooooo\0\0uuuuy\0\0aaaaaa\0ceeeeiiii\0nooooo\0\0uuuuy\0y";
  std::string out;
  out.reserve(s.size());
  bool last_space = true;
  auto put = [&](char ch) {
    if (ch == ' ') {
      if (last_space) return;
      last_space = true;
    } else {
      last_space = false;
    }
    out += ch;
  };
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      char ch = static_cast<char>(b);
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      else if (ch == '`') ch = '\'';
      else if (ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v') ch = ' ';
      put(ch);
      ++i;
      continue;
    }
    if (const size_t n = SpaceAt(s, i)) {
      put(' ');
      i += n;
      continue;
    }
    if (b == 0xC3 && i + 1 < s.size()) {
      const unsigned char d = static_cast<unsigned char>(s[i + 1]);
      if (d >= 0x80 && d <= 0xBF) {
        const char base = kLatin1[d - 0x80];
        if (base) {
          put(base);
          i += 2;
          continue;
        }
        if (d == 0x86 || d == 0xA6) {  // Æ æ
          put('a');
          put('e');
          i += 2;
          continue;
        }
      }
    }
    if (b == 0xC5 && i + 1 < s.size() &&
        (static_cast<unsigned char>(s[i + 1]) == 0x92 || static_cast<unsigned char>(s[i + 1]) == 0x93)) {
      put('o');
      put('e');
      i += 2;
      continue;
    }
    const size_t start = i;
    const char32_t cp = DecodeUtf8(s, i);
    if (IsApostropheCp(cp)) { put('\''); continue; }
    if (IsDashCp(cp)) { put('-'); continue; }
    const std::string f = MatchKey(s.substr(start, i - start));
    for (char ch : f) put(ch);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

enum class Cls : uint8_t { kGood, kNearGood, kShort, kBad };

// Why a line got a fixed label before context smoothing.
enum class Rule : uint8_t {
  kNone, kClutter, kSection, kMeta, kDateLine, kDateWidget, kTitle, kHeading,
};

struct LineInfo {
  uint32_t start = 0, end = 0;  // trimmed line
  uint32_t tstart = 0;          // text start after a " date YYYY-MM" prefix
  uint32_t number = 0;
  std::string key;  // folded text (head only for long lines)
  bool key_full = true;
  uint32_t chars = 0, words = 0, stop = 0, stop_fr = 0, stop_en = 0;
  uint32_t letters = 0, uppers = 0, digits = 0, junk = 0;
  char32_t last = 0;  // last code point, closing quotes and brackets skipped
  bool ellipsis = false, bullet = false, glued = false;
  uint32_t kinds = 0;  // lexicon matches
  bool has_date = false, weekday = false;
  Cls cls = Cls::kBad;
  Rule rule = Rule::kNone;
  LineLabel label = LineLabel::kClutter;
  bool good_final = false;
  double density() const { return words ? static_cast<double>(stop) / words : 0.0; }
  bool sentence_end() const { return !ellipsis && (last == '.' || last == '!' || last == '?'); }
  bool headline_like() const {
    return !(last == '.' && !ellipsis) && last != ':' && last != ',' && last != ';' &&
           words >= 1 && words <= 30 && chars <= 250;
  }
};

struct DateHit {
  CivilDate date;
  Precision precision = Precision::kNone;
  size_t pos = std::string::npos;
};

}  // namespace

struct Cleaner::Regexes {
  RE2 date_prefix{R"(^\s*date (\d{4})-(\d{2})(?:-(\d{2}))?(?:\s|$))"};
  RE2 iso{R"((?:^|[^\d])((\d{4})-(\d{1,2})-(\d{1,2}))(?:[^\d]|$))"};
  RE2 dmy{R"((?:^|[^\d.])((\d{1,2})([./-])(\d{1,2})[./-](\d{4}))(?:[^\d]|$))"};
  RE2 d_month_y{R"((?:^|[^\da-z])((\d{1,2})(?:er)?\s+([a-z]+)\.?,?\s+(\d{4}))(?:[^\d]|$))"};
  RE2 month_d_y{
      R"((?:^|[^a-z])(([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(\d{4}))(?:[^\d]|$))"};
  RE2 month_y{R"((?:^|[^a-z])(([a-z]+)\s+(\d{4}))(?:[^\d]|$))"};
  RE2 timestamp{R"(^\d{1,2}\s*[h:]\s*\d{2}\s*[:\-–—]\s*\pL)"};
  RE2 credit_tail{R"((?:—|–|-|\|)\s*\p{Lu}[\p{Lu} .'’\-]+\s*/\s*\p{Lu}[\pL .\-]+\s*$)"};
  RE2 paren_tail{R"([(\[]([^()\[\]]+)[)\]]\s*\.?\s*$)"};
  RE2 initials{R"(^\p{Lu}\pL?\pL?\.(?:\s*/?\s*\p{Lu}\pL?\pL?\.)*$)"};
  RE2 slash{R"(^([^/|]+?)\s*/\s*([^/|]+)$)"};
  // Datelines at the start of the first body lines.
  RE2 dl_caps_agency{
      R"(^(\p{Lu}[\p{Lu}'’\- .]*\p{Lu})(?:\s*,\s*[^()\n]+?)?\s*\(([^()]+)\)\s*(?:-{1,2}|–|—|:))"};
  RE2 dl_title_agency{
      R"(^(\p{Lu}[\pL'’\-]+(?:[ \-]\p{Lu}[\pL'’\-]+)*)\s*,\s*[^()|\n]+?\s*\(([^()]+)\)\s*(?:-{1,2}|–|—|:))"};
  RE2 dl_pipe{
      R"(^(\p{Lu}[\pL'’\-]+(?:[ \-]\p{Lu}[\pL'’\-]+)*)(?:\s*,\s*[\pL ]+?)?\s*\|\s*([\pL .\-]+?)\s*\|)"};
  RE2 dl_slash_agency{
      R"(^(\p{Lu}[\pL'’]+(?:[ \-]\p{Lu}[\pL'’]+)*)\s*[-–—]\s*(\p{Lu}+)\s*/)"};
  RE2 dl_caps{
      R"(^(\p{Lu}[\p{Lu}'’\-]+(?: \p{Lu}[\p{Lu}'’\-]+)*)\s*(?:,\s*[^—–\n:]+?)?\s*(?:—|–|--|:)\s)"};
  RE2 dl_title_dash{R"(^(\p{Lu}\p{Ll}[\p{Ll}'’\-]+(?: \p{Lu}[\p{Ll}'’\-]+)*)\s*(?:—|–)\s)"};
  RE2 dl_paren{R"(^\(([\pL .\-]+)\)\s)"};
  RE2 corresp{R"(^(.+?)\s+de notre (?:correspondante?|envoyee? speciale?)\b)"};
  RE2 envoye_a{R"(notre (?:correspondante?|envoyee? speciale?) a ([^,]+)(?:,\s*(.+))?$)"};
};

Cleaner::Cleaner() = default;
Cleaner::Cleaner(Cleaner&&) noexcept = default;
Cleaner& Cleaner::operator=(Cleaner&&) noexcept = default;
Cleaner::~Cleaner() = default;

namespace {

// Splits a data file into (line number, columns) rows, skipping comments and blank lines.
template <typename F>
Status ForEachRow(const std::string& path, const std::string& text, size_t columns, F&& f) {
  size_t pos = 0;
  int number = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    std::string_view line(text.data() + pos, nl - pos);
    pos = nl + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty() || line[0] == '#') continue;
    std::vector<std::string_view> cols;
    size_t b = 0;
    while (true) {
      const size_t t = line.find('\t', b);
      cols.push_back(line.substr(b, t == std::string_view::npos ? std::string_view::npos : t - b));
      if (t == std::string_view::npos) break;
      b = t + 1;
    }
    if (cols.size() != columns)
      return KnowledgeError(path + ":" + std::to_string(number) + ": expected " +
                            std::to_string(columns) + " columns, found " +
                            std::to_string(cols.size()));
    Status st = f(number, cols);
    if (!st.ok()) return st;
  }
  return Status::Ok();
}

// Adds the capitalised form of a word whose first letter is an accented Latin-1 letter
// (à -> À), so that sentence-initial "À" is found without folding every token.
std::string CapitaliseLatin1(const std::string& w) {
  if (w.size() >= 2 && static_cast<unsigned char>(w[0]) == 0xC3) {
    const unsigned char d = static_cast<unsigned char>(w[1]);
    if (d >= 0xA0 && d <= 0xBE && d != 0xB7) {
      std::string u = w;
      u[1] = static_cast<char>(d - 0x20);
      return u;
    }
  }
  return {};
}

bool IsAllCapsWord(std::string_view s) {
  bool any = false;
  for (char c : s) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') any = true;
  }
  return any;
}

}  // namespace

Result<Cleaner> Cleaner::Load(const KnowledgePaths& paths) {
  Cleaner c;
  c.re_ = std::make_unique<Regexes>();
  // Stop lists.
  const std::pair<const char*, uint8_t> stoplists[] = {{"clean/justext/French.txt", 1},
                                                       {"clean/justext/English.txt", 2}};
  for (const auto& [rel, bit] : stoplists) {
    const std::string path = paths.Source(rel);
    auto text = ReadFile(path);
    if (!text.ok()) return KnowledgeError(text.status().message());
    size_t pos = 0;
    while (pos < text->size()) {
      size_t nl = text->find('\n', pos);
      if (nl == std::string::npos) nl = text->size();
      std::string w = FoldCase(Trim(std::string_view(*text).substr(pos, nl - pos)));
      pos = nl + 1;
      if (w.empty()) continue;
      // Typographic apostrophes in tokens are looked up as ASCII.
      c.stop_[w] |= bit;
      if (std::string u = CapitaliseLatin1(w); !u.empty()) c.stop_[u] |= bit;
    }
  }
  if (c.stop_.size() < 100) return KnowledgeError(paths.Source("clean/justext") + ": stop lists too small");

  // Phrases.
  {
    const std::string path = paths.Source("clean/phrases.tsv");
    auto text = ReadFile(path);
    if (!text.ok()) return KnowledgeError(text.status().message());
    Status st = ForEachRow(path, *text, 4, [&](int n, const std::vector<std::string_view>& col) {
      static const std::pair<const char*, PhraseKind> kKinds[] = {
          {"clutter", PhraseKind::kClutter}, {"section", PhraseKind::kSection},
          {"caption", PhraseKind::kCaption}, {"meta", PhraseKind::kMeta},
          {"datecue", PhraseKind::kDateCue}, {"dateword", PhraseKind::kDateWord},
          {"byline", PhraseKind::kByline},   {"credit", PhraseKind::kCredit},
          {"outlet", PhraseKind::kOutlet}};
      const std::string where = path + ":" + std::to_string(n) + ": ";
      if (col[0] != "fr" && col[0] != "en" && col[0] != "*")
        return KnowledgeError(where + "unknown language '" + std::string(col[0]) + "'");
      std::optional<PhraseKind> kind;
      for (const auto& [name, k] : kKinds)
        if (col[1] == name) kind = k;
      if (!kind) return KnowledgeError(where + "unknown kind '" + std::string(col[1]) + "'");
      uint8_t match;
      if (col[2] == "line") match = 0;
      else if (col[2] == "prefix") match = 1;
      else if (col[2] == "contains") match = 2;
      else return KnowledgeError(where + "unknown match '" + std::string(col[2]) + "'");
      std::string phrase(Trim(col[3]));
      if (phrase.empty()) return KnowledgeError(where + "empty phrase");
      Phrase p;
      p.kind = *kind;
      p.match = match;
      if (*kind == PhraseKind::kOutlet) {
        const size_t x = phrase.find("{X}");
        if (x == std::string::npos) return KnowledgeError(where + "outlet phrase without {X}");
        p.key = MatchKey(phrase.substr(0, x));
        p.after = MatchKey(phrase.substr(x + 3));
      } else {
        p.key = MatchKey(phrase);
      }
      if (*kind == PhraseKind::kDateWord) {
        c.date_words_.insert(p.key);
        return Status::Ok();
      }
      if (*kind == PhraseKind::kDateCue) {
        c.date_cues_.push_back(p.key);
        return Status::Ok();
      }
      if (match == 0 && *kind != PhraseKind::kOutlet) {
        c.line_phrases_[std::string(CoreKey(p.key))] |= Bit(*kind);
        // A whole-line phrase is also looked for as a prefix when the line is only that
        // phrase plus trailing punctuation; CoreKey handles that.
        return Status::Ok();
      }
      std::vector<std::string_view> words = KeyWords(p.key);
      std::string first = words.empty() ? p.key.substr(0, 1) : std::string(words[0]);
      if (!words.empty() && p.key.rfind(first, 0) != 0) first = p.key.substr(0, 1);
      c.by_first_word_[first].push_back(static_cast<uint32_t>(c.phrases_.size()));
      const uint32_t bit = FilterBit(first);
      c.first_word_filter_[bit >> 6] |= uint64_t{1} << (bit & 63);
      c.phrases_.push_back(std::move(p));
      return Status::Ok();
    });
    if (!st.ok()) return st;
    std::sort(c.date_cues_.begin(), c.date_cues_.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  }

  // Months and weekdays.
  {
    const std::string path = paths.Source("clean/months.tsv");
    auto text = ReadFile(path);
    if (!text.ok()) return KnowledgeError(text.status().message());
    Status st = ForEachRow(path, *text, 2, [&](int n, const std::vector<std::string_view>& col) {
      int v = 0;
      if (col[1] == "wd") {
        v = 13;
      } else {
        for (char ch : col[1]) {
          if (ch < '0' || ch > '9') { v = -1; break; }
          v = v * 10 + (ch - '0');
        }
        if (v < 1 || v > 12)
          return KnowledgeError(path + ":" + std::to_string(n) + ": bad month number");
      }
      c.months_[MatchKey(col[0])] = v;
      return Status::Ok();
    });
    if (!st.ok()) return st;
  }

  // Agencies.
  {
    const std::string path = paths.Source("clean/agencies.tsv");
    auto text = ReadFile(path);
    if (!text.ok()) return KnowledgeError(text.status().message());
    Status st = ForEachRow(path, *text, 2, [&](int n, const std::vector<std::string_view>& col) {
      std::string name(Trim(col[0])), canon(Trim(col[1]));
      if (name.empty() || canon.empty())
        return KnowledgeError(path + ":" + std::to_string(n) + ": empty column");
      if (IsAllCapsWord(name) && name.find(' ') == std::string::npos)
        c.agency_exact_[name] = canon;
      else
        c.agency_folded_[MatchKey(name)] = canon;
      return Status::Ok();
    });
    if (!st.ok()) return st;
  }
  return c;
}

int Cleaner::MonthOf(std::string_view w) const {
  auto it = months_.find(w);
  return it == months_.end() ? 0 : it->second;
}

bool Cleaner::IsAgency(std::string_view s, std::string* canonical) const {
  s = Trim(s);
  if (s.empty() || s.size() > 60) return false;
  if (auto it = agency_exact_.find(s); it != agency_exact_.end()) {
    if (canonical) *canonical = it->second;
    return true;
  }
  if (auto it = agency_folded_.find(MatchKey(s)); it != agency_folded_.end()) {
    if (canonical) *canonical = it->second;
    return true;
  }
  return false;
}

void Cleaner::MatchPhrases(std::string_view key, bool full, uint32_t* kinds,
                           std::string* outlet) const {
  if (full) {
    if (auto it = line_phrases_.find(CoreKey(key)); it != line_phrases_.end())
      *kinds |= it->second;
  }
  // Prefix and contains phrases: look each word position up by its first word.
  size_t i = 0;
  bool at_start = true;
  while (i < key.size()) {
    size_t j = i;
    const bool alnum = IsAsciiAlnum(key[i]) || static_cast<unsigned char>(key[i]) >= 0x80;
    if (alnum) {
      while (j < key.size() && (IsAsciiAlnum(key[j]) || static_cast<unsigned char>(key[j]) >= 0x80 ||
                                key[j] == '\'' || key[j] == '-'))
        ++j;
    } else {
      j = i + 1;
    }
    const std::string_view word = key.substr(i, j - i);
    const uint32_t bit = FilterBit(word);
    auto it = (first_word_filter_[bit >> 6] >> (bit & 63)) & 1 ? by_first_word_.find(word)
                                                               : by_first_word_.end();
    if (it != by_first_word_.end()) {
      for (uint32_t idx : it->second) {
        const Phrase& p = phrases_[idx];
        if (p.match == 1 && !at_start) continue;
        if (p.match == 2 && !full) continue;
        if (key.compare(i, p.key.size(), p.key) != 0) continue;
        const size_t after = i + p.key.size();
        // Word boundary after a phrase that ends in a letter.
        if (after < key.size() && !p.key.empty() && IsAsciiAlnum(p.key.back()) &&
            (IsAsciiAlnum(key[after]) || static_cast<unsigned char>(key[after]) >= 0x80))
          continue;
        if (p.kind == PhraseKind::kOutlet) {
          if (!outlet || !outlet->empty()) continue;
          // The name: up to three words, up to `after` text.
          std::string_view rest = key.substr(after);
          size_t end = p.after.empty() ? std::string_view::npos : rest.find(p.after);
          if (p.after.empty()) {
            std::vector<std::string_view> ws = KeyWords(rest);
            if (ws.empty()) continue;
            end = static_cast<size_t>(ws[0].data() - rest.data()) + ws[0].size();
          }
          if (end == std::string_view::npos || end > 40) continue;
          std::string_view name = Trim(rest.substr(0, end));
          if (name.empty()) continue;
          *outlet = std::string(name);
          continue;
        }
        *kinds |= Bit(p.kind);
      }
    }
    at_start = false;
    i = j;
    while (i < key.size() && key[i] == ' ') ++i;
  }
}

// ---------------------------------------------------------------------------------------------

struct Cleaner::Work {
  const Cleaner& c;
  Document& doc;
  std::string_view text;
  std::vector<LineInfo> L;
  bool fr = true;  // page language guess
  std::optional<DateHit> prefix_date;
  int title = -1;

  Work(const Cleaner& cl, Document& d) : c(cl), doc(d), text(d.text) {}

  std::string_view Text(const LineInfo& l) const {
    return text.substr(l.tstart, l.end - l.tstart);
  }

  void Split() {
    size_t pos = 0;
    uint32_t number = 0;
    // A leading " date YYYY-MM[-DD]" field put in front of the page by the page store.
    std::string_view head = Head(text, 64);
    std::string y, m, d;
    size_t prefix_end = 0;
    {
      re2::StringPiece in(head.data(), head.size());
      if (RE2::Consume(&in, c.re_->date_prefix, &y, &m, &d)) {
        prefix_end = static_cast<size_t>(in.data() - text.data());
        CivilDate cd{std::stoi(y), std::stoi(m), d.empty() ? 0 : std::stoi(d)};
        Precision p = d.empty() ? Precision::kMonth : Precision::kDay;
        if ((p == Precision::kDay && IsValidDate(cd.year, cd.month, cd.day)) ||
            (p == Precision::kMonth && cd.month >= 1 && cd.month <= 12))
          prefix_date = DateHit{cd, p, 0};
        else
          prefix_end = 0;
      }
    }
    while (pos <= text.size()) {
      size_t nl = text.find('\n', pos);
      if (nl == std::string_view::npos) nl = text.size();
      ++number;
      std::string_view raw = text.substr(pos, nl - pos);
      std::string_view t = Trim(raw);
      if (!t.empty()) {
        LineInfo l;
        l.start = static_cast<uint32_t>(t.data() - text.data());
        l.end = static_cast<uint32_t>(l.start + t.size());
        l.tstart = l.start;
        if (prefix_end && pos == 0) {
          l.tstart = static_cast<uint32_t>(std::min<size_t>(prefix_end, l.end));
          std::string_view rest = Trim(text.substr(l.tstart, l.end - l.tstart));
          l.tstart = rest.empty() ? l.end : static_cast<uint32_t>(rest.data() - text.data());
        }
        l.number = number;
        L.push_back(std::move(l));
      }
      if (nl == text.size()) break;
      pos = nl + 1;
    }
  }

  void Features(LineInfo& l) {
    std::string_view s = Text(l);
    // Code points, letters, case, digits, junk, glued words.
    uint32_t lower_run = 0, glue = 0;
    for (size_t i = 0; i < s.size();) {
      const unsigned char b = static_cast<unsigned char>(s[i]);
      char32_t cp;
      if (b < 0x80) {
        cp = b;
        ++i;
      } else {
        cp = DecodeUtf8(s, i);
      }
      ++l.chars;
      if (cp < 0x80) {
        if ((cp >= 'a' && cp <= 'z')) {
          ++l.letters;
          ++lower_run;
          continue;
        }
        if (cp >= 'A' && cp <= 'Z') {
          ++l.letters;
          ++l.uppers;
          if (lower_run >= 3) ++glue;
          lower_run = 0;
          continue;
        }
        lower_run = 0;
        if (cp >= '0' && cp <= '9') ++l.digits;
        else if (cp < 0x20 && cp != '\t') ++l.junk;
        continue;
      }
      if (cp == 0xFFFD || (cp >= 0x80 && cp < 0xA0)) {
        ++l.junk;
        lower_run = 0;
      } else if (IsLetterCp(cp)) {
        ++l.letters;
        if (IsUpperCp(cp)) {
          ++l.uppers;
          if (lower_run >= 3) ++glue;
          lower_run = 0;
        } else {
          ++lower_run;
        }
      } else {
        lower_run = 0;
      }
    }
    l.glued = glue >= 2 || (glue == 1 && l.chars <= 60);
    // Last significant character.
    size_t e = s.size();
    while (e > 0) {
      size_t n = SpaceBefore(s.substr(0, e), e);
      if (n) { e -= n; continue; }
      const unsigned char ch = static_cast<unsigned char>(s[e - 1]);
      if (ch == '"' || ch == '\'' || ch == ')' || ch == ']' || ch == '*') { --e; continue; }
      if (e >= 2 && static_cast<unsigned char>(s[e - 2]) == 0xC2 && ch == 0xBB) { e -= 2; continue; }
      if (e >= 3 && static_cast<unsigned char>(s[e - 3]) == 0xE2 &&
          static_cast<unsigned char>(s[e - 2]) == 0x80 && (ch == 0x9D || ch == 0x99)) {
        e -= 3;
        continue;
      }
      break;
    }
    if (e > 0) {
      std::string_view body = s.substr(0, e);
      if (body.size() >= 3 && body.substr(body.size() - 3) == "...") l.ellipsis = true;
      if (body.size() >= 3 && body.substr(body.size() - 3) == "\xE2\x80\xA6") l.ellipsis = true;
      size_t k = e - 1;
      while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
      size_t kk = k;
      l.last = DecodeUtf8(s, kk);
    }
    // Bullets.
    if (!s.empty()) {
      if (s.rfind("\xE2\x80\xA2", 0) == 0 || s.rfind("- ", 0) == 0 || s.rfind("* ", 0) == 0 ||
          s.rfind("\xC2\xB7 ", 0) == 0 || s.rfind("\xE2\x80\x93 ", 0) == 0)
        l.bullet = true;
    }
    // Words and stop words.
    ForEachToken(s, [&](std::string_view t) {
      t = StripWrap(t);
      if (t.empty()) return;
      ++l.words;
      if (t.size() > 24) return;
      // Lower-case ASCII into a small buffer; typographic apostrophe -> '.
      char buf[32];
      size_t n = 0;
      for (size_t k = 0; k < t.size(); ++k) {
        char ch = t[k];
        if (ch >= 'A' && ch <= 'Z') {
          ch = static_cast<char>(ch - 'A' + 'a');
        } else if (ch == '\xE2' && k + 2 < t.size() && t[k + 1] == '\x80' && t[k + 2] == '\x99') {
          ch = '\'';
          k += 2;
        }
        buf[n++] = ch;
      }
      const std::string_view tok(buf, n);
      const size_t ap = tok.find('\'');
      if (ap != std::string_view::npos && ap + 1 < tok.size()) {
        const std::string_view el = tok.substr(0, ap);
        if (el == "l" || el == "d" || el == "j" || el == "m" || el == "n" || el == "s" ||
            el == "t" || el == "c" || el == "qu" || el == "jusqu" || el == "lorsqu" ||
            el == "puisqu") {
          ++l.stop_fr;
          return;
        }
      }
      auto it = c.stop_.find(tok);
      if (it != c.stop_.end()) {
        if (it->second & 1) ++l.stop_fr;
        if (it->second & 2) ++l.stop_en;
      }
    });
    // Folded key and lexicon.
    l.key_full = s.size() <= kKeyBytes;
    l.key = FoldKey(l.key_full ? s : Head(s, kHeadBytes));
    std::string outlet;
    c.MatchPhrases(l.key, l.key_full, &l.kinds, &outlet);
    if (!outlet.empty() && outlet_cue.empty()) outlet_cue = FindOriginal(s, outlet);
  }

  std::string outlet_cue;

  // The original-case spelling of a folded fragment of s (falls back to the folded text).
  static std::string FindOriginal(std::string_view s, const std::string& folded) {
    std::vector<std::string_view> words;
    ForEachToken(s, [&](std::string_view t) { words.push_back(t); });
    const size_t n = KeyWords(folded).size();
    for (size_t i = 0; i + n <= words.size(); ++i) {
      const std::string_view span(words[i].data(),
                                  static_cast<size_t>(words[i + n - 1].data() + words[i + n - 1].size() -
                                                      words[i].data()));
      if (CoreKey(MatchKey(span)) == CoreKey(folded)) return std::string(StripWrap(span));
    }
    return folded;
  }

  // Dates in a folded line.
  std::optional<DateHit> FindDate(std::string_view key) const {
    std::optional<DateHit> best;
    auto offer = [&](CivilDate d, Precision p, size_t pos) {
      if (p == Precision::kDay && !IsValidDate(d.year, d.month, d.day)) return;
      if (d.year < 1900 || d.year > 2100) return;
      if (!best || pos < best->pos || (pos == best->pos && p > best->precision))
        best = DateHit{d, p, pos};
    };
    re2::StringPiece in(key.data(), key.size());
    std::string all, a, b, cc, sep;
    {
      re2::StringPiece it = in;
      while (RE2::FindAndConsume(&it, c.re_->iso, &all, &a, &b, &cc)) {
        const size_t pos = static_cast<size_t>(it.data() - key.data()) - all.size();
        offer({std::stoi(a), std::stoi(b), std::stoi(cc)}, Precision::kDay, pos);
        if (it.empty()) break;
      }
    }
    {
      re2::StringPiece it = in;
      std::string y;
      while (RE2::FindAndConsume(&it, c.re_->dmy, &all, &a, &sep, &b, &y)) {
        const size_t pos = static_cast<size_t>(key.find(all));
        int d1 = std::stoi(a), d2 = std::stoi(b);
        int day = d1, month = d2;
        // Day first (French and most of the world) unless impossible, or an English page
        // writing month/day with slashes.
        if (d2 > 12 || (!fr && sep == "/" && d1 <= 12)) std::swap(day, month);
        offer({std::stoi(y), month, day}, Precision::kDay, pos);
        if (it.empty()) break;
      }
    }
    {
      re2::StringPiece it = in;
      std::string mon, y;
      while (RE2::FindAndConsume(&it, c.re_->d_month_y, &all, &a, &mon, &y)) {
        const int m = c.MonthOf(mon);
        if (m >= 1 && m <= 12) offer({std::stoi(y), m, std::stoi(a)}, Precision::kDay, key.find(all));
        if (it.empty()) break;
      }
    }
    {
      re2::StringPiece it = in;
      std::string mon, y;
      while (RE2::FindAndConsume(&it, c.re_->month_d_y, &all, &mon, &a, &y)) {
        const int m = c.MonthOf(mon);
        if (m >= 1 && m <= 12) offer({std::stoi(y), m, std::stoi(a)}, Precision::kDay, key.find(all));
        if (it.empty()) break;
      }
    }
    if (!best) {
      re2::StringPiece it = in;
      std::string mon, y;
      while (RE2::FindAndConsume(&it, c.re_->month_y, &all, &mon, &y)) {
        const int m = c.MonthOf(mon);
        if (m >= 1 && m <= 12) offer({std::stoi(y), m, 0}, Precision::kMonth, key.find(all));
        if (it.empty()) break;
      }
    }
    return best;
  }

  // A line that is only a date line: dates, times, cue words ("Publié le", "Updated") and at
  // most a few other words (a byline or site name beside the date).
  bool IsDateLine(LineInfo& l, int* others_out) const {
    if (!l.key_full || l.chars > 160) return false;
    std::string k = l.key;
    bool cue = false;
    for (const std::string& q : c.date_cues_) {
      for (size_t p = k.find(q); p != std::string::npos; p = k.find(q, p)) {
        const bool left = p == 0 || !IsAsciiAlnum(k[p - 1]);
        const size_t e = p + q.size();
        const bool right = e >= k.size() || !IsAsciiAlnum(k[e]);
        if (left && right) {
          cue = true;
          k.replace(p, q.size(), " ");
        } else {
          p = e;
        }
      }
    }
    std::optional<DateHit> date;
    if (l.digits) date = FindDate(l.key);
    l.has_date = date.has_value();
    if (!cue && !date) return false;
    int others = 0;
    std::string cur;
    auto flush = [&]() {
      std::string_view t = cur;
      while (!t.empty() && (t.back() == '.' || t.back() == '-' || t.back() == '/')) t.remove_suffix(1);
      while (!t.empty() && (t.front() == '.' || t.front() == '-')) t.remove_prefix(1);
      if (t.empty()) { cur.clear(); return; }
      bool digits_only = true, has_digit = false;
      for (char ch : t) {
        if (ch >= '0' && ch <= '9') has_digit = true;
        else if (ch != '.' && ch != '/' && ch != '-' && ch != ':' && ch != 'h') digits_only = false;
      }
      const std::string w(t);
      if (has_digit && digits_only) {
      } else if (has_digit && (w.size() <= 4) && (w.ends_with("er") || w.ends_with("st") ||
                                                   w.ends_with("nd") || w.ends_with("rd") ||
                                                   w.ends_with("th"))) {
      } else if (c.MonthOf(w) != 0) {
        if (c.MonthOf(w) == 13) l.weekday = true;
      } else if (c.date_words_.count(w)) {
      } else {
        ++others;
      }
      cur.clear();
    };
    for (char ch : k) {
      if (ch == ' ' || ch == '|' || ch == ',' || ch == ';' || ch == '(' || ch == ')' ||
          ch == '[' || ch == ']' || ch == '\'' ||
          (ch == ':' && !cur.empty() && !(cur.back() >= '0' && cur.back() <= '9')))
        flush();
      else if (ch == ':' && cur.empty())
        continue;
      else
        cur += ch;
    }
    flush();
    if (others_out) *others_out = others;
    return others <= 3;
  }

  bool NameLike(std::string_view s, int min_tokens = 2, int max_tokens = 4) const {
    int n = 0;
    bool ok = true;
    ForEachToken(s, [&](std::string_view t) {
      ++n;
      if (!ok) return;
      static const char* kParticles[] = {"de", "du", "des", "al", "el", "ben", "bin", "ibn",
                                         "van", "von", "da", "der", "la", "le", "abu", "ould",
                                         "di", "dos", "y", "ter"};
      for (const char* p : kParticles)
        if (t == p || (t.size() > 3 && (t.rfind("al-", 0) == 0 || t.rfind("el-", 0) == 0)))
          return;
      if (!FirstIsUpper(t)) { ok = false; return; }
      for (char ch : t)
        if ((ch >= '0' && ch <= '9') || ch == '@' || ch == '/' || ch == ':') ok = false;
      if (t.size() > 1 && IsAllCapsWord(t) && t.size() > 3) ok = false;
    });
    return ok && n >= min_tokens && n <= max_tokens;
  }

  // Lines such as "Servet Gunerigok, Kasim Ileri, Ümit Dönmez": a list of names.
  bool NameList(std::string_view s) const {
    if (s.size() > 160 || s.find(',') == std::string_view::npos) return false;
    int n = 0;
    size_t b = 0;
    while (b <= s.size()) {
      size_t e = s.find(',', b);
      if (e == std::string_view::npos) e = s.size();
      std::string_view item = Trim(s.substr(b, e - b));
      if (item.rfind("et ", 0) == 0 || item.rfind("and ", 0) == 0)
        item = Trim(item.substr(item.find(' ')));
      if (!NameLike(item)) return false;
      ++n;
      b = e + 1;
    }
    return n >= 2 && n <= 8;
  }

  // "lutte antiterroriste, Donald Trump, Libye, États-Unis, Russie": a tag list.
  bool TagList(const LineInfo& l, std::string_view s) const {
    if (l.chars > 300 || l.sentence_end()) return false;
    int items = 0, long_items = 0;
    size_t b = 0;
    while (b <= s.size()) {
      size_t e = s.find(',', b);
      if (e == std::string_view::npos) e = s.size();
      int words = 0;
      ForEachToken(s.substr(b, e - b), [&](std::string_view) { ++words; });
      if (words == 0) return false;
      if (words > 4) ++long_items;
      ++items;
      b = e + 1;
    }
    return items >= 4 && long_items == 0 && l.density() < 0.2;
  }

  bool Breadcrumb(const LineInfo& l, std::string_view s) const {
    if (l.chars > 200 || l.sentence_end()) return false;
    int seps = 0;
    for (const char* sep : {" / ", " > ", " \xE2\x80\xBA ", " \xC2\xBB ", " | "}) {
      for (size_t p = s.find(sep); p != std::string_view::npos; p = s.find(sep, p + 1)) ++seps;
    }
    return seps >= 2;
  }

  // Photo credits at the end of captions: "... — AHMAD GHARABLI / AFP", "... (AFP)",
  // "[Riccardo de Luca/Anadolu Agency]".
  bool CreditTail(std::string_view s) const {
    std::string_view t = Tail(s, 120);
    if (t.find_first_of("/)]") == std::string_view::npos) return false;
    if (RE2::PartialMatch(re2::StringPiece(t.data(), t.size()), c.re_->credit_tail)) return true;
    std::string inner;
    if (RE2::PartialMatch(re2::StringPiece(t.data(), t.size()), c.re_->paren_tail, &inner) &&
        inner.size() <= 80) {
      if (c.IsAgency(inner, nullptr)) return true;
      const std::string k = MatchKey(inner);
      if (inner.find('/') != std::string::npos || k.find("photo") != std::string::npos ||
          k.find("getty") != std::string::npos || k.find("archive") != std::string::npos)
        return true;
    }
    return false;
  }

  void Classify() {
    // Language guess from stop words.
    uint64_t sfr = 0, sen = 0;
    for (auto& l : L) {
      Features(l);
      sfr += l.stop_fr;
      sen += l.stop_en;
    }
    if (doc.lang == Lang::kFr) fr = true;
    else if (doc.lang == Lang::kEn) fr = false;
    else if (LangFromCode(doc.given.lang) == Lang::kEn) fr = false;
    else if (LangFromCode(doc.given.lang) == Lang::kFr) fr = true;
    else fr = sfr >= sen;

    for (auto& l : L) {
      l.stop = fr ? l.stop_fr : l.stop_en;
      const std::string_view s = Text(l);
      const double d = l.density();
      // Context-free class (jusText, with thresholds for short news paragraphs).
      if ((l.chars >= 150 && d >= 0.2) ||
          (l.chars >= 60 && l.words >= 8 && l.sentence_end() && d >= 0.15) ||
          (l.bullet && l.chars >= 40 && l.words >= 6 && d >= 0.1))
        l.cls = Cls::kGood;
      else if (l.chars >= 60 && d >= 0.15)
        l.cls = Cls::kNearGood;
      else if (l.chars < 60)
        l.cls = Cls::kShort;
      else
        l.cls = Cls::kBad;

      // Fixed rules, first match wins.
      if (l.chars == 0 || l.junk * 10 > l.chars) { l.rule = Rule::kClutter; continue; }
      if (l.kinds & Bit(PhraseKind::kSection)) { l.rule = Rule::kSection; continue; }
      if (l.kinds & (Bit(PhraseKind::kClutter) | Bit(PhraseKind::kCaption))) {
        l.rule = Rule::kClutter;
        continue;
      }
      if (l.kinds & Bit(PhraseKind::kMeta)) { l.rule = Rule::kMeta; continue; }
      int others = 99;
      // Date lines carry digits, except short stubs ("Published: Updated:").
      if ((l.digits > 0 || l.chars <= 60) && IsDateLine(l, &others)) { l.rule = Rule::kDateLine; continue; }
      if (l.letters == 0) { l.rule = Rule::kClutter; continue; }
      if ((l.kinds & Bit(PhraseKind::kByline)) && l.chars <= 80 && !l.sentence_end()) {
        const size_t sp = s.find(' ');
        if (sp != std::string_view::npos && NameLike(Trim(s.substr(sp)), 1, 6)) {
          l.rule = Rule::kMeta;
          continue;
        }
      }
      if ((l.kinds & Bit(PhraseKind::kCredit)) && l.chars <= 200) {
        if (CreditLine(s, nullptr)) { l.rule = Rule::kMeta; continue; }
      }
      if (l.chars <= 40 && c.IsAgency(s, nullptr)) { l.rule = Rule::kMeta; continue; }
      if (l.chars <= 60 && l.words <= 7 && !l.sentence_end() && SlashCredit(s, nullptr)) {
        l.rule = Rule::kMeta;
        continue;
      }
      if (l.chars <= 30 &&
          RE2::FullMatch(re2::StringPiece(s.data(), s.size()), c.re_->initials)) {
        l.rule = Rule::kMeta;
        continue;
      }
      if (NameList(s)) { l.rule = Rule::kMeta; continue; }
      if (l.glued && l.chars <= 120 && !l.sentence_end()) { l.rule = Rule::kClutter; continue; }
      if (Breadcrumb(l, s) || TagList(l, s)) { l.rule = Rule::kClutter; continue; }
      if (CreditTail(s)) { l.rule = Rule::kClutter; continue; }
      (void)others;
    }
  }

  // "SOURCE : APA News/MK/Le Caire (Egypte)", "Avec AFP", "With Reuters".
  bool CreditLine(std::string_view s, std::string* outlet, std::string* place = nullptr) const {
    const std::string k = MatchKey(Head(s, kHeadBytes));
    size_t cut = 0;
    bool source = false;
    for (const char* p : {"sources :", "source :", "sources:", "source:"}) {
      if (k.rfind(p, 0) == 0) { cut = std::string_view(p).size(); source = true; break; }
    }
    if (!source) {
      for (const char* p : {"(avec ", "avec ", "(with ", "with ", "d'apres "}) {
        if (k.rfind(p, 0) == 0) { cut = std::string_view(p).size(); break; }
      }
    }
    if (!cut) return false;
    // Map the folded offset back to the original: count code points.
    size_t cps = 0;
    for (size_t i = 0; i < cut;) { DecodeUtf8(k, i); ++cps; }
    size_t off = 0;
    for (size_t n = 0; n < cps && off < s.size(); ++n) DecodeUtf8(s, off);
    std::string_view rest = Trim(s.substr(off));
    while (!rest.empty() && (rest.back() == ')' || rest.back() == '.')) rest.remove_suffix(1);
    if (source) {
      // Segments separated by '/': the first names the outlet, the last may be the place.
      std::vector<std::string_view> seg;
      size_t b = 0;
      while (b <= rest.size()) {
        size_t e = rest.find('/', b);
        if (e == std::string_view::npos) e = rest.size();
        seg.push_back(Trim(rest.substr(b, e - b)));
        b = e + 1;
      }
      if (seg.empty() || seg[0].empty()) return false;
      if (outlet) {
        std::string canon;
        *outlet = c.IsAgency(seg[0], &canon) ? canon : std::string(seg[0]);
      }
      if (place && seg.size() >= 2) {
        std::string_view last = seg.back();
        if (const size_t p = last.find('('); p != std::string_view::npos) last = Trim(last.substr(0, p));
        if (last.size() > 3 && FirstIsUpper(last)) *place = TidyPlace(last);
      }
      return true;
    }
    // "Avec AFP", "Avec AFP et Reuters": only agency names after the cue.
    std::string first;
    size_t b = 0;
    int n = 0;
    while (b <= rest.size()) {
      size_t e = rest.find_first_of(",&", b);
      size_t e2 = rest.find(" et ", b), e3 = rest.find(" and ", b);
      e = std::min({e, e2, e3});
      if (e == std::string_view::npos) e = rest.size();
      std::string canon;
      if (!c.IsAgency(rest.substr(b, e - b), &canon)) return false;
      if (first.empty()) first = canon;
      ++n;
      if (e == rest.size()) break;
      b = e + (rest[e] == ' ' ? (rest.compare(e, 4, " et ") == 0 ? 4 : 5) : 1);
    }
    if (n == 0) return false;
    if (outlet) *outlet = first;
    return true;
  }

  // "AA/ Bruxelles" (agency/place) or "Abderrazzak Boussaid/Le7tv" (author/outlet).
  bool SlashCredit(std::string_view s, std::string* author, std::string* outlet = nullptr,
                   std::string* place = nullptr) const {
    std::string a, b;
    if (!RE2::FullMatch(re2::StringPiece(s.data(), s.size()), c.re_->slash, &a, &b)) return false;
    std::string_view left = Trim(a), right = Trim(b);
    if (left.size() > 40 || right.size() > 40) return false;
    std::string canon;
    if (c.IsAgency(left, &canon)) {
      if (!NameLike(right, 1, 4)) return false;
      if (outlet) *outlet = canon;
      if (place) *place = TidyPlace(right);
      return true;
    }
    if (NameLike(left, 2, 4) && right.find(' ') == std::string_view::npos && FirstIsUpper(right)) {
      if (author) *author = std::string(left);
      if (outlet) *outlet = c.IsAgency(right, &canon) ? canon : std::string(right);
      return true;
    }
    return false;
  }

  bool Free(const LineInfo& l) const { return l.rule == Rule::kNone; }

  void ChooseTitle() {
    // Repeated keys among short lines.
    std::unordered_map<std::string_view, int> count;
    for (const auto& l : L)
      if (l.key_full && l.chars <= 400) ++count[CoreKey(l.key)];
    int first_strong = -1, first_weak = -1, scanned = 0;
    for (int i = 0; i < static_cast<int>(L.size()) && scanned < 15; ++i) {
      LineInfo& l = L[i];
      if (l.rule == Rule::kNone && l.cls == Cls::kGood && !l.headline_like()) break;
      ++scanned;
      if (!Free(l) || l.bullet || !l.headline_like() || l.words < 3 || l.chars < 15) continue;
      const bool strong = (l.words >= 4 && l.chars >= 40) || count[CoreKey(l.key)] > 1;
      if (strong) { first_strong = i; break; }
      if (first_weak < 0) first_weak = i;
    }
    if (first_strong >= 0 && first_weak >= 0) {
      // A short first candidate (a slogan, a section name) loses against a strong headline.
      title = first_strong;
    } else {
      title = first_strong >= 0 ? first_strong : first_weak;
    }
    if (title < 0) return;
    L[title].rule = Rule::kTitle;
    // Everything above the headline is navigation, except date and credit lines.
    for (int i = 0; i < title; ++i) {
      if (L[i].rule == Rule::kMeta) continue;
      if (L[i].rule == Rule::kDateLine && !L[i].weekday) continue;
      L[i].rule = Rule::kClutter;
    }
    // Repeats and alternate versions of the headline.
    const std::string_view tk = CoreKey(L[title].key);
    std::vector<std::string_view> tw = KeyWords(tk);
    std::unordered_set<std::string_view> tset(tw.begin(), tw.end());
    bool before_body = true;
    for (int i = title + 1; i < static_cast<int>(L.size()); ++i) {
      LineInfo& l = L[i];
      if (l.rule == Rule::kNone && l.cls == Cls::kGood && !(CoreKey(l.key) == tk)) {
        if (l.key.find(tk) == std::string::npos) before_body = false;
      }
      if (l.rule != Rule::kNone && l.rule != Rule::kDateLine) continue;
      if (!l.key_full) continue;
      const std::string_view k = CoreKey(l.key);
      if (k == tk || (tk.size() >= 20 && k.find(tk) != std::string_view::npos &&
                      l.chars <= L[title].chars + 60)) {
        l.rule = Rule::kClutter;
        continue;
      }
      if (before_body && l.rule == Rule::kNone && l.headline_like() && l.chars <= 160) {
        int content = 0, shared = 0;
        for (std::string_view w : KeyWords(k)) {
          if (w.size() < 3) continue;
          if (c.stop_.find(w) != c.stop_.end()) continue;
          ++content;
          if (tset.count(w)) ++shared;
        }
        if (content >= 3 && shared * 2 >= content) l.rule = Rule::kClutter;
      }
    }
  }

  void Label() {
    const int n = static_cast<int>(L.size());
    // Repeated lines: all copies of short lines are clutter (captions, widgets), later copies
    // of paragraphs are.
    {
      std::unordered_map<std::string_view, int> first;
      std::unordered_map<std::string_view, int> count;
      for (int i = 0; i < n; ++i)
        if (L[i].key_full && L[i].chars <= 400 && L[i].rule != Rule::kTitle)
          ++count[CoreKey(L[i].key)];
      for (int i = 0; i < n; ++i) {
        LineInfo& l = L[i];
        if (!l.key_full || l.chars > 400 || l.rule == Rule::kTitle) continue;
        const std::string_view k = CoreKey(l.key);
        if (k.empty() || count[k] < 2) continue;
        if (!first.count(k)) {
          first[k] = i;
          if (l.rule == Rule::kNone && l.cls == Cls::kGood) continue;
        }
        if (l.rule == Rule::kNone || l.rule == Rule::kDateLine) l.rule = Rule::kClutter;
      }
    }
    // First body paragraph.
    int first_good = n;
    for (int i = 0; i < n; ++i)
      if (L[i].rule == Rule::kNone && L[i].cls == Cls::kGood) { first_good = i; break; }
    const int content_start = title >= 0 ? std::min(title, first_good) : first_good;
    for (int i = 0; i < n; ++i) {
      LineInfo& l = L[i];
      const std::string_view s = Text(l);
      if (l.rule == Rule::kDateLine) {
        // A bare date with its weekday above the headline is the site's date widget.
        l.rule = Rule::kMeta;
        continue;
      }
      if (l.rule != Rule::kNone) continue;
      // Lone names: a byline above the article, a tag below it.
      if (l.words >= 2 && l.words <= 4 && l.chars <= 40 && !l.sentence_end() && l.stop == 0 &&
          NameLike(s)) {
        l.rule = i < first_good ? Rule::kMeta : Rule::kClutter;
        continue;
      }
      // A date line in the top zone with some text around it ("... du mardi 21 novembre 2023").
      if (i < first_good && i > title && title >= 0 && l.chars <= 100 && !l.sentence_end() &&
          l.key_full) {
        if (auto d = FindDate(l.key); d && d->precision == Precision::kDay) {
          l.rule = Rule::kMeta;
          continue;
        }
      }
      if (i > content_start &&
          RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), c.re_->timestamp)) {
        l.rule = Rule::kHeading;
        continue;
      }
    }
    // Headings: short headline-like lines followed by a body paragraph.
    for (int i = 0; i < n; ++i) {
      LineInfo& l = L[i];
      if (l.rule != Rule::kNone || i <= content_start || l.cls == Cls::kGood) continue;
      if (!l.headline_like() || l.words > 15 || l.chars > 120 || l.chars < 4 || l.bullet) continue;
      if (l.letters * 2 < l.chars) continue;
      // One word is a heading only in capitals ("L'ESSENTIEL"); otherwise a section name.
      if (l.words < 2 && l.uppers * 2 < l.letters) continue;
      const int j = i + 1;
      if (j < n && L[j].rule == Rule::kNone && L[j].cls == Cls::kGood) l.rule = Rule::kHeading;
    }
    // Context smoothing (jusText's revise pass). Fixed clutter counts as bad, the title as
    // good; meta lines and headings are skipped.
    auto cls_of = [&](int i) -> int {  // 0 good, 1 neargood, 2 short, 3 bad, -1 skip
      const LineInfo& l = L[i];
      switch (l.rule) {
        case Rule::kNone: return static_cast<int>(l.cls);
        case Rule::kTitle: return 0;
        case Rule::kClutter: case Rule::kSection: return 3;
        default: return -1;
      }
    };
    std::vector<int> cls(n);
    for (int i = 0; i < n; ++i) cls[i] = cls_of(i);
    auto prev = [&](int i, bool ignore_near) {
      for (int j = i - 1; j >= 0; --j) {
        if (cls[j] == 0 || cls[j] == 3) return cls[j];
        if (cls[j] == 1 && !ignore_near) return 1;
      }
      return 3;
    };
    auto next = [&](int i, bool ignore_near) {
      for (int j = i + 1; j < n; ++j) {
        if (cls[j] == 0 || cls[j] == 3) return cls[j];
        if (cls[j] == 1 && !ignore_near) return 1;
      }
      return 3;
    };
    std::vector<int> out = cls;
    for (int i = 0; i < n; ++i) {
      if (cls[i] != 2) continue;
      const int p = prev(i, true), q = next(i, true);
      if (p == 0 && q == 0) out[i] = 0;
      else if (p == 3 && q == 3) out[i] = 3;
      else {
        // Mixed: good only if a near-good paragraph sits between it and the bad side.
        const bool bad_is_prev = p == 3;
        const int side = bad_is_prev ? prev(i, false) : next(i, false);
        out[i] = side == 1 ? 0 : 3;
      }
    }
    for (int i = 0; i < n; ++i) {
      if (cls[i] != 1) continue;
      const int p = prev(i, true), q = next(i, true);
      out[i] = (p == 3 && q == 3) ? 3 : 0;
    }
    for (int i = 0; i < n; ++i)
      if (L[i].rule == Rule::kNone) L[i].good_final = out[i] == 0;

    // Link and comment sections: what follows a "Lire aussi" stays clutter until a full
    // paragraph (or a live-blog entry) comes back.
    bool section = false;
    for (int i = 0; i < n; ++i) {
      LineInfo& l = L[i];
      if (l.rule == Rule::kSection) { section = true; continue; }
      if (!section) continue;
      if (l.rule == Rule::kHeading && i + 1 < n) {
        // A live-blog timestamp ends the section.
        const std::string_view s = Text(l);
        if (RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), c.re_->timestamp)) {
          section = false;
          continue;
        }
        l.rule = Rule::kClutter;
        continue;
      }
      if (l.rule == Rule::kNone) {
        if (l.cls == Cls::kGood && l.sentence_end() && l.chars >= 100) {
          section = false;
          continue;
        }
        l.rule = Rule::kClutter;
      }
    }

    // A line that is the start of a neighbour (caption and caption+credit, standfirst and
    // first paragraph) takes the neighbour's label.
    for (int i = 0; i < n; ++i) {
      LineInfo& l = L[i];
      if (l.rule != Rule::kNone || !l.key_full || l.key.size() < 30) continue;
      const std::string_view probe = std::string_view(l.key).substr(0, 30);
      for (int j = std::max(0, i - 3); j < std::min(n, i + 7); ++j) {
        if (j == i) continue;
        const LineInfo& o = L[j];
        if (o.key.size() <= l.key.size() || o.key.find(probe) == std::string::npos) continue;
        if (o.rule == Rule::kClutter) {
          l.rule = Rule::kClutter;
        } else if (o.rule == Rule::kNone && o.cls == Cls::kGood &&
                   o.key.compare(0, l.key.size(), l.key) == 0) {
          l.good_final = true;
        }
        break;
      }
    }

    // Pages are often stored cut in the middle of a sentence: a last line that continues the
    // article is body.
    if (n >= 2) {
      LineInfo& l = L[n - 1];
      int p = n - 2;
      while (p >= 0 && (L[p].rule == Rule::kMeta || L[p].rule == Rule::kHeading)) --p;
      if (l.rule == Rule::kNone && !l.good_final && p >= 0 && L[p].rule == Rule::kNone &&
          L[p].good_final && l.words >= 2 && !l.sentence_end() && l.letters * 2 > l.chars)
        l.good_final = true;
    }

    for (auto& l : L) {
      switch (l.rule) {
        case Rule::kTitle: l.label = LineLabel::kTitle; break;
        case Rule::kHeading: l.label = LineLabel::kHeading; break;
        case Rule::kMeta: case Rule::kDateLine: l.label = LineLabel::kMeta; break;
        case Rule::kNone: l.label = l.good_final ? LineLabel::kBody : LineLabel::kClutter; break;
        default: l.label = LineLabel::kClutter; break;
      }
    }
  }

  void ReadMetadata() {
    depeche::Metadata& m = doc.page;
    if (title >= 0) m.title = NormSpace(Text(L[title]));
    // Date: the first date line that holds a date; the page-store prefix as a fallback or
    // when it is more precise.
    std::optional<DateHit> best;
    for (const auto& l : L) {
      if (l.label != LineLabel::kMeta || !l.key_full) continue;
      if (auto d = FindDate(l.key)) {
        if (!best || d->precision > best->precision) best = d;
        if (best->precision == Precision::kDay) break;
      }
    }
    if (prefix_date && (!best || prefix_date->precision > best->precision)) best = prefix_date;
    if (best) m.pubdate = FormatIsoDate(best->date, best->precision);

    std::string author, outlet, place, agency_outlet, body_place;
    const int n = static_cast<int>(L.size());
    int body_seen = 0;
    for (int i = 0; i < n; ++i) {
      const LineInfo& l = L[i];
      const std::string_view s = Text(l);
      if (l.label == LineLabel::kMeta) {
        std::string a, o, p;
        if ((l.kinds & Bit(PhraseKind::kCredit)) && CreditLine(s, &o, &p)) {
          if (outlet.empty()) outlet = o;
          if (place.empty()) place = p;
          continue;
        }
        if (SlashCredit(s, &a, &o, &p)) {
          if (author.empty()) author = a;
          if (outlet.empty()) outlet = o;
          if (place.empty()) place = p;
          continue;
        }
        if (l.chars <= 40 && c.IsAgency(s, &o)) {
          if (outlet.empty()) outlet = o;
          continue;
        }
        if (l.kinds & Bit(PhraseKind::kMeta)) {
          std::string city, who;
          const std::string k = MatchKey(Head(s, kHeadBytes));
          if (RE2::PartialMatch(k, c.re_->corresp)) {
            // "N'Djamena de notre correspondante": the place comes first.
            const size_t p2 = k.find(" de notre ");
            if (place.empty() && p2 != std::string::npos && p2 <= 40) place = std::string(Trim(s.substr(0, SpanOfFolded(s, p2))));
          } else if (RE2::PartialMatch(k, c.re_->envoye_a, &city, &who)) {
            const size_t at = k.find(" a " + city);
            if (place.empty() && at != std::string::npos) {
              const size_t b2 = SpanOfFolded(s, at + 3);
              place = TidyPlace(Trim(s.substr(b2, SpanOfFolded(s, at + 3 + city.size()) - b2)));
            }
            if (author.empty() && !who.empty()) {
              const size_t w0 = SpanOfFolded(s, k.size() - who.size());
              std::string_view name = Trim(s.substr(w0));
              if (NameLike(name, 2, 4)) author = std::string(name);
            }
          }
          continue;
        }
        // Bylines: "Par X", "By X", "X | date", lone names and name lists.
        std::string_view by = s;
        if (l.kinds & Bit(PhraseKind::kByline)) {
          const size_t sp = s.find(' ');
          by = sp == std::string_view::npos ? std::string_view() : Trim(s.substr(sp));
        }
        if (author.empty()) {
          size_t b = 0;
          while (b <= by.size()) {
            size_t e = by.find('|', b);
            if (e == std::string_view::npos) e = by.size();
            std::string_view seg = Trim(by.substr(b, e - b));
            if (NameLike(seg, 2, 6) || ((l.kinds & Bit(PhraseKind::kByline)) && NameLike(seg, 1, 6)) ||
                NameList(seg)) {
              author = NormSpace(seg);
              break;
            }
            b = e + 1;
          }
        }
        continue;
      }
      if (l.label == LineLabel::kBody && body_seen < 3) {
        ++body_seen;
        Dateline(s, &body_place, &agency_outlet);
      }
    }
    if (outlet.empty()) outlet = agency_outlet;
    if (place.empty()) place = body_place;
    if (outlet.empty() && !outlet_cue.empty()) {
      std::string canon;
      outlet = c.IsAgency(outlet_cue, &canon) ? canon : outlet_cue;
    }
    m.author = author;
    m.outlet = outlet;
    m.dateline = place;
  }

  // Byte offset in s of the code point that starts at byte `folded_off` of MatchKey(s)
  // (MatchKey keeps one code point per code point except œ/æ and collapsed spaces; close
  // enough for the short lines this is used on).
  static size_t SpanOfFolded(std::string_view s, size_t folded_off) {
    const std::string k = MatchKey(s);
    size_t cps = 0;
    for (size_t i = 0; i < folded_off && i < k.size();) { DecodeUtf8(k, i); ++cps; }
    size_t off = 0;
    for (size_t n = 0; n < cps && off < s.size(); ++n) DecodeUtf8(s, off);
    return off;
  }

  void Dateline(std::string_view line, std::string* place, std::string* outlet) const {
    if (!place->empty() && !outlet->empty()) return;
    std::string_view h = Head(line, kHeadBytes);
    const re2::StringPiece in(h.data(), h.size());
    std::string city, agency;
    auto take = [&](bool need_agency) {
      if (city.size() > 40 || agency.size() > 40) return false;
      std::string canon;
      const bool known = !agency.empty() && c.IsAgency(agency, &canon);
      if (need_agency && !known) return false;
      if (place->empty() && !city.empty()) *place = TidyPlace(city);
      if (outlet->empty() && known) *outlet = canon;
      return true;
    };
    if (RE2::PartialMatch(in, c.re_->dl_caps_agency, &city, &agency) && take(true)) return;
    if (RE2::PartialMatch(in, c.re_->dl_title_agency, &city, &agency) && take(true)) return;
    if (RE2::PartialMatch(in, c.re_->dl_pipe, &city, &agency) && take(true)) return;
    if (RE2::PartialMatch(in, c.re_->dl_slash_agency, &city, &agency) && take(true)) return;
    agency.clear();
    if (RE2::PartialMatch(in, c.re_->dl_caps, &city)) {
      std::string canon;
      if (city.size() >= 3 && !c.IsAgency(city, &canon)) { take(false); return; }
    }
    if (RE2::PartialMatch(in, c.re_->dl_title_dash, &city)) { take(false); return; }
    if (RE2::PartialMatch(in, c.re_->dl_paren, &agency)) take(true);
  }

  void Emit() {
    doc.lines.clear();
    doc.lines.reserve(L.size());
    for (const auto& l : L) doc.lines.push_back(Line{Span{l.start, l.end}, l.number, l.label});
  }
};

Status Cleaner::Run(Document& doc) const {
  doc.lines.clear();
  doc.page = Metadata{};
  if (doc.text.size() >= std::numeric_limits<uint32_t>::max())
    return DataError(doc.source + ": text too large for 32-bit offsets");
  Work w(*this, doc);
  w.Split();
  w.Classify();
  w.ChooseTitle();
  w.Label();
  w.ReadMetadata();
  w.Emit();
  return Status::Ok();
}

}  // namespace depeche::clean
