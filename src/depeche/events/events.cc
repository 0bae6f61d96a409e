#include "depeche/events/events.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "depeche/core/unicode.h"

namespace depeche::events {
namespace {

bool In(std::string_view w, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), w) != set.end();
}

bool IsPrep(const std::string& k) {
  return In(k, {"de", "du", "des", "d'", "a", "au", "aux", "avec", "par", "pour", "contre", "sur",
                "entre", "en", "dans", "vers", "chez", "envers", "selon", "aupres", "of", "with",
                "by", "for", "against", "on", "to", "from", "in", "into", "at", "between",
                "toward", "towards", "among", "about", "over", "under", "quant"});
}
// Determiners before a noun phrase. Keys are accent-folded, so English "a" and French "à"
// share a key: "a"/"an" count as articles in English only.
bool IsArticle(const std::string& k, Lang lang) {
  if (k == "a" || k == "an") return lang == Lang::kEn;
  return In(k, {"l'", "la", "le", "les", "un", "une", "the", "son", "sa", "ses", "leur",
                "leurs", "its", "their", "his", "her", "ce", "cet", "cette", "ces"});
}
// Words that end a clause when scanning right for an object.
bool IsClauseEnd(const std::string& k) {
  return In(k, {".", ";", ":", "?", "!", "que", "qu'", "qui", "mais", "tandis", "alors", "lorsque",
                "lorsqu'", "that", "which", "who", "but", "while", "whereas", "when", "after",
                "apres", "avant", "before", "since", "depuis"});
}
bool PrepMatches(const std::string& want, const std::string& k) {
  if (want == k) return true;
  if (want == "de") return In(k, {"du", "des", "d'"});
  if (want == "a") return In(k, {"au", "aux"});
  if (want == "en") return In(k, {"au", "aux"});
  if (want == "to") return k == "into";
  return false;
}

struct Arg {
  int mention = -1;  // index into doc.mentions
  std::vector<int> also;
  std::string path;
};

class SentenceCoder {
 public:
  struct State {
    int last_source = -1;                   // mention index of the last event's source
    int last_person = -1;                   // the last person seen in subject position
    std::pair<int, int> last_pair{-1, -1};  // the first CONSULT's two sides
    std::string narrative_date;             // last event date, this line
    Precision narrative_precision = Precision::kNone;
    uint32_t narrative_line = 0;
    std::map<std::string, int> last_source_by_type;  // "ces offensives": whose they were
  };

  SentenceCoder(const PatternSet& ps, Document& doc, const Sentence& s,
                const std::vector<int>& mention_start, const std::vector<int>& mention_cover,
                State& state, const EventCoder::LocationFn& location)
      : ps_(ps), doc_(doc), s_(s), mstart_(mention_start), mcover_(mention_cover), st_(state),
        location_(location), lang_(doc.lang == Lang::kEn ? Lang::kEn : Lang::kFr) {
    for (uint32_t i = s.first_token; i < s.end_token; ++i) keys_.push_back(MatchKey(doc.tokens[i].norm));
  }

  void Run(std::vector<Event>& out) {
    const uint32_t n = s_.end_token - s_.first_token;
    if (n == 0) return;
    RunTriggers(out);
    // The sentence's first person in subject position is who "il" means next.
    for (uint32_t k = 0; k < n; ++k) {
      const int m = MentionStartingAt(k);
      if (Usable(m, false) && doc_.mentions[m].actor->type == "person" && SubjectPosition(m)) {
        st_.last_person = m;
        break;
      }
    }
  }

 private:
  void RunTriggers(std::vector<Event>& out) {
    const uint32_t n = N();
    if (keys_.back() == "?") return;  // questions assert nothing
    for (uint32_t i = 0; i < n; ++i) {
      if (mcover_[Abs(i)] >= 0) continue;  // a word inside an actor's name is not a trigger
      const Token& t = Tok(i);
      const auto* pats = ps_.ByLemma(lang_, t.lemma);
      if (!pats) continue;
      for (const Pattern& p : *pats) {
        uint32_t end = 0;
        if (!MatchTrigger(p, i, &end)) continue;
        if (TryPattern(p, i, end, out)) {
          // The words of a matched trigger ("réaffirmer son soutien") trigger nothing else.
          if (p.trigger.size() > 1) i = end - 1;
          break;
        }
      }
    }
  }

  uint32_t Abs(uint32_t i) const { return s_.first_token + i; }
  const Token& Tok(uint32_t i) const { return doc_.tokens[s_.first_token + i]; }
  uint32_t N() const { return s_.end_token - s_.first_token; }
  const std::string& K(uint32_t i) const { return keys_[i]; }
  bool PosFits(char pos, const Token& t) const {
    switch (pos) {
      case 'V': return t.pos == Pos::kVerb || (t.pos == Pos::kAdj && t.Has(kTokParticiple));
      case 'N': return t.pos == Pos::kNoun;
      // The lexicon also lists "prêt", "ready" as adverbs, and the tagger may pick that.
      case 'A': return t.pos == Pos::kAdj || t.pos == Pos::kAdv || t.Has(kTokParticiple);
    }
    return false;
  }

  bool MatchTrigger(const Pattern& p, uint32_t i, uint32_t* end) const {
    const Token& t = Tok(i);
    if (!PosFits(p.pos, t) && !(p.pos == 'V' && t.pos == Pos::kNoun && t.Has(kTokParticiple)))
      return false;
    if (p.pronominal) {
      // se/s'/me/nous/vous just before the verb (or before its auxiliary).
      bool refl = false;
      for (uint32_t k = i; k-- > 0 && i - k <= 3;) {
        if (In(K(k), {"se", "s'", "me", "m'", "nous", "vous", "te", "t'"})) {
          refl = true;
          break;
        }
        if (Tok(k).pos != Pos::kAux && Tok(k).pos != Pos::kAdv && !In(K(k), {"ne", "n'"})) break;
      }
      if (!refl) return false;
    }
    uint32_t j = i + 1;
    for (size_t w = 1; w < p.trigger.size(); ++w) {
      if (p.trigger[w] == "*" || p.trigger[w] == "**") {
        if (w + 1 >= p.trigger.size()) break;
        const std::string& want = p.trigger[w + 1];
        const uint32_t gap = p.trigger[w] == "*" ? 3 : 8;
        bool ok = false;
        for (uint32_t g = j; g < N() && g <= j + gap && !IsClauseEnd(K(g)); ++g)
          if (Tok(g).lemma == want || Tok(g).norm == want) {
            j = g + 1, ok = true;
            break;
          }
        if (!ok) return false;
        ++w;
        continue;
      }
      if (j >= N() || (Tok(j).lemma != p.trigger[w] && Tok(j).norm != p.trigger[w])) return false;
      ++j;
    }
    if (!p.needs.empty()) {
      bool ok = false;
      for (uint32_t g = j; g < N() && g < j + 6 && !ok; ++g)
        for (const auto& nd : p.needs) ok |= Tok(g).lemma == nd || K(g) == MatchKey(nd);
      if (!ok) return false;
    }
    *end = j;
    return true;
  }

