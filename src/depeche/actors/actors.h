// Actors: finds every mention of an actor in an analysed document and resolves it to the
// knowledge base at the article's date: names and aliases, roles ("le président
// américain" -> whoever held the post then), periphrases, agent nouns ("l'armée turque"),
// titled names the base does not know, and within-article reference ("le maréchal").
#pragma once

#include <memory>

#include "depeche/actors/kb.h"
#include "depeche/core/document.h"
#include "depeche/core/knowledge.h"
#include "depeche/core/status.h"

namespace depeche::actors {

class ActorTagger {
 public:
  static Result<ActorTagger> Load(const KnowledgePaths& paths);
  explicit ActorTagger(KnowledgeBase kb) : kb_(std::make_shared<KnowledgeBase>(std::move(kb))) {}

  // Fills doc.mentions (text order). Needs tokens and lemmas; uses doc.times for the
  // reference date when the publication date is unknown.
  void Run(Document& doc) const;

  const KnowledgeBase& kb() const { return *kb_; }

  // The actor record as events show it, with the post held at `date` (YYYYMMDD, 0 = the
  // latest), preferring the role of `post` ("role@org") when given. A person's affiliation
  // and sector are those of that post.
  ActorRef Ref(const Actor& a, int date, const std::string& post = {}) const;

 private:
  std::shared_ptr<const KnowledgeBase> kb_;
};

// The date (YYYYMMDD) posts are resolved at: the publication date, else the latest
// absolute date the article gives, else 0 (unknown: the latest holder is taken).
int ResolutionDate(const Document& doc);

}  // namespace depeche::actors
