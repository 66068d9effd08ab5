// scikit-learn's make_multilabel_classification, draw for draw: the same RandomState stream, the
// same floating-point order in its sums (numpy's), the same order of a Python set's elements.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/numpy_sum.hpp"
#include "rarenet/error.hpp"
#include "rarenet/make_classification.hpp"
#include "rarenet/random.hpp"

namespace rarenet {
namespace {

// np.searchsorted(a, v) (side "left"): the first i with a[i] >= v.
std::int64_t search_sorted(const std::vector<double>& a, double v) {
  return std::lower_bound(a.begin(), a.end(), v) - a.begin();
}

// The order in which CPython iterates a set of small non-negative integers built by adding them
// in the given order: slots of an open-addressing table (hash(k) == k), linear probes of up to 9
// slots where they fit, then perturbed jumps; the table starts with 8 slots and is rebuilt four
// times larger when 3/5 full. The label order decides the order of a floating-point sum below.
class PySetOfInts {
 public:
  bool add(std::int64_t key) {
    for (std::int64_t k : table_)
      if (k == key) return false;
    insert(table_, key);
    ++used_;
    if (used_ * 5 >= mask() * 3) resize(used_ > 50000 ? used_ * 2 : used_ * 4);
    return true;
  }
  std::size_t size() const { return used_; }
  std::vector<std::int64_t> in_order() const {
    std::vector<std::int64_t> out;
    for (std::int64_t k : table_)
      if (k >= 0) out.push_back(k);
    return out;
  }

 private:
  static constexpr std::size_t kLinearProbes = 9, kPerturbShift = 5;
  std::vector<std::int64_t> table_ = std::vector<std::int64_t>(8, -1);  // -1: empty slot
  std::size_t used_ = 0;