  // The auxiliary chain before a verb: "a rencontré", "s'est entretenu", "est attaqué".
  uint32_t VerbGroupStart(uint32_t i, bool* passive) const {
    uint32_t k = i;
    bool saw_etre = false, refl = false;
    while (k > 0) {
      const Token& prev = Tok(k - 1);
      if ((prev.pos == Pos::kAux || prev.pos == Pos::kAdv || In(K(k - 1), {"ne", "n'", "pas", "se", "s'", "not", "n't", "also", "aussi", "deja"})) &&
          !In(K(k - 1), {"pour", "afin", "sans", "to"})) {
        if (prev.pos == Pos::kAux && (prev.lemma == "être" || prev.lemma == "be")) saw_etre = true;
        if (In(K(k - 1), {"se", "s'"})) refl = true;
        --k;
        continue;
      }
      break;
    }
    // "a été attaqué": être after avoir is passive too; "s'est rendu" is pronominal.
    *passive = saw_etre && !refl && Tok(i).Has(kTokParticiple);
    // "Haftar, salué par Washington", "des otages enlevés en Israël par le Hamas": a
    // participle with its agent and no auxiliary.
    if (!saw_etre && k == i && Tok(i).Has(kTokParticiple) && !(k > 0 && Tok(k - 1).pos == Pos::kAux))
      for (uint32_t j = i + 1; j < N() && j <= i + 5; ++j) {
        if (In(K(j), {"par", "by"})) {
          *passive = true;
          break;
        }
        if (IsClauseEnd(K(j)) || K(j) == "," || Tok(j).Has(kTokFinite)) break;
      }
    return k;
  }

  // A present participle: the tagger's flag, or a French verb form in -ant that is not
  // finite ("soulignant", "invitant").
  bool IsGerund(uint32_t k) const {
    const Token& t = Tok(k);
    if (t.Has(kTokGerund)) return true;
    return lang_ == Lang::kFr && t.pos == Pos::kVerb && !t.Has(kTokFinite) && t.norm.size() > 4 &&
           t.norm.compare(t.norm.size() - 3, 3, "ant") == 0;
  }

  // An adjective trigger's clause starts at its copula: "était totalement opposé à".
  uint32_t CopulaStart(uint32_t i) const {
    uint32_t k = i;
    while (k > 0 && Tok(k - 1).pos == Pos::kAdv) --k;
    if (k > 0 && In(Tok(k - 1).lemma, {"être", "sembler", "paraître", "rester", "demeurer", "dire",
                                       "montrer", "déclarer", "be", "seem", "appear", "remain"})) {
      bool passive = false;
      return VerbGroupStart(k - 1, &passive);
    }
    return i;
  }

  bool Negated(uint32_t i, uint32_t group_start) const {
    if (lang_ == Lang::kFr) {
      for (uint32_t k = group_start >= 3 ? group_start - 3 : 0; k < i; ++k)
        if (In(K(k), {"ne", "n'"}))
          for (uint32_t m = k + 1; m < std::min<uint32_t>(N(), i + 3); ++m)
            if (In(K(m), {"pas", "jamais", "plus", "nullement", "guere", "point", "aucun", "aucune", "rien"}))
              return true;
      if (i > 0 && In(K(i - 1), {"sans", "aucun", "aucune"})) return true;
      if (i > 1 && K(i - 2) == "pas" && In(K(i - 1), {"de", "d'"})) return true;
    } else {
      for (uint32_t k = group_start >= 3 ? group_start - 3 : 0; k < i; ++k)
        if (In(K(k), {"not", "n't", "never", "no"})) return true;
      if (i > 0 && In(K(i - 1), {"without", "no"})) return true;
    }
    return false;
  }

  bool Hypothetical(uint32_t i) const {
    // A purpose clause or a modal: "pour qu'il soit soutenu", "could impose", "pourrait
    // frapper", "has the power to sanction".
    for (uint32_t k = i > 4 ? i - 4 : 0; k < i; ++k) {
      if (In(K(k), {"pour", "afin"}) && k + 1 < i && In(K(k + 1), {"que", "qu'"})) return true;
      if (In(K(k), {"could", "might", "may", "pourrait", "pourraient", "pourrais"}) &&
          (Tok(k).pos == Pos::kAux || Tok(k).pos == Pos::kVerb))
        return true;
      if (K(k) == "power" && k + 1 < i && K(k + 1) == "to") return true;
    }
    for (uint32_t k = i > 30 ? i - 30 : 0; k < i; ++k) {
      if (lang_ == Lang::kFr && (K(k) == "si" || (K(k) == "s'" && k + 1 < N() && In(K(k + 1), {"il", "ils"}))) &&
          Tok(k).pos != Pos::kAdv && !ConcessiveIf(k))
        return true;
      if (lang_ == Lang::kEn && In(K(k), {"if", "unless", "whether"}) && !ConcessiveIf(k)) return true;
    }
    return false;
  }

  // "si le soutien de X a été loué, …", "if X has praised Y, it has also…": a condition in
  // a perfect tense states a fact (concessive), unlike "si la Russie nous aide".
  bool ConcessiveIf(uint32_t si) const {
    for (uint32_t k = si + 1; k + 1 < N() && k <= si + 15; ++k) {
      if (K(k) == "," || IsClauseEnd(K(k))) break;
      if (Tok(k).pos == Pos::kAux && Tok(k).Has(kTokFinite) && !In(Tok(k).lemma, {"will", "would"}))
        for (uint32_t m = k + 1; m < N() && m <= k + 3; ++m)
          if (Tok(m).Has(kTokParticiple)) return true;
    }
    return false;
  }

  // French future ("se rendra", "signeront", "recevra"): a plan, not an act yet.
  bool FutureTense(uint32_t trig, uint32_t group_start) const {
    if (lang_ != Lang::kFr) return false;
    auto ends = [](std::string_view s, std::string_view e) {
      return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
    };
    for (uint32_t k = group_start; k <= trig && k < N(); ++k) {
      const Token& t = Tok(k);
      if ((t.pos != Pos::kVerb && t.pos != Pos::kAux) || !t.Has(kTokFinite)) continue;
      std::string stem = t.lemma;  // "rencontrer" → "rencontrer-", "prendre" → "prendr-"
      if (ends(stem, "re")) stem.pop_back();
      else if (!ends(stem, "er") && !ends(stem, "ir")) continue;
      for (std::string_view e : {"a", "ont", "ai", "ons", "ez", "as"})
        if (t.norm.size() == stem.size() + e.size() && t.norm.compare(0, stem.size(), stem) == 0 && ends(t.norm, e))
          return true;
      // Irregular future stems.
      for (std::string_view irr : {"ser", "aur", "ir", "fer", "viendr", "verr", "pourr", "devr", "tiendr",
                                   "enverr", "voudr", "recevr", "rejoindr", "rendr"})
        for (std::string_view e : {"a", "ont"})
          if (t.norm.size() == irr.size() + e.size() && t.norm.compare(0, irr.size(), irr) == 0 && ends(t.norm, e))
            return true;
    }
    return false;
  }

  bool IntentMarked(uint32_t i) const {
    for (uint32_t k = i >= 6 ? i - 6 : 0; k < i; ++k) {
      // "s'est dite prête à": the tagger may read "prête" as the verb "prêter".
      if (In(K(k), {"prete", "pretes", "prets"})) return true;
      const std::string& l = Tok(k).lemma;
      if (In(l, {"prêt", "disposé", "prévoir", "envisager", "compter", "vouloir", "volonté", "devoir",
                 "intention", "promettre", "proposer", "offrir", "s'engager", "engager",
                 "ready", "willing", "plan", "intend", "pledge", "offer", "prepared", "promise",
                 "will"}))
        return true;
    }
    return false;
  }

  // "la nécessité d'intensifier la coopération", "appelle à une coopération": cooperation
  // asked for, not carried out.
  bool RequestMarked(uint32_t i) const {
    return LemmaBefore(i, 8, {"nécessité", "appeler", "plaider", "exhorter", "réclamer", "demander",
                              "souhaiter", "espérer", "urge", "call", "need", "demand", "ask", "hope"});
  }

  // One of these lemmas within `reach` words before token i.
  bool LemmaBefore(uint32_t i, uint32_t reach, std::initializer_list<std::string_view> lemmas) const {
    for (uint32_t k = i >= reach ? i - reach : 0; k < i; ++k)
      if (In(Tok(k).lemma, lemmas)) return true;
    return false;
  }

