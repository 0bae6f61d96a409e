// Near-duplicate detection for articles: MinHash signatures over word shingles and the
// LSH band keys that find candidate duplicates without comparing every pair. Everything
// is seeded with constants, so signatures are the same on every run and machine.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace depeche::dedup {

// A fast, stable 64-bit hash (FNV-1a mixed through a finaliser); not cryptographic.
uint64_t Hash64(std::string_view s, uint64_t seed = 0);
// Mixes one 64-bit value (splitmix64's finaliser).
uint64_t Mix64(uint64_t x);

struct MinHashParams {
  int shingle_words = 5;  // words per shingle
  int num_hashes = 64;    // signature length; a multiple of `bands`
  // LSH bands of num_hashes / bands rows. 16 x 4 makes candidates of pairs from J ~ 0.5
  // ((1/16)^(1/4)); fewer bands would miss reworded copies, more would cost a random index
  // write per band and document.
  int bands = 16;
};

// The words of a text as matched: MatchKey folding (case, accents, apostrophes), split on
// anything that is not a letter or digit.
std::vector<std::string> Words(std::string_view text);

// The signature: for each of num_hashes seeded hash functions, the minimum over the
// text's shingles. A text shorter than one shingle is one shingle; an empty text gets a
// signature of all 0xFFFFFFFF (which matches nothing, see EstimatedJaccard).
std::vector<uint32_t> MinHash(std::string_view text, const MinHashParams& params);

// The share of equal positions: an unbiased estimate of the shingle sets' Jaccard index.
// 0 when either signature is empty, of different length, or from an empty text.
double EstimatedJaccard(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b);

// One key per band (hash of the band's rows and its index); two texts whose signatures
// agree on all rows of some band share that band's key.
std::vector<int64_t> BandKeys(const std::vector<uint32_t>& signature, const MinHashParams& params);

// Signatures as stored (little-endian uint32) and back; an unreadable blob gives {}.
std::string EncodeSignature(const std::vector<uint32_t>& sig);
std::vector<uint32_t> DecodeSignature(std::string_view blob);

}  // namespace depeche::dedup
