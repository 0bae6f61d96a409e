#include "depeche/actors/actors.h"

#include <algorithm>
#include <array>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "depeche/core/unicode.h"

namespace depeche::actors {
namespace {

bool IsCap(const Token& t) { return t.Has(kTokCapitalised) || t.Has(kTokAllCaps); }

bool In(std::string_view w, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

bool IsOf(const std::string& k) { return In(k, {"de", "du", "des", "d'", "of"}); }
bool IsArticle(const std::string& k) { return In(k, {"l'", "la", "le", "les", "the"}); }
bool IsLocative(const std::string& k) {
  return In(k, {"a", "au", "aux", "en", "dans", "vers", "depuis", "in", "at", "to", "from",
                "near", "into", "pres", "sur", "outside", "inside"});
}
// Roles whose holder is "the head" of a body, tried when the named role has no holder
// there ("le chef de l'ONU", "the head of AFRICOM").
constexpr std::array<std::string_view, 7> kHeadRoles = {
    "head_of_state", "head_of_government", "secretary_general", "commander",
    "commission_president", "leader", "special_envoy"};

std::string SectorOfRole(const std::string& role, const Actor* org) {
  if (org && org->sector == "IGO") return "IGO";
  if (role == "commander" || role == "chief_of_staff") return "MIL";
  if (role == "speaker") return "LEG";
  if (role == "leader" && org && org->sector == "REB") return "REB";
  if (org && org->type == "organisation" && !org->sector.empty()) return org->sector;
  return "GOV";
}

// A found mention before it becomes a Mention: token range and resolution.
struct Found {
  uint32_t first = 0, end = 0;  // token indices [first, end)
  const Actor* actor = nullptr;
  std::string method;
  double confidence = 0;
  std::string sector;      // overrides the actor's (agent nouns)
  std::string post;        // post resolved by role
  std::string new_name;    // a titled name the base does not know
  std::string new_affiliation;
  bool place_use = false;
};

class SentenceTagger {
 public:
  // What the article has told so far, for its later sentences.
  struct Memory {
    // Acronyms it defines ("Gouvernement d'union nationale (GUN)"): acronym key -> actor.
    std::unordered_map<std::string, const Actor*> acronyms;
    std::unordered_set<const Actor*> named;  // actors it has named
    // People it has named in full, by surname key: "Langley" after "Michael Langley".
    std::unordered_map<std::string, Found> surnames;
  };

  SentenceTagger(const ActorTagger& tagger, Document& doc, const Sentence& s, int date,
                 std::vector<Found>& doc_found, Memory& memory)
      : kb_(tagger.kb()), doc_(doc), s_(s), date_(date), doc_found_(doc_found),
        learned_(memory.acronyms), named_(memory.named), surnames_(memory.surnames),
        lang_(doc.lang == Lang::kEn ? Lang::kEn : Lang::kFr) {
    n_ = s.end_token - s.first_token;
    keys_.resize(n_);
    // Punctuation keeps its form (PhraseKey folds "," and "-" into spaces).
    for (uint32_t i = 0; i < n_; ++i)
      keys_[i] = Tok(i).Has(kTokPunct) ? Tok(i).norm : PhraseKey(Tok(i).norm);
    covered_.assign(n_, false);
  }

  void Run() {
    std::vector<Found> found;
    FindNames(found);
    FindSurnames(found);
    FindCountryAnaphora(found);
    FindRolesAndAgents(found);
    FindDemonymAdjectives(found);
    LearnAcronyms(found);
    std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.first < b.first; });
    for (auto& f : found) {
      RememberSurname(f);
      f.first += s_.first_token;
      f.end += s_.first_token;
      if (f.actor) named_.insert(f.actor);
      doc_found_.push_back(std::move(f));
    }
  }

 private:
  const Token& Tok(uint32_t i) const { return doc_.tokens[s_.first_token + i]; }

  // Longest knowledge-base phrase starting at token i: (end, entries) or end == i.
  std::pair<uint32_t, const std::vector<PhraseEntry>*> LongestPhrase(uint32_t i) const {
    std::string key;
    std::pair<uint32_t, const std::vector<PhraseEntry>*> best{i, nullptr};
    for (uint32_t j = i; j < n_ && j - i < kb_.max_phrase_words() + 2; ++j) {
      if (Tok(j).Has(kTokPunct) && keys_[j] != "." ) break;
      if ((keys_[j] == "al" || keys_[j] == "el") && j + 1 < n_ && IsCap(Tok(j + 1))) {
        if (j == i) return best;  // a match starts at the name, not at its article
        continue;                 // "Faiez Al Sarraj": the particle is optional
      }
      if (!key.empty()) key += ' ';
      key += keys_[j];
      if (const auto* e = kb_.Phrase(key)) best = {j + 1, e};
      if (!kb_.IsPhrasePrefix(key)) break;
    }
    return best;
  }

