#include "depeche/text/text.h"

// compact_lang_det.h needs <cstdio> first.
#include <cstdio>
#include <cld2/public/compact_lang_det.h>

#include <array>
#include <sstream>

#include "depeche/core/unicode.h"

namespace depeche::text {
namespace {

Result<std::unordered_set<std::string>> ReadWordList(const std::string& path) {
  auto content = ReadFile(path);
  if (!content.ok()) return KnowledgeError(content.status().message());
  std::unordered_set<std::string> words;
  std::istringstream in(content.value());
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    words.insert(MatchKey(line));
  }
  return words;
}

bool IsWordCp(char32_t cp) {
  return IsLetterCp(cp) || IsDigitCp(cp) ||
         (cp >= 0x300 && cp <= 0x36F);  // combining marks stay inside the word
}

bool IsOpenQuote(char32_t cp) { return cp == U'«' || cp == U'“' || cp == U'„'; }
bool IsCloseQuote(char32_t cp) { return cp == U'»' || cp == U'”'; }

constexpr std::array<std::string_view, 15> kElisions = {
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
    "presqu", "quelqu"};
constexpr std::array<std::string_view, 20> kInvertedClitics = {
    "t", "il", "ils", "elle", "elles", "on", "je", "tu", "nous", "vous",
    "le", "la", "les", "lui", "leur", "y", "en", "moi", "toi", "ce"};

template <size_t N>
bool In(const std::array<std::string_view, N>& set, std::string_view w) {
  for (auto s : set)
    if (s == w) return true;
  return false;
}

struct Cursor {
  std::string_view s;
  size_t i;
  size_t end;
  char32_t Peek(size_t at) const {
    if (at >= end) return 0;
    size_t j = at;
    return DecodeUtf8(s, j);
  }
  size_t After(size_t at) const {  // offset of the code point after the one at `at`
    size_t j = at;
    DecodeUtf8(s, j);
    return j;
  }
};

uint32_t CaseFlags(std::string_view w) {
  size_t i = 0;
  bool first = true, any_lower = false, any_upper = false, first_upper = false;
  while (i < w.size()) {
    const char32_t cp = DecodeUtf8(w, i);
    if (!IsLetterCp(cp)) continue;
    const bool up = IsUpperCp(cp);
    if (first) first_upper = up;
    first = false;
    any_upper |= up;
    any_lower |= !up;
  }
  uint32_t f = 0;
  if (first_upper) f |= kTokCapitalised;
  if (any_upper && !any_lower && w.size() > 1) f |= kTokAllCaps;
  return f;
}

}  // namespace

Result<Segmenter> Segmenter::Load(const KnowledgePaths& paths) {
  Segmenter s;
  auto abbr = ReadWordList(paths.Source("text/abbreviations.txt"));
  if (!abbr.ok()) return abbr.status();
  s.abbreviations_ = std::move(abbr).value();
  auto hyph = ReadWordList(paths.Source("text/fr_hyphen_words.txt"));
  if (!hyph.ok()) return hyph.status();
  s.hyphen_words_ = std::move(hyph).value();
  return s;
}

bool Segmenter::IsAbbreviation(std::string_view word) const {
  return abbreviations_.count(MatchKey(word)) > 0;
}