  // "a suspendu son aide", "halted cooperation": the act is withdrawn, not done.
  // ("suspended security cooperation and financial aid": a coordinated noun shares it.)
  bool SuspendMarked(uint32_t i) const {
    return LemmaBefore(i, Tok(i).pos == Pos::kNoun ? 7 : 4,
                       {"suspendre", "geler", "interrompre", "couper", "cesser", "arrêter", "arrêt",
                        "suspension", "cessation", "gel", "interruption", "suspend", "halt",
                        "freeze", "cut", "stop", "end", "terminate", "withhold", "block"});
  }
  // "refuse de reconnaître", "declined to meet": a refusal of the act.
  bool RefusalMarked(uint32_t i) const {
    return LemmaBefore(i, 4, {"refuser", "rejeter", "décliner", "refuse", "decline", "reject"});
  }

  bool SubjectPosition(int m) const {
    if (doc_.mentions[m].method == "demonym-adjective") return false;
    uint32_t first = MentionFirst(m);
    if (first > 0 && IsArticle(K(first - 1), Lang::kFr)) --first;  // "de la Marine russe"
    if (first == 0) return true;
    const std::string& before = K(first - 1);
    // "des milliers de Soudanais", "hundreds of protesters": the quantity is not the head.
    if (In(before, {"de", "d'", "of"}) && first >= 2 &&
        In(Tok(first - 2).lemma, {"millier", "centaine", "dizaine", "groupe", "foule", "milliers",
                                   "thousand", "hundred", "dozen", "group", "crowd", "thousands",
                                   "hundreds", "dozens"}))
      return true;
    return !IsPrep(before) || In(before, {"et", "and"});
  }

  // Token range of a mention in this sentence (binary searches: sentences can be long).
  uint32_t MentionFirst(int m) const {
    const Mention& mm = doc_.mentions[m];
    const auto b = doc_.tokens.begin() + s_.first_token, e = doc_.tokens.begin() + s_.end_token;
    const auto it = std::lower_bound(b, e, mm.span.start,
                                     [](const Token& t, uint32_t at) { return t.span.start < at; });
    return static_cast<uint32_t>(it - b);
  }
  uint32_t MentionEnd(int m) const {
    const Mention& mm = doc_.mentions[m];
    const auto b = doc_.tokens.begin() + s_.first_token, e = doc_.tokens.begin() + s_.end_token;
    const auto it = std::upper_bound(b + MentionFirst(m), e, mm.span.end,
                                     [](uint32_t at, const Token& t) { return at < t.span.end; });
    return static_cast<uint32_t>(it - b);
  }
  int MentionStartingAt(uint32_t i) const { return i < N() ? mstart_[Abs(i)] : -1; }
  int MentionEndingAt(uint32_t i) const {  // mention whose last token is i
    if (i >= N()) return -1;
    const int m = mcover_[Abs(i)];
    if (m < 0) return -1;
    return MentionEnd(m) == i + 1 ? m : -1;
  }
  bool Usable(int m, bool allow_place) const {
    if (m < 0) return false;
    const Mention& mm = doc_.mentions[m];
    return mm.actor && !mm.actor->affiliation.empty() && (allow_place || !mm.is_place_use);
  }

  // Coordinated mentions after m: "la Russie et les États-Unis", "X, Y and Z".
  std::vector<int> Coordinated(int m) const {
    std::vector<int> out;
    uint32_t j = MentionEnd(m);
    while (j < N() && In(K(j), {"et", "and", ",", "ainsi"})) {
      uint32_t k = j + 1;
      if (K(j) == "ainsi" && k < N() && K(k) == "que") ++k;
      if (k < N() && IsArticle(K(k), lang_)) ++k;
      const int nx = MentionStartingAt(k);
      if (!Usable(nx, false)) break;
      out.push_back(nx);
      j = MentionEnd(nx);
    }
    return out;
  }

  // The agent written on the noun itself: "the US strikes", "Russia's invasion", "les
  // frappes américaines", "l'invasion russe".
  int NominalAgent(uint32_t trig, uint32_t end) const {
    uint32_t k = trig;
    if (k > 0 && (K(k - 1) == "' s" || K(k - 1) == "'s")) --k;
    if (k > 0) {
      const int m = MentionEndingAt(k - 1);
      if (Usable(m, false) && lang_ == Lang::kEn) return m;
    }
    if (end < N()) {
      const int m = MentionStartingAt(end);
      if (m >= 0 && doc_.mentions[m].method == "demonym-adjective" && Usable(m, false)) return m;
    }
    return -1;
  }

  // A noun trigger's subject is its governing verb's ("a annoncé l'envoi d'armes"): the scan
  // starts before that verb's auxiliaries rather than at the noun.
  uint32_t NominalGovernor(uint32_t trig, uint32_t group_start) const {
    if (Tok(trig).pos == Pos::kVerb) return group_start;
    for (uint32_t k = trig; k-- > 0 && trig - k <= 12;) {
      if (IsClauseEnd(K(k)) || K(k) == ",") break;
      // The governing verb may be a light "avoir"/"have" tagged as an auxiliary.
      if ((Tok(k).pos == Pos::kVerb || Tok(k).pos == Pos::kAux) && !Tok(k).Has(kTokInQuote)) {
        bool passive = false;
        return VerbGroupStart(k, &passive);
      }
    }
    return group_start;
  }

  // Subject: the nearest mention in subject position to the left, skipping relative clauses.
  // `control`: the trigger is an infinitive ("s'est rendu à Istanbul pour s'entretenir
  // avec X"), whose subject is the governing clause's, across its verb.
  int ScanSubject(uint32_t from, std::string* path, bool control = false) const {
    bool crossed_verb = false;  // a finite verb of another clause lies between
    // "X est monté à bord et a discuté avec Y", "X condemned Y and threatened sanctions": a
    // coordinated verb shares the first verb's subject, found from that verb.
    if (from > 1 && In(K(from - 1), {"et", "and"}) && from < N() && !control &&
        (Tok(from).pos == Pos::kAux || Tok(from).pos == Pos::kVerb || In(K(from), {"se", "s'"})))
      for (uint32_t k = from - 1; k-- > 0 && from - k <= 25;) {
        if (In(K(k), {".", ";", "que", "qu'", "that"})) break;
        if ((Tok(k).pos == Pos::kVerb || Tok(k).pos == Pos::kAux) && Tok(k).Has(kTokFinite) &&
            !Tok(k).Has(kTokInQuote)) {
          bool passive = false;
          from = VerbGroupStart(k, &passive);
          break;
        }
      }
    // A subject lies within a few dozen words; the bound keeps run-on "sentences" linear.
    const uint32_t stop = from > 60 ? from - 60 : 0;
    for (uint32_t k = from; k-- > stop;) {
      const std::string& key = K(k);
      // ", qui accuse Kigali de soutenir le M23," : an incidental relative clause between the
      // verb and its subject; skip to its pronoun, whose antecedent is the subject.
      if (key == ",") {
        uint32_t r = k;
        while (r-- > stop && k - r <= 20 && !In(K(r), {",", ".", ";", ":"})) {
          if (In(K(r), {"qui", "who", "which"}) && r > 0 && K(r - 1) == ",") {
            k = r + 1;
            break;
          }
        }
        if (k == r + 1) continue;
      }
      // "ainsi que" coordinates; "que" alone opens a complement clause.
      if (In(key, {"que", "qu'", "that"}) && !(k > 0 && K(k - 1) == "ainsi")) break;
      if ((Tok(k).pos == Pos::kAux || (Tok(k).pos == Pos::kVerb && Tok(k).Has(kTokFinite))) &&
          !Tok(k).Has(kTokInQuote) && !ps_.IsSpeechVerb(lang_, Tok(k).lemma))
        crossed_verb = true;
      if (In(key, {"qui", "who", "which"})) {  // relative: the antecedent is the subject
        for (uint32_t a = k; a-- > 0;) {
          if (K(a) == ",") continue;
          const int m = MentionEndingAt(a);
          if (Usable(m, false)) {
            *path = "subj(antecedent of relative)";
            return m;
          }
          break;
        }
        break;
      }
      const int m = MentionEndingAt(k);
      // Past another clause's verb, a mention is that clause's subject or object, unless
      // an apposition comma or a participial clause separates us ("X, meeting Y, said").
      if (crossed_verb && !control && Usable(m, false) && !(k + 1 < N() && K(k + 1) == ",")) continue;
      if (Usable(m, false) && SubjectPosition(m)) {
        *path = "subj";
        int start = static_cast<int>(MentionFirst(m));
        // Coordinated subjects "X, Y et (le) Z ont …": take the first. A comma counts only
        // once an "et" has closed the list ("Après Bamako, le ministre" is no list).
        bool listed = false;
        int first_conjunct = m;
        while (start >= 2) {
          const int at = start >= 3 && IsArticle(K(start - 1), lang_) ? start - 1 : start;
          if (!In(K(at - 1), {"et", "and"}) && !(listed && K(at - 1) == ",")) break;
          listed = true;
          const int prev = MentionEndingAt(at - 2);
          if (!Usable(prev, false)) break;
          start = static_cast<int>(MentionFirst(prev));
          if (!SubjectPosition(prev)) break;
          first_conjunct = prev;
        }
        return first_conjunct;
      }
      // Pronoun subjects: the discourse subject.
      if (In(key, {"il", "elle", "he", "she", "-t-il", "-il", "-elle", "-t-elle"}) &&
          Tok(k).pos == Pos::kPron) {
        // A singular personal pronoun: the last person in subject position, else the
        // last event's source.
        *path = "subj(pronoun→previous person)";
        return st_.last_person >= 0 ? st_.last_person : st_.last_source;
      }
      if (In(key, {"ils", "elles", "they", "-ils", "-elles"}) && Tok(k).pos == Pos::kPron) {
        *path = "subj(pronoun→previous subject)";
        return st_.last_source;
      }
      if (In(key, {"nous", "we", "je", "i"}) && Tok(k).Has(kTokInQuote)) {
        *path = "subj(first person in quote→speaker)";
        return Speaker();
      }
      if (key == "dernier" && k > 0 && K(k - 1) == "ce") {
        *path = "subj(ce dernier)";
        return LastMentionBefore(k - 1);
      }
      if (In(key, {"responsables", "parties", "dirigeants", "sides", "leaders", "officials"}) && k > 0 &&
          In(K(k - 1), {"deux", "two"})) {
        *path = "subj(les deux → the main meeting's sides)";
        both_sides_ = true;
        return st_.last_pair.first;
      }
    }
    return -1;
  }

