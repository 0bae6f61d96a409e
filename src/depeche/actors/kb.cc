#include "depeche/actors/kb.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <sstream>

#include "depeche/core/unicode.h"

namespace depeche::actors {
namespace fs = std::filesystem;
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string> SplitList(std::string_view v, char sep = ';') {
  std::vector<std::string> out;
  size_t a = 0;
  while (a <= v.size()) {
    size_t b = v.find(sep, a);
    if (b == std::string_view::npos) b = v.size();
    std::string_view item = Trim(v.substr(a, b - a));
    if (!item.empty()) out.emplace_back(item);
    a = b + 1;
  }
  return out;
}

int LangIndex(Lang l) { return static_cast<int>(l); }

// Leading articles are not part of a name: "le Kremlin" is stored as "kremlin".
std::string StripArticle(const std::string& key) {
  for (std::string_view art : {"le ", "la ", "les ", "l' ", "the "})
    if (key.size() > art.size() && key.compare(0, art.size(), art) == 0) return key.substr(art.size());
  return key;
}

void AddPrefixes(const std::string& key, StringSet& prefixes) {
  for (size_t p = key.find(' '); p != std::string::npos; p = key.find(' ', p + 1))
    prefixes.insert(key.substr(0, p));
}

size_t Words(const std::string& key) { return 1 + std::count(key.begin(), key.end(), ' '); }

}  // namespace

std::string PhraseKey(std::string_view s) {
  const std::string m = MatchKey(s);
  std::string out;
  out.reserve(m.size() + 4);
  for (char c : m) {
    if (c == '-' || c == ' ' || c == ',' || c == '.') {
      if (c == '.' ) {  // initials and abbreviations: "u.s." -> "u.s."; keep the dot
        out.push_back('.');
        continue;
      }
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
      continue;
    }
    out.push_back(c);
    if (c == '\'') out.push_back(' ');
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return StripParticles(out);
}

std::string StripParticles(const std::string& key) {
  // "al sarraj", "el-sisi", "faiez al sarraj": the Arabic article is optional in news
  // spellings, so it is dropped from every key (names and text alike). A key that is
  // only the particle stays as it is.
  if (key.find("al") == std::string::npos && key.find("el") == std::string::npos) return key;
  std::string out;
  size_t a = 0;
  while (a < key.size()) {
    size_t b = key.find(' ', a);
    if (b == std::string::npos) b = key.size();
    const std::string_view w(key.data() + a, b - a);
    const bool particle = (w == "al" || w == "el" || w == "al'" || w == "el'") && b < key.size();
    if (!particle) {
      if (!out.empty()) out.push_back(' ');
      out.append(w);
    }
    a = b + 1;
  }
  return out.empty() ? key : out;
}

int DateKey(const CivilDate& d) { return d.year * 10000 + d.month * 100 + d.day; }

bool ParseDateBound(std::string_view s, bool is_end, int* out) {
  s = Trim(s);
  if (s.empty()) {
    *out = is_end ? 99999999 : 0;
    return true;
  }
  Precision p;
  auto d = ParseIsoDate(s, &p);
  if (!d) return false;
  if (p == Precision::kYear) *out = d->year * 10000 + (is_end ? 1231 : 101);
  else if (p == Precision::kMonth)
    *out = d->year * 10000 + d->month * 100 + (is_end ? DaysInMonth(d->year, d->month) : 1);
  else *out = DateKey(*d);
  return true;
}

Status KnowledgeBase::AddRecords(std::string_view text, const std::string& file) {
  size_t line_no = 0;
  Actor* cur = nullptr;
  auto err = [&](const std::string& m) {
    return KnowledgeError(file + ":" + std::to_string(line_no) + ": " + m);
  };
  for (size_t pos = 0; pos <= text.size();) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = Trim(text.substr(pos, nl - pos));
    pos = nl + 1;
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    if (line.front() == '[') {
      if (line.back() != ']' || line.size() < 3) return err("a record starts with [id]");
      std::string id(Trim(line.substr(1, line.size() - 2)));
      if (by_id_.count(id)) return err("duplicate id [" + id + "] (first in " + actors_[by_id_[id]].file + ")");
      by_id_[id] = static_cast<uint32_t>(actors_.size());
      actors_.push_back({});
      cur = &actors_.back();
      cur->id = std::move(id);
      cur->file = file + ":" + std::to_string(line_no);
      continue;
    }
    const size_t eq = line.find('=');
    if (eq == std::string_view::npos) return err("expected 'key = value' or '[id]'");
    if (!cur) return err("a key before the first [id]");
    const std::string key(Trim(line.substr(0, eq)));
    const std::string_view value = Trim(line.substr(eq + 1));
    if (key == "name") cur->name = value;
    else if (key == "type") {
      cur->type = value;
      if (value != "person" && value != "organisation" && value != "country")
        return err("type must be person, organisation or country");
    } else if (key == "affiliation") cur->affiliation = value;
    else if (key == "sector") cur->sector = value;
    else if (key == "part_of") cur->part_of = value;
    else if (key == "alias") for (auto& a : SplitList(value)) cur->aliases.push_back(a);
    else if (key == "title") for (auto& a : SplitList(value)) cur->titles.push_back(a);
    else if (key == "epithet") for (auto& a : SplitList(value)) cur->epithets.push_back(a);
    else if (key == "demonym") for (auto& a : SplitList(value)) cur->demonyms.push_back(a);
    else if (key == "metonym") for (auto& a : SplitList(value)) cur->metonyms.push_back(a);
    else if (key == "capital") for (auto& a : SplitList(value)) cur->capitals.push_back(a);
    else if (key == "post") {
      // ROLE@ORG FROM..TO
      const std::string_view v = value;
      const size_t at = v.find('@');
      const size_t sp = v.find_first_of(" \t");
      if (at == std::string_view::npos || at == 0)
        return err("post must be ROLE@ORG FROM..TO");
      Post p;
      p.role = std::string(v.substr(0, at));
      p.org = std::string(Trim(v.substr(at + 1, (sp == std::string_view::npos ? v.size() : sp) - at - 1)));
      std::string_view range = sp == std::string_view::npos ? std::string_view{} : Trim(v.substr(sp));
      if (size_t hash = range.find('#'); hash != std::string_view::npos) range = Trim(range.substr(0, hash));
      if (!range.empty()) {
        const size_t dots = range.find("..");
        if (dots == std::string_view::npos) return err("post dates must be FROM..TO");
        if (!ParseDateBound(range.substr(0, dots), false, &p.from) ||
            !ParseDateBound(range.substr(dots + 2), true, &p.to))
          return err("bad post date in '" + std::string(range) + "'");
      }
      cur->posts.push_back(std::move(p));
    } else {
      return err("unknown key '" + key + "'");
    }
  }
  return Status::Ok();
}

