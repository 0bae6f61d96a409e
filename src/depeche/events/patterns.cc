#include "depeche/events/patterns.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "depeche/core/unicode.h"

namespace depeche::events {
namespace fs = std::filesystem;
namespace {

constexpr const char* kTypes[] = {"AGREE",   "CONSULT", "SUPPORT",  "CONCEDE", "COOPERATE", "AID",
                                  "RETREAT", "REQUEST", "ACCUSE",   "REJECT",  "THREATEN",  "PROTEST",
                                  "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"};

bool KnownType(const std::string& t) {
  return std::find(std::begin(kTypes), std::end(kTypes), t) != std::end(kTypes);
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string x; std::getline(in, x, sep);) out.push_back(x);
  return out;
}

std::string Trimmed(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
  size_t a = 0;
  while (a < s.size() && s[a] == ' ') ++a;
  return s.substr(a);
}

bool ParseSlots(const std::string& spec, std::vector<ArgSlot>* out) {
  out->clear();
  if (spec == "-" || spec.empty()) return true;
  for (const std::string& alt : Split(spec, '|')) {
    ArgSlot s;
    if (alt == "-") {  // "prep:sur|-": the argument may be absent
      out->push_back(s);
      continue;
    }
    if (alt == "subj") s.kind = ArgSlot::Kind::kSubj;
    else if (alt == "obj") s.kind = ArgSlot::Kind::kObj;
    else if (alt == "comp") s.kind = ArgSlot::Kind::kComp;
    else if (alt.rfind("prep:", 0) == 0 && alt.size() > 5) {
      s.kind = ArgSlot::Kind::kPrep;
      std::string p = alt.substr(5);
      if (size_t h = p.find('#'); h != std::string::npos) {
        s.nth = std::atoi(p.c_str() + h + 1);
        p = p.substr(0, h);
        if (s.nth < 1 || s.nth > 2) return false;
      }
      s.prep = MatchKey(p);
    } else {
      return false;
    }
    out->push_back(std::move(s));
  }
  return true;
}

}  // namespace

Status PatternSet::AddFile(std::string_view text, const std::string& where, Lang lang) {
  std::istringstream in{std::string(text)};
  size_t n = 0;
  const int l = static_cast<int>(lang);
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    const std::string here = where + ":" + std::to_string(n);
    std::vector<std::string> cols = Split(line, '\t');
    for (auto& c : cols) c = Trimmed(c);
    if (cols.size() < 7 || cols.size() > 8)
      return KnowledgeError(here + ": expected 7 or 8 tab-separated columns "
                                   "(trigger pos type mode cameo source target [options])");
    Pattern p;
    p.where = here;
    std::vector<std::string> words;
    for (const std::string& w : Split(cols[0], ' '))
      if (!w.empty()) words.push_back(w == "*" ? w : FoldCase(w));
    if (!words.empty() && (words[0] == "se" || words[0] == "s'")) {
      p.pronominal = true;
      words.erase(words.begin());
    }
    if (words.empty() || words[0] == "*") return KnowledgeError(here + ": empty trigger");
    p.trigger = std::move(words);
    if (cols[1] != "V" && cols[1] != "N" && cols[1] != "A")
      return KnowledgeError(here + ": pos must be V, N or A");
    p.pos = cols[1][0];
    p.type = cols[2];
    if (p.type == "-") {  // a speech verb
      speech_[l][p.trigger[0]] = true;
      continue;
    }
    if (!KnownType(p.type)) return KnowledgeError(here + ": unknown PLOVER type '" + p.type + "'");
    p.mode = cols[3] == "-" ? "" : cols[3];
    p.cameo = cols[4] == "-" ? "" : cols[4];
    if (!ParseSlots(cols[5], &p.source) || !ParseSlots(cols[6], &p.target))
      return KnowledgeError(here + ": bad argument slot (subj, obj, prep:X, prep:X#2, -, alternatives with |)");
    if (cols.size() == 8)
      for (const std::string& opt : Split(cols[7], ',')) {
        const std::string o = Trimmed(opt);
        if (o.empty()) continue;
        if (o == "intent") p.intent = true;
        else if (o == "symmetric") p.symmetric = true;
        else if (o == "reported") p.reported = true;
        else if (o.rfind("needs=", 0) == 0)
          for (const auto& w : Split(o.substr(6), '|')) p.needs.push_back(FoldCase(w));
        else return KnowledgeError(here + ": unknown option '" + o + "'");
      }
    if (p.reported) speech_[l][p.trigger[0]] = true;
    by_lemma_[l][p.trigger[0]].push_back(std::move(p));
    ++count_;
  }
  return Status::Ok();
}

Result<PatternSet> PatternSet::Load(const KnowledgePaths& paths) {
  PatternSet set;
  for (Lang lang : {Lang::kFr, Lang::kEn}) {
    const std::string dir = paths.Source(std::string("patterns/") + LangCode(lang));
    std::vector<std::string> files;
    std::error_code ec;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
      if (it->path().extension() == ".tsv") files.push_back(it->path().string());
    if (ec) return KnowledgeError(dir + ": " + ec.message());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      auto text = ReadFile(f);
      if (!text.ok()) return KnowledgeError(text.status().message());
      DEPECHE_RETURN_IF_ERROR(set.AddFile(text.value(), fs::relative(f, paths.source_dir).string(), lang));
    }
  }
  // Longer triggers first, so "entretien téléphonique" wins over "entretien"; then those
  // with a `needs` condition, more specific than the same words without one.
  for (auto& m : set.by_lemma_)
    for (auto& [k, v] : m)
      std::stable_sort(v.begin(), v.end(), [](const Pattern& a, const Pattern& b) {
        if (a.trigger.size() != b.trigger.size()) return a.trigger.size() > b.trigger.size();
        return !a.needs.empty() && b.needs.empty();
      });
  return set;
}

const std::vector<Pattern>* PatternSet::ByLemma(Lang lang, const std::string& lemma) const {
  const auto& m = by_lemma_[static_cast<int>(lang)];
  auto it = m.find(lemma);
  return it == m.end() ? nullptr : &it->second;
}

bool PatternSet::IsSpeechVerb(Lang lang, const std::string& lemma) const {
  return speech_[static_cast<int>(lang)].count(lemma) > 0;
}

}  // namespace depeche::events