  const Actor* Pick(const std::vector<PhraseEntry>& es, bool allow_demonym, bool all_caps,
                    PhraseKind* kind) const {
    const Actor* best = nullptr;
    int best_score = -1000;
    for (const PhraseEntry& e : es) {
      if (e.kind == PhraseKind::kDemonym && !allow_demonym) continue;
      if (e.acronym && !all_caps) continue;
      const Actor& a = kb_.actor(e.actor);
      int score = -10 * static_cast<int>(e.kind);
      if (a.type == "person" && date_ > 0 && kb_.ActivePost(a, date_)) score += 5;
      if (a.type == "person" && !a.posts.empty()) score += 1;
      // Converted Phoenix records (2014, English) rank below every curated entry.
      if (a.id.rfind("phx_", 0) == 0) score -= 25;
      // A one-word alias of a person whose last post ended over ten years before the
      // article ("Saddam" in 2025) most likely names someone else.
      if (e.kind == PhraseKind::kAlias && a.type == "person" && date_ > 0 && !a.posts.empty()) {
        int last_end = 0;
        for (const Post& p : a.posts) last_end = std::max(last_end, p.to);
        if (last_end < date_ - 100000 && single_word_) continue;
      }
      // An actor already named in the article wins an ambiguous short name.
      if (named_.count(&a)) score += 8;
      if (score > best_score) best_score = score, best = &a, *kind = e.kind;
    }
    return best;
  }

  void FindNames(std::vector<Found>& found) {
    for (uint32_t i = 0; i < n_;) {
      auto [end, entries] = LongestPhrase(i);
      if (!entries) {
        ++i;
        continue;
      }
      // A longer role phrase or periphrasis starting here names a post ("EU foreign policy
      // chief", "Pentagon chief"): leave it to the role pass.
      {
        const RolePhrase* role = nullptr;
        const Actor* dem = nullptr;
        bool peri = false;
        if (MatchRole(i, &role, &dem, &peri) > end) {
          ++i;
          continue;
        }
      }
      bool any_cap = false, all_caps = true;
      for (uint32_t j = i; j < end; ++j) {
        // "al-Sissi": a name written with its particle in lower case.
        const std::string_view form = doc_.View(Tok(j).span);
        const bool particle_name = (form.rfind("al-", 0) == 0 || form.rfind("el-", 0) == 0) &&
                                   form.size() > 3 && form[3] >= 'A' && form[3] <= 'Z';
        any_cap |= IsCap(Tok(j)) || particle_name;
        all_caps &= Tok(j).Has(kTokAllCaps) || Tok(j).Has(kTokPunct) || keys_[j].size() <= 1;
      }
      PhraseKind kind = PhraseKind::kAlias;
      // Demonyms are actors only as capitalised nouns ("les Libyens"); as adjectives they
      // qualify a role or an agent noun (handled later).
      // French writes demonym adjectives in lower case, so a capitalised one is a noun
      // ("des milliers de Soudanais"); English capitalises both.
      const bool demonym_noun = any_cap && !Tok(i).Has(kTokSentenceStart) &&
                                (lang_ == Lang::kFr || Tok(i).pos != Pos::kAdj);
      single_word_ = end == i + 1;
      const Actor* a = Pick(*entries, demonym_noun, all_caps, &kind);
      // A phrase that is also a role ("président du conseil présidentiel") names whoever
      // holds the post at the date: the role pass resolves it, not a fixed epithet.
      if (a && kind == PhraseKind::kEpithet) {
        const RolePhrase* role = nullptr;
        const Actor* dem = nullptr;
        bool peri = false;
        if (MatchRole(i, &role, &dem, &peri) > i) a = nullptr;  // "président égyptien" is a post
      }
      // A body's descriptive name of three words or more is its name in lower case too
      // ("l'armée nationale libyenne", "the national unity government").
      const bool lower_case_ok = kind == PhraseKind::kEpithet || kind == PhraseKind::kDemonym ||
                                 (kind == PhraseKind::kAlias && a && a->type != "person" && end >= i + 3 &&
                                  !InsideRole(i));
      if (!a || (!any_cap && !lower_case_ok)) {
        ++i;
        continue;
      }
      if (kind == PhraseKind::kDemonym && !demonym_noun) {
        ++i;
        continue;
      }
      Found f;
      f.first = i;
      f.end = end;
      f.actor = a;
      f.method = kind == PhraseKind::kName ? "name"
                 : kind == PhraseKind::kEpithet ? "periphrasis"
                 : kind == PhraseKind::kMetonym ? "metonym"
                 : kind == PhraseKind::kDemonym ? "demonym" : "alias";
      f.confidence = kind == PhraseKind::kName ? 0.95 : kind == PhraseKind::kEpithet ? 0.8 : 0.9;
      if (i > 0 && IsLocative(keys_[i - 1]) && a->type == "country") f.place_use = true;
      // "près de Tripoli", "the suburbs of Tripoli", "au nord de la Syrie".
      if (i > 1 && a->type == "country" && kind == PhraseKind::kMetonym && IsOf(keys_[i - 1]) &&
          In(keys_[i - 2], {"pres", "autour", "environs", "banlieue", "alentours", "nord", "sud", "est",
                            "ouest", "suburbs", "outskirts", "north", "south", "east", "west", "centre",
                            "center", "periphery", "peripherie", "region"}))
        f.place_use = true;
      if (i > 0 && IsLocative(keys_[i - 1]) && kind == PhraseKind::kMetonym) f.place_use = true;
      if (i > 1 && IsArticle(keys_[i - 1]) && IsLocative(keys_[i - 2]) && a->type == "country")
        f.place_use = true;
      // "Entebbe, Uganda", "Abuja, Nigeria": a country after a town names where it is.
      if (i > 1 && keys_[i - 1] == "," && a->type == "country" && TownEndsAt(Tok(i - 2).span.end))
        f.place_use = true;
      // "Tripoli" for the government seated there, when it has a name of its own.
      // ("offensive sur Tripoli" aims at it too: the place flag stays.)
      if (kind == PhraseKind::kMetonym && a->type == "country")
        if (const Actor* body = NamedGovernment(a->id)) f.actor = body;
      for (uint32_t j = i; j < end; ++j) covered_[j] = true;
      found.push_back(std::move(f));
      i = end;
    }
  }

