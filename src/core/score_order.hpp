// The order of scores from high to low, as numpy's argsort(kind="mergesort")[::-1] gives it:
// equal scores in descending order of their index (the stable ascending order, reversed). What
// every ranking metric sorts first (the ROC and precision-recall curves, threshold tuning).
#pragma once

#include <cstddef>
#include <vector>

namespace rarenet {

// Indices of `scores` from the highest score to the lowest; ties by descending index. -0.0 and
// 0.0 are one score, as they compare equal. A least-significant-digit radix sort of the scores'
// bit patterns (stable, so the same permutation as std::stable_sort's), several times faster
// than a comparison sort on the tens of thousands of scores a cross-validation judges. Scores
// must not be NaN.
std::vector<std::size_t> descending_score_order(const std::vector<double>& scores);

}  // namespace rarenet
