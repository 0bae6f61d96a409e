// Event trigger dictionaries: data/patterns/{fr,en}/*.tsv (format: data/patterns/FORMAT.md),
// indexed by the first lemma of each trigger.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "depeche/core/document.h"
#include "depeche/core/knowledge.h"
#include "depeche/core/status.h"

namespace depeche::events {

// Where an argument sits relative to its trigger.
struct ArgSlot {
  // kComp: the subject of the complement clause right after the trigger ("espère que X…").
  enum class Kind : uint8_t { kNone, kSubj, kObj, kPrep, kComp };
  Kind kind = Kind::kNone;
  std::string prep;  // for kPrep: "avec", "with", "de"...
  int nth = 1;       // "entre#2": the second member
};

struct Pattern {
  std::vector<std::string> trigger;  // lemmas; "*" is a gap of 0-3 tokens, "**" of 0-8
  bool pronominal = false;           // "se entretenir": a reflexive clitic precedes
  char pos = 'V';                    // V, N or A
  std::string type, mode, cameo;
  std::vector<ArgSlot> source, target;  // alternatives, tried in order; empty = none;
                                        // a kNone alternative = the argument may be absent
  bool intent = false, symmetric = false, reported = false;
  std::vector<std::string> needs;  // one of these lemmas within 6 tokens after
  std::string where;               // file:line, for --explain
};

class PatternSet {
 public:
  // Reads every *.tsv of data/patterns/fr and data/patterns/en.
  static Result<PatternSet> Load(const KnowledgePaths& paths);
  // Parses one file's text into the set (tests use it with patterns they write).
  Status AddFile(std::string_view text, const std::string& where, Lang lang);

  // Patterns whose trigger starts with this lemma.
  const std::vector<Pattern>* ByLemma(Lang lang, const std::string& lemma) const;
  // Speech verbs (X a affirmé que...): attribute quotes and complements to their subject.
  bool IsSpeechVerb(Lang lang, const std::string& lemma) const;
  size_t size() const { return count_; }

 private:
  std::unordered_map<std::string, std::vector<Pattern>> by_lemma_[3];
  std::unordered_map<std::string, bool> speech_[3];
  size_t count_ = 0;
};

}  // namespace depeche::events