  // The last person named before token k ("ce dernier"); mentions are in text order.
  int LastMentionBefore(uint32_t k) const {
    const uint32_t at = doc_.tokens[Abs(k)].span.start;
    const auto it = std::lower_bound(doc_.mentions.begin(), doc_.mentions.end(), at,
                                     [](const Mention& m, uint32_t pos) { return m.span.end <= pos; });
    for (auto m = it; m != doc_.mentions.begin() && it - m < 400;) {
      --m;
      if (m->actor && m->actor->type == "person") return static_cast<int>(m - doc_.mentions.begin());
    }
    return -1;
  }

  // The speaker of a quote: a mention near a speech verb outside the quotes, else the
  // discourse subject.
  int Speaker() const {
    if (speaker_cached_) return speaker_;
    speaker_cached_ = true;
    speaker_ = FindSpeaker();
    return speaker_;
  }
  int FindSpeaker() const {
    for (uint32_t k = 0; k < N(); ++k) {
      if (Tok(k).Has(kTokInQuote) || !ps_.IsSpeechVerb(lang_, Tok(k).lemma)) continue;
      for (uint32_t d = 1; d <= 6; ++d) {
        if (k + d < N() && Usable(MentionStartingAt(k + d), false) && !Tok(k + d).Has(kTokInQuote))
          return MentionStartingAt(k + d);
        if (k >= d && Usable(MentionEndingAt(k - d), false) && !Tok(k - d).Has(kTokInQuote))
          return MentionEndingAt(k - d);
      }
    }
    // "« … », a-t-il dit", or a quote standing alone: the person the text is about.
    return st_.last_person >= 0 ? st_.last_person : st_.last_source;
  }

  // The first subject of the sentence (for participial clauses "…, saluant …").
  int MainSubject(std::string* path) const {
    for (uint32_t k = 0; k < N(); ++k) {
      const int m = MentionStartingAt(k);
      if (Usable(m, false) && SubjectPosition(m)) {
        *path = "subj(main clause of participle)";
        return m;
      }
      if (Tok(k).pos == Pos::kVerb && Tok(k).Has(kTokFinite)) break;
    }
    *path = "subj(previous subject)";
    return st_.last_source;
  }

  int ScanObject(uint32_t from, std::string* path) const {
    for (uint32_t k = from; k < N() && k < from + 12; ++k) {
      if (IsClauseEnd(K(k))) break;
      const int m = MentionStartingAt(k);
      if (m >= 0) {
        // "a formé des soldats", "a libéré du personnel": a partitive right after the verb
        // introduces the object.
        const bool partitive = k >= 1 && In(K(k - 1), {"des", "du", "de", "d'"}) && k - 1 <= from + 1;
        // The word before the phrase, past its article: "par le Hamas" is not an object.
        const uint32_t before = k >= 2 && IsArticle(K(k - 1), lang_) ? k - 2 : k - 1;
        if (Usable(m, false) && (k == 0 || partitive || !IsPrep(K(before)))) {
          *path = "obj";
          return m;
        }
        k = MentionEnd(m) - 1;
        continue;
      }
      if (Tok(k).pos == Pos::kVerb && Tok(k).Has(kTokFinite)) break;
      // The object is a noun phrase that is not an actor ("libérer des otages enlevés par X",
      // "condamné les frappes de la Russie"): the actor inside it, if any, else none.
      if (Tok(k).pos == Pos::kNoun && k > from &&
          (IsArticle(K(k - 1), lang_) || In(K(k - 1), {"des", "du", "de", "d'"}))) {
        std::string inner;
        const int in_np = NounPhraseActor(k, &inner);
        if (Usable(in_np, false)) {
          *path = "obj" + inner;
          return in_np;
        }
      }
    }
    return -1;
  }

  int ScanPrep(uint32_t from, const ArgSlot& slot, std::string* path) const {
    // The preposition follows the trigger closely (a few modifiers, or the object, between):
    // "soutien au général X de la Libye" must not take "de la Libye" as the source.
    int mentions_passed = 0;
    for (uint32_t k = from; k < N() && k < from + 8; ++k) {
      if (In(K(k), {".", ";", "?", "!"}) || IsClauseEnd(K(k))) break;
      if (lang_ == Lang::kFr && In(K(k), {"pour", "afin"}) && slot.prep != "pour") break;
      if (mstart_[Abs(k)] >= 0 && !PrepMatches(slot.prep, K(k))) {
        if (++mentions_passed > 1) break;
        k = MentionEnd(mstart_[Abs(k)]) - 1;
        continue;
      }
      // A noun's "de" complement comes before any other preposition: in "sa position envers
      // l'agression du général X", X is not the position's holder.
      if (!PrepMatches(slot.prep, K(k))) {
        if (slot.prep == "de" && k > from && IsPrep(K(k))) break;
        continue;
      }
      uint32_t j = k + 1;
      if (slot.prep == "quant" && j < N() && In(K(j), {"a", "au", "aux"})) ++j;  // "quant à"
      int m = NounPhraseActor(j, path);
      if (!Usable(m, true)) continue;
      if (slot.nth == 2) {
        auto also = Coordinated(m);
        if (also.empty()) return -1;
        m = also.front();
      }
      *path = "prep:" + slot.prep + (slot.nth == 2 ? "#2" : "") + *path;
      return m;
    }
    return -1;
  }

