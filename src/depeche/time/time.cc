// Temporal expression tagger: the word lists of data/time/*.tsv are compiled into RE2
// patterns at Load; Find matches them on a case- and accent-folded copy of the text, keeps
// the longest non-overlapping matches and normalises them with core/date.h.
#include "depeche/time/time.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <initializer_list>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>

#include "depeche/core/unicode.h"

namespace depeche::timex {

enum class Unit : uint8_t { kDay, kWeek, kMonth, kYear };

// Word classes of the data files, in the order of kClassNames.
enum Cls : int {
  kMonth,
  kWeekday,
  kNumber,
  kOrdinal,
  kDaySuffix,
  kUnit,
  kRelative,
  kAnchored,
  kVague,
  kAgoBefore,
  kAgoAfter,
  kInFuture,
  kLater,
  kEarlier,
  kSince,
  kSinceDuration,
  kMonthCue,
  kYearCue,
  kRangeFrom,
  kRangeTo,
  kDet,
  kDayOf,
  kWdThis,
  kWdLast,
  kWdNext,
  kWdLastAfter,
  kWdNextAfter,
  kPartOfDay,
  kNumClasses,
};
constexpr const char* kClassNames[kNumClasses] = {
    "month",
    "weekday",
    "number",
    "ordinal",
    "day_suffix",
    "unit",
    "relative",
    "anchored",
    "vague",
    "ago_before",
    "ago_after",
    "in_future",
    "later",
    "earlier",
    "since",
    "since_duration",
    "month_cue",
    "year_cue",
    "range_from",
    "range_to",
    "det",
    "day_of",
    "weekday_this",
    "weekday_last",
    "weekday_next",
    "weekday_last_after",
    "weekday_next_after",
    "part_of_day",
};

struct Word {
  int value = 0;
  Unit unit = Unit::kDay;
  bool abbr = false;   // month/weekday abbreviation: only next to a day number or a year
  bool dot = false;    // written with a final "." that the text may omit
  bool vague = false;  // a quantity without a value ("quelques")
};

struct Lexicon {
  std::array<std::unordered_map<std::string, Word>, kNumClasses> words;
  bool month_day_order = false;     // "May 17"
  bool slash_month_first = false;   // 05/17/2020
  bool capitalised_months = false;  // "May" the month, "may" the verb