void KnowledgeBase::AddPhrase(const std::string& text, uint32_t actor, PhraseKind kind) {
  std::string key = StripArticle(PhraseKey(text));
  if (key.empty()) return;
  // An alias written in capitals (UN, US, EU, AU, WHO) is an acronym: it matches only
  // capitalised text, so "un", "us", "who" stay ordinary words.
  std::string_view bare = text;  // "The UN" is the acronym UN with an article
  for (std::string_view art : {"The ", "the ", "Le ", "La ", "Les ", "L'"})
    if (bare.substr(0, art.size()) == art) bare.remove_prefix(art.size());
  bool acronym = bare.size() <= 6 && bare.size() >= 2;
  for (char c : bare) acronym &= (c >= 'A' && c <= 'Z') || c == '.';
  auto& v = phrases_[key];
  for (auto& e : v)
    if (e.actor == actor) {
      e.acronym &= acronym;
      return;
    }
  v.push_back({actor, kind, acronym});
  AddPrefixes(key, phrase_prefixes_);
  max_words_ = std::max(max_words_, Words(key));
}

Status KnowledgeBase::Finish() {
  for (uint32_t i = 0; i < actors_.size(); ++i) {
    const Actor& a = actors_[i];
    if (a.name.empty() || a.type.empty() || a.affiliation.empty())
      return KnowledgeError(a.file + ": record [" + a.id + "] needs name, type and affiliation");
    AddPhrase(a.name, i, PhraseKind::kName);
    for (const auto& s : a.aliases) AddPhrase(s, i, PhraseKind::kAlias);
    for (const auto& s : a.epithets) AddPhrase(s, i, PhraseKind::kEpithet);
    for (const auto& s : a.demonyms) AddPhrase(s, i, PhraseKind::kDemonym);
    for (const auto& s : a.metonyms) AddPhrase(s, i, PhraseKind::kMetonym);
    for (const auto& s : a.capitals) AddPhrase(s, i, PhraseKind::kMetonym);
    for (uint32_t p = 0; p < a.posts.size(); ++p)
      holders_[a.posts[p].role + "@" + a.posts[p].org].push_back({i, p});
  }
  // Names beat aliases, aliases beat metonyms: a phrase's entries are ordered by kind.
  for (auto& [k, v] : phrases_)
    std::stable_sort(v.begin(), v.end(),
                     [](const PhraseEntry& x, const PhraseEntry& y) { return x.kind < y.kind; });
  return Status::Ok();
}