  // The actor a noun phrase starting at j stands for: a mention at its head ("la Russie"),
  // after an adjective, among its first words ("le commandement général libyen"), or inside
  // a "de" complement ("la présence des mercenaires de Wagner"); "ce dernier"; "ces
  // offensives": the source of the last event of that type. Sets *path to how, or empty.
  int NounPhraseActor(uint32_t j, std::string* path) const {
    path->clear();
    if (j + 1 < N() && K(j) == "ce" && K(j + 1) == "dernier") {
      *path = "(ce dernier)";
      return LastMentionBefore(j);
    }
    const bool demonstrative = j < N() && In(K(j), {"ce", "cet", "cette", "ces", "this", "these"});
    if (j < N() && IsArticle(K(j), lang_)) ++j;
    if (int m = MentionStartingAt(j); m >= 0) return m;
    if (demonstrative && j < N() && Tok(j).pos == Pos::kNoun)
      if (const auto* pats = ps_.ByLemma(lang_, Tok(j).lemma))
        for (const Pattern& p : *pats)
          if (p.pos == 'N')
            if (auto it = st_.last_source_by_type.find(p.type); it != st_.last_source_by_type.end()) {
              *path = "(source of the earlier " + p.type + ")";
              return it->second;
            }
    // Descend through the head's modifiers and up to two "de" complements.
    bool saw_participle = false;
    for (uint32_t k = j, depth = 0; k < N() && k < j + 10; ++k) {
      if (int m = MentionStartingAt(k); m >= 0) {
        if (k > j) *path = "(in the noun phrase)";
        // "la société russe « Wagner »": the name after a nationality is the actor.
        if (doc_.mentions[m].method == "demonym-adjective")
          for (uint32_t x = k + 1; x < N() && x <= k + 2; ++x) {
            if (const int named = MentionStartingAt(x); Usable(named, false)) return named;
            if (!Tok(x).Has(kTokPunct)) break;
          }
        return m;
      }
      const Token& t = Tok(k);
      // "l'agression menée par les milices de X", "le travail effectué au préalable par X":
      // the agent of a participle, too.
      saw_participle |= t.Has(kTokParticiple);
      const bool agent = In(K(k), {"par", "by"}) && saw_participle;
      if (!agent && saw_participle && IsPrep(K(k))) continue;  // "effectué au préalable"
      if (agent || In(K(k), {"de", "du", "des", "d'", "of"})) {
        if (++depth > 2) break;
        if (k + 1 < N() && IsArticle(K(k + 1), lang_)) ++k;
        continue;
      }
      if (t.pos != Pos::kNoun && t.pos != Pos::kAdj && t.pos != Pos::kProperNoun && !t.Has(kTokParticiple))
        break;
    }
    return -1;
  }

  // A clitic before the verb fills the object or the "à" slot: "nous lui demandons de…",
  // "they urged him to…" is written after the verb in English, so French only. Its
  // antecedent: the last actor named before it other than the source.
  int CliticTarget(uint32_t group_start, int source, std::string* path) const {
    if (lang_ != Lang::kFr) return -1;
    for (uint32_t k = group_start >= 2 ? group_start - 2 : 0; k < group_start + 1 && k < N(); ++k)
      if (In(K(k), {"lui", "leur"}) && Tok(k).pos == Pos::kPron) {
        *path = "clitic '" + K(k) + "' → previous actor";
        const uint32_t at = Tok(k).span.start;
        const auto first_after = std::lower_bound(
            doc_.mentions.begin(), doc_.mentions.end(), at,
            [](const Mention& m, uint32_t pos) { return m.span.end <= pos; });
        for (size_t m = static_cast<size_t>(first_after - doc_.mentions.begin()); m-- > 0;) {
          const Mention& mm = doc_.mentions[m];
          if (!Usable(static_cast<int>(m), false)) continue;
          if (source >= 0 && mm.actor->id == doc_.mentions[source].actor->id) continue;
          return static_cast<int>(m);
        }
      }
    return -1;
  }

  // The subject of a complement clause right after the trigger: "espère que les États-Unis
  // participeront", "hopes Russia will".
  int ComplementSubject(uint32_t end, std::string* path) const {
    uint32_t k = end;
    while (k < N() && k < end + 3 && !In(K(k), {"que", "qu'", "that"})) {
      if (MentionStartingAt(k) >= 0 || IsClauseEnd(K(k))) break;
      ++k;
    }
    if (k < N() && In(K(k), {"que", "qu'", "that"})) ++k;
    else if (lang_ != Lang::kEn || k != end) return -1;  // English may drop "that"
    if (k < N() && IsArticle(K(k), lang_)) ++k;
    const int m = MentionStartingAt(k);
    if (!Usable(m, false)) return -1;
    *path = "comp(subject of the complement clause)";
    return m;
  }

  int FindArg(const std::vector<ArgSlot>& slots, char pos, uint32_t trig, uint32_t end,
              uint32_t group_start, bool passive, std::string* path, int exclude) const {
    for (const ArgSlot& slot : slots) {
      int m = -1;
      switch (slot.kind) {
        case ArgSlot::Kind::kNone: *path = "none"; return -1;
        case ArgSlot::Kind::kSubj:
          if (passive) {  // "est attaqué par X": the agent is the logical subject
            ArgSlot by;
            by.kind = ArgSlot::Kind::kPrep;
            by.prep = lang_ == Lang::kEn ? "by" : "par";
            m = ScanPrep(end, by, path);
            break;
          }
          if (pos == 'N' && (m = NominalAgent(trig, end)) >= 0) {
            *path = "subj(agent of the noun)";
            break;
          }
          {
            // A participial clause ("…, soulignant sa position ferme envers X") takes the
            // main clause's subject, whether the trigger is the participle or its object.
            const uint32_t gov = NominalGovernor(trig, group_start);
            const bool own = IsGerund(trig);
            const uint32_t head = own ? trig : gov;
            if (IsGerund(head) && (head == 0 || K(head - 1) == "," ||
                                   (own && (K(head - 1) == "en" || K(head - 1) == "while"))))
              m = MainSubject(path);
            else
              m = ScanSubject(gov, path, Tok(trig).Has(kTokInfinitive));
          }
          break;
        case ArgSlot::Kind::kObj:
          if (passive) {  // the grammatical subject is the logical object
            // "des otages enlevés par X": a participle after its noun has that noun as object.
            if (group_start == trig && trig > 0 && Tok(trig - 1).pos == Pos::kNoun && mcover_[Abs(trig - 1)] < 0)
              break;
            m = ScanSubject(group_start, path);
            break;
          }
          if (pos == 'V') m = CliticTarget(group_start, exclude, path);
          if (m < 0) m = ScanObject(end, path);
          // "considère X, le seul gouvernement légitime": the object sits inside the trigger.
          if (m < 0 && obj_inside_) m = ScanObject(trig + 1, path);
          break;
        case ArgSlot::Kind::kPrep:
          if (pos == 'V' && (slot.prep == "a")) m = CliticTarget(group_start, exclude, path);
          if (m < 0) m = ScanPrep(end, slot, path);
          break;
        case ArgSlot::Kind::kComp:
          m = ComplementSubject(end, path);
          break;
      }
      if (m >= 0 && m != exclude) return m;
    }
    return -1;
  }

