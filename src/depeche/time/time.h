// Temporal expressions in French and English news: finds dates, weekdays, relative and
// anchored phrases, ranges, onsets and vague references, and normalises them to ISO values.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "depeche/core/date.h"
#include "depeche/core/document.h"
#include "depeche/core/knowledge.h"
#include "depeche/core/status.h"

namespace depeche::timex {

struct Rules;  // compiled word lists and patterns (time.cc)

class TimeTagger {
 public:
  // Reads data/time/fr.tsv and data/time/en.tsv and compiles the patterns once.
  static Result<TimeTagger> Load(const KnowledgePaths& paths);

  // Offsets relative to `text`. `reference` = publication date; without it, expressions that
  // need it (relative, anchored, day and month without a year) get their kind but an empty
  // value and Precision::kNone. Lang::kUnknown uses both languages.
  std::vector<TimeExpr> Find(std::string_view text, Lang lang,
                             std::optional<CivilDate> reference) const;

  // Runs Find over the content lines of doc (title, heading, body; the whole text when
  // doc.lines is empty) with doc.ReferenceDate(), and appends to doc.times in text order.
  void Run(Document& doc) const;

  // The date of a kAnchored expression ("la veille", "two days later") given the date of the
  // narrative it hangs on; nullopt for another kind or an anchor without a day.
  static std::optional<CivilDate> ResolveAnchored(const TimeExpr& e, const CivilDate& anchor);

 private:
  explicit TimeTagger(std::shared_ptr<const Rules> rules) : rules_(std::move(rules)) {}
  std::shared_ptr<const Rules> rules_;  // immutable after Load: the tagger is thread-safe
};

}  // namespace depeche::timex