Result<KnowledgeBase> KnowledgeBase::Load(const KnowledgePaths& paths) {
  KnowledgeBase kb;
  const std::string dir = paths.Source("actors");
  std::vector<std::string> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == ".txt") files.push_back(it->path().string());
  if (ec) return KnowledgeError(dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto text = ReadFile(f);
    if (!text.ok()) return KnowledgeError(text.status().message());
    DEPECHE_RETURN_IF_ERROR(kb.AddRecords(text.value(), fs::relative(f, paths.source_dir).string()));
  }
  DEPECHE_RETURN_IF_ERROR(kb.Finish());

  // Tab-separated tables: lang, phrase, value.
  auto read_table = [&](const std::string& name, auto&& add) -> Status {
    const std::string path = paths.Source("actors/" + name);
    auto text = ReadFile(path);
    if (!text.ok()) return KnowledgeError(text.status().message());
    std::istringstream in(text.value());
    size_t n = 0;
    for (std::string line; std::getline(in, line);) {
      ++n;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || line[0] == '#') continue;
      std::vector<std::string> cols;
      std::istringstream ls(line);
      for (std::string c; std::getline(ls, c, '\t');) cols.push_back(std::string(Trim(c)));
      if (cols.size() < 3)
        return KnowledgeError(path + ":" + std::to_string(n) + ": expected lang<TAB>phrase<TAB>value");
      const Lang lang = LangFromCode(cols[0]);
      if (lang == Lang::kUnknown)
        return KnowledgeError(path + ":" + std::to_string(n) + ": unknown language '" + cols[0] + "'");
      DEPECHE_RETURN_IF_ERROR(add(LangIndex(lang), StripArticle(PhraseKey(cols[1])), cols[2],
                                  path + ":" + std::to_string(n)));
    }
    return Status::Ok();
  };
  DEPECHE_RETURN_IF_ERROR(read_table("roles.tsv", [&](int l, const std::string& key, const std::string& role, const std::string&) {
    kb.roles_[l][key] = {role, ""};
    AddPrefixes(key, kb.role_prefixes_);
    return Status::Ok();
  }));
  DEPECHE_RETURN_IF_ERROR(read_table("periphrases.tsv", [&](int l, const std::string& key, const std::string& v, const std::string& where) {
    const size_t at = v.find('@');
    if (at == std::string::npos) return KnowledgeError(where + ": expected ROLE@ORG");
    kb.periphrases_[l][key] = {v.substr(0, at), v.substr(at + 1)};
    AddPrefixes(key, kb.peri_prefixes_);
    return Status::Ok();
  }));
  DEPECHE_RETURN_IF_ERROR(read_table("agents.tsv", [&](int l, const std::string& key, const std::string& v, const std::string&) {
    kb.agents_[l][key] = v;
    return Status::Ok();
  }));
  DEPECHE_RETURN_IF_ERROR(read_table("titles.tsv", [&](int l, const std::string& key, const std::string& v, const std::string&) {
    kb.titles_[l][key] = v == "-" ? "" : v;
    AddPrefixes(key, kb.title_prefixes_);
    return Status::Ok();
  }));
  return kb;
}

const Actor* KnowledgeBase::Find(std::string_view id) const {
  auto it = by_id_.find(std::string(id));
  return it == by_id_.end() ? nullptr : &actors_[it->second];
}

const std::vector<PhraseEntry>* KnowledgeBase::Phrase(const std::string& key) const {
  return phrases_.Find(key);
}

const RolePhrase* KnowledgeBase::Role(Lang lang, const std::string& key) const {
  return roles_[LangIndex(lang)].Find(key);
}

const RolePhrase* KnowledgeBase::Periphrasis(Lang lang, const std::string& key) const {
  return periphrases_[LangIndex(lang)].Find(key);
}

const std::string* KnowledgeBase::AgentSector(Lang lang, const std::string& lemma) const {
  return agents_[LangIndex(lang)].Find(PhraseKey(lemma));
}

const std::string* KnowledgeBase::TitleSector(Lang lang, const std::string& key) const {
  return titles_[LangIndex(lang)].Find(key);
}

std::vector<const Actor*> KnowledgeBase::Holders(std::string_view role, std::string_view org,
                                                 int date) const {
  std::vector<const Actor*> out;
  auto it = holders_.find(std::string(role) + "@" + std::string(org));
  if (it == holders_.end()) return out;
  for (auto [a, p] : it->second)
    if (actors_[a].posts[p].Covers(date) &&
        std::find(out.begin(), out.end(), &actors_[a]) == out.end())
      out.push_back(&actors_[a]);
  return out;
}

std::vector<std::pair<const Actor*, const Post*>> KnowledgeBase::PostHistory(
    std::string_view role, std::string_view org) const {
  std::vector<std::pair<const Actor*, const Post*>> out;
  auto it = holders_.find(std::string(role) + "@" + std::string(org));
  if (it == holders_.end()) return out;
  for (auto [a, p] : it->second) out.push_back({&actors_[a], &actors_[a].posts[p]});
  std::sort(out.begin(), out.end(), [](auto& x, auto& y) { return x.second->from < y.second->from; });
  return out;
}

const Post* KnowledgeBase::ActivePost(const Actor& a, int date, std::string_view role) const {
  const Post* found = nullptr;
  for (const Post& p : a.posts) {
    if (!p.Covers(date)) continue;
    if (!role.empty() && p.role == role) return &p;
    if (!found) found = &p;
  }
  return found;
}

KnowledgeBase::Stats KnowledgeBase::stats() const {
  Stats s;
  s.actors = actors_.size();
  for (const Actor& a : actors_) {
    if (a.type == "person") ++s.persons;
    else if (a.type == "country") ++s.countries;
    else ++s.organisations;
    s.posts += a.posts.size();
  }
  s.phrases = phrases_.size();
  for (int l = 0; l < 3; ++l) s.roles += roles_[l].size(), s.periphrases += periphrases_[l].size();
  return s;
}

}  // namespace depeche::actors
