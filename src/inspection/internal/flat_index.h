#pragma once

#include <cstdint>
#include <vector>

// An open-addressing hash index from a small trivially copyable key to a 32-bit slot number, in
// one array (linear probing, at most half full): no allocation per entry, unlike
// std::unordered_map's nodes. Entries are never erased (the pass-rate cube keeps emptied cells
// and withdrawn verdicts as slots of their own).
namespace zq::inspection::internal {

template <typename Key, typename Hash>
class FlatIndex {
 public:
  static constexpr std::uint32_t kMissing = 0xffffffff;

  std::size_t size() const { return size_; }

  void reserve(std::size_t n) {
    if (2 * n > buckets_.size())
      Rehash(2 * n);
  }

  // The slot of `key`, or kMissing.
  std::uint32_t Find(const Key& key) const {
    if (buckets_.empty())
      return kMissing;
    for (std::size_t i = Hash{}(key)&mask_;; i = (i + 1) & mask_) {
      const Bucket& b = buckets_[i];
      if (b.slot == kMissing)
        return kMissing;
      if (b.key == key)
        return b.slot;
    }
  }

  // The slot of `key`; `slot` when the key is new (then added with it).
  std::uint32_t FindOrAdd(const Key& key, std::uint32_t slot) {
    if (2 * (size_ + 1) > buckets_.size())
      Rehash(2 * (size_ + 1));
    for (std::size_t i = Hash{}(key)&mask_;; i = (i + 1) & mask_) {
      Bucket& b = buckets_[i];
      if (b.slot == kMissing) {
        b = {key, slot};
        ++size_;
        return slot;
      }
      if (b.key == key)
        return b.slot;
    }
  }

 private:
  struct Bucket {
    Key key{};
    std::uint32_t slot = kMissing;
  };

  void Rehash(std::size_t at_least) {
    std::size_t n = 16;
    while (n < at_least) n *= 2;
    std::vector<Bucket> old = std::move(buckets_);
    buckets_.assign(n, Bucket{});
    mask_ = n - 1;
    size_ = 0;
    for (const Bucket& b : old) {
      if (b.slot != kMissing)
        FindOrAdd(b.key, b.slot);
    }
  }

  std::vector<Bucket> buckets_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

// A 64-bit mix (splitmix64's finaliser), for integer keys and packed cells.
inline std::size_t Mix64(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return static_cast<std::size_t>(x);
}

}  // namespace zq::inspection::internal