  // Token i lies inside a role phrase that starts just before it ("chef du gouvernement
  // d'union nationale": "gouvernement" belongs to the post).
  bool InsideRole(uint32_t i) const {
    for (uint32_t j = i >= 3 ? i - 3 : 0; j < i; ++j) {
      const RolePhrase* role = nullptr;
      const Actor* dem = nullptr;
      bool peri = false;
      if (MatchRole(j, &role, &dem, &peri) > i) return true;
    }
    return false;
  }

  // A gazetteer town (not a country) ends at this byte: the places stage ran before us.
  bool TownEndsAt(uint32_t end) const {
    const auto it = std::lower_bound(doc_.places.begin(), doc_.places.end(), end,
                                     [](const PlaceRef& p, uint32_t at) { return p.span.end < at; });
    return it != doc_.places.end() && it->span.end == end && it->feature != "country";
  }

  // The country or body a demonym token names, if it is one.
  const Actor* DemonymAt(uint32_t i) const {
    if (i >= n_) return nullptr;
    if (const auto* es = kb_.Phrase(keys_[i]))
      for (const PhraseEntry& e : *es)
        if (e.kind == PhraseKind::kDemonym) return &kb_.actor(e.actor);
    return nullptr;
  }

  Found* FoundAt(std::vector<Found>& found, uint32_t i) {
    for (Found& f : found)
      if (f.first == i) return &f;
    return nullptr;
  }

  // Resolves ROLE at ORG on the date; nullptr when nobody is known.
  const Actor* Holder(const std::string& role, const std::string& org, std::string* post) const {
    auto pick = [&](const std::string& r) -> const Actor* {
      if (date_ > 0) {
        auto hs = kb_.Holders(r, org, date_);
        if (!hs.empty()) {
          *post = r + "@" + org;
          return hs.back();
        }
        return nullptr;
      }
      auto hist = kb_.PostHistory(r, org);  // no date: the latest holder
      if (hist.empty()) return nullptr;
      *post = r + "@" + org;
      return hist.back().first;
    };
    if (const Actor* a = pick(role)) return a;
    if (role == "leader" || role == "commander" || role == "head_of_state" || role == "head_of_government")
      for (auto r : kHeadRoles)
        if (r != role)
          if (const Actor* a = pick(std::string(r))) return a;
    // "the Israeli army chief of staff": posts of a national body are held at its state.
    if (const Actor* body = kb_.Find(org); body && body->type == "organisation" &&
        body->affiliation != org && kb_.Find(body->affiliation))
      return Holder(role, body->affiliation, post);
    return nullptr;
  }

  // Role phrase at i, allowing a demonym right after its first word ("ministre russe des
  // affaires étrangères"). Returns the end token, fills role and the demonym's actor.
  uint32_t MatchRole(uint32_t i, const RolePhrase** role, const Actor** demonym, bool* peri) const {
    uint32_t best_end = i;
    for (int skip = 0; skip < 2; ++skip) {
      std::string key;
      const Actor* dem = nullptr;
      for (uint32_t j = i; j < n_ && j - i < 10; ++j) {
        if (skip && j == i + 1) {
          dem = DemonymAt(j);
          if (!dem) break;
          continue;
        }
        if (!key.empty()) key += ' ';
        key += keys_[j];
        if (const RolePhrase* p = kb_.Periphrasis(lang_, key); p && j + 1 > best_end) {
          best_end = j + 1, *role = p, *demonym = dem, *peri = true;
        }
        if (const RolePhrase* r = kb_.Role(lang_, key); r && j + 1 > best_end) {
          best_end = j + 1, *role = r, *demonym = dem, *peri = false;
        }
        if (!kb_.IsRolePrefix(key) && !kb_.IsPeriphrasisPrefix(key)) break;
      }
    }
    return best_end;
  }

