#pragma once
// Training flushes subnormal floats (magnitudes below 1.2e-38) to zero, as TensorFlow's CPU
// kernels do. On x86 every operation that reads or writes one takes a microcode assist of about
// a hundred cycles, and backpropagation makes them in bulk: a confidently right prediction has
// a gradient p - y of 1e-40 or less, which the products carry to every layer. On satimage the
// training took twice as long for it (docs/PERFORMANCE.md, "Subnormal floats").
// The mode is scoped: whatever the caller had (numpy's, in a Python process) comes back.
#if defined(__SSE__)
#include <xmmintrin.h>
#endif

namespace rarenet {

class FlushDenormals {
 public:
#if defined(__SSE__)
  // MXCSR's flush-to-zero (bit 15: results) and denormals-are-zero (bit 6: inputs).
  static constexpr unsigned kFlushBits = 0x8040;
  FlushDenormals() : saved_(_mm_getcsr()) {
    _mm_setcsr(saved_ | kFlushBits);
  }
  ~FlushDenormals() {
    _mm_setcsr(saved_);
  }
#else
  // Elsewhere subnormals keep IEEE semantics (slower on some processors, never wrong).
  FlushDenormals() = default;
#endif
  FlushDenormals(const FlushDenormals&) = delete;
  FlushDenormals& operator=(const FlushDenormals&) = delete;

 private:
#if defined(__SSE__)
  unsigned saved_;
#endif
};

}  // namespace rarenet
