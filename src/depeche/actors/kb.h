// The actor knowledge base: who is who, and who held which post when. Loaded from the
// reviewable text files of data/actors/ (format: data/actors/FORMAT.md) into lookup
// tables keyed by normalised phrases.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "depeche/core/date.h"
#include "depeche/core/document.h"
#include "depeche/core/knowledge.h"
#include "depeche/core/status.h"
#include "depeche/core/string_map.h"

namespace depeche::actors {

// Dates as YYYYMMDD integers; an open start is 0, an open end 99999999.
struct Post {
  std::string role;  // head_of_state, commander, ...
  std::string org;   // record id: "USA", "nato", "africom"
  int from = 0;
  int to = 99999999;
  bool Covers(int date) const { return from <= date && date <= to; }
};

struct Actor {
  std::string id;
  std::string name;
  std::string type;  // person, organisation, country
  std::string affiliation;
  std::string sector;
  std::string part_of;
  std::string file;  // where it was defined, for error messages and reviewers
  std::vector<std::string> aliases, titles, epithets, demonyms, metonyms, capitals;
  std::vector<Post> posts;
};

// How a phrase names an actor.
enum class PhraseKind : uint8_t { kName, kAlias, kEpithet, kDemonym, kMetonym };

struct PhraseEntry {
  uint32_t actor;
  PhraseKind kind;
  bool acronym = false;  // matches only text in capitals
};

// A role phrase ("secrétaire général") or a periphrasis naming a post's holder.
struct RolePhrase {
  std::string role;
  std::string org;  // set for periphrases ("locataire de l'Élysée" -> FRA)
};

// The key under which phrases are stored and text is looked up: MatchKey, hyphens as
// spaces, a space after each apostrophe, single spaces. "l’Élysée" -> "l' elysee".
std::string PhraseKey(std::string_view s);
// Drops the Arabic article (al, el) from a key's words: "faiez al sarraj" -> "faiez sarraj".
std::string StripParticles(const std::string& key);
// Dates in data and queries: "2019-03-01", "2019-03", "2019" -> 20190301 / 20190300 / 20190000.
int DateKey(const CivilDate& d);
bool ParseDateBound(std::string_view s, bool is_end, int* out);

class KnowledgeBase {
 public:
  // Reads every *.txt under data/actors/ and roles.tsv, periphrases.tsv, agents.tsv, titles.tsv.
  static Result<KnowledgeBase> Load(const KnowledgePaths& paths);
  // Parses one record file's text (used by Load, and by tests with their own records).
  Status AddRecords(std::string_view text, const std::string& file);
  // Indexes the phrases of every record; call after the last AddRecords.
  Status Finish();

  const Actor* Find(std::string_view id) const;
  const Actor& actor(uint32_t i) const { return actors_[i]; }
  size_t size() const { return actors_.size(); }

  // Entries for a phrase key (see PhraseKey); empty when none.
  const std::vector<PhraseEntry>* Phrase(const std::string& key) const;
  bool IsPhrasePrefix(const std::string& key) const { return phrase_prefixes_.count(key) > 0; }
  const RolePhrase* Role(Lang lang, const std::string& key) const;
  bool IsRolePrefix(const std::string& key) const { return role_prefixes_.count(key) > 0; }
  const RolePhrase* Periphrasis(Lang lang, const std::string& key) const;
  bool IsPeriphrasisPrefix(const std::string& key) const { return peri_prefixes_.count(key) > 0; }
  // Sector implied by an agent noun lemma ("gouvernement" -> GOV); nullptr when not one.
  const std::string* AgentSector(Lang lang, const std::string& lemma) const;
  // Sector implied by a title ("général" -> MIL, "m." -> ""); nullptr when not a title.
  const std::string* TitleSector(Lang lang, const std::string& key) const;
  bool IsTitlePrefix(const std::string& key) const { return title_prefixes_.count(key) > 0; }
  size_t max_phrase_words() const { return max_words_; }

  // Who held ROLE at ORG on DATE (YYYYMMDD); several when posts overlap.
  std::vector<const Actor*> Holders(std::string_view role, std::string_view org, int date) const;
  // Every (actor, post) whose role is ROLE at ORG, in date order (for `depeche kb`).
  std::vector<std::pair<const Actor*, const Post*>> PostHistory(std::string_view role,
                                                               std::string_view org) const;
  // The post of `a` active on `date` at any org, preferring `role` when given.
  const Post* ActivePost(const Actor& a, int date, std::string_view role = {}) const;

  struct Stats {
    size_t actors = 0, persons = 0, organisations = 0, countries = 0, posts = 0, phrases = 0,
           roles = 0, periphrases = 0;
  };
  Stats stats() const;

 private:
  void AddPhrase(const std::string& text, uint32_t actor, PhraseKind kind);

  // The tables looked up for every word are StringMaps (core/string_map.h).

  std::vector<Actor> actors_;
  std::unordered_map<std::string, uint32_t> by_id_;
  StringMap<std::vector<PhraseEntry>> phrases_;
  StringSet phrase_prefixes_;
  StringMap<RolePhrase> roles_[3], periphrases_[3];  // by Lang
  StringSet role_prefixes_, peri_prefixes_, title_prefixes_;
  StringMap<std::string> agents_[3], titles_[3];
  std::unordered_map<std::string, std::vector<std::pair<uint32_t, uint32_t>>> holders_;  // role@org -> (actor, post index)
  size_t max_words_ = 1;
};

}  // namespace depeche::actors