  // A title ("général", "lieutenant-général", "M.") at i: its end, or i.
  uint32_t MatchTitle(uint32_t i, std::string* sector) const {
    std::string key;
    uint32_t best = i;
    for (uint32_t j = i; j < n_ && j - i < 5; ++j) {
      if (!key.empty()) key += ' ';
      key += keys_[j];
      if (const std::string* s = kb_.TitleSector(lang_, key)) best = j + 1, *sector = *s;
      if (!kb_.IsTitlePrefix(key)) break;
    }
    return best;
  }

  // A run of capitalised unknown words at i ("Dagvin Anderson"): its end, or i.
  // After a title the words are a name even when they are also common words ("le général
  // Jean Dupontel"); elsewhere only proper nouns and unknown words count.
  uint32_t UnknownName(uint32_t i, bool after_title = false) const {
    uint32_t j = i;
    while (j < n_ && !covered_[j] && IsCap(Tok(j)) && !Tok(j).Has(kTokPunct) &&
           (after_title || Tok(j).pos == Pos::kProperNoun || Tok(j).Has(kTokUnknownWord)))
      ++j;
    return j;
  }

  // Backward scans over what the article has named stop this far back: a referent is
  // recent, and a long page must not cost a scan of all its mentions per mention.
  static constexpr size_t kRecall = 400;
  std::vector<Found>::reverse_iterator RecentEnd() const {
    return doc_found_.rbegin() + static_cast<long>(std::min(doc_found_.size(), kRecall));
  }

  // A person named in full is later named by the surname alone ("Langley", "le général
  // Anderson"): the first person of the article with that surname.
  void RememberSurname(const Found& f) {
    std::string_view name;
    if (f.actor && f.actor->type == "person") name = f.actor->name;
    else if (f.actor == nullptr && !f.new_name.empty()) name = f.new_name;
    else return;
    const size_t space = name.rfind(' ');
    if (space == std::string_view::npos) return;
    const std::string key = PhraseKey(name.substr(space + 1));
    if (key.size() < 3) return;
    Found memo = f;
    memo.method = "surname";
    memo.confidence = 0.8;
    // "Fayez al-Sarraj": the surname also without its particle.
    for (std::string_view particle : {"al ", "el "})
      if (key.rfind(particle, 0) == 0) surnames_.try_emplace(key.substr(particle.size()), memo);
    surnames_.try_emplace(key, std::move(memo));
  }

  // "ce pays", "this country": the country the article named last.
  void FindCountryAnaphora(std::vector<Found>& found) {
    for (uint32_t i = 0; i + 1 < n_; ++i) {
      if (covered_[i + 1] || !In(keys_[i], {"ce", "cet", "this"}) ||
          !In(keys_[i + 1], {"pays", "etat", "country", "state", "nation"}))
        continue;
      const Actor* country = nullptr;
      for (auto it = found.rbegin(); it != found.rend() && !country; ++it)
        if (it->first < i && it->actor && it->actor->type == "country" && !it->place_use) country = it->actor;
      for (auto it = doc_found_.rbegin(); it != RecentEnd() && !country; ++it)
        if (it->actor && it->actor->type == "country" && !it->place_use) country = it->actor;
      if (!country) continue;
      Found m;
      m.first = i;
      m.end = i + 2;
      m.actor = country;
      m.method = "coreference";
      m.confidence = 0.6;
      covered_[i] = covered_[i + 1] = true;
      found.push_back(std::move(m));
    }
  }

  void FindSurnames(std::vector<Found>& found) {
    if (surnames_.empty()) return;
    for (uint32_t i = 0; i < n_; ++i) {
      if (covered_[i] || !IsCap(Tok(i)) || Tok(i).Has(kTokAllCaps)) continue;
      auto it = surnames_.find(keys_[i]);
      if (it == surnames_.end()) continue;
      Found m = it->second;
      m.first = i;
      m.end = i + 1;
      m.place_use = false;
      covered_[i] = true;
      found.push_back(std::move(m));
    }
  }

  // "X (ABC)": the acronym names X for the rest of the article; a bare "ABC" already
  // learned is a mention of it.
  void LearnAcronyms(std::vector<Found>& found) {
    for (uint32_t i = 0; i < n_; ++i) {
      if (covered_[i] || !Tok(i).Has(kTokAllCaps) || keys_[i].size() < 2) continue;
      const bool defined = i >= 2 && keys_[i - 1] == "(" && i + 1 < n_ && keys_[i + 1] == ")";
      if (defined) {
        for (const Found& f : found)
          if (f.end == i - 1 && f.actor) {
            learned_[keys_[i]] = f.actor;
            covered_[i] = true;
            break;
          }
        continue;
      }
      if (auto it = learned_.find(keys_[i]); it != learned_.end()) {
        Found m;
        m.first = i;
        m.end = i + 1;
        m.actor = it->second;
        m.method = "acronym-defined-in-text";
        m.confidence = 0.85;
        covered_[i] = true;
        found.push_back(std::move(m));
      }
    }
  }