void Segmenter::Tokenize(std::string_view text, Span span, std::vector<Token>& out) const {
  Cursor c{text, span.start, span.end};
  auto emit = [&](size_t a, size_t b, uint32_t flags) {
    Token t;
    t.span = {static_cast<uint32_t>(a), static_cast<uint32_t>(b)};
    std::string_view w = text.substr(a, b - a);
    t.norm = MatchKey(w) == w ? std::string(w) : FoldCase(w);
    // Fold typographic apostrophes in the normal form: l’ -> l'.
    std::string norm;
    norm.reserve(t.norm.size());
    for (size_t k = 0; k < t.norm.size();) {
      const char32_t cp = DecodeUtf8(t.norm, k);
      AppendUtf8(norm, IsApostropheCp(cp) ? U'\'' : IsDashCp(cp) ? U'-' : cp);
    }
    t.norm = std::move(norm);
    t.flags = flags | CaseFlags(w);
    t.lemma = t.norm;
    out.push_back(std::move(t));
  };

  size_t i = c.i;
  while (i < c.end) {
    const char32_t cp = c.Peek(i);
    const size_t next = c.After(i);
    if (IsSpaceCp(cp)) {
      i = next;
      continue;
    }
    if (IsDigitCp(cp)) {  // numbers: 1 000, 3,5, 17.05.2020, 12:30, 2020-05-17
      size_t j = i, group = 0;
      while (j < c.end) {
        const char32_t d = c.Peek(j);
        if (IsDigitCp(d)) {
          ++group;
          j = c.After(j);
          continue;
        }
        const size_t after = c.After(j);
        if ((d == '.' || d == ',' || d == '/' || d == ':' || d == '-') && IsDigitCp(c.Peek(after))) {
          group = 0;
          j = after;
          continue;
        }
        // Thousands separated by a (non-breaking) space: exactly three digits follow.
        if ((d == ' ' || d == 0xA0 || d == 0x202F) && group <= 3 && group > 0) {
          size_t k = after;
          int n = 0;
          while (n < 4 && IsDigitCp(c.Peek(k))) k = c.After(k), ++n;
          if (n == 3) {
            group = 3;
            j = k;
            continue;
          }
        }
        break;
      }
      // Letters glued to digits are one token: G5, 1er, M23 (handled as word below).
      if (j < c.end && IsLetterCp(c.Peek(j))) {
        size_t k = j;
        while (k < c.end && IsWordCp(c.Peek(k))) k = c.After(k);
        emit(i, k, 0);
        i = k;
        continue;
      }
      emit(i, j, kTokNumber);
      i = j;
      continue;
    }
    if (IsLetterCp(cp)) {
      // Initials and dotted abbreviations: J.-Y., U.S., U.N.
      size_t j = next;
      if (c.Peek(j) == '.') {
        size_t k = j;
        bool chain = false;
        while (c.Peek(k) == '.') {
          size_t l = c.After(k);
          if (IsDashCp(c.Peek(l))) l = c.After(l);
          if (IsLetterCp(c.Peek(l)) && c.Peek(c.After(l)) == '.') {
            k = c.After(l);
            chain = true;
          } else {
            break;
          }
        }
        if (chain || IsUpperCp(cp)) {
          // A lone capital followed by a period is an initial when a word follows.
          const size_t end = c.After(k);
          emit(i, end, 0);
          i = end;
          continue;
        }
      }
      // A word: letters and digits, internal hyphens, apostrophes handled below.
      size_t start = i;
      j = i;
      while (true) {
        while (j < c.end && IsWordCp(c.Peek(j))) j = c.After(j);
        const char32_t d = c.Peek(j);
        if (IsApostropheCp(d) && j < c.end) {
          const std::string word = MatchKey(text.substr(start, j - start));
          const size_t after = c.After(j);
          // N'Djamena, N'Guessan: "n" before a capital is part of a name, not an elision.
          const bool name_n = word == "n" && IsUpperCp(c.Peek(after));
          if (In(kElisions, word) && IsLetterCp(c.Peek(after)) && !name_n) {
            emit(start, after, kTokElided);
            start = j = after;
            continue;
          }
          // English: the president's, didn't.
          const std::string rest = MatchKey(text.substr(after, std::min<size_t>(2, c.end - after)));
          if (rest.size() >= 1 && rest[0] == 's' && !IsLetterCp(c.Peek(c.After(after)))) {
            emit(start, j, 0);
            start = j;
            j = c.After(after);
            emit(start, j, 0);
            start = j;
            break;
          }
          if (rest == "t" && j > start && MatchKey(text.substr(j - 1, 1)) == "n") {
            emit(start, j - 1, 0);
            emit(j - 1, c.After(after), 0);
            start = j = c.After(after);
            break;
          }
          if (word == "aujourd" && IsLetterCp(c.Peek(after))) {  // aujourd'hui
            j = after;
            continue;
          }
          if (IsLetterCp(c.Peek(after)) && IsUpperCp(c.Peek(after))) {  // O'Brien, N'Djamena
            j = after;
            continue;
          }
          break;
        }
        if (IsDashCp(d) && d != 0x2014 && d != 0x2013 && j < c.end &&
            IsWordCp(c.Peek(c.After(j)))) {
          // Inverted clitic (a-t-il, dit-il) unless the whole word is a known compound.
          size_t k = c.After(j);
          while (k < c.end && IsWordCp(c.Peek(k))) k = c.After(k);
          const std::string part = MatchKey(text.substr(c.After(j), k - c.After(j)));
          const std::string whole = MatchKey(text.substr(start, k - start));
          if (In(kInvertedClitics, part) && !hyphen_words_.count(whole)) {
            emit(start, j, 0);
            // -t-il as one token with its hyphens.
            size_t m = k;
            if (part == "t" && IsDashCp(c.Peek(m))) {
              size_t n = c.After(m);
              while (n < c.end && IsWordCp(c.Peek(n))) n = c.After(n);
              m = n;
            }
            emit(j, m, 0);
            start = j = m;
            break;
          }
          j = k;
          continue;
        }
        break;
      }
      if (j > start) {
        // Abbreviation with its period: M., Gén., Dr.
        if (c.Peek(j) == '.' && IsAbbreviation(text.substr(start, j - start))) j = c.After(j);
        emit(start, j, 0);
      }
      i = j;
      continue;
    }
    // Punctuation and symbols: one code point each, "..." together.
    if (cp == '.' && c.Peek(next) == '.') {
      size_t j = next;
      while (c.Peek(j) == '.') j = c.After(j);
      emit(i, j, kTokPunct);
      i = j;
      continue;
    }
    emit(i, next, kTokPunct);
    i = next;
  }
}