  // "urged Russia to withdraw", "a appelé X à respecter", "agreed to deepen cooperation":
  // the act in an infinitive complement of a request, threat, refusal or agreement is asked
  // for, threatened, refused or promised: that event says it, the complement is not an act.
  // What a request, threat, refusal, promise or accusation is about is asked, threatened,
  // refused, promised or alleged: "accuse Kigali de soutenir le M23" is no SUPPORT.
  static bool Governs(const std::string& type) {
    return type == "REQUEST" || type == "THREATEN" || type == "REJECT" || type == "AGREE" ||
           type == "ACCUSE";
  }
  // The first finite verb (outside quotes) after the governing trigger, found once per
  // governing trigger: long sentences hold many triggers.
  uint32_t FirstFiniteAfterGoverning() const {
    if (finite_scan_from_ != governing_end_) {
      finite_scan_from_ = governing_end_;
      first_finite_ = N();
      for (uint32_t k = governing_end_; k < N(); ++k)
        if ((Tok(k).pos == Pos::kVerb || Tok(k).pos == Pos::kAux) && Tok(k).Has(kTokFinite) &&
            !Tok(k).Has(kTokInQuote)) {
          first_finite_ = k;
          break;
        }
    }
    return first_finite_;
  }

  bool GovernedInfinitive(uint32_t trig) const {
    if (governing_end_ == 0 || trig < governing_end_) return false;
    // "demande que Y se retire", "hopes that X will lift": the complement clause is asked for.
    for (uint32_t k = governing_end_; k < trig && k < governing_end_ + 5; ++k)
      if (In(K(k), {"que", "qu'", "that"})) return true;
    // A finite verb heads a clause of its own ("prêt à nous aider, nous lui demandons").
    // (English base forms read as finite: "urge both parties to … and engage in talks".)
    if (lang_ == Lang::kFr && Tok(trig).Has(kTokFinite)) return false;
    // Nor what follows another finite French verb: "Kinshasa, qui accuse Kigali de …, a
    // décidé d'expulser" (the main clause resumes).
    if (lang_ == Lang::kFr && trig > FirstFiniteAfterGoverning()) return false;
    // A noun in the "de" complement: "sont convenues de la nécessité de la coordination".
    if (Tok(trig).pos == Pos::kNoun && trig <= governing_end_ + 10 && governing_end_ < N() &&
        In(K(governing_end_), {"de", "d'", "du", "des", "to", "on"})) {
      bool same_clause = true;
      for (uint32_t k = governing_end_; k < trig; ++k) same_clause &= !IsClauseEnd(K(k)) && K(k) != ",";
      if (same_clause) return true;
    }
    const bool infinitive = Tok(trig).Has(kTokInfinitive) ||
                            (trig > 0 && In(K(trig - 1), {"to", "a", "de", "d'", "of"}));
    // A noun in the complement ("to deepen their cooperation") is governed too.
    bool after_inf = false;
    for (uint32_t k = trig; k-- > governing_end_ && trig - k <= 25;) {
      if (IsClauseEnd(K(k))) break;
      after_inf |= Tok(k).Has(kTokInfinitive) || K(k) == "to";
    }
    return infinitive || after_inf;
  }

  // "tentent d'arracher un accord", "seeking to free hostages": an attempt is not an act.
  bool AttemptMarked(uint32_t i) const {
    return LemmaBefore(i, 4, {"tenter", "essayer", "chercher", "œuvrer", "viser", "try", "seek",
                              "attempt", "aim", "strive"});
  }

  // A participle in apposition ("X, soutenu par Y,") or in a relative clause ("qui est
  // soutenu", "which is backed").
  bool Descriptive(uint32_t trig, uint32_t group_start) const {
    if (group_start == trig && trig > 0 && K(trig - 1) == ",") return true;
    for (uint32_t k = group_start >= 2 ? group_start - 2 : 0; k < group_start; ++k)
      if (In(K(k), {"qui", "which", "who", "that"})) return true;
    return false;
  }

  // "expulsé en raison de l'appui au M23", "a measure due to Rwanda's aggression": an act
  // given as the reason of another is that actor's allegation, coded by the main event.
  bool GivenAsCause(uint32_t trig) const {
    for (uint32_t k = trig >= 5 ? trig - 5 : 0; k + 1 < trig; ++k) {
      if ((K(k) == "en" && K(k + 1) == "raison") || (K(k) == "a" && K(k + 1) == "cause") ||
          (In(K(k), {"du", "due", "dus", "dues"}) && In(K(k + 1), {"a", "au", "aux"}) && lang_ == Lang::kFr) ||
          (In(K(k), {"because", "due", "owing"}) && In(K(k + 1), {"of", "to"})))
        return true;
    }
    return false;
  }

  // "le calendrier de retrait des troupes", "a draft plan for a ceasefire": the content of a
  // plan or a proposal, not an act.
  bool PlanContent(uint32_t trig) const {
    for (uint32_t k = trig >= 4 ? trig - 4 : 0; k + 1 < trig; ++k)
      if (In(Tok(k).lemma, {"calendrier", "plan", "projet", "proposition", "feuille", "échéancier",
                            "timetable", "schedule", "proposal", "roadmap", "draft", "blueprint"}) &&
          In(K(k + 1), {"de", "du", "des", "d'", "pour", "for", "of", "on", "route"}))
        return true;
    return false;
  }

  // "depuis le début de la guerre", "since the start of the war": a time frame, not an act.
  bool TimeFrame(uint32_t trig) const {
    for (uint32_t k = trig >= 5 ? trig - 5 : 0; k < trig; ++k)
      if (In(K(k), {"depuis", "since"}) || (In(Tok(k).lemma, {"début", "fin", "start", "beginning", "outbreak"}) && k + 3 >= trig))
        return true;
    return false;
  }