  // "les frappes américaines", "l'hostilité marocaine", "otages américains": a demonym
  // qualifying an ordinary noun points at its country. Weak: events use it only as a
  // target, never as a subject.
  void FindDemonymAdjectives(std::vector<Found>& found) {
    for (uint32_t i = 1; i < n_; ++i) {
      if (covered_[i] || covered_[i - 1] || Tok(i - 1).pos != Pos::kNoun) continue;
      const Actor* d = DemonymAt(i);
      if (!d || d->type != "country") continue;
      Found m;
      m.first = i;
      m.end = i + 1;
      m.actor = d;
      m.method = "demonym-adjective";
      m.confidence = 0.5;
      covered_[i] = true;
      found.push_back(std::move(m));
    }
  }

  void FindRolesAndAgents(std::vector<Found>& found) {
    for (uint32_t i = 0; i < n_; ++i) {
      if (covered_[i]) continue;
      const RolePhrase* role = nullptr;
      const Actor* dem = nullptr;
      bool peri = false;
      uint32_t end = MatchRole(i, &role, &dem, &peri);
      if (end > i) {
        HandleRole(found, i, end, *role, dem, peri);
        continue;
      }
      // Agent noun: "le gouvernement libyen", "les forces de Haftar", "US troops".
      // The tagger may read a plural agent noun as an adjective ("les belligérants"); after a
      // determiner it is a noun.
      const bool nominal = Tok(i).pos == Pos::kNoun ||
                           ((Tok(i).pos == Pos::kAdj || Tok(i).Has(kTokParticiple)) && i > 0 &&
                            (Tok(i - 1).pos == Pos::kDet || DemonymAt(i - 1)));
      const std::string* sector = kb_.AgentSector(lang_, Tok(i).lemma);
      if (!sector) sector = kb_.AgentSector(lang_, Tok(i).norm);  // "l'armée" read as armé
      if (sector && nominal) {
        HandleAgent(found, i, *sector);
        continue;
      }
      // A title alone or before a name.
      std::string tsector;
      uint32_t tend = MatchTitle(i, &tsector);
      if (tend > i) HandleTitle(found, i, tend, tsector);
    }
  }

  // After a role or agent noun: "de l'OTAN", "des États-Unis", "américain". Returns the
  // org actor and moves *end past it; drops the org's own mention (it is part of this one).
  const Actor* OrgAfter(std::vector<Found>& found, uint32_t* end) {
    uint32_t j = *end;
    if (const Actor* d = DemonymAt(j)) {
      *end = j + 1;
      return d;
    }
    // "of X", "de X"; and for a body, "the government in Tripoli".
    if (j < n_ && (IsOf(keys_[j]) || (lang_ == Lang::kEn && keys_[j] == "in" && j > 0 &&
                                       kb_.AgentSector(lang_, Tok(j - 1).lemma)))) {
      uint32_t k = j + 1;
      if (k < n_ && IsArticle(keys_[k])) ++k;
      std::string tsector;
      if (uint32_t t = MatchTitle(k, &tsector); t > k && FoundAt(found, t)) k = t;
      if (Found* f = FoundAt(found, k); f && f->actor) {
        const Actor* org = f->actor;
        *end = f->end;
        found.erase(found.begin() + (f - found.data()));
        return org;
      }
    }
    return nullptr;
  }

  // "le Premier ministre et ministre de la Défense du GUN": two posts of one body, named
  // once after the second.
  const Actor* OrgOfCoordinatedRole(const std::vector<Found>& found, uint32_t end) const {
    if (end + 1 >= n_ || !In(keys_[end], {"et", "and"})) return nullptr;
    const RolePhrase* role = nullptr;
    const Actor* dem = nullptr;
    bool peri = false;
    const uint32_t r2 = MatchRole(end + 1, &role, &dem, &peri);
    if (r2 <= end + 1 || peri) return nullptr;
    if (dem) return dem;
    if (const Actor* d = DemonymAt(r2)) return d;
    if (r2 >= n_ || !IsOf(keys_[r2])) return nullptr;
    uint32_t k = r2 + 1;
    if (k < n_ && IsArticle(keys_[k])) ++k;
    for (const Found& f : found)
      if (f.first == k && f.actor) return f.actor;
    return nullptr;
  }