Lang DetectLanguage(std::string_view text) {
  bool reliable = false;
  const CLD2::Language l = CLD2::DetectLanguage(text.data(), static_cast<int>(text.size()),
                                                /*is_plain_text=*/true, &reliable);
  if (reliable && l == CLD2::FRENCH) return Lang::kFr;
  if (reliable && l == CLD2::ENGLISH) return Lang::kEn;
  // Short or mixed text: count a few very frequent words of each language.
  static constexpr std::array<std::string_view, 12> kFr = {
      " le ", " la ", " les ", " des ", " est ", " une ", " du ", " et ", " dans ", " pour ",
      " qui ", " avec "};
  static constexpr std::array<std::string_view, 12> kEn = {
      " the ", " of ", " and ", " is ", " to ", " in ", " was ", " with ", " for ", " that ",
      " on ", " by "};
  std::string low(1, ' ');  // (built in steps: GCC 12 warns falsely on " " + s + " ")
  low += MatchKey(text.substr(0, 20000));
  low += ' ';
  auto count = [&](const auto& words) {
    size_t n = 0;
    for (auto w : words)
      for (size_t p = low.find(w); p != std::string::npos; p = low.find(w, p + 1)) ++n;
    return n;
  };
  const size_t fr = count(kFr), en = count(kEn);
  if (fr == 0 && en == 0) return Lang::kUnknown;
  return fr >= en ? Lang::kFr : Lang::kEn;
}

