// The scoped flushing of subnormal floats that training runs under (core/denormals.hpp).
#include <limits>

#include "core/denormals.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

// Computed at run time (volatile), so the compiler cannot fold it under its own rules.
float times(float x, float by) {
  volatile float v = x;
  return v * by;
}

TEST(FlushDenormals, FlushesInsideItsScopeAndRestoresTheCallersModeAfter) {
  const float smallest_normal = std::numeric_limits<float>::min();
  const float subnormal = std::numeric_limits<float>::denorm_min();
  EXPECT_GT(times(smallest_normal, 0.5f), 0.0f);  // IEEE: a subnormal result
  EXPECT_GT(times(subnormal, 1e30f), 0.0f);       // IEEE: a subnormal input counts
  {
    const FlushDenormals flush;
#if defined(__SSE__)
    EXPECT_EQ(times(smallest_normal, 0.5f), 0.0f);                 // the result flushed to zero
    EXPECT_EQ(times(subnormal, 1e30f), 0.0f);                      // the input read as zero
    EXPECT_EQ(times(smallest_normal, 2.0f), 2 * smallest_normal);  // normal numbers untouched
    {
      const FlushDenormals nested;  // a nested scope restores the flushing mode it found
    }
    EXPECT_EQ(times(smallest_normal, 0.5f), 0.0f);
#endif
  }
  EXPECT_GT(times(smallest_normal, 0.5f), 0.0f);
  EXPECT_GT(times(subnormal, 1e30f), 0.0f);
}

}  // namespace
}  // namespace rarenet