  // English: "US President", "NATO Secretary General", "Libya's prime minister".
  const Actor* OrgBefore(std::vector<Found>& found, uint32_t* first) {
    uint32_t j = *first;
    if (j == 0) return nullptr;
    uint32_t k = j;
    if ((keys_[k - 1] == "' s" || keys_[k - 1] == "'s") && k >= 2) --k;
    if (const Actor* d = DemonymAt(k - 1)) {
      *first = k - 1;
      for (size_t x = 0; x < found.size(); ++x)  // the demonym's own mention is part of this one
        if (found[x].end == k && found[x].first == k - 1) {
          found.erase(found.begin() + static_cast<long>(x));
          break;
        }
      return d;
    }
    for (Found& f : found)
      if (f.end == k && f.actor) {
        const Actor* org = f.actor;
        *first = f.first;
        found.erase(found.begin() + (&f - found.data()));
        return org;
      }
    return nullptr;
  }

  void HandleRole(std::vector<Found>& found, uint32_t i, uint32_t end, const RolePhrase& role,
                  const Actor* dem, bool peri) {
    const Actor* org = nullptr;
    if (peri) {
      org = kb_.Find(role.org);
      uint32_t e2 = end;
      if (const Actor* named = OrgAfter(found, &e2); named == org) end = e2;
    } else {
      org = dem;
      if (!org) org = OrgAfter(found, &end);
      if (!org && lang_ == Lang::kEn) org = OrgBefore(found, &i);
      if (!org) org = OrgOfCoordinatedRole(found, end);
    }
    // Apposition: a name follows ("le président turc Recep Tayyip Erdogan", "..., Jens
    // Stoltenberg,"). The name carries the mention; the role tells a new name's post.
    uint32_t k = end;
    if (k < n_ && keys_[k] == ",") ++k;
    if (Found* f = FoundAt(found, k); f && f->actor && f->actor->type == "person") {
      f->first = i;
      for (uint32_t j = i; j < end; ++j) covered_[j] = true;
      return;
    }
    uint32_t name_end = UnknownName(k);
    Found m;
    m.first = i;
    m.end = end;
    std::string post;
    const std::string org_id = org ? org->id : "";
    if (name_end > k && name_end - k <= 4 && (k == end || name_end - k >= 2)) {
      // A name the base does not know, with its post from the text.
      m.end = name_end;
      m.new_name = std::string(doc_.View({Tok(k).span.start, Tok(name_end - 1).span.end}));
      m.new_affiliation = org ? org->affiliation : "";
      m.sector = SectorOfRole(role.role, org);
      m.post = org ? role.role + "@" + org_id : role.role;
      m.method = "new-name-with-title";
      m.confidence = 0.7;
    } else if (org && role.role == "ambassador") {
      // An ambassador's post is named by the sending state, not the host: the state acts.
      m.actor = org;
      m.sector = "GOV";
      m.method = "role-at-date";
      m.confidence = 0.6;
    } else if (org) {
      // "un responsable du Hamas", "a US official": one of several, not the post's holder.
      const bool indefinite = i > 0 && In(keys_[i - 1], {"un", "une", "a", "an"});
      // Without the article's date the current holder is a guess: only someone the
      // article itself names with that post is taken, else the body.
      if (!indefinite) m.actor = date_ > 0 ? Holder(role.role, org_id, &post) : NamedHolder(role.role, org_id, &post);
      m.post = post;
      m.method = peri ? "periphrasis" : "role-at-date";
      m.confidence = m.actor ? (date_ > 0 ? 0.85 : 0.6) : 0.3;
      if (!m.actor) {  // the post is known, not its holder: the body acts
        m.actor = org;
        m.sector = SectorOfRole(role.role, org);
        m.confidence = 0.5;
      }
    } else {
      // No body named: the last person of the article who holds that role.
      m.actor = LastPersonWithRole(role.role);
      m.method = m.actor ? "coreference" : "role-unresolved";
      m.confidence = m.actor ? 0.6 : 0.2;
    }
    for (uint32_t j = m.first; j < m.end; ++j) covered_[j] = true;
    found.push_back(std::move(m));
  }

  // A person the article has named who held ROLE at ORG at some time (no date known).
  const Actor* NamedHolder(const std::string& role, const std::string& org, std::string* post) const {
    for (auto it = doc_found_.rbegin(); it != RecentEnd(); ++it)
      if (it->actor && it->actor->type == "person")
        for (const Post& p : it->actor->posts)
          if (p.role == role && p.org == org) {
            *post = role + "@" + org;
            return it->actor;
          }
    return nullptr;
  }

  const Actor* LastPersonWithRole(const std::string& role) const {
    for (auto it = doc_found_.rbegin(); it != RecentEnd(); ++it)
      if (it->actor && it->actor->type == "person")
        for (const Post& p : it->actor->posts)
          if (p.role == role && (date_ == 0 || p.Covers(date_))) return it->actor;
    return nullptr;
  }