  bool TryPattern(const Pattern& p, uint32_t trig, uint32_t end, std::vector<Event>& out) {
    obj_inside_ = std::find(p.trigger.begin(), p.trigger.end(), "**") != p.trigger.end();
    if (p.pos == 'N' && (TimeFrame(trig) || GivenAsCause(trig) || PlanContent(trig))) return true;
    // "the armed wing", "attacked convoys": an English participle before its noun qualifies it.
    if (p.pos == 'V' && lang_ == Lang::kEn && Tok(trig).Has(kTokParticiple) && trig + 1 < N() &&
        Tok(trig + 1).pos == Pos::kNoun && (trig == 0 || IsArticle(K(trig - 1), lang_) || Tok(trig - 1).pos == Pos::kAdj))
      return true;
    // "cette visite", "these attacks": an act the article has already told.
    if (p.pos == 'N' && trig > 0 &&
        (In(K(trig - 1), {"ce", "cet", "cette", "ces", "this", "these"}) ||
         (trig > 1 && Tok(trig - 1).pos == Pos::kAdj && In(K(trig - 2), {"ce", "cet", "cette", "ces", "this", "these"}))))
      return true;
    if (GovernedInfinitive(trig)) return true;  // matched, but not an act of its own
    if (p.type != "AGREE" && p.type != "REQUEST" && AttemptMarked(trig)) return true;
    bool passive = false;
    both_sides_ = false;
    const uint32_t group_start = p.pos == 'V' ? VerbGroupStart(trig, &passive)
                                 : p.pos == 'A' ? CopulaStart(trig)
                                                : trig;
    if (Negated(trig, group_start) || Hypothetical(trig)) return true;  // matched: no event
    // A request, threat, refusal or promise governs its complement even when its own actors
    // are not found ("espérer qu'il se dressera pour le soutien à X": no SUPPORT), except an
    // order to one's own men ("ordered his troops to lay down their arms" is the act).
    const bool own_men = end < N() && In(K(end), {"his", "her", "its", "their", "son", "sa", "ses", "leur", "leurs"});
    if (p.pos == 'V' && Governs(p.type) && !own_men) governing_end_ = std::max(governing_end_, end);
    std::string spath, tpath;
    const int src = FindArg(p.source, p.pos, trig, end, group_start, passive, &spath, -1);
    if (src < 0 || !Usable(src, false)) return false;
    int tgt = -1;
    std::vector<int> src_also = Coordinated(src);
    const bool mutual = p.symmetric || p.type == "CONSULT" || p.type == "COOPERATE" || p.type == "AGREE";
    if (!p.target.empty()) {
      tgt = FindArg(p.target, p.pos, trig, end, group_start, passive, &tpath, src);
      // "La Russie et l'Algérie sont convenues de ...": the coordinated subjects act together.
      if (tgt < 0 && both_sides_ && st_.last_pair.second >= 0 && st_.last_pair.second != src) {
        tgt = st_.last_pair.second;  // "les deux parties sont convenues": the two sides
        tpath = "the other side of the main meeting";
      }
      // (Not for cooperation suspended: "France and the EU suspended cooperation" is not
      // between them.)
      if (tgt < 0 && mutual && !src_also.empty() && (p.pos == 'V' || p.type != "CONSULT") &&
          !SuspendMarked(group_start)) {
        tgt = src_also.front();
        src_also.erase(src_also.begin());
        tpath = "coordinated subject";
      }
      if (tgt < 0 && tpath != "none") return false;
    }
    const Mention& sm = doc_.mentions[src];
    if (tgt >= 0 && doc_.mentions[tgt].actor->id == sm.actor->id) return false;
    // An order to one's own men is carried by what they are ordered to do.
    if (own_men && p.type == "REQUEST" && tgt >= 0 && doc_.mentions[tgt].actor->type != "person" &&
        doc_.mentions[tgt].actor->affiliation == sm.actor->affiliation)
      return true;
    // An actor acting on its own country named bare ("Zelensky called for ... Ukraine") is
    // the country's cause, not a target; agents ("le gouvernement libyen") stay.
    if (tgt >= 0) {
      const Mention& tm = doc_.mentions[tgt];
      // A capital attacked stands for its government ("offensive sur Tripoli").
      const bool hostile = p.type == "ASSAULT" || p.type == "COERCE" || p.type == "THREATEN";
      if (tm.actor->type == "country" && tm.actor->affiliation == sm.actor->affiliation &&
          (tm.method == "name" || tm.method == "alias" || (tm.method == "metonym" && !hostile)))
        return false;
    }
    // Withdrawing or deploying one's own forces: the forces are not a target.
    if (tgt >= 0 && (p.type == "RETREAT" || p.type == "CONCEDE" || p.type == "MOBILIZE") &&
        doc_.mentions[tgt].actor->affiliation == sm.actor->affiliation)
      tgt = -1;

    Event e;
    e.type = p.type;
    e.mode = p.mode;
    e.cameo = p.cameo;
    e.modality = p.intent || IntentMarked(group_start) || (p.pos == 'V' && FutureTense(trig, group_start))
                     ? "intent" : "actual";
    if (e.modality == "intent" && (e.type == "COOPERATE" || e.type == "AID")) {
      e.type = "AGREE";  // a promise or plan to cooperate (PLOVER)
      e.mode.clear();
      e.cameo = "030";
    }
    if ((e.type == "AID" || e.type == "COOPERATE") && SuspendMarked(group_start)) {
      e.type = "SANCTION";
      e.mode = "discontinue";
      e.cameo = "160";
    } else if (e.type == "ASSAULT" && SuspendMarked(group_start)) {
      // "l'arrêt des attaques", "halted its strikes": a ceasefire, not an attack.
      e.type = "RETREAT";
      e.mode = "ceasefire";
      e.cameo = "087";
    } else if (e.type != "REJECT" && e.type != "REQUEST" && RefusalMarked(group_start)) {
      e.type = "REJECT";
      e.mode.clear();
      e.cameo = "120";
    }
    if (e.type != "REQUEST" && (e.type == "COOPERATE" || e.type == "AID" || e.type == "RETREAT" ||
                                e.type == "CONCEDE") && RequestMarked(group_start)) {
      e.mode = e.type == "RETREAT" || e.type == "CONCEDE" ? "yield" : "assist";
      e.type = "REQUEST";
      e.cameo = "020";
      e.modality = "actual";
    }
    // "le gouvernement Hadi, soutenu par Riyad,", "the regime, which is backed by Moscow": a
    // standing alliance described in passing, not an act on an occasion.
    if (e.type == "SUPPORT" && passive && p.pos == 'V' && Descriptive(trig, group_start)) return true;
    // A state or a body that "protests" criticises: PROTEST is what crowds do.
    if (e.type == "PROTEST" && sm.actor->sector != "CVL" && sm.actor->sector != "REB" &&
        (sm.actor->type == "country" || sm.actor->type == "person" || sm.actor->sector == "GOV" || sm.actor->sector == "IGO")) {
      e.type = "ACCUSE";
      e.mode = "disapprove";
      e.cameo = "111";
    }
    e.source = *sm.actor;
    if (tgt >= 0) e.target = *doc_.mentions[tgt].actor;
    for (int a : src_also) e.source_also.push_back(*doc_.mentions[a].actor);
    e.evidence.push_back(s_.span);
    e.confidence = std::round(100 * 0.85 * std::min(sm.confidence, tgt >= 0 ? doc_.mentions[tgt].confidence : 1.0)) / 100;
    e.trigger = std::string(doc_.View({Tok(trig).span.start, Tok(end - 1).span.end}));
    std::string trig_text;
    for (const auto& w : p.trigger) trig_text += (trig_text.empty() ? "" : " ") + w;
    e.pattern = p.where + " " + (p.pronominal ? "se " : "") + trig_text;
    e.path = "source=" + spath + (tgt >= 0 ? " target=" + tpath : "") + (passive ? " (passive)" : "");
    future_ = p.pos == 'V' && FutureTense(trig, group_start);
    AssignDate(e, trig);
    // "se rendra à Alger pour rencontrer X": the purpose shares its main verb's time and mood.
    if (Tok(trig).Has(kTokInfinitive) && !out.empty() && out.back().evidence.front() == s_.span &&
        out.back().source.id == sm.actor->id) {
      if (out.back().modality == "intent") e.modality = "intent";
      e.date = out.back().date, e.precision = out.back().precision, e.date_is_pubdate = out.back().date_is_pubdate;
    }
    if (location_) e.location = location_(doc_, s_.span);

    // Coordinated targets of other affiliations are separate events.
    std::vector<Event> made{e};
    if (tgt >= 0)
      for (int a : Coordinated(tgt)) {
        const ActorRef& r = *doc_.mentions[a].actor;
        if (r.affiliation != e.target.affiliation) {
          Event e2 = e;
          e2.target = r;
          made.push_back(std::move(e2));
        } else {
          made.front().target_also.push_back(r);
        }
      }
    for (auto& ev : made) out.push_back(std::move(ev));
    if (Governs(e.type)) governing_end_ = end;
    st_.last_source = src;
    st_.last_source_by_type[e.type] = src;
    // "Les deux parties" are the article's main meeting: its first one.
    if (e.type == "CONSULT" && tgt >= 0 && st_.last_pair.first < 0) st_.last_pair = {src, tgt};
    st_.narrative_date = e.date;
    st_.narrative_precision = e.precision;
    st_.narrative_line = s_.line;
    return true;
  }

  // "jeudi", "on Thursday", "ce jeudi": a day named by one word (a weekday; the time stage
  // resolved it to the past), unlike "jeudi dernier", which says which one.
  bool IsBareWeekday(const TimeExpr& t) const {
    std::string k = MatchKey(doc_.View(t.span));
    for (std::string_view lead : {"on ", "ce "})
      if (k.rfind(lead, 0) == 0) k.erase(0, lead.size());
    return !k.empty() && k.find(' ') == std::string::npos;
  }

