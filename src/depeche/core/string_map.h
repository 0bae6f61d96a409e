// A hash map from strings to values for the knowledge tables: built once at load, then looked
// up for nearly every word of every document. std::unordered_map costs a bucket, a node and
// often its predecessor per lookup, each a likely cache miss in tables of 10^5 keys; here a
// lookup probes a flat array of (hash tag, index) slots and then reads one entry. Keys are
// looked up as string_views (no copy). Insertion only, no erase; references to values stay
// valid across insertions (the entries live in a deque).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace depeche {

template <typename V>
class StringMap {
 public:
  StringMap() { Rehash(16); }

  // The value under key, inserted default-constructed when absent.
  V& operator[](std::string_view key) {
    const size_t h = Hash(key);
    if (V* v = Find(key, h)) return *v;
    if ((entries_.size() + 1) * 2 > slots_.size()) Rehash(slots_.size() * 2);
    entries_.emplace_back(std::string(key), V());
    Place(h, static_cast<uint32_t>(entries_.size()));
    return entries_.back().second;
  }
  const V* Find(std::string_view key) const { return Find(key, Hash(key)); }
  V* Find(std::string_view key) { return Find(key, Hash(key)); }
  bool Contains(std::string_view key) const { return Find(key) != nullptr; }
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  // Entries (key, value) in insertion order; keys must not be modified.
  auto begin() { return entries_.begin(); }
  auto end() { return entries_.end(); }
  void reserve(size_t n) {
    size_t want = 16;
    while (want < n * 2) want *= 2;
    if (want > slots_.size()) Rehash(want);
  }

 private:
  struct Slot {
    uint32_t index = 0;  // 1 + position in entries_; 0: empty
    uint32_t tag = 0;    // high bits of the hash, to skip most key comparisons
  };

  static size_t Hash(std::string_view key) { return std::hash<std::string_view>{}(key); }
  static uint32_t Tag(size_t h) { return static_cast<uint32_t>(h >> 32) | 1u; }

  V* Find(std::string_view key, size_t h) const {
    const uint32_t tag = Tag(h);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.index == 0) return nullptr;
      if (s.tag == tag) {
        auto& e = entries_[s.index - 1];
        if (e.first == key) return const_cast<V*>(&e.second);
      }
    }
  }
  void Place(size_t h, uint32_t index) {
    size_t i = h & mask_;
    while (slots_[i].index != 0) i = (i + 1) & mask_;
    slots_[i] = Slot{index, Tag(h)};
  }
  void Rehash(size_t n) {
    slots_.assign(n, Slot{});
    mask_ = n - 1;
    for (size_t k = 0; k < entries_.size(); ++k)
      Place(Hash(entries_[k].first), static_cast<uint32_t>(k + 1));
  }

  std::deque<std::pair<std::string, V>> entries_;
  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

// A set of strings with the same layout.
class StringSet {
 public:
  void insert(std::string_view key) { map_[key]; }
  bool contains(std::string_view key) const { return map_.Contains(key); }
  size_t count(std::string_view key) const { return map_.Contains(key) ? 1 : 0; }
  size_t size() const { return map_.size(); }
  bool empty() const { return map_.empty(); }
  void reserve(size_t n) { map_.reserve(n); }

 private:
  StringMap<char> map_;
};

}  // namespace depeche
