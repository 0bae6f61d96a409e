// Morphology: every token gets its lemma and part of speech from a broad lexicon
// (Apertium's analysers run over Debian's word lists at build time, see tools/
// build_lexicon.sh), disambiguated in context by a small rule-based tagger.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "depeche/core/document.h"
#include "depeche/core/knowledge.h"
#include "depeche/core/status.h"
#include "depeche/core/string_map.h"

namespace depeche::morph {

struct Analysis {
  std::string lemma;  // lower case
  Pos pos = Pos::kUnknown;
  uint32_t flags = 0;  // TokenFlag bits: participle, infinitive, finite, person, number
};

// One language's form -> analyses table.
class Lexicon {
 public:
  // Reads a generated table (form<TAB>lemma<tag>...) and then optional overrides.
  static Result<Lexicon> Load(const std::string& table_path, const std::string& overrides_path,
                              Lang lang);
  // Analyses of a form, trying it as written, then in lower case.
  std::span<const Analysis> Lookup(std::string_view form) const;
  size_t size() const { return index_.size(); }

 private:
  void Add(std::string form, Analysis a);
  StringMap<std::vector<Analysis>> index_;  // looked up for every word: core/string_map.h
};

// Parses one Apertium analysis ("rencontrer<vblex><pp><m><sg>").
Analysis ParseApertium(std::string_view analysis);

class Analyzer {
 public:
  // Loads <build>/data/lexicon/{fr,en}.tsv and data/lexicon/overrides.tsv.
  static Result<Analyzer> Load(const KnowledgePaths& paths);
  // Tags doc.tokens sentence by sentence in doc.lang (French when unknown).
  void Run(Document& doc) const;
  // Tags tokens [first, end) of one sentence.
  void Tag(std::vector<Token>& tokens, size_t first, size_t end, Lang lang) const;
  const Lexicon& lexicon(Lang lang) const { return lang == Lang::kEn ? en_ : fr_; }

 private:
  Lexicon fr_, en_;
};

}  // namespace depeche::morph
