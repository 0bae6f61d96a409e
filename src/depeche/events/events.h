// Events: codes who did what to whom in each sentence of an analysed document with
// resolved actors, from the trigger dictionaries of data/patterns/, with shallow clause
// analysis (subject, object, prepositional arguments, passive voice, pronominal verbs,
// participial clauses, coordination, quotes attributed to their speaker), modality and
// polarity, dates and places; then merges the mentions of one occasion.
#pragma once

#include <functional>
#include <optional>

#include "depeche/core/document.h"
#include "depeche/core/knowledge.h"
#include "depeche/core/status.h"
#include "depeche/events/patterns.h"

namespace depeche::events {

class EventCoder {
 public:
  static Result<EventCoder> Load(const KnowledgePaths& paths);
  explicit EventCoder(PatternSet patterns) : patterns_(std::move(patterns)) {}

  // The place of an event said in a sentence (from the places stage), if any.
  using LocationFn = std::function<std::optional<PlaceRef>(const Document&, Span)>;
  // Fills doc.events. Needs tokens, lemmas and mentions; uses doc.times when present.
  void Run(Document& doc, const LocationFn& location = nullptr) const;

  const PatternSet& patterns() const { return patterns_; }

 private:
  PatternSet patterns_;
};

}  // namespace depeche::events
