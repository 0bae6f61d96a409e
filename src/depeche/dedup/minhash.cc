// MinHash / LSH implementation; see minhash.h.
#include "depeche/dedup/minhash.h"

#include <algorithm>
#include <limits>

#include "depeche/core/unicode.h"

namespace depeche::dedup {
namespace {

constexpr uint32_t kEmpty = std::numeric_limits<uint32_t>::max();

bool IsWordByte(unsigned char c) {
  // Bytes of multi-byte UTF-8 sequences count as letters: after MatchKey they are letters
  // without accents (Arabic, Greek, ...) or rare symbols, never separators we care about.
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

}  // namespace

uint64_t Mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

uint64_t Hash64(std::string_view s, uint64_t seed) {
  uint64_t h = 0xcbf29ce484222325ULL ^ Mix64(seed + 0x9e3779b97f4a7c15ULL);
  for (unsigned char c : s) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return Mix64(h ^ s.size());
}

std::vector<std::string> Words(std::string_view text) {
  const std::string key = MatchKey(text);
  std::vector<std::string> words;
  size_t i = 0;
  while (i < key.size()) {
    while (i < key.size() && !IsWordByte(static_cast<unsigned char>(key[i]))) ++i;
    size_t j = i;
    while (j < key.size() && IsWordByte(static_cast<unsigned char>(key[j]))) ++j;
    if (j > i) words.emplace_back(key.substr(i, j - i));
    i = j;
  }
  return words;
}

std::vector<uint32_t> MinHash(std::string_view text, const MinHashParams& p) {
  std::vector<uint32_t> sig(static_cast<size_t>(std::max(1, p.num_hashes)), kEmpty);
  const std::vector<std::string> words = Words(text);
  if (words.empty()) return sig;
  const size_t k = static_cast<size_t>(std::max(1, p.shingle_words));
  const size_t n = words.size() >= k ? words.size() - k + 1 : 1;
  // Per-position seeds, drawn once from fixed constants.
  std::vector<uint64_t> seeds(sig.size());
  for (size_t i = 0; i < seeds.size(); ++i) seeds[i] = Mix64(0x5eed0000ULL + i);
  std::string shingle;
  for (size_t s = 0; s < n; ++s) {
    shingle.clear();
    for (size_t w = s; w < std::min(words.size(), s + k); ++w) {
      if (w > s) shingle += ' ';
      shingle += words[w];
    }
    const uint64_t base = Hash64(shingle);
    for (size_t i = 0; i < sig.size(); ++i) {
      // Values below kEmpty only, so an empty text's signature never equals a real one.
      const uint32_t v = static_cast<uint32_t>(Mix64(base ^ seeds[i]) % kEmpty);
      if (v < sig[i]) sig[i] = v;
    }
  }
  return sig;
}

double EstimatedJaccard(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  if (a.empty() || a.size() != b.size()) return 0;
  size_t same = 0;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] == b[i] && a[i] != kEmpty) ++same;
  return static_cast<double>(same) / static_cast<double>(a.size());
}

std::vector<int64_t> BandKeys(const std::vector<uint32_t>& sig, const MinHashParams& p) {
  std::vector<int64_t> keys;
  const size_t bands = static_cast<size_t>(std::max(1, p.bands));
  const size_t rows = sig.size() / bands;
  if (rows == 0) return keys;
  for (size_t b = 0; b < bands; ++b) {
    bool empty = true;
    uint64_t h = Mix64(0xba0d0000ULL + b);
    for (size_t r = 0; r < rows; ++r) {
      const uint32_t v = sig[b * rows + r];
      if (v != kEmpty) empty = false;
      h = Mix64(h ^ (static_cast<uint64_t>(v) + 0x9e3779b97f4a7c15ULL * (r + 1)));
    }
    if (empty) continue;  // an empty text shares no band with anything
    keys.push_back(static_cast<int64_t>(h));
  }
  return keys;
}

std::string EncodeSignature(const std::vector<uint32_t>& sig) {
  std::string out;
  out.reserve(sig.size() * 4);
  for (uint32_t v : sig)
    for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
  return out;
}

std::vector<uint32_t> DecodeSignature(std::string_view blob) {
  if (blob.size() % 4 != 0) return {};
  std::vector<uint32_t> sig(blob.size() / 4);
  for (size_t j = 0; j < sig.size(); ++j) {
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
      v |= static_cast<uint32_t>(static_cast<unsigned char>(blob[j * 4 + i])) << (8 * i);
    sig[j] = v;
  }
  return sig;
}

}  // namespace depeche::dedup