  void AssignDate(Event& e, uint32_t trig) {
    const TimeExpr* best = nullptr;
    uint32_t best_dist = ~0u;
    const uint32_t at = Tok(trig).span.start;
    for (const TimeExpr& t : doc_.times) {
      if (!s_.span.Contains(t.span) || t.kind == TimeExpr::Kind::kVague) continue;
      const uint32_t d = t.span.start > at ? t.span.start - at : at - t.span.end;
      if (d < best_dist) best_dist = d, best = &t;
    }
    if (best) {
      if (best->kind == TimeExpr::Kind::kAnchored && !st_.narrative_date.empty() &&
          st_.narrative_precision == Precision::kDay) {
        if (auto anchor = ParseIsoDate(st_.narrative_date)) {
          e.date = FormatIsoDate(AddDays(*anchor, best->anchor_offset_days), Precision::kDay);
          e.precision = Precision::kDay;
          return;
        }
      }
      if (!best->value.empty()) {
        e.date = best->value;
        e.precision = best->precision;
        // "se rendra jeudi": a weekday read as the last one is the next one in the future.
        if (future_ && best->kind == TimeExpr::Kind::kRelative && best->precision == Precision::kDay)
          if (auto ref = doc_.ReferenceDate(); ref && IsBareWeekday(*best))
            if (auto d = ParseIsoDate(best->value); d && best->value < FormatIsoDate(*ref, Precision::kDay))
              e.date = FormatIsoDate(AddDays(*d, 7), Precision::kDay);
        return;
      }
    }
    if (!st_.narrative_date.empty() && st_.narrative_line == s_.line) {
      e.date = st_.narrative_date;
      e.precision = st_.narrative_precision;
      return;
    }
    if (auto ref = doc_.ReferenceDate()) {
      e.date = FormatIsoDate(*ref, Precision::kDay);
      e.precision = Precision::kDay;
      e.date_is_pubdate = true;
    }
  }

  const PatternSet& ps_;
  Document& doc_;
  const Sentence& s_;
  const std::vector<int>& mstart_;
  const std::vector<int>& mcover_;
  State& st_;
  const EventCoder::LocationFn& location_;
  Lang lang_;
  std::vector<std::string> keys_;
  bool future_ = false;              // the trigger verb is in the future tense
  bool obj_inside_ = false;          // the pattern's "**" gap holds its object
  mutable bool both_sides_ = false;  // the subject was "les deux parties" (set by ScanSubject)
  uint32_t governing_end_ = 0;       // end of a request/threat/refusal/agreement trigger
  mutable uint32_t finite_scan_from_ = 0, first_finite_ = 0;  // FirstFiniteAfterGoverning's cache
  mutable bool speaker_cached_ = false;
  mutable int speaker_ = -1;
};

bool SameActor(const ActorRef& a, const ActorRef& b) { return a.id == b.id && a.name == b.name; }

// For one meeting told twice: a country or a body, and one of its own bodies or people,
// name the same side ("une tournée américaine en Libye", "à Tripoli" and "Dbeibah").
bool SameSide(const ActorRef& a, const ActorRef& b) {
  if (SameActor(a, b)) return true;
  return !a.affiliation.empty() && a.affiliation == b.affiliation && (a.type != "person" || b.type != "person");
}
// Keeps the more specific of two actors of one side: a person, else a body, else a country.
void KeepSpecific(ActorRef& kept, const ActorRef& other) {
  auto rank = [](const ActorRef& a) { return a.type == "person" ? 2 : a.type == "country" ? 0 : 1; };
  if (!other.id.empty() && rank(other) > rank(kept)) kept = other;
}

// Mentions of one occasion (headline, lede, body) become one event with all their evidence.
void MergeOccasions(const Document& doc, std::vector<Event>& events) {
  std::vector<Event> out;
  // The label of the sentence holding a span (sentences are in text order).
  auto line_of = [&](const Span& s) {
    auto it = std::upper_bound(doc.sentences.begin(), doc.sentences.end(), s.start,
                               [](uint32_t at, const Sentence& se) { return at < se.span.start; });
    if (it == doc.sentences.begin() || !std::prev(it)->span.Contains(s)) return LineLabel::kBody;
    return std::prev(it)->label;
  };
  for (Event& e : events) {
    bool merged = false;
    for (Event& o : out) {
      if (o.type != e.type) continue;
      // One sentence naming an act twice ("attaques de drones et de missiles") is one event;
      // across sentences, different modes are different acts.
      if (o.evidence.front() != e.evidence.front() && o.mode != e.mode && !o.mode.empty() &&
          !e.mode.empty())
        continue;
      const bool meeting = e.type == "CONSULT";
      const bool same_sentence = o.evidence.front() == e.evidence.front();
      auto side = [&](const ActorRef& a, const ActorRef& b) {
        return meeting || same_sentence ? SameSide(a, b) : SameActor(a, b);
      };
      const bool same = side(o.source, e.source) && side(o.target, e.target);
      const bool swapped = (e.type == "CONSULT" || e.type == "COOPERATE" || e.type == "AGREE") &&
                           side(o.source, e.target) && side(o.target, e.source);
      if (!same && !swapped) continue;
      const bool dates_ok = o.date.empty() || e.date.empty() || o.date == e.date ||
                            o.date_is_pubdate || e.date_is_pubdate;
      // A meeting of one pair is one occasion however often the article retells it; an
      // offer restated is one offer; other acts merge when the headline repeats them or the
      // same words recur.
      const bool restated_offer = o.modality == "intent" && e.modality == "intent";
      const bool headline = line_of(e.evidence.front()) != LineLabel::kBody ||
                            line_of(o.evidence.front()) != LineLabel::kBody;
      if (!dates_ok || !(headline || same_sentence || meeting || restated_offer || o.trigger == e.trigger))
        continue;
      if (same) {
        KeepSpecific(o.source, e.source);
        KeepSpecific(o.target, e.target);
      } else {
        KeepSpecific(o.source, e.target);
        KeepSpecific(o.target, e.source);
      }
      if (e.mode == "visit" && o.mode != "visit") o.mode = e.mode, o.cameo = e.cameo;
      o.evidence.insert(o.evidence.end(), e.evidence.begin(), e.evidence.end());
      if (o.date.empty() || (o.date_is_pubdate && !e.date_is_pubdate && !e.date.empty()))
        o.date = e.date, o.precision = e.precision, o.date_is_pubdate = e.date_is_pubdate;
      if (o.mode.empty()) o.mode = e.mode, o.cameo = e.cameo;
      o.confidence = std::max(o.confidence, e.confidence);
      merged = true;
      break;
    }
    if (!merged) out.push_back(std::move(e));
  }
  // The body sentence is the better evidence than a headline: put it first.
  for (Event& e : out)
    std::stable_sort(e.evidence.begin(), e.evidence.end(), [&](const Span& a, const Span& b) {
      return (line_of(a) == LineLabel::kBody) > (line_of(b) == LineLabel::kBody);
    });
  events = std::move(out);
}

}  // namespace

Result<EventCoder> EventCoder::Load(const KnowledgePaths& paths) {
  auto ps = PatternSet::Load(paths);
  if (!ps.ok()) return ps.status();
  return EventCoder(std::move(ps).value());
}

void EventCoder::Run(Document& doc, const LocationFn& location) const {
  doc.events.clear();
  // Token -> mention maps.
  std::vector<int> start(doc.tokens.size(), -1), cover(doc.tokens.size(), -1);
  size_t t = 0;
  for (size_t m = 0; m < doc.mentions.size(); ++m) {
    const Span& sp = doc.mentions[m].span;
    while (t < doc.tokens.size() && doc.tokens[t].span.start < sp.start) ++t;
    if (t < doc.tokens.size() && doc.tokens[t].span.start == sp.start) start[t] = static_cast<int>(m);
    for (size_t k = t; k < doc.tokens.size() && doc.tokens[k].span.end <= sp.end; ++k)
      cover[k] = static_cast<int>(m);
  }
  SentenceCoder::State state;
  std::vector<Event> events;
  for (const Sentence& s : doc.sentences) {
    SentenceCoder sc(patterns_, doc, s, start, cover, state, location);
    sc.Run(events);
  }
  MergeOccasions(doc, events);
  doc.events = std::move(events);
}

}  // namespace depeche::events
