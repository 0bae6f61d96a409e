#include "depeche/core/unicode.h"

#include <utf8proc.h>

#include <cstdlib>
#include <cstring>
#include <memory>

namespace depeche {
namespace {

std::string Map(std::string_view s, int options) {
  utf8proc_uint8_t* out = nullptr;
  const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                              static_cast<utf8proc_ssize_t>(s.size()), &out,
                              static_cast<utf8proc_option_t>(options));
  if (n < 0) {  // invalid UTF-8: fold byte-wise ASCII only, never fail
    std::string r(s);
    for (char& c : r)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return r;
  }
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> hold(out, &std::free);
  return std::string(reinterpret_cast<char*>(out), static_cast<size_t>(n));
}

constexpr int kFoldOptions = UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE;
constexpr int kKeyOptions = UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_COMPOSE;

// utf8proc_map costs a decomposition, a reordering and a composition pass per call, and
// FoldCase/MatchKey run on every token. For the code points news text is made of (ASCII,
// U+0080..U+07FF: Latin, Greek, Cyrillic, Arabic..., and General Punctuation U+2000..U+207F)
// the mapping of a string is the concatenation of the mappings of its code points, provided
// that no mapped code point is a combining mark (nothing can then reorder or compose across
// code points: the few starters that compose with a preceding starter are Hangul and Indic,
// outside these ranges). This table holds, per code point, utf8proc's own answer for that
// code point alone, and marks unusable the ones whose answer has a combining mark (with
// STRIPMARK, marks are dropped so every entry is usable). Anything else falls back to
// utf8proc_map on the whole string.
class FoldTable {
 public:
  explicit FoldTable(int options) {
    for (char32_t cp = 0x80; cp < 0x800; ++cp) Fill(two_[cp], cp, options);
    for (char32_t cp = 0x2000; cp < 0x2080; ++cp) Fill(punct_[cp - 0x2000], cp, options);
  }

  // Appends the mapping of s to out; false (out then unspecified) when s has a code point
  // outside the table or bytes that are not UTF-8.
  bool Map(std::string_view s, std::string& out) const {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const size_t n = s.size();
    for (size_t i = 0; i < n;) {
      const unsigned char c = p[i];
      if (c < 0x80) {
        out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a')
                                           : static_cast<char>(c));
        ++i;
        continue;
      }
      const Entry* e = nullptr;
      if (c >= 0xC2 && c <= 0xDF && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
        e = &two_[((c & 0x1Fu) << 6) | (p[i + 1] & 0x3Fu)];
        i += 2;
      } else if (c == 0xE2 && i + 2 < n && (p[i + 1] == 0x80 || p[i + 1] == 0x81) &&
                 (p[i + 2] & 0xC0) == 0x80) {
        e = &punct_[((p[i + 1] & 0x3Fu) << 6) | (p[i + 2] & 0x3Fu)];
        i += 3;
      } else {
        return false;
      }
      if (!e->ok) return false;
      out.append(e->bytes, e->len);
    }
    return true;
  }

 private:
  struct Entry {
    char bytes[14];
    uint8_t len = 0;
    bool ok = false;
  };

  static void Fill(Entry& e, char32_t cp, int options) {
    utf8proc_uint8_t in[4];
    const auto in_len = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), in);
    utf8proc_uint8_t* out = nullptr;
    const auto n = utf8proc_map(in, in_len, &out, static_cast<utf8proc_option_t>(options));
    if (n < 0) return;
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> hold(out, &std::free);
    if (static_cast<size_t>(n) > sizeof(e.bytes)) return;
    // A combining mark in the answer could compose with or reorder against a neighbour.
    for (utf8proc_ssize_t k = 0; k < n;) {
      utf8proc_int32_t c;
      const auto m = utf8proc_iterate(out + k, n - k, &c);
      if (m <= 0 || utf8proc_get_property(c)->combining_class != 0) return;
      k += m;
    }
    if (utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))->combining_class != 0 && n > 0)
      return;
    std::memcpy(e.bytes, out, static_cast<size_t>(n));
    e.len = static_cast<uint8_t>(n);
    e.ok = true;
  }

  Entry two_[0x800];
  Entry punct_[0x80];
};

const FoldTable& FoldTableFor(int options) {
  static const FoldTable fold(kFoldOptions);
  static const FoldTable key(kKeyOptions);
  return options == kFoldOptions ? fold : key;
}

bool IsAscii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

// utf8proc_map(s, options) through the table when it can answer.
std::string FastMap(std::string_view s, int options) {
  std::string out;
  out.reserve(s.size());
  if (FoldTableFor(options).Map(s, out)) return out;
  return Map(s, options);
}

}  // namespace

std::string FoldCase(std::string_view s) { return FastMap(s, kFoldOptions); }

std::string MatchKey(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool last_space = true;
  if (IsAscii(s)) {
    // The common case, without the intermediate folded string.
    for (char c : s) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      else if (c == '`') c = '\'';
      else if (IsSpaceCp(static_cast<unsigned char>(c))) c = ' ';
      if (c == ' ') {
        if (last_space) continue;
        last_space = true;
      } else {
        last_space = false;
      }
      out.push_back(c);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
  }
  const std::string folded = FastMap(s, kKeyOptions);
  size_t i = 0;
  while (i < folded.size()) {
    char32_t cp = DecodeUtf8(folded, i);
    if (IsApostropheCp(cp)) cp = '\'';
    else if (IsDashCp(cp)) cp = '-';
    else if (IsSpaceCp(cp)) cp = ' ';
    else if (cp == U'œ') { out += "oe"; last_space = false; continue; }
    else if (cp == U'æ') { out += "ae"; last_space = false; continue; }
    else if (cp == U'ı') cp = 'i';  // dotless i from Turkish-style mis-encodings
    if (cp == ' ') {
      if (last_space) continue;
      last_space = true;
    } else {
      last_space = false;
    }
    AppendUtf8(out, cp);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    utf8proc_int32_t cp;
    const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                    static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
    if (n <= 0) return false;
    i += static_cast<size_t>(n);
  }
  return true;
}

namespace unicode_internal {

char32_t DecodeUtf8Slow(std::string_view s, size_t& i) {
  utf8proc_int32_t cp;
  const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                  static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
  if (n <= 0) {
    ++i;
    return 0xFFFD;
  }
  i += static_cast<size_t>(n);
  return static_cast<char32_t>(cp);
}

void AppendUtf8Slow(std::string& out, char32_t cp) {
  utf8proc_uint8_t buf[4];
  const auto n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), buf);
  out.append(reinterpret_cast<char*>(buf), static_cast<size_t>(n));
}

bool IsUpperSlow(char32_t cp) {
  return utf8proc_category(static_cast<utf8proc_int32_t>(cp)) == UTF8PROC_CATEGORY_LU;
}
bool IsLetterSlow(char32_t cp) {
  const auto c = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

}  // namespace unicode_internal

std::string Windows1252ToUtf8(std::string_view s) {
  // 0x80..0x9F differ from Latin-1; the rest maps to the same code point.
  static constexpr char32_t k80[32] = {
      0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (unsigned char c : s) {
    if (c < 0x80) out.push_back(static_cast<char>(c));
    else if (c < 0xA0) AppendUtf8(out, k80[c - 0x80]);
    else AppendUtf8(out, c);
  }
  return out;
}

}  // namespace depeche