  const Word* Find(Cls c, const std::string& key) const {
    auto it = words[c].find(key);
    return it == words[c].end() ? nullptr : &it->second;
  }
};

// What a pattern recognises; the handler in Tagging::Handle depends on it.
enum class Rule : uint8_t {
  kRangeDays,
  kRangeDaysDash,
  kRangeMonthFirst,
  kRangeMonthFirstDash,
  kRangeMonths,
  kRangeYears,
  kRangeYearsDash,
  kNumericDmy,
  kNumericYmd,
  kDayMonth,
  kMonthDay,
  kMonthYear,
  kMonthCue,
  kYearCue,
  kWeekday,
  kPhrase,
  kAgoBefore,
  kAgoAfter,
  kFuture,
  kAnchorCount,
  kSinceCount,
};

enum Grp : int {
  gS,
  gWd,
  gD,
  gM,
  gY,
  gD2,
  gM2,
  gY2,
  gN,
  gU,
  gDir,
  gPre,
  gPost,
  gSep,
  gSep2,
  kNumGroups
};
constexpr const char* kGroupNames[kNumGroups] = {
    "s", "wd", "d", "m", "y", "d2", "m2", "y2", "n", "u", "dir", "pre", "post", "sep", "sep2"};

struct Pattern {
  Rule rule;
  std::unique_ptr<RE2> re;
  std::array<int, kNumGroups> group{};  // capture index of each named group, -1 if absent
  int ngroups = 0;
};

struct LangRules {
  Lexicon lex;
  std::vector<Pattern> patterns;  // in priority order for matches of equal length
  std::unique_ptr<RE2::Set> any;  // all the patterns in one pass: which ones a line needs
  std::unique_ptr<RE2> since;     // "depuis", "since" ending just before an expression
};

struct Rules {
  LangRules fr, en;
  std::vector<std::string> fold;  // folded form of the code points 0x80 .. 0x80+size-1
};

namespace {

// News reports the past: a day or month without a year more than this many days after the
// reference is last year's.
constexpr int kFutureDays = 61;
constexpr uint32_t kFoldTableEnd = 0x3000;

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool IsBlankOrHyphen(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == '-';
}

// The lookup key of folded text: blanks and hyphens collapse to one space, none after an
// apostrophe, no final dot.
std::string Normalise(std::string_view s) {
  while (!s.empty() && (s.back() == '.' || IsBlankOrHyphen(s.back()))) s.remove_suffix(1);
  std::string out;
  out.reserve(s.size());
  bool gap = false;
  for (char c : s) {
    if (IsBlankOrHyphen(c)) {
      gap = true;
      continue;
    }
    if (gap && !out.empty() && out.back() != '\'') out += ' ';
    gap = false;
    out += c;
  }
  return out;
}

// The regex for one key: whole words, any blanks or a hyphen between words.
std::string ItemRegex(const std::string& key, bool dot) {
  std::string r;
  if (IsAsciiAlnum(key.front())) r += "\\b";
  for (char c : key) {
    if (c == ' ') {
      r += "(?:\\s*-\\s*|\\s+)";
    } else if (c == '\'') {
      r += "'\\s*";
    } else if (IsAsciiAlnum(c) || static_cast<unsigned char>(c) >= 0x80) {
      r += c;
    } else {
      r += RE2::QuoteMeta(std::string(1, c));
    }
  }
  if (IsAsciiAlnum(key.back())) r += "\\b";
  if (dot) r += "\\.?";
  return r;
}

enum class Filter { kAll, kFull };

// Alternation of the keys of some classes, longest first so that the leftmost-first
// semantics of RE2 prefers "la veille au soir" to "la veille". Empty when there are none.
std::string Alt(const Lexicon& lex, std::initializer_list<Cls> classes, Filter f = Filter::kAll) {
  std::map<std::string, bool> items;
  for (Cls c : classes)
    for (const auto& [key, w] : lex.words[c])
      if (f == Filter::kAll || !w.abbr) items[key] = items[key] || w.dot;
  std::vector<std::pair<std::string, bool>> sorted(items.begin(), items.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  std::string r;
  for (const auto& [key, dot] : sorted) {
    if (!r.empty()) r += '|';
    r += ItemRegex(key, dot);
  }
  return r.empty() ? r : "(?:" + r + ")";
}

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> cols;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    cols.push_back(line.substr(start, tab == std::string_view::npos ? line.npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  while (!cols.empty() && cols.back().empty()) cols.pop_back();
  return cols;
}

bool ParseInt(std::string_view s, int& out) {
  if (s.empty() || s.size() > 9) return false;
  bool neg = false;
  if (s.front() == '-' || s.front() == '+') {
    neg = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = neg ? -v : v;
  return true;
}

bool ParseUnit(std::string_view s, Unit& u) {
  if (s == "day")
    u = Unit::kDay;
  else if (s == "week")
    u = Unit::kWeek;
  else if (s == "month")
    u = Unit::kMonth;
  else if (s == "year")
    u = Unit::kYear;
  else
    return false;
  return true;
}

Status ParseLexicon(const std::string& path, std::string_view content, Lexicon& lex) {
  size_t pos = 0;
  int number = 0;
  while (pos < content.size()) {
    size_t nl = content.find('\n', pos);
    std::string_view line = content.substr(pos, nl == content.npos ? content.npos : nl - pos);
    pos = nl == content.npos ? content.size() : nl + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const std::string where = path + ":" + std::to_string(number) + ": ";
    auto cols = SplitTabs(line);
    if (cols.size() < 2) return KnowledgeError(where + "expected class<TAB>phrase");
    if (cols[0] == "option") {
      int v = 0;
      if (cols.size() != 3 || !ParseInt(cols[2], v))
        return KnowledgeError(where + "expected option<TAB>name<TAB>0|1");
      if (cols[1] == "month_day_order")
        lex.month_day_order = v != 0;
      else if (cols[1] == "slash_month_first")
        lex.slash_month_first = v != 0;
      else if (cols[1] == "capitalised_months")
        lex.capitalised_months = v != 0;
      else
        return KnowledgeError(where + "unknown option '" + std::string(cols[1]) + "'");
      continue;
    }
    int cls = 0;
    while (cls < kNumClasses && cols[0] != kClassNames[cls]) ++cls;
    if (cls == kNumClasses)
      return KnowledgeError(where + "unknown class '" + std::string(cols[0]) + "'");
    Word w;
    w.dot = cols[1].size() > 1 && cols[1].back() == '.';
    const std::string key = Normalise(MatchKey(cols[1]));
    if (key.empty()) return KnowledgeError(where + "empty phrase");
    auto want = [&](size_t lo, size_t hi) { return cols.size() >= lo && cols.size() <= hi; };
    bool ok = true;
    switch (cls) {
      case kMonth:
      case kWeekday: {
        const int max = cls == kMonth ? 12 : 7;
        ok = want(3, 4) && ParseInt(cols[2], w.value) && w.value >= 1 && w.value <= max &&
             (cols.size() == 3 || cols[3] == "abbr");
        w.abbr = cols.size() == 4;
        break;
      }
      case kNumber:
        ok = want(3, 3) && (cols[2] == "?" || (ParseInt(cols[2], w.value) && w.value > 0));
        w.vague = cols.size() == 3 && cols[2] == "?";
        break;
      case kOrdinal:
        ok = want(3, 3) && ParseInt(cols[2], w.value) && w.value >= 1 && w.value <= 31;
        break;
      case kUnit:
        ok = want(3, 3) && ParseUnit(cols[2], w.unit);
        break;
      case kRelative:
      case kAnchored:
        ok = want(4, 4) && ParseUnit(cols[2], w.unit) && ParseInt(cols[3], w.value);
        break;
      default:
        ok = want(2, 2);
    }
    if (!ok) return KnowledgeError(where + "bad columns for class '" + kClassNames[cls] + "'");
    // One phrase, one meaning: the same key in two phrase classes would be ambiguous.
    for (Cls other : {kRelative, kAnchored, kVague}) {
      if (other != cls && (cls == kRelative || cls == kAnchored || cls == kVague) &&
          lex.words[other].count(key))
        return KnowledgeError(where + "'" + key + "' is already a " + kClassNames[other]);
    }
    auto [it, inserted] = lex.words[cls].emplace(key, w);
    if (!inserted && (it->second.value != w.value || it->second.unit != w.unit))
      return KnowledgeError(where + "'" + key + "' listed twice with different values");
    if (!inserted) it->second.dot = it->second.dot || w.dot;
  }
  for (Cls c : {kMonth, kWeekday, kNumber, kUnit})
    if (lex.words[c].empty())
      return KnowledgeError(path + ": no entries of class '" + kClassNames[c] + "'");
  return Status::Ok();
}

Status AddPattern(LangRules& lr, const std::string& path, Rule rule, const std::string& regex) {
  RE2::Options opt;
  opt.set_log_errors(false);
  opt.set_max_mem(64 << 20);
  Pattern p;
  p.rule = rule;
  p.re = std::make_unique<RE2>(regex, opt);
  if (!p.re->ok())
    return KnowledgeError(path + ": pattern " + std::to_string(static_cast<int>(rule)) +
                          " does not compile: " + p.re->error());
  p.group.fill(-1);
  const auto& named = p.re->NamedCapturingGroups();
  for (int g = 0; g < kNumGroups; ++g) {
    auto it = named.find(kGroupNames[g]);
    if (it != named.end()) p.group[g] = it->second;
  }
  p.ngroups = p.re->NumberOfCapturingGroups();
  lr.patterns.push_back(std::move(p));
  return Status::Ok();
}

// The grammar: how the word classes combine. Patterns whose classes a language lacks are
// left out.
Status BuildPatterns(LangRules& lr, const std::string& path) {
  const Lexicon& lex = lr.lex;
  const std::string S = "\\s+";
  const std::string J = "\\s*";  // after a class item, which ends on \b or an apostrophe
  const std::string SEPC = "(?:\\s*,\\s*|\\s+)";
  const std::string month_any = Alt(lex, {kMonth});
  const std::string month_full = Alt(lex, {kMonth}, Filter::kFull);
  const std::string wd_any = Alt(lex, {kWeekday});
  const std::string wd_full = Alt(lex, {kWeekday}, Filter::kFull);
  std::string suffix_re;
  {
    std::vector<std::string> keys;
    for (const auto& [k, w] : lex.words[kDaySuffix]) keys.push_back(k);
    std::sort(keys.begin(), keys.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    for (const auto& k : keys) suffix_re += (suffix_re.empty() ? "" : "|") + RE2::QuoteMeta(k);
    if (!suffix_re.empty()) suffix_re = "(?:" + suffix_re + ")?";
  }
  const std::string ordinals = Alt(lex, {kOrdinal});
  const std::string day =
      "(?:\\b[0-3]?\\d" + suffix_re + "\\b" + (ordinals.empty() ? "" : "|" + ordinals) + ")";
  const std::string year = "\\b(?:1[5-9]\\d\\d|20\\d\\d)\\b";
  const std::string num = "(?:\\b\\d{1,3}\\b|" + Alt(lex, {kNumber}) + ")";
  const std::string unit = Alt(lex, {kUnit});
  const std::string det = Alt(lex, {kDet});
  const std::string det_opt = det.empty() ? "" : "(?:" + det + S + ")?";
  const std::string of = Alt(lex, {kDayOf});
  const std::string of_opt = of.empty() ? "" : "(?:" + S + of + ")?";
  const std::string from = Alt(lex, {kRangeFrom});
  const std::string to = Alt(lex, {kRangeTo});
  const std::string wd_opt = "(?:" + wd_any + "(?:\\s*,)?" + S + ")?";
  const std::string dash = "\\s*-\\s*";
  const std::string y_opt = "(?:" + SEPC + "(?P<y>" + year + "))?";
  // "le 3 mai dernier", "en mai prochain": the side of the reference, when no year is given.
  const std::string post = Alt(lex, {kWdLastAfter, kWdNextAfter});
  const std::string y_or_post =
      post.empty() ? y_opt : "(?:" + SEPC + "(?P<y>" + year + ")|\\s+(?P<post>" + post + "))?";
  const std::string y2_opt = "(?:" + SEPC + "(?P<y2>" + year + "))?";

  std::vector<std::pair<Rule, std::string>> rx;
  if (!from.empty() && !to.empty()) {
    rx.emplace_back(Rule::kRangeDays, "(?P<s>" + from + J + wd_opt + "(?P<d>" + day +
                                          ")(?:" + of_opt + S + "(?P<m>" + month_any + ")" + y_opt +
                                          ")?(?:" + dash + "|" + S + to + J + ")" + wd_opt +
                                          det_opt + "(?P<d2>" + day + ")" + of_opt + S + "(?P<m2>" +
                                          month_any + ")" + y2_opt + ")");
  }
  rx.emplace_back(Rule::kRangeDaysDash, "(?P<s>(?P<d>" + day + ")" + dash + "(?P<d2>" + day + ")" +
                                            of_opt + S + "(?P<m2>" + month_any + ")" + y2_opt +
                                            ")");
  if (lex.month_day_order) {
    if (!from.empty() && !to.empty())
      rx.emplace_back(Rule::kRangeMonthFirst, "(?P<s>" + from + J + "(?P<m>" + month_any + ")" + S +
                                                  "(?P<d>" + day + ")" + y_opt + "(?:" + dash +
                                                  "|" + S + to + J + ")(?:(?P<m2>" + month_any +
                                                  ")" + S + ")?(?P<d2>" + day + ")" + y2_opt + ")");
    rx.emplace_back(Rule::kRangeMonthFirstDash, "(?P<s>(?P<m>" + month_any + ")" + S + "(?P<d>" +
                                                    day + ")" + dash + "(?:(?P<m2>" + month_any +
                                                    ")" + S + ")?(?P<d2>" + day + ")" + y2_opt +
                                                    ")");
  }
  if (!from.empty() && !to.empty()) {
    rx.emplace_back(Rule::kRangeMonths, "(?P<s>" + from + J + "(?P<m>" + month_full + ")(?:" + S +
                                            "(?P<y>" + year + "))?" + S + to + J + "(?P<m2>" +
                                            month_full + ")(?:" + S + "(?P<y2>" + year + "))?)");
    rx.emplace_back(Rule::kRangeYears, "(?P<s>" + from + J + "(?P<y>" + year + ")(?:" + dash + "|" +
                                           S + to + J + ")(?P<y2>" + year + "))");
  }
  rx.emplace_back(Rule::kRangeYearsDash,
                  "(?P<s>(?P<y>" + year + ")" + dash + "(?P<y2>" + year + "))");
  rx.emplace_back(Rule::kNumericYmd,
                  "(?P<s>\\b(?P<y>\\d{4})(?P<sep>[./-])(?P<m>\\d{1,2})(?P<sep2>[./-])"
                  "(?P<d>\\d{1,2}))(?:\\b|t\\d)");
  rx.emplace_back(Rule::kNumericDmy,
                  "(?P<s>\\b(?P<d>\\d{1,2})(?P<sep>[./-])(?P<m>\\d{1,2})(?P<sep2>[./-])"
                  "(?P<y>\\d{4}|\\d{2}))\\b");
  rx.emplace_back(Rule::kDayMonth, "(?P<s>(?:(?P<wd>" + wd_any + ")(?:\\s*,)?" + S + det_opt +
                                       ")?(?P<d>" + day + ")" + of_opt + S + "(?P<m>" + month_any +
                                       ")" + y_or_post + ")");
  if (lex.month_day_order)
    rx.emplace_back(Rule::kMonthDay, "(?P<s>(?:(?P<wd>" + wd_any + ")" + SEPC + ")?(?P<m>" +
                                         month_any + ")" + S + det_opt + "(?P<d>" + day + ")" +
                                         y_or_post + ")");
  rx.emplace_back(Rule::kMonthYear,
                  "(?P<s>(?P<m>" + month_any + ")" + SEPC + "(?P<y>" + year + "))");
  if (const std::string cue = Alt(lex, {kMonthCue}); !cue.empty())
    rx.emplace_back(Rule::kMonthCue,
                    "(?P<pre>" + cue + ")\\s*-?\\s*(?P<s>(?P<m>" + month_full + ")" +
                        (post.empty() ? "" : "(?:\\s+(?P<post>" + post + "))?") + ")");
  if (const std::string cue = Alt(lex, {kYearCue}); !cue.empty())
    rx.emplace_back(Rule::kYearCue, cue + "\\s*-?\\s*(?P<s>(?P<y>" + year + "))");
  {
    const std::string pre = Alt(lex, {kWdThis, kWdLast, kWdNext});
    const std::string part = Alt(lex, {kPartOfDay});
    std::string r = "(?P<s>";
    if (!pre.empty()) r += "(?:(?P<pre>" + pre + ")" + S + ")?";
    r += "(?P<wd>" + wd_full + ")";
    if (!part.empty()) r += "(?:" + S + part + ")?";
    if (!post.empty()) r += "(?:" + S + "(?P<post>" + post + "))?";
    if (!part.empty()) r += "(?:" + S + part + ")?";
    rx.emplace_back(Rule::kWeekday, r + ")");
  }
  if (const std::string ph = Alt(lex, {kRelative, kAnchored, kVague}); !ph.empty())
    rx.emplace_back(Rule::kPhrase, "(?P<s>" + ph + ")");
  const std::string count = "(?P<n>" + num + ")" + S + "(?P<u>" + unit + ")";
  if (const std::string a = Alt(lex, {kAgoBefore}); !a.empty())
    rx.emplace_back(Rule::kAgoBefore, "(?P<s>" + a + J + count + ")");
  if (const std::string a = Alt(lex, {kAgoAfter}); !a.empty())
    rx.emplace_back(Rule::kAgoAfter, "(?P<s>" + count + S + a + ")");
  if (const std::string a = Alt(lex, {kInFuture}); !a.empty())
    rx.emplace_back(Rule::kFuture, "(?P<s>" + a + J + count + ")");
  if (const std::string a = Alt(lex, {kLater, kEarlier}); !a.empty())
    rx.emplace_back(Rule::kAnchorCount, "(?P<s>" + count + S + "(?P<dir>" + a + "))");
  if (const std::string a = Alt(lex, {kSinceDuration}); !a.empty())
    rx.emplace_back(Rule::kSinceCount, "(?P<s>" + a + J + count + ")");

  RE2::Options opt;
  opt.set_log_errors(false);
  opt.set_max_mem(64 << 20);
  lr.any = std::make_unique<RE2::Set>(opt, RE2::UNANCHORED);
  for (const auto& [rule, regex] : rx) {
    DEPECHE_RETURN_IF_ERROR(AddPattern(lr, path, rule, regex));
    std::string error;
    if (lr.any->Add(regex, &error) < 0) return KnowledgeError(path + ": set: " + error);
  }
  if (!lr.any->Compile()) return KnowledgeError(path + ": the pattern set does not compile");

  if (const std::string since = Alt(lex, {kSince}); !since.empty()) {
    RE2::Options opt;
    opt.set_log_errors(false);
    lr.since = std::make_unique<RE2>(since + "\\s*$", opt);
    if (!lr.since->ok()) return KnowledgeError(path + ": since pattern: " + lr.since->error());
  }
  return Status::Ok();
}

Status LoadLang(const KnowledgePaths& paths, const std::string& rel, LangRules& lr) {
  const std::string path = paths.Source(rel);
  auto content = ReadFile(path);
  if (!content.ok()) return KnowledgeError(content.status().message());
  DEPECHE_RETURN_IF_ERROR(ParseLexicon(path, *content, lr.lex));
  return BuildPatterns(lr, path);
}

// ---- date arithmetic on top of core/date.h ----

long Days(const CivilDate& d) { return DaysFromCivil(d); }

CivilDate AddMonths(const CivilDate& d, int n) {
  int m0 = d.year * 12 + (d.month - 1) + n;
  int y = m0 >= 0 ? m0 / 12 : (m0 - 11) / 12;
  return {y, m0 - y * 12 + 1, 0};
}

// The year of "le 26 mars" written without one: the reference's, or the year before when
// that would put it well after the reference.
std::optional<CivilDate> InferDayMonth(int m, int d, const CivilDate& ref) {
  int y = ref.year;
  if (IsValidDate(y, m, d) && Days({y, m, d}) - Days(ref) > kFutureDays) --y;
  for (int k = 0; k < 8 && !IsValidDate(y, m, d); ++k) --y;  // 29 February: a leap year
  if (!IsValidDate(y, m, d)) return std::nullopt;
  return CivilDate{y, m, d};
}

// dir: 0 = near the reference, -1 = strictly before it ("mai dernier"), +1 = after it.
CivilDate InferMonth(int m, const CivilDate& ref, int dir = 0) {
  int y = ref.year;
  if (dir < 0) return {m < ref.month ? y : y - 1, m, 0};
  if (dir > 0) return {m > ref.month ? y : y + 1, m, 0};
  if (Days({y, m, 1}) - Days(ref) > kFutureDays) --y;
  return {y, m, 0};
}

std::optional<CivilDate> InferDayMonthDir(int m, int d, const CivilDate& ref, int dir) {
  if (dir == 0) return InferDayMonth(m, d, ref);
  int y = ref.year;
  for (int k = 0; k < 9; ++k, y += dir) {
    if (!IsValidDate(y, m, d)) continue;
    const long diff = Days({y, m, d}) - Days(ref);
    if ((dir < 0 && diff < 0) || (dir > 0 && diff > 0)) return CivilDate{y, m, d};
  }
  return std::nullopt;
}

// "le mercredi 11 janvier": the year near the reference whose calendar has that weekday.
std::optional<CivilDate> InferWeekdayDayMonth(int wd, int m, int d, const CivilDate& ref) {
  std::optional<CivilDate> best;
  long best_dist = 0;
  for (int y = ref.year + 1; y >= ref.year - 12; --y) {
    if (!IsValidDate(y, m, d) || Weekday({y, m, d}) != wd - 1) continue;
    const long diff = Days({y, m, d}) - Days(ref);
    if (diff > kFutureDays) continue;
    if (!best || std::labs(diff) < best_dist) {
      best = CivilDate{y, m, d};
      best_dist = std::labs(diff);
    }
  }
  return best;
}

// A weekday relative to the reference: dir 0 = on or before, -1 strictly before,
// +1 strictly after.
CivilDate ResolveWeekday(int wd, int dir, const CivilDate& ref) {
  const int r = Weekday(ref), w = wd - 1;
  if (dir > 0) {
    int delta = (w - r + 7) % 7;
    return AddDays(ref, delta == 0 ? 7 : delta);
  }
  int delta = (r - w + 7) % 7;
  if (dir < 0 && delta == 0) delta = 7;
  return AddDays(ref, -delta);
}

void SetValue(TimeExpr& e, const CivilDate& d, Precision p) {
  e.value = FormatIsoDate(d, p);
  e.precision = p;
}

// A phrase unit and offset ("la semaine dernière" = week -1) against a date. A week is
// given at month precision: the month holding the Thursday of that week.
void SetPhraseValue(TimeExpr& e, const CivilDate& ref, Unit u, int off) {
  switch (u) {
    case Unit::kDay:
      SetValue(e, AddDays(ref, off), Precision::kDay);
      break;
    case Unit::kWeek: {
      const CivilDate d = AddDays(ref, 7L * off);
      SetValue(e, AddDays(d, 3 - Weekday(d)), Precision::kMonth);
      break;
    }
    case Unit::kMonth:
      SetValue(e, AddMonths(ref, off), Precision::kMonth);
      break;
    case Unit::kYear:
      SetValue(e, {ref.year + off, 0, 0}, Precision::kYear);
      break;
  }
}

// A counted offset ("il y a 3 semaines" = -3 weeks): days and weeks to the day.
void SetCountValue(TimeExpr& e, const CivilDate& ref, Unit u, int n) {
  switch (u) {
    case Unit::kDay:
      SetValue(e, AddDays(ref, n), Precision::kDay);
      break;
    case Unit::kWeek:
      SetValue(e, AddDays(ref, 7L * n), Precision::kDay);
      break;
    case Unit::kMonth:
      SetValue(e, AddMonths(ref, n), Precision::kMonth);
      break;
    case Unit::kYear:
      SetValue(e, {ref.year + n, 0, 0}, Precision::kYear);
      break;
  }
}

int DaysPerUnit(Unit u) {
  switch (u) {
    case Unit::kDay:
      return 1;
    case Unit::kWeek:
      return 7;
    case Unit::kMonth:
      return 30;
    case Unit::kYear:
      return 365;
  }
  return 1;
}

// ---- matching ----

struct Candidate {
  TimeExpr e;  // span in folded offsets
  int priority = 0;
  bool blocker = false;  // an impossible date: hides shorter matches inside it, yields nothing
};

// One Find call: the folded text and what the handlers need.
class Tagging {
 public:
  Tagging(const Rules& rules, std::string_view text, std::optional<CivilDate> ref)
      : text_(text), ref_(ref) {
    Fold(rules.fold);
  }

  void Scan(const LangRules& lr);
  std::vector<TimeExpr> Finish(const LangRules* since_fr, const LangRules* since_en);

 private:
  void Fold(const std::vector<std::string>& table);
  void Handle(const LangRules& lr, const Pattern& p, const re2::StringPiece* sub, int priority);

  std::string_view G(const Pattern& p, const re2::StringPiece* sub, Grp g) const {
    const int i = p.group[g];
    if (i < 0 || sub[i].data() == nullptr) return {};
    return {sub[i].data(), sub[i].size()};
  }
  uint32_t Off(std::string_view piece) const {
    return static_cast<uint32_t>(piece.data() - folded_.data());
  }
  int Month(const LangRules& lr, std::string_view s) const;
  int Lookup(const LangRules& lr, Cls c, std::string_view s) const {
    const Word* w = lr.lex.Find(c, Normalise(s));
    return w ? w->value : 0;
  }
  int Day(const LangRules& lr, std::string_view s) const;
  // "last"/"dernier" = -1, "next"/"prochain" = +1, else 0.
  int Direction(const LangRules& lr, const Pattern& p, const re2::StringPiece* sub) const {
    const std::string pre = Normalise(G(p, sub, gPre)), post = Normalise(G(p, sub, gPost));
    if (lr.lex.Find(kWdLast, pre) || lr.lex.Find(kWdLastAfter, post)) return -1;
    if (lr.lex.Find(kWdNext, pre) || lr.lex.Find(kWdNextAfter, post)) return 1;
    return 0;
  }

  std::string_view text_;
  std::optional<CivilDate> ref_;
  std::string folded_;
  std::vector<uint32_t> orig_;  // folded byte -> original byte offset; one extra at the end
  std::vector<Candidate> cands_;
};

void Tagging::Fold(const std::vector<std::string>& table) {
  folded_.reserve(text_.size() + 16);
  orig_.reserve(text_.size() + 17);
  size_t i = 0;
  while (i < text_.size()) {
    const unsigned char c = static_cast<unsigned char>(text_[i]);
    if (c < 0x80) {
      char o = static_cast<char>(c);
      if (c >= 'A' && c <= 'Z')
        o = static_cast<char>(c - 'A' + 'a');
      else if (c == '\t' || c == '\r' || c == '\f' || c == '\v')
        o = ' ';
      folded_.push_back(o);
      orig_.push_back(static_cast<uint32_t>(i));
      ++i;
      continue;
    }
    const size_t start = i;
    const char32_t cp = DecodeUtf8(text_, i);
    std::string_view rep;
    if (cp >= 0x80 && cp < 0x80 + table.size() && cp != 0xFFFD)
      rep = table[cp - 0x80];
    else
      rep = text_.substr(start, i - start);
    for (char b : rep) {
      folded_.push_back(b);
      orig_.push_back(static_cast<uint32_t>(start));
    }
  }
  orig_.push_back(static_cast<uint32_t>(text_.size()));
}

int Tagging::Month(const LangRules& lr, std::string_view s) const {
  if (s.empty()) return 0;
  const Word* w = lr.lex.Find(kMonth, Normalise(s));
  if (!w) return 0;
  if (lr.lex.capitalised_months) {
    const char first = text_[orig_[Off(s)]];
    if (!(first >= 'A' && first <= 'Z')) return 0;
  }
  return w->value;
}

int Tagging::Day(const LangRules& lr, std::string_view s) const {
  if (s.empty()) return 0;
  if (s.front() >= '0' && s.front() <= '9') {
    int v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') break;
      v = v * 10 + (c - '0');
    }
    return v >= 1 && v <= 31 ? v : 0;
  }
  return Lookup(lr, kOrdinal, s);
}

// Line by line (an expression never spans lines): one pass of the pattern set tells which
// patterns match somewhere in the line, and only those run to find where.
void Tagging::Scan(const LangRules& lr) {
  std::vector<re2::StringPiece> sub;
  std::vector<int> ids;
  size_t ls = 0;
  while (ls < folded_.size()) {
    size_t le = folded_.find('\n', ls);
    if (le == std::string::npos) le = folded_.size();
    const re2::StringPiece line(folded_.data() + ls, le - ls);
    ls = le + 1;
    if (line.empty()) continue;
    ids.clear();
    RE2::Set::ErrorInfo err{};
    if (!lr.any->Match(line, &ids, &err)) {
      if (err.kind == RE2::Set::kNoError) continue;  // nothing in this line
      ids.clear();                                   // the set ran out of memory: try every pattern
      for (size_t i = 0; i < lr.patterns.size(); ++i) ids.push_back(static_cast<int>(i));
    }
    std::sort(ids.begin(), ids.end());
    for (int id : ids) {
      const Pattern& p = lr.patterns[static_cast<size_t>(id)];
      sub.assign(static_cast<size_t>(p.ngroups) + 1, re2::StringPiece());
      size_t pos = 0;
      while (pos <= line.size() && p.re->Match(line, pos, line.size(), RE2::UNANCHORED, sub.data(),
                                               static_cast<int>(sub.size()))) {
        const size_t ms = static_cast<size_t>(sub[0].data() - line.data());
        const size_t me = ms + sub[0].size();
        Handle(lr, p, sub.data(), id + 1);
        pos = me > ms ? me : ms + 1;
      }
    }
  }
}

void Tagging::Handle(const LangRules& lr, const Pattern& p, const re2::StringPiece* sub,
                     int priority) {
  using Kind = TimeExpr::Kind;
  std::string_view span = G(p, sub, gS);
  if (span.empty()) span = std::string_view(sub[0].data(), sub[0].size());
  Candidate c;
  c.priority = priority;
  c.e.span = {Off(span), Off(span) + static_cast<uint32_t>(span.size())};
  TimeExpr& e = c.e;
  auto block = [&] {
    c.blocker = true;
    cands_.push_back(std::move(c));
  };
  auto keep = [&] {
    if (e.value.empty()) e.precision = Precision::kNone;
    cands_.push_back(std::move(c));
  };
  auto num = [&](int& n, bool& vague) {
    std::string_view s = G(p, sub, gN);
    vague = false;
    if (!s.empty() && s.front() >= '0' && s.front() <= '9') return ParseInt(s, n) && n > 0;
    const Word* w = lr.lex.Find(kNumber, Normalise(s));
    if (!w) return false;
    vague = w->vague;
    n = w->value;
    return true;
  };
  auto unit = [&](Unit& u) {
    const Word* w = lr.lex.Find(kUnit, Normalise(G(p, sub, gU)));
    if (w) u = w->unit;
    return w != nullptr;
  };
  auto year = [&](Grp g) {
    int y = 0;
    ParseInt(G(p, sub, g), y);
    return y;
  };
  const char after = c.e.span.end < folded_.size() ? folded_[c.e.span.end] : '\0';
  const char after2 = c.e.span.end + 1 < folded_.size() ? folded_[c.e.span.end + 1] : '\0';
  const char before = c.e.span.start > 0 ? folded_[c.e.span.start - 1] : '\0';
  auto digit = [](char ch) { return ch >= '0' && ch <= '9'; };

  switch (p.rule) {
    case Rule::kNumericDmy:
    case Rule::kNumericYmd: {
      const std::string_view sep = G(p, sub, gSep), sep2 = G(p, sub, gSep2);
      // Part of a longer dotted or slashed number (an IP address, a version, a ratio).
      if (sep != sep2 || ((after == '.' || after == '/' || after == '-') && digit(after2)) ||
          before == '.' || before == '/' || before == '-' || before == ',')
        return block();
      int a = 0, b = 0, y = 0;
      ParseInt(G(p, sub, gD), a);
      ParseInt(G(p, sub, gM), b);
      const std::string_view ys = G(p, sub, gY);
      ParseInt(ys, y);
      int d = a, m = b;
      if (p.rule == Rule::kNumericDmy) {
        if (ys.size() == 2) {
          if (sep == "-" || G(p, sub, gD).size() < 2) return block();
          const int now = ref_ ? ref_->year % 100 + 1 : 50;
          y += y <= now ? 2000 : 1900;
        }
        if (lr.lex.slash_month_first && sep != ".") std::swap(d, m);
        if (!IsValidDate(y, m, d)) std::swap(d, m);  // the other order, if it is the valid one
      }
      if (y < 1500 || y > 2099 || !IsValidDate(y, m, d)) return block();
      e.kind = Kind::kAbsolute;
      SetValue(e, {y, m, d}, Precision::kDay);
      return keep();
    }
    case Rule::kDayMonth:
    case Rule::kMonthDay: {
      const int d = Day(lr, G(p, sub, gD)), m = Month(lr, G(p, sub, gM));
      if (d == 0 || m == 0) return;
      e.kind = Kind::kAbsolute;
      if (!G(p, sub, gY).empty()) {
        const int y = year(gY);
        if (!IsValidDate(y, m, d)) return block();
        SetValue(e, {y, m, d}, Precision::kDay);
        return keep();
      }
      if (!IsValidDate(2000, m, d)) return block();  // 2000: a leap year
      if (!ref_) return keep();
      const int wd = G(p, sub, gWd).empty() ? 0 : Lookup(lr, kWeekday, G(p, sub, gWd));
      std::optional<CivilDate> date;
      if (wd) date = InferWeekdayDayMonth(wd, m, d, *ref_);
      if (!date) date = InferDayMonthDir(m, d, *ref_, Direction(lr, p, sub));
      if (!date) return block();
      SetValue(e, *date, Precision::kDay);
      return keep();
    }
    case Rule::kMonthYear: {
      const int m = Month(lr, G(p, sub, gM));
      if (m == 0) return;
      e.kind = Kind::kAbsolute;
      SetValue(e, {year(gY), m, 0}, Precision::kMonth);
      return keep();
    }
    case Rule::kMonthCue: {
      const int m = Month(lr, G(p, sub, gM));
      if (m == 0) return;
      e.kind = Kind::kAbsolute;
      if (ref_) SetValue(e, InferMonth(m, *ref_, Direction(lr, p, sub)), Precision::kMonth);
      return keep();
    }
    case Rule::kYearCue: {
      // "en 2019 000 ..." or "in 2019,5": a number, not a year.
      if ((after == ' ' && digit(after2)) || ((after == ',' || after == '.') && digit(after2)))
        return;
      e.kind = Kind::kAbsolute;
      SetValue(e, {year(gY), 0, 0}, Precision::kYear);
      return keep();
    }
    case Rule::kWeekday: {
      const int wd = Lookup(lr, kWeekday, G(p, sub, gWd));
      if (wd == 0) return;
      const int dir = Direction(lr, p, sub);
      e.kind = Kind::kRelative;
      if (ref_) SetValue(e, ResolveWeekday(wd, dir, *ref_), Precision::kDay);
      return keep();
    }
    case Rule::kPhrase: {
      const std::string key = Normalise(span);
      if (const Word* w = lr.lex.Find(kRelative, key)) {
        e.kind = Kind::kRelative;
        if (ref_) SetPhraseValue(e, *ref_, w->unit, w->value);
      } else if (const Word* w = lr.lex.Find(kAnchored, key)) {
        e.kind = Kind::kAnchored;
        e.anchor_offset_days = w->value * DaysPerUnit(w->unit);
        if (ref_) SetPhraseValue(e, *ref_, w->unit, w->value);
      } else if (lr.lex.Find(kVague, key)) {
        e.kind = Kind::kVague;
      } else {
        return;
      }
      return keep();
    }
    case Rule::kAgoBefore:
    case Rule::kAgoAfter:
    case Rule::kFuture:
    case Rule::kSinceCount:
    case Rule::kAnchorCount: {
      int n = 0;
      bool vague = false;
      Unit u = Unit::kDay;
      if (!num(n, vague) || !unit(u)) return;
      if (vague) {
        e.kind = Kind::kVague;
        return keep();
      }
      if (n > 200) return;
      int sign = -1;
      e.kind = Kind::kRelative;
      if (p.rule == Rule::kFuture) sign = 1;
      if (p.rule == Rule::kSinceCount) e.kind = Kind::kOnset;
      if (p.rule == Rule::kAnchorCount) {
        const std::string dir = Normalise(G(p, sub, gDir));
        sign = lr.lex.Find(kLater, dir) ? 1 : -1;
        e.kind = Kind::kAnchored;
        e.anchor_offset_days = sign * n * DaysPerUnit(u);
      }
      if (ref_) SetCountValue(e, *ref_, u, sign * n);
      return keep();
    }
    case Rule::kRangeDays:
    case Rule::kRangeDaysDash:
    case Rule::kRangeMonthFirst:
    case Rule::kRangeMonthFirstDash: {
      const int d = Day(lr, G(p, sub, gD)), d2 = Day(lr, G(p, sub, gD2));
      int m = G(p, sub, gM).empty() ? 0 : Month(lr, G(p, sub, gM));
      int m2 = G(p, sub, gM2).empty() ? 0 : Month(lr, G(p, sub, gM2));
      if ((!G(p, sub, gM).empty() && m == 0) || (!G(p, sub, gM2).empty() && m2 == 0)) return;
      if (m == 0) m = m2;
      if (m2 == 0) m2 = m;
      if (d == 0 || d2 == 0 || m == 0) return;
      if (!IsValidDate(2000, m, d) || !IsValidDate(2000, m2, d2)) return block();
      int y = year(gY), y2 = year(gY2);
      const bool later_in_year = m > m2 || (m == m2 && d > d2);
      if (y && !y2) y2 = later_in_year ? y + 1 : y;
      if (y2 && !y) y = later_in_year ? y2 - 1 : y2;
      e.kind = Kind::kRange;
      if (!y2) {
        if ((m == m2 && d >= d2) || !ref_) {
          if (m == m2 && d >= d2) return;  // "3-3 mars", "5 au 3 mars": not a range
          return keep();
        }
        auto end = InferDayMonth(m2, d2, *ref_);
        if (!end) return block();
        y2 = end->year;
        y = later_in_year ? y2 - 1 : y2;
      }
      if (!IsValidDate(y, m, d) || !IsValidDate(y2, m2, d2)) return block();
      const long len = Days({y2, m2, d2}) - Days({y, m, d});
      if (len <= 0 || len > 366) return;
      SetValue(e, {y, m, d}, Precision::kDay);
      e.end_value = FormatIsoDate({y2, m2, d2}, Precision::kDay);
      return keep();
    }
    case Rule::kRangeMonths: {
      const int m = Month(lr, G(p, sub, gM)), m2 = Month(lr, G(p, sub, gM2));
      if (m == 0 || m2 == 0 || m == m2) return;
      int y = year(gY), y2 = year(gY2);
      if (y && !y2) y2 = m > m2 ? y + 1 : y;
      if (y2 && !y) y = m > m2 ? y2 - 1 : y2;
      e.kind = Kind::kRange;
      if (!y2) {
        if (!ref_) return keep();
        y2 = InferMonth(m2, *ref_).year;
        y = m > m2 ? y2 - 1 : y2;
      }
      if (y * 12 + m >= y2 * 12 + m2) return;
      SetValue(e, {y, m, 0}, Precision::kMonth);
      e.end_value = FormatIsoDate({y2, m2, 0}, Precision::kMonth);
      return keep();
    }
    case Rule::kRangeYears:
    case Rule::kRangeYearsDash: {
      const int y = year(gY), y2 = year(gY2);
      if (y2 <= y || y2 > y + 60 || y < 1800) return;
      if (p.rule == Rule::kRangeYearsDash && (digit(before) || before == '-' || after == '-'))
        return;
      e.kind = Kind::kRange;
      SetValue(e, {y, 0, 0}, Precision::kYear);
      e.end_value = FormatIsoDate({y2, 0, 0}, Precision::kYear);
      return keep();
    }
  }
}

std::vector<TimeExpr> Tagging::Finish(const LangRules* lr1, const LangRules* lr2) {
  // Longest first; among equals the earlier pattern; then keep what does not overlap.
  std::stable_sort(cands_.begin(), cands_.end(), [](const Candidate& a, const Candidate& b) {
    if (a.e.span.size() != b.e.span.size()) return a.e.span.size() > b.e.span.size();
    if (a.priority != b.priority) return a.priority < b.priority;
    return a.e.span.start < b.e.span.start;
  });
  std::map<uint32_t, uint32_t> taken;  // start -> end
  std::vector<Candidate*> kept;
  for (Candidate& c : cands_) {
    auto it = taken.lower_bound(c.e.span.start);
    if (it != taken.end() && it->first < c.e.span.end) continue;
    if (it != taken.begin() && std::prev(it)->second > c.e.span.start) continue;
    taken.emplace(c.e.span.start, c.e.span.end);
    kept.push_back(&c);
  }
  std::sort(kept.begin(), kept.end(), [](const Candidate* a, const Candidate* b) {
    return a->e.span.start < b->e.span.start;
  });
  std::vector<TimeExpr> out;
  uint32_t prev_end = 0;
  for (Candidate* c : kept) {
    TimeExpr& e = c->e;
    if (c->blocker) {
      prev_end = e.span.end;
      continue;
    }
    // "depuis avril 2019", "since last week": an onset.
    if (e.kind == TimeExpr::Kind::kAbsolute || e.kind == TimeExpr::Kind::kRelative) {
      const uint32_t from = e.span.start > 48 ? e.span.start - 48 : 0;
      const re2::StringPiece before(folded_.data(), e.span.start);
      for (const LangRules* lr : {lr1, lr2}) {
        re2::StringPiece m;
        if (lr && lr->since &&
            lr->since->Match(before, std::max(from, prev_end), e.span.start, RE2::UNANCHORED, &m,
                             1)) {
          e.kind = TimeExpr::Kind::kOnset;
          e.span.start = static_cast<uint32_t>(m.data() - folded_.data());
          break;
        }
      }
    }
    prev_end = e.span.end;
    e.span = {orig_[e.span.start], orig_[e.span.end]};
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

Result<TimeTagger> TimeTagger::Load(const KnowledgePaths& paths) {
  auto rules = std::make_shared<Rules>();
  DEPECHE_RETURN_IF_ERROR(LoadLang(paths, "time/fr.tsv", rules->fr));
  DEPECHE_RETURN_IF_ERROR(LoadLang(paths, "time/en.tsv", rules->en));
  // The folded form of each code point, as MatchKey gives it, so that the text and the word
  // lists fold alike; blanks, apostrophes and dashes have one form each.
  rules->fold.reserve(kFoldTableEnd - 0x80);
  for (char32_t cp = 0x80; cp < kFoldTableEnd; ++cp) {
    std::string s;
    if (IsSpaceCp(cp))
      s = " ";
    else if (IsApostropheCp(cp))
      s = "'";
    else if (IsDashCp(cp))
      s = "-";
    else if (cp == 0xAD)
      s = "";  // soft hyphen
    else {
      std::string one;
      AppendUtf8(one, cp);
      s = MatchKey(one);
    }
    rules->fold.push_back(std::move(s));
  }
  return TimeTagger(std::move(rules));
}

std::vector<TimeExpr> TimeTagger::Find(std::string_view text, Lang lang,
                                       std::optional<CivilDate> reference) const {
  if (text.empty() || text.size() >= UINT32_MAX / 2) return {};
  if (reference && !IsValidDate(reference->year, reference->month, reference->day))
    reference.reset();
  Tagging t(*rules_, text, reference);
  const LangRules* a = lang == Lang::kEn ? &rules_->en : &rules_->fr;
  const LangRules* b = lang == Lang::kUnknown ? &rules_->en : nullptr;
  t.Scan(*a);
  if (b) t.Scan(*b);
  return t.Finish(a, b);
}

void TimeTagger::Run(Document& doc) const {
  const auto ref = doc.ReferenceDate();
  std::vector<TimeExpr> found;
  auto scan = [&](const Span& s) {
    for (TimeExpr& e : Find(doc.View(s), doc.lang, ref)) {
      e.span.start += s.start;
      e.span.end += s.start;
      found.push_back(std::move(e));
    }
  };
  if (doc.lines.empty()) {
    scan({0, static_cast<uint32_t>(doc.text.size())});
  } else {
    for (const Line& l : doc.lines)
      if (l.label == LineLabel::kTitle || l.label == LineLabel::kHeading ||
          l.label == LineLabel::kBody)
        scan(l.span);
  }
  std::stable_sort(found.begin(), found.end(), [](const TimeExpr& x, const TimeExpr& y) {
    return x.span.start < y.span.start;
  });
  for (TimeExpr& e : found) doc.times.push_back(std::move(e));
}

std::optional<CivilDate> TimeTagger::ResolveAnchored(const TimeExpr& e, const CivilDate& anchor) {
  if (e.kind != TimeExpr::Kind::kAnchored) return std::nullopt;
  if (!IsValidDate(anchor.year, anchor.month, anchor.day)) return std::nullopt;
  return AddDays(anchor, e.anchor_offset_days);
}

}  // namespace depeche::timex
