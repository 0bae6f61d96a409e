#include "depeche/core/unicode.h"

#include <utf8proc.h>

#include <cstdlib>
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

}  // namespace

std::string FoldCase(std::string_view s) {
  return Map(s, UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE);
}

std::string MatchKey(std::string_view s) {
  const std::string folded =
      Map(s, UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_COMPOSE);
  std::string out;
  out.reserve(folded.size());
  size_t i = 0;
  bool last_space = true;
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

char32_t DecodeUtf8(std::string_view s, size_t& i) {
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

void AppendUtf8(std::string& out, char32_t cp) {
  utf8proc_uint8_t buf[4];
  const auto n = utf8proc_encode_char(static_cast<utf8proc_int32_t>(cp), buf);
  out.append(reinterpret_cast<char*>(buf), static_cast<size_t>(n));
}

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

bool IsUpperCp(char32_t cp) {
  return utf8proc_category(static_cast<utf8proc_int32_t>(cp)) == UTF8PROC_CATEGORY_LU;
}
bool IsLetterCp(char32_t cp) {
  const auto c = utf8proc_category(static_cast<utf8proc_int32_t>(cp));
  return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}
bool IsDigitCp(char32_t cp) { return cp >= '0' && cp <= '9'; }
bool IsSpaceCp(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
         cp == 0xA0 || cp == 0x202F || cp == 0x2009 || cp == 0x2007 || cp == 0x2002 ||
         cp == 0x2003 || cp == 0x200B || cp == 0xFEFF || cp == 0x3000;
}
bool IsApostropheCp(char32_t cp) {
  return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == '`' || cp == 0x00B4;
}
bool IsDashCp(char32_t cp) {
  return cp == '-' || cp == 0x2010 || cp == 0x2011 || cp == 0x2012 || cp == 0x2013 ||
         cp == 0x2014 || cp == 0x2212;
}

}  // namespace depeche
