// Native load engine. Latency buckets laid out exactly as HdrHistogram's counts array for
// lowest 1 µs and 3 significant digits (main/core/benchmark/histogram.ts), so that JavaScript
// rebuilds an identical hdr-histogram-js histogram from (index, count) pairs without loss.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>
#include <vector>

namespace bp {

class Hist {
 public:
  // 2048 sub-buckets (3 significant digits), half of them per bucket after the first.
  static constexpr int kHalfMagnitude = 10;
  static constexpr uint64_t kSubMask = 2047;
  // Values are clamped below 2^36 µs (19 hours); the JavaScript side allows one hour and grows.
  static constexpr uint64_t kMaxValue = (1ull << 36) - 1;
  static constexpr int kBuckets = 53 - 27 + 1;  // bucket index of kMaxValue, plus one
  static constexpr size_t kSize = (size_t)(kBuckets + 1) << kHalfMagnitude;

  // calloc, not a zero-filled vector: an allocation this size comes as fresh zero pages from the
  // kernel, and only the pages holding recorded latencies become resident. With a thread per
  // connection each thread holds several of these (229 KiB each), nearly all of it never touched.
  Hist() : counts_(static_cast<uint64_t*>(std::calloc(kSize, sizeof(uint64_t)))) {
    if (!counts_) throw std::bad_alloc();
  }

  static size_t index(uint64_t v) {
    if (v > kMaxValue) v = kMaxValue;
    int bucket = 53 - __builtin_clzll(v | kSubMask);
    uint64_t sub = v >> bucket;
    return ((size_t)(bucket + 1) << kHalfMagnitude) + (size_t)(sub - 1024);
  }

  void record(double us) {
    if (us < 0) us = 0;
    uint64_t v = (uint64_t)std::llround(us);
    size_t i = index(v);
    counts_[i]++;
    total_++;
    sum_ += (double)v;
    if ((double)v > max_) max_ = (double)v;
    lo_ = std::min(lo_, i);
    hi_ = std::max(hi_, i);
  }

  uint64_t total() const { return total_; }
  double sum() const { return sum_; }
  double max() const { return max_; }

  /** Appends (index, count) pairs of non-empty buckets, then empties the histogram. */
  void drain(std::vector<double>& out) {
    if (total_ > 0) {
      for (size_t i = lo_; i <= hi_; i++) {
        if (counts_[i] == 0) continue;
        out.push_back((double)i);
        out.push_back((double)counts_[i]);
        counts_[i] = 0;
      }
    }
    total_ = 0;
    sum_ = 0;
    max_ = 0;
    lo_ = kSize;
    hi_ = 0;
  }

  /** Adds another histogram's buckets (merging per-thread parts at flush). */
  void add(const Hist& o) {
    if (o.total_ == 0) return;
    for (size_t i = o.lo_; i <= o.hi_; i++) counts_[i] += o.counts_[i];
    total_ += o.total_;
    sum_ += o.sum_;
    max_ = std::max(max_, o.max_);
    lo_ = std::min(lo_, o.lo_);
    hi_ = std::max(hi_, o.hi_);
  }

  void clear() {
    if (total_ > 0) std::fill(counts_.get() + lo_, counts_.get() + hi_ + 1, 0);
    total_ = 0;
    sum_ = 0;
    max_ = 0;
    lo_ = kSize;
    hi_ = 0;
  }

 private:
  struct Free {
    void operator()(uint64_t* p) const { std::free(p); }
  };
  std::unique_ptr<uint64_t[], Free> counts_;
  uint64_t total_ = 0;
  double sum_ = 0;
  double max_ = 0;
  size_t lo_ = kSize;
  size_t hi_ = 0;
};

}  // namespace bp
