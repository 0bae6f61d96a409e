// Unicode helpers for matching text against knowledge: case folding, accent stripping,
// apostrophe and dash folding, UTF-8 validation. Built on utf8proc.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace depeche {

// Lower case (full case folding), NFC.
std::string FoldCase(std::string_view s);
// Lower case, accents removed, typographic apostrophes -> ', dashes and hyphens -> '-',
// non-breaking and other spaces -> ' ': the key under which names and phrases are looked up.
// "L’Élysée" -> "l'elysee".
std::string MatchKey(std::string_view s);
// True when s is well-formed UTF-8.
bool IsValidUtf8(std::string_view s);

namespace unicode_internal {
char32_t DecodeUtf8Slow(std::string_view s, size_t& i);
void AppendUtf8Slow(std::string& out, char32_t cp);
bool IsUpperSlow(char32_t cp);
bool IsLetterSlow(char32_t cp);
}  // namespace unicode_internal

// The helpers below are called for every character of every document: ASCII is answered
// inline, the rest by utf8proc.

// Decodes one code point at s[i], advancing i; returns U+FFFD on a bad byte (i advances by 1).
inline char32_t DecodeUtf8(std::string_view s, size_t& i) {
  if (i < s.size() && static_cast<unsigned char>(s[i]) < 0x80)
    return static_cast<unsigned char>(s[i++]);
  return unicode_internal::DecodeUtf8Slow(s, i);
}
inline void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) out.push_back(static_cast<char>(cp));
  else unicode_internal::AppendUtf8Slow(out, cp);
}
// Converts Windows-1252 (a superset of printable Latin-1) bytes to UTF-8.
std::string Windows1252ToUtf8(std::string_view s);

inline bool IsUpperCp(char32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
  return unicode_internal::IsUpperSlow(cp);
}
inline bool IsLetterCp(char32_t cp) {
  if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
  return unicode_internal::IsLetterSlow(cp);
}
inline bool IsDigitCp(char32_t cp) { return cp >= '0' && cp <= '9'; }
// Includes NBSP, narrow NBSP, thin space.
inline bool IsSpaceCp(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
         cp == 0xA0 || cp == 0x202F || cp == 0x2009 || cp == 0x2007 || cp == 0x2002 ||
         cp == 0x2003 || cp == 0x200B || cp == 0xFEFF || cp == 0x3000;
}
// ' ’ ʼ ‘ ` ´
inline bool IsApostropheCp(char32_t cp) {
  return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC || cp == '`' || cp == 0x00B4;
}
// - ‐ ‑ ‒ – — −
inline bool IsDashCp(char32_t cp) {
  return cp == '-' || cp == 0x2010 || cp == 0x2011 || cp == 0x2012 || cp == 0x2013 ||
         cp == 0x2014 || cp == 0x2212;
}

}  // namespace depeche