  std::size_t mask() const { return table_.size() - 1; }
  static void insert(std::vector<std::int64_t>& table, std::int64_t key) {
    const std::size_t m = table.size() - 1;
    std::size_t perturb = static_cast<std::size_t>(key);
    std::size_t i = static_cast<std::size_t>(key) & m;
    while (true) {
      const std::size_t probes = i + kLinearProbes <= m ? kLinearProbes : 0;
      for (std::size_t j = 0; j <= probes; ++j)
        if (table[i + j] < 0) {
          table[i + j] = key;
          return;
        }
      perturb >>= kPerturbShift;
      i = (i * 5 + 1 + perturb) & m;
    }
  }
  void resize(std::size_t min_used) {
    std::size_t size = 8;
    while (size <= min_used) size <<= 1;
    std::vector<std::int64_t> bigger(size, -1);
    for (std::int64_t k : table_)
      if (k >= 0) insert(bigger, k);
    table_ = std::move(bigger);
  }
};

}  // namespace

MultilabelData make_multilabel_classification(const MakeMultilabelParams& p) {
  if (p.n_classes < 1)
    throw ConfigError("'n_classes' should be an integer greater than 0. Got " +
                      std::to_string(p.n_classes) + " instead.");
  if (p.length < 1)
    throw ConfigError("'length' should be an integer greater than 0. Got " +
                      std::to_string(p.length) + " instead.");
  if (p.n_samples < 0)
    throw ConfigError("n_samples must be >= 0, got " + std::to_string(p.n_samples));
  if (p.n_features < 1)
    throw ConfigError("n_features must be >= 1, got " + std::to_string(p.n_features));
  if (!(p.n_labels >= 0) || !std::isfinite(p.n_labels))
    throw ConfigError("n_labels must be a finite number >= 0");
  if (!p.allow_unlabeled && p.n_labels == 0)
    throw ConfigError("n_labels 0 with allow_unlabeled off: no row could ever be labelled");

  RandomState rng(p.random_state);
  const auto k = static_cast<std::size_t>(p.n_classes);
  const auto d = static_cast<std::size_t>(p.n_features);

  // P(c), normalised by numpy's sum, and its running total.
  std::vector<double> p_c(k);
  for (double& v : p_c) v = rng.uniform(0.0, 1.0);
  const double total = pairwise_sum(p_c.data(), k);
  for (double& v : p_c) v /= total;
  std::vector<double> cumulative_p_c(k);
  double running = 0;
  for (std::size_t c = 0; c < k; ++c) cumulative_p_c[c] = running += p_c[c];

  // P(w | c): (n_features, n_classes), each column normalised. numpy sums over the first axis
  // row after row, except for a single column, which it sums as one contiguous run.
  std::vector<double> p_w_c(d * k);
  for (double& v : p_w_c) v = rng.uniform(0.0, 1.0);
  std::vector<double> column_sum(k, 0.0);
  if (k == 1) {
    column_sum[0] = pairwise_sum(p_w_c.data(), d);
  } else {
    for (std::size_t c = 0; c < k; ++c) column_sum[c] = p_w_c[c];
    for (std::size_t w = 1; w < d; ++w)
      for (std::size_t c = 0; c < k; ++c) column_sum[c] += p_w_c[w * k + c];
  }
  for (std::size_t w = 0; w < d; ++w)
    for (std::size_t c = 0; c < k; ++c) p_w_c[w * k + c] /= column_sum[c];

  MultilabelData out;
  out.X = RowMatrixD::Zero(p.n_samples, p.n_features);
  out.Y = RowMatrixD::Zero(p.n_samples, p.n_classes);
  const auto n_classes = static_cast<std::int64_t>(k);
  std::vector<double> picked(k), cumulative(d);
  for (Index i = 0; i < p.n_samples; ++i) {
    std::int64_t y_size = n_classes + 1;
    while ((!p.allow_unlabeled && y_size == 0) || y_size > n_classes)
      y_size = rng.poisson(p.n_labels);

    PySetOfInts labels;
    while (static_cast<std::int64_t>(labels.size()) != y_size) {
      const std::int64_t draws = y_size - static_cast<std::int64_t>(labels.size());
      std::vector<std::int64_t> drawn;
      for (std::int64_t t = 0; t < draws; ++t)
        drawn.push_back(search_sorted(cumulative_p_c, rng.uniform(0.0, 1.0)));
      for (std::int64_t c : drawn) {
        // A draw above the last running total (which rounding can leave below 1) has no class;
        // scikit-learn fails on it with an IndexError.
        if (c >= n_classes)
          throw InputError(
              "make_multilabel_classification: a class draw fell beyond P(c)'s "
              "total; scikit-learn fails on this seed too");
        labels.add(c);
      }
    }
    const std::vector<std::int64_t> y = labels.in_order();

    std::int64_t n_words = 0;
    while (n_words == 0) n_words = rng.poisson(static_cast<double>(p.length));

    for (std::int64_t c : y) out.Y(i, c) = 1;
    if (y.empty()) {  // an unlabelled row: noise words
      for (std::int64_t t = 0; t < n_words; ++t) out.X(i, rng.randint(0, p.n_features)) += 1;
      continue;
    }
    // Words from the chosen classes' mixture: row sums over the chosen columns, in label order.
    for (std::size_t w = 0; w < d; ++w) {
      for (std::size_t j = 0; j < y.size(); ++j)
        picked[j] = p_w_c[w * k + static_cast<std::size_t>(y[j])];
      cumulative[w] = pairwise_sum(picked.data(), y.size());
    }
    for (std::size_t w = 1; w < d; ++w) cumulative[w] += cumulative[w - 1];
    const double last = cumulative[d - 1];
    for (double& v : cumulative) v /= last;
    for (std::int64_t t = 0; t < n_words; ++t) {
      const std::int64_t w = search_sorted(cumulative, rng.uniform(0.0, 1.0));
      if (w >= p.n_features)
        throw InputError(
            "make_multilabel_classification: a word draw fell beyond the "
            "distribution's total; scikit-learn fails on this seed too");
      out.X(i, w) += 1;
    }
  }
  return out;
}

}  // namespace rarenet