  void HandleAgent(std::vector<Found>& found, uint32_t i, const std::string& sector) {
    // "leurs troupes d'Afghanistan", "its forces in": a possessive says whose body it is (the
    // clause's subject), and what follows is a place, not the owner.
    // ("son homologue égyptien" is the exception: the counterpart is someone else's.)
    if (i > 0 && In(keys_[i - 1], {"son", "sa", "ses", "leur", "leurs", "its", "their", "his", "her", "our", "nos", "notre"}) &&
        !In(keys_[i], {"homologue", "homologues", "counterpart", "counterparts"}))
      return;
    uint32_t end = i + 1;
    // "les forces armées libyennes", "les forces armées du maréchal X": one adjective may
    // sit between the noun and its owner.
    if (end + 1 < n_ && !DemonymAt(end) && (Tok(end).pos == Pos::kAdj || Tok(end).Has(kTokParticiple)) &&
        (DemonymAt(end + 1) || IsOf(keys_[end + 1])))
      ++end;
    uint32_t first = i;
    const Actor* org = OrgAfter(found, &end);
    if (!org) {  // "l'administration Trump", "le régime Assad"
      if (Found* f = FoundAt(found, end); f && f->actor && f->actor->type == "person") {
        org = f->actor;
        end = f->end;
        found.erase(found.begin() + (f - found.data()));
      }
    }
    if (!org && lang_ == Lang::kEn) org = OrgBefore(found, &first);
    if (!org) return;
    Found m;
    m.first = first;
    m.end = end;
    m.method = "agent";
    m.confidence = 0.75;
    if (org->type == "person") {
      // "les forces de Haftar": the body the person commands or leads, else their side.
      for (const Post& p : org->posts)
        if ((p.role == "commander" || p.role == "leader") && (date_ == 0 || p.Covers(date_)))
          if (const Actor* body = kb_.Find(p.org); body && body->type == "organisation") {
            m.actor = body;
            break;
          }
      if (!m.actor) {  // else the state the person acts for
        const Actor* state = kb_.Find(org->affiliation);
        m.actor = state ? state : org;
        m.sector = sector;
      }
    } else {
      m.actor = org;
      m.sector = org->type == "country" ? sector : "";
      // "le gouvernement libyen" in 2020 is the GNA: a government with a name of its own.
      if (org->type == "country" && In(keys_[i], {"gouvernement", "government"}))
        if (const Actor* body = NamedGovernment(org->id)) m.actor = body, m.sector.clear();
      // "son homologue russe": the holder of the same post in that country as the person
      // the sentence (or the article) last named by a post.
      if (org->type == "country" && In(keys_[i], {"homologue", "counterpart"}))  // plural: a body
        if (const Actor* peer = Counterpart(found, org->id, &m.post)) {
          m.actor = peer;
          m.sector.clear();
          m.method = "role-at-date";
          m.confidence = 0.7;
        }
    }
    for (uint32_t j = m.first; j < m.end; ++j) covered_[j] = true;
    found.push_back(std::move(m));
  }

  // The body holding "government@COUNTRY" at the date, if the base names one.
  const Actor* NamedGovernment(const std::string& country) const {
    if (date_ <= 0) return nullptr;
    const auto holders = kb_.Holders("government", country, date_);
    return holders.empty() ? nullptr : holders.back();
  }

  const Actor* Counterpart(const std::vector<Found>& found, const std::string& country,
                           std::string* post) const {
    auto role_of = [&](const Found& f) -> std::string {
      if (!f.actor || f.actor->type != "person") return {};
      if (!f.post.empty()) return f.post.substr(0, f.post.find('@'));
      const Post* p = kb_.ActivePost(*f.actor, date_ > 0 ? date_ : 99999998);
      return p ? p->role : std::string();
    };
    std::string role;
    for (auto it = found.rbegin(); it != found.rend() && role.empty(); ++it) role = role_of(*it);
    for (auto it = doc_found_.rbegin(); it != RecentEnd() && role.empty(); ++it) role = role_of(*it);
    if (role.empty()) return nullptr;
    return Holder(role, country, post);
  }

