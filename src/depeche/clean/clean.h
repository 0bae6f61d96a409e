// The clean stage: labels every line of a scraped page (title, heading, body, meta, clutter)
// and reads the page's own metadata (title, date, author, outlet, dateline) from it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "depeche/core/document.h"
#include "depeche/core/knowledge.h"
#include "depeche/core/status.h"

namespace re2 {
class RE2;
}

namespace depeche::clean {

// What a lexicon phrase says about a line (see data/clean/phrases.tsv).
enum class PhraseKind : uint8_t {
  kClutter, kSection, kCaption, kMeta, kDateCue, kDateWord, kByline, kCredit, kOutlet,
};

// Hash for string-keyed maps looked up with string_view (no temporary strings).
struct SvHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using SvMap = std::unordered_map<std::string, V, SvHash, std::equal_to<>>;
using SvSet = std::unordered_set<std::string, SvHash, std::equal_to<>>;

class Cleaner {
 public:
  static Result<Cleaner> Load(const KnowledgePaths& paths);

  // Fills doc.lines (every non-blank line of doc.text, with its 1-based line number counted by
  // splitting on '\n', its span trimmed of surrounding whitespace, and its LineLabel) and
  // doc.page (title, pubdate as ISO YYYY-MM-DD or coarser, author, outlet, dateline).
  Status Run(Document& doc) const;

  Cleaner(Cleaner&&) noexcept;
  Cleaner& operator=(Cleaner&&) noexcept;
  ~Cleaner();

 private:
  Cleaner();

  struct Phrase {
    std::string key;    // folded phrase (before {X} for outlet phrases)
    std::string after;  // outlet phrases: folded text after {X}
    PhraseKind kind;
    uint8_t match;  // 0 line, 1 prefix, 2 contains
  };
  struct Regexes;  // compiled patterns (RE2 is neither copyable nor movable)
  struct Work;     // per-run scratch state, defined in clean.cc

  friend struct Work;

  // Lexicon lookups on a folded line key.
  void MatchPhrases(std::string_view key, bool full, uint32_t* kinds,
                    std::string* outlet) const;
  static uint32_t FilterBit(std::string_view w) {
    const auto b0 = static_cast<unsigned char>(w[0]);
    const auto b1 = static_cast<unsigned char>(w.size() > 1 ? w[1] : 0);
    return (static_cast<uint32_t>(w.size() & 15) * 251u + b0 * 31u + b1) & 4095u;
  }
  bool IsAgency(std::string_view s, std::string* canonical) const;
  int MonthOf(std::string_view folded_word) const;  // 1..12, 13 weekday, 0 none

  // word -> bit 0 French stop word, bit 1 English stop word
  SvMap<uint8_t> stop_;
  SvMap<std::vector<uint32_t>> by_first_word_;  // phrase indices
  uint64_t first_word_filter_[64] = {};         // quick reject before by_first_word_
  SvMap<uint32_t> line_phrases_;                // key -> kinds bitmask
  std::vector<Phrase> phrases_;
  SvSet date_words_;
  std::vector<std::string> date_cues_;
  SvMap<int> months_;
  SvMap<std::string> agency_exact_;   // abbreviations, exact case
  SvMap<std::string> agency_folded_;  // names, folded
  std::unique_ptr<Regexes> re_;
};

}  // namespace depeche::clean
