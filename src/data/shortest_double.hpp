// Doubles as CSV text: the shortest decimal that reads back to the same bits, spelled exactly as
// std::to_chars(first, last, value) spells it (the format csv.hpp promises), but with {fmt}'s
// Dragonbox for the digits, about twice as fast as libstdc++'s Ryu here. Dragonbox's digits and
// exponent come from fmt::detail (its public "{}" format writes 1e-05 as 1e-05 but 0.0001 as
// 0.0001 and 1e+16 as 1e+16, not std::to_chars's "1e-04" and "1e+16"); the choice between the
// fixed and the scientific form is std::to_chars's: the shorter, the fixed one on a tie.
#pragma once

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#ifndef FMT_HEADER_ONLY
#define FMT_HEADER_ONLY
#endif
#include <fmt/format.h>

namespace rarenet::detail {

// write_shortest writes v at p, at most kMaxShortest characters, and returns the end; it may
// scribble over the kShortestRoom bytes from p (fixed-size copies instead of memcpy calls of
// variable length, which cost more than Dragonbox's own work here).
inline constexpr int kMaxShortest = 24;  // "-2.2250738585072014e-308"
inline constexpr int kShortestRoom = 40;

inline constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

// x < 10^8 as 8 digits with leading zeros: four independent pairs (a chain of divisions by 100
// over all 17 digits cost more than Dragonbox itself).
inline void write8(char* p, std::uint32_t x) {
  const std::uint32_t a = x / 10000, b = x % 10000;
  std::memcpy(p, kDigitPairs + 2 * (a / 100), 2);
  std::memcpy(p + 2, kDigitPairs + 2 * (a % 100), 2);
  std::memcpy(p + 4, kDigitPairs + 2 * (b / 100), 2);
  std::memcpy(p + 6, kDigitPairs + 2 * (b % 100), 2);
}

// Not inlined: inlined into a row loop, GCC 12 made it twice as slow here (84 ns against 40 ns
// per double, against 52-60 ns for std::to_chars, measured in one run).
__attribute__((noinline)) inline char* write_shortest(char* p, double v) {
  if (v == 0 || !std::isfinite(v)) return std::to_chars(p, p + kMaxShortest, v).ptr;
  const auto dec = fmt::detail::dragonbox::to_decimal(v);
  const std::uint64_t s = dec.significand;  // < 10^17, no trailing zero
  const int e = dec.exponent;
  // The digits: 17 with leading zeros in buf, the n significant ones from d.
  char buf[34];  // 17 digits, then room for copy17 reading past them
  const std::uint64_t hi = s / 100000000;
  buf[0] = static_cast<char>('0' + hi / 100000000);
  write8(buf + 1, static_cast<std::uint32_t>(hi % 100000000));
  write8(buf + 9, static_cast<std::uint32_t>(s % 100000000));
  static constexpr std::uint64_t kPow10[] = {1ULL,
                                             10ULL,
                                             100ULL,
                                             1000ULL,
                                             10000ULL,
                                             100000ULL,
                                             1000000ULL,
                                             10000000ULL,
                                             100000000ULL,
                                             1000000000ULL,
                                             10000000000ULL,
                                             100000000000ULL,
                                             1000000000000ULL,
                                             10000000000000ULL,
                                             100000000000000ULL,
                                             1000000000000000ULL,
                                             10000000000000000ULL,
                                             100000000000000000ULL};
  const int guess = (static_cast<int>(std::bit_width(s)) * 1233) >> 12;  // log10 from log2
  const int n = guess + (s >= kPow10[guess]);

  const char* const d = buf + 17 - n;
  auto copy17 = [](char* to, const char* from) { std::memcpy(to, from, 17); };
  *p = '-';  // kept only for a negative number (no branch on the sign)
  p += std::signbit(v);
  const int exp10 = e + n - 1;  // of the scientific form d.ddd e exp10
  const int exp_abs = exp10 < 0 ? -exp10 : exp10;
  const int sci_len = n + (n > 1) + 2 + (exp_abs >= 100 ? 3 : 2);
  const int fixed_len = e >= 0 ? n + e : n + e > 0 ? n + 1 : 2 - e;
  if (fixed_len <= sci_len) {
    // std::to_chars writes an integer's fixed form exactly: from 2^53 on, its digits are not the
    // shortest ones followed by zeros (9007199254740993000 is 9007199254740992512).
    if (e > 0 && std::fabs(v) >= 9007199254740992.0)
      return std::to_chars(p - std::signbit(v), p + kMaxShortest, v).ptr;
    if (e >= 0) {  // digits, then e zeros
      copy17(p, d);
      p += n;
      std::memset(p, '0', 8);  // e <= 5: the fixed form is the shorter one
      return p + e;
    }
    if (n + e > 0) {  // a point inside the digits
      const int whole = n + e;
      copy17(p, d);
      p += whole;
      *p++ = '.';
      copy17(p, d + whole);
      return p - e;
    }
    *p++ = '0';  // 0.000ddd
    *p++ = '.';
    std::memset(p, '0', 8);  // -(n + e) <= 3 zeros: the fixed form is the shorter one
    p += -(n + e);
    copy17(p, d);
    return p + n;
  }
  *p++ = d[0];
  if (n > 1) {
    *p++ = '.';
    copy17(p, d + 1);
    p += n - 1;
  }
  *p++ = 'e';
  *p++ = exp10 < 0 ? '-' : '+';
  if (exp_abs >= 100) {
    *p++ = static_cast<char>('0' + exp_abs / 100);
    std::memcpy(p, kDigitPairs + 2 * (exp_abs % 100), 2);
  } else {
    std::memcpy(p, kDigitPairs + 2 * exp_abs, 2);
  }
  return p + 2;
}

}  // namespace rarenet::detail
