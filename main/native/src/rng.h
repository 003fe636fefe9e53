// Native load engine. The seeded generator shared with the Node engine
// (main/core/benchmark/workloads/rng.ts): xoshiro128** seeded by splitmix32, bit for bit the same.
#pragma once
#include <cmath>
#include <cstdint>

namespace bp {

class Rng {
 public:
  Rng() = default;
  Rng(uint32_t seed, uint32_t client, uint32_t stream) {
    uint32_t x = seed ^ (uint32_t)((client + 1u) * 0x9e3779b1u) ^ (uint32_t)((stream + 1u) * 0x85ebca77u);
    auto next = [&x]() {
      x += 0x9e3779b9u;
      uint32_t z = x;
      z = (z ^ (z >> 16)) * 0x85ebca6bu;
      z = (z ^ (z >> 13)) * 0xc2b2ae35u;
      return z ^ (z >> 16);
    };
    s0_ = next();
    s1_ = next();
    s2_ = next();
    s3_ = next();
  }

  uint32_t u32() {
    uint32_t result = rotl(s1_ * 5u, 7) * 9u;
    uint32_t t = s1_ << 9;
    s2_ ^= s0_;
    s3_ ^= s1_;
    s1_ ^= s2_;
    s0_ ^= s3_;
    s2_ ^= t;
    s3_ = rotl(s3_, 11);
    return result;
  }

  double dbl() {
    uint32_t a = u32() >> 5;
    uint32_t b = u32() >> 6;
    return ((double)a * 67108864.0 + (double)b) / 9007199254740992.0;
  }

  double integer(double lo, double hi) { return lo + std::floor(dbl() * (hi - lo + 1)); }

 private:
  static uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }
  uint32_t s0_ = 0, s1_ = 0, s2_ = 0, s3_ = 0;
};

}  // namespace bp