  void HandleTitle(std::vector<Found>& found, uint32_t i, uint32_t end, const std::string& sector) {
    // Title + a known name: the name's mention starts at the title.
    if (Found* f = FoundAt(found, end); f && (f->actor || !f->new_name.empty())) {
      if (!f->actor || f->actor->type == "person") f->first = i;
      return;
    }
    uint32_t name_end = UnknownName(end, /*after_title=*/true);
    Found m;
    m.first = i;
    if (name_end > end && name_end - end <= 4) {
      m.end = name_end;
      m.new_name = std::string(doc_.View({Tok(end).span.start, Tok(name_end - 1).span.end}));
      m.sector = sector;
      m.method = "new-name-with-title";
      m.confidence = 0.6;
      // An apposition after the name may give the post: "X, commandant d'Africom".
      uint32_t k = name_end;
      if (k < n_ && keys_[k] == ",") {
        const RolePhrase* role = nullptr;
        const Actor* dem = nullptr;
        bool peri = false;
        uint32_t rend = MatchRole(k + 1, &role, &dem, &peri);
        if (rend > k + 1) {
          const Actor* org = dem ? dem : OrgAfter(found, &rend);
          if (org) {
            m.new_affiliation = org->affiliation;
            m.post = role->role + "@" + org->id;
            if (m.sector.empty()) m.sector = SectorOfRole(role->role, org);
          }
        }
      }
    } else {
      // The title alone ("le maréchal", "le général"): the last person so titled.
      if (i == 0 || !IsArticle(keys_[i - 1])) return;
      m.end = end;
      std::string title;
      for (uint32_t j = i; j < end; ++j) title += (title.empty() ? "" : " ") + keys_[j];
      for (auto it = doc_found_.rbegin(); it != RecentEnd() && !m.actor; ++it) {
        if (!it->actor || it->actor->type != "person") continue;
        for (const auto& t : it->actor->titles)
          if (PhraseKey(t) == title) m.actor = it->actor;
        // Or introduced with that title in this article.
        if (!m.actor && it->first > 0 && it->first < doc_.tokens.size() &&
            PhraseKey(doc_.tokens[it->first].norm) == title)
          m.actor = it->actor;
      }
      if (!m.actor) return;
      m.method = "coreference";
      m.confidence = 0.65;
    }
    for (uint32_t j = m.first; j < m.end; ++j) covered_[j] = true;
    found.push_back(std::move(m));
  }

  const KnowledgeBase& kb_;
  Document& doc_;
  const Sentence& s_;
  int date_;
  std::vector<Found>& doc_found_;
  std::unordered_map<std::string, const Actor*>& learned_;
  std::unordered_set<const Actor*>& named_;
  std::unordered_map<std::string, Found>& surnames_;
  Lang lang_;
  uint32_t n_ = 0;
  std::vector<std::string> keys_;
  std::vector<bool> covered_;
  bool single_word_ = false;  // the phrase being picked is one token
};

}  // namespace

Result<ActorTagger> ActorTagger::Load(const KnowledgePaths& paths) {
  auto kb = KnowledgeBase::Load(paths);
  if (!kb.ok()) return kb.status();
  return ActorTagger(std::move(kb).value());
}

ActorRef ActorTagger::Ref(const Actor& a, int date, const std::string& post) const {
  ActorRef r;
  r.id = a.id;
  r.name = a.name;
  r.affiliation = a.affiliation;
  r.sector = a.sector;
  r.type = a.type;
  const std::string role = post.substr(0, post.find('@'));
  const Post* p = kb_->ActivePost(a, date > 0 ? date : 99999998, role);
  if (!p) return r;
  r.post = p->role + "@" + p->org;
  // A person acts for the body of the post held at the date: Stoltenberg is Norway's in
  // 2010 and NATO's in 2020; a military ruler's presidency is a government post.
  if (a.type == "person") {
    if (const Actor* org = kb_->Find(p->org)) {
      r.affiliation = org->type == "country" ? org->id : org->affiliation;
      r.sector = SectorOfRole(p->role, org);
    }
  }
  return r;
}

int ResolutionDate(const Document& doc) {
  if (auto d = doc.ReferenceDate()) return DateKey(*d);
  int latest = 0;
  for (const TimeExpr& t : doc.times) {
    if (t.kind != TimeExpr::Kind::kAbsolute || t.value.empty()) continue;
    Precision p;
    auto d = ParseIsoDate(t.value, &p);
    if (!d) continue;
    int key = 0;
    ParseDateBound(t.value, p != Precision::kDay, &key);
    latest = std::max(latest, key);
  }
  return latest;
}

void ActorTagger::Run(Document& doc) const {
  const int date = ResolutionDate(doc);
  std::vector<Found> found;
  SentenceTagger::Memory memory;
  for (const Sentence& s : doc.sentences) {
    SentenceTagger st(*this, doc, s, date, found, memory);
    st.Run();
  }
  doc.mentions.clear();
  for (const Found& f : found) {
    Mention m;
    m.span = {doc.tokens[f.first].span.start, doc.tokens[f.end - 1].span.end};
    m.method = f.method;
    m.confidence = f.confidence;
    m.is_place_use = f.place_use;
    if (f.actor) {
      ActorRef r = Ref(*f.actor, date, f.post);
      if (!f.sector.empty()) r.sector = f.sector;
      if (!f.post.empty()) r.post = f.post;
      m.actor = std::move(r);
    } else if (!f.new_name.empty()) {
      ActorRef r;
      r.id = "new:" + f.new_name;
      r.name = f.new_name;
      r.affiliation = f.new_affiliation;
      r.sector = f.sector;
      r.post = f.post;
      r.type = "person";
      m.actor = std::move(r);
    }
    doc.mentions.push_back(std::move(m));
  }
}

}  // namespace depeche::actors