Status Segmenter::Run(Document& doc) const {
  std::vector<Line> lines = doc.lines;
  if (lines.empty()) {  // no clean stage: every non-blank line is content
    uint32_t start = 0, number = 1;
    for (uint32_t i = 0; i <= doc.text.size(); ++i) {
      if (i == doc.text.size() || doc.text[i] == '\n') {
        uint32_t a = start, b = i;
        while (a < b && std::isspace(static_cast<unsigned char>(doc.text[a]))) ++a;
        while (b > a && std::isspace(static_cast<unsigned char>(doc.text[b - 1]))) --b;
        if (b > a) lines.push_back({{a, b}, number, LineLabel::kBody});
        start = i + 1;
        ++number;
      }
    }
  }
  // Language: given, else detected on the content.
  doc.lang = LangFromCode(doc.given.lang);
  if (doc.lang == Lang::kUnknown) {
    std::string content;
    for (const Line& l : lines) {
      if (l.label == LineLabel::kClutter || l.label == LineLabel::kMeta) continue;
      content.append(doc.View(l.span)).push_back('\n');
      if (content.size() > 100000) break;
    }
    doc.lang = DetectLanguage(content.empty() ? std::string_view(doc.text) : content);
  }

  doc.tokens.clear();
  doc.sentences.clear();
  for (const Line& line : lines) {
    if (line.label == LineLabel::kClutter || line.label == LineLabel::kMeta) continue;
    const size_t first = doc.tokens.size();
    Tokenize(doc.text, line.span, doc.tokens);
    // Sentences within the line.
    int quote_depth = 0;
    bool straight_open = false;
    size_t sent_start = first;
    for (size_t t = first; t < doc.tokens.size(); ++t) {
      Token& tok = doc.tokens[t];
      const std::string_view w = doc.View(tok.span);
      size_t k = 0;
      const char32_t cp = w.empty() ? 0 : DecodeUtf8(w, k);
      bool closed_quote = false;
      if (IsOpenQuote(cp)) ++quote_depth;
      else if (IsCloseQuote(cp) && quote_depth > 0) --quote_depth, closed_quote = true;
      else if (cp == '"') straight_open = !straight_open, closed_quote = !straight_open;
      if (quote_depth > 0 || straight_open) tok.flags |= kTokInQuote;
      const bool terminal = tok.Has(kTokPunct) && (w == "." || w == "!" || w == "?" ||
                                                    w == "…" || w == "...");
      bool boundary = false;
      // « Non ! » Puis ...: a quote that closes on terminal punctuation ends the sentence
      // when a capitalised word follows.
      if (closed_quote && quote_depth == 0 && !straight_open && t > first && t + 1 < doc.tokens.size()) {
        const std::string_view pw = doc.View(doc.tokens[t - 1].span);
        const std::string_view nw = doc.View(doc.tokens[t + 1].span);
        size_t z = 0;
        if ((pw == "." || pw == "!" || pw == "?" || pw == "…" || pw == "...") &&
            IsUpperCp(DecodeUtf8(nw, z)))
          boundary = true;
      }
      // A quotation never closed must not swallow the rest of the page: past 80 words, its
      // sentences end at their own full stops.
      const bool long_quote = (quote_depth > 0 || straight_open) && t - sent_start > 80;
      if (!boundary && terminal && ((quote_depth == 0 && !straight_open) || long_quote)) {
        // Split when what follows starts a sentence (upper case, digit, quote, dash).
        size_t n = t + 1;
        while (n < doc.tokens.size() && doc.tokens[n].Has(kTokPunct) &&
               IsCloseQuote(DecodeUtf8(doc.View(doc.tokens[n].span), k = 0)))
          ++n;
        if (n >= doc.tokens.size()) {
          boundary = false;  // the line end closes the sentence anyway
        } else {
          const Token& nx = doc.tokens[n];
          const std::string_view nw = doc.View(nx.span);
          size_t z = 0;
          const char32_t ncp = DecodeUtf8(nw, z);
          boundary = IsUpperCp(ncp) || IsDigitCp(ncp) || IsOpenQuote(ncp) || ncp == '"' ||
                     IsDashCp(ncp);
          if (boundary) t = n - 1;  // closing quotes belong to the sentence
        }
      }
      if (boundary) {
        Sentence s;
        s.first_token = static_cast<uint32_t>(sent_start);
        s.end_token = static_cast<uint32_t>(t + 1);
        s.span = {doc.tokens[sent_start].span.start, doc.tokens[t].span.end};
        s.line = line.number;
        s.label = line.label;
        doc.sentences.push_back(s);
        sent_start = t + 1;
      }
    }
    if (sent_start < doc.tokens.size()) {
      Sentence s;
      s.first_token = static_cast<uint32_t>(sent_start);
      s.end_token = static_cast<uint32_t>(doc.tokens.size());
      s.span = {doc.tokens[sent_start].span.start, doc.tokens.back().span.end};
      s.line = line.number;
      s.label = line.label;
      doc.sentences.push_back(s);
    }
  }
  for (const Sentence& s : doc.sentences) doc.tokens[s.first_token].flags |= kTokSentenceStart;
  return Status::Ok();
}

}  // namespace depeche::text
