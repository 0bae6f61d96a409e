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
// Decodes one code point at s[i], advancing i; returns U+FFFD on a bad byte (i advances by 1).
char32_t DecodeUtf8(std::string_view s, size_t& i);
void AppendUtf8(std::string& out, char32_t cp);
// Converts Windows-1252 (a superset of printable Latin-1) bytes to UTF-8.
std::string Windows1252ToUtf8(std::string_view s);

bool IsUpperCp(char32_t cp);
bool IsLetterCp(char32_t cp);
bool IsDigitCp(char32_t cp);
bool IsSpaceCp(char32_t cp);  // includes NBSP, narrow NBSP, thin space
bool IsApostropheCp(char32_t cp);  // ' ’ ʼ ‘ `
bool IsDashCp(char32_t cp);        // - ‐ ‑ – —

}  // namespace depeche
