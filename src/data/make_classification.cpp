#include "rarenet/make_classification.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <string>
#include <unordered_set>

#include "rarenet/error.hpp"
#include "rarenet/random.hpp"

// This file reproduces scikit-learn's arithmetic operation for operation (it is compiled with
// -ffp-contract=off so that a*b+c is never fused into one rounding): X must equal scikit-learn's
// bit for bit, not merely closely.

namespace rarenet {
namespace {

std::string shortest_double(double v) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

// scikit-learn's sample_without_replacement(n_population, n_samples) with method "auto".
std::vector<std::int64_t> sample_without_replacement(std::int64_t n_population,
                                                     std::int64_t n_samples, RandomState& rng) {
  if (n_population < 0)
    throw ConfigError("n_population should be greater than 0, got " + std::to_string(n_population) +
                      ".");
  if (n_samples > n_population)
    throw ConfigError(
        "n_population should be greater or equal than n_samples, got n_samples > "
        "n_population (" +
        std::to_string(n_samples) + " > " + std::to_string(n_population) + ")");
  const double ratio =
      n_population != 0 ? static_cast<double>(n_samples) / static_cast<double>(n_population) : 1.0;
  std::vector<std::int64_t> out(static_cast<std::size_t>(n_samples));
  if (ratio > 0.01 && ratio < 0.99) {
    const auto perm = rng.permutation(n_population);
    std::copy(perm.begin(), perm.begin() + n_samples, out.begin());
  } else if (ratio < 0.2) {  // tracking selection
    std::unordered_set<std::int64_t> selected;
    for (auto& o : out) {
      std::int64_t j = rng.randint(0, n_population);
      while (selected.count(j)) j = rng.randint(0, n_population);
      selected.insert(j);
      o = j;
    }
  } else {  // reservoir sampling
    std::iota(out.begin(), out.end(), std::int64_t{0});
    for (std::int64_t i = n_samples; i < n_population; ++i) {
      const std::int64_t j = rng.randint(0, i + 1);
      if (j < n_samples) out[static_cast<std::size_t>(j)] = i;
    }
  }
  return out;
}

// Vertices of a hypercube: (samples, dimensions) of 0/1, as scikit-learn's _generate_hypercube.
RowMatrixD generate_hypercube(std::int64_t samples, std::int64_t dimensions, RandomState& rng) {
  RowMatrixD out(samples, dimensions);
  if (dimensions > 30) {
    for (std::int64_t i = 0; i < samples; ++i)
      for (std::int64_t j = 0; j < dimensions - 30; ++j) out(i, j) = rng.randint(0, 2);
    out.rightCols(30) = generate_hypercube(samples, 30, rng);
    return out;
  }
  const auto codes = sample_without_replacement(std::int64_t{1} << dimensions, samples, rng);
  for (std::int64_t i = 0; i < samples; ++i)
    for (std::int64_t c = 0; c < dimensions; ++c)
      out(i, c) = static_cast<double>((codes[i] >> (dimensions - 1 - c)) & 1);
  return out;
}

}  // namespace

ClassificationData make_classification(const MakeClassificationParams& p) {
  RandomState generator(p.random_state);
  if (!(p.flip_y >= 0.0 && p.flip_y <= 1.0))
    throw ConfigError("flip_y: " + shortest_double(p.flip_y) +
                      ", expected a fraction of labels in [0, 1]");
  if (p.n_samples < 0)
    throw ConfigError("n_samples must be >= 0, got " + std::to_string(p.n_samples));
  if (p.n_features < 1 || p.n_informative < 0 || p.n_redundant < 0 || p.n_repeated < 0)
    throw ConfigError("n_features must be >= 1 and n_informative, n_redundant, n_repeated >= 0");
  if (p.n_classes < 1 || p.n_clusters_per_class < 1)
    throw ConfigError("n_classes and n_clusters_per_class must be >= 1");
  if (p.n_informative + p.n_redundant + p.n_repeated > p.n_features)
    throw ConfigError(
        "Number of informative, redundant and repeated features must sum to less than the number "
        "of total features");
  if (static_cast<double>(p.n_informative) <
      std::log2(static_cast<double>(p.n_classes * p.n_clusters_per_class)))
    throw ConfigError(
        "n_classes(" + std::to_string(p.n_classes) + ") * n_clusters_per_class(" +
        std::to_string(p.n_clusters_per_class) + ") must be smaller or equal 2**n_informative(" +
        std::to_string(p.n_informative) +
        ")=" + std::to_string(std::int64_t{1} << std::min<std::int64_t>(p.n_informative, 62)));
  std::vector<double> weights = p.weights;
  if (!weights.empty()) {
    if (static_cast<std::int64_t>(weights.size()) != p.n_classes &&
        static_cast<std::int64_t>(weights.size()) != p.n_classes - 1)
      throw ConfigError("weights: " + std::to_string(weights.size()) +
                        " values given, expected n_classes (" + std::to_string(p.n_classes) +
                        ") or n_classes - 1 (Weights specified but incompatible with number of "
                        "classes.)");
    // A negative or > 1 proportion would give a negative row count per cluster (rows written
    // before the matrix) or put every row in one class; scikit-learn's docs require proportions.
    double total = 0;
    for (std::size_t c = 0; c < weights.size(); ++c) {
      if (!(weights[c] >= 0.0 && weights[c] <= 1.0))
        throw ConfigError("weights: value " + std::to_string(c + 1) + " is " +
                          shortest_double(weights[c]) + ", expected a class proportion in [0, 1]");
      total += weights[c];
    }
    // A little slack for decimal fractions that do not add up exactly in binary (0.1 + 0.2 ...).
    if (total > 1.0 + 1e-9)
      throw ConfigError("weights: the proportions sum to " + shortest_double(total) +
                        ", expected at most 1");
    if (static_cast<std::int64_t>(weights.size()) == p.n_classes - 1) {
      double sum = 0;  // Python's sum(): left to right from 0
      for (double w : weights) sum += w;
      weights.push_back(std::max(0.0, 1.0 - sum));
    }
  } else {
    weights.assign(static_cast<std::size_t>(p.n_classes), 1.0 / static_cast<double>(p.n_classes));
  }

  const std::int64_t n_inf = p.n_informative, n = p.n_samples, n_feat = p.n_features;
  const std::int64_t n_useless = n_feat - n_inf - p.n_redundant - p.n_repeated;
  const std::int64_t n_clusters = p.n_classes * p.n_clusters_per_class;
  std::vector<std::int64_t> per_cluster(static_cast<std::size_t>(n_clusters));
  std::int64_t assigned = 0;
  for (std::int64_t k = 0; k < n_clusters; ++k) {
    per_cluster[k] = static_cast<std::int64_t>(static_cast<double>(n) * weights[k % p.n_classes] /
                                               static_cast<double>(p.n_clusters_per_class));
    assigned += per_cluster[k];
  }
  for (std::int64_t i = 0; i < n - assigned; ++i) per_cluster[i % n_clusters] += 1;
  std::int64_t total = 0;
  for (auto c : per_cluster) total += c;
  if (total > n)
    throw ConfigError("weights sum to more than 1: " + std::to_string(total) +
                      " samples would be generated for n_samples=" + std::to_string(n));

  RowMatrixD X = RowMatrixD::Zero(n, n_feat);
  Labels y(static_cast<std::size_t>(n), 0);

  RowMatrixD centroids = generate_hypercube(n_clusters, n_inf, generator);
  centroids = (centroids * (2 * p.class_sep)).array() - p.class_sep;
  if (!p.hypercube) {
    for (std::int64_t k = 0; k < n_clusters; ++k) centroids.row(k) *= generator.random_sample();
    for (std::int64_t j = 0; j < n_inf; ++j) centroids.col(j) *= generator.random_sample();
  }
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < n_inf; ++j) X(i, j) = generator.standard_normal();

  std::int64_t stop = 0;
  std::vector<double> row(static_cast<std::size_t>(n_inf));
  for (std::int64_t k = 0; k < n_clusters; ++k) {
    const std::int64_t start = stop;
    stop += per_cluster[k];
    RowMatrixD A(n_inf, n_inf);
    for (std::int64_t a = 0; a < n_inf; ++a)
      for (std::int64_t b = 0; b < n_inf; ++b) A(a, b) = 2 * generator.random_sample() - 1;
    for (std::int64_t i = start; i < stop && i < n; ++i) {
      y[i] = k % p.n_classes;
      // X_k = X_k @ A, summed in the order BLAS sums it, then shifted to the vertex.
      for (std::int64_t b = 0; b < n_inf; ++b) {
        double s = 0.0;
        for (std::int64_t a = 0; a < n_inf; ++a) s += X(i, a) * A(a, b);
        row[b] = s;
      }
      for (std::int64_t b = 0; b < n_inf; ++b) X(i, b) = row[b] + centroids(k, b);
    }
  }
  if (p.n_redundant > 0) {
    RowMatrixD B(n_inf, p.n_redundant);
    for (std::int64_t a = 0; a < n_inf; ++a)
      for (std::int64_t b = 0; b < p.n_redundant; ++b) B(a, b) = 2 * generator.random_sample() - 1;
    for (std::int64_t i = 0; i < n; ++i)
      for (std::int64_t b = 0; b < p.n_redundant; ++b) {
        double s = 0.0;
        for (std::int64_t a = 0; a < n_inf; ++a) s += X(i, a) * B(a, b);
        X(i, n_inf + b) = s;
      }
  }
  if (p.n_repeated > 0) {
    const std::int64_t m = n_inf + p.n_redundant;
    std::vector<std::int64_t> indices(static_cast<std::size_t>(p.n_repeated));
    for (auto& idx : indices)
      idx = static_cast<std::int64_t>(static_cast<double>(m - 1) * generator.random_sample() + 0.5);
    for (std::int64_t r = 0; r < p.n_repeated; ++r) X.col(m + r) = X.col(indices[r]);
  }
  if (n_useless > 0)
    for (std::int64_t i = 0; i < n; ++i)
      for (std::int64_t j = n_feat - n_useless; j < n_feat; ++j)
        X(i, j) = generator.standard_normal();
  if (p.flip_y >= 0.0) {
    std::vector<std::int64_t> flipped;
    for (std::int64_t i = 0; i < n; ++i)
      if (generator.random_sample() < p.flip_y) flipped.push_back(i);
    for (std::int64_t i : flipped) y[i] = generator.randint(0, p.n_classes);
  }
  std::vector<double> shift(static_cast<std::size_t>(n_feat), p.shift.value_or(0.0));
  if (!p.shift)
    for (auto& s : shift) s = (2 * generator.random_sample() - 1) * p.class_sep;
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < n_feat; ++j) X(i, j) += shift[j];
  std::vector<double> scale(static_cast<std::size_t>(n_feat), p.scale.value_or(1.0));
  if (!p.scale)
    for (auto& s : scale) s = 1 + 100 * generator.random_sample();
  for (std::int64_t i = 0; i < n; ++i)
    for (std::int64_t j = 0; j < n_feat; ++j) X(i, j) *= scale[j];

  ClassificationData out;
  if (p.shuffle) {
    // sklearn.utils.shuffle: a permutation of the rows, then one of the columns.
    const auto rows = generator.permutation(n);
    std::vector<std::int64_t> cols(static_cast<std::size_t>(n_feat));
    std::iota(cols.begin(), cols.end(), std::int64_t{0});
    generator.shuffle(cols);
    out.X.resize(n, n_feat);
    out.y.resize(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) {
      out.y[i] = y[rows[i]];
      for (std::int64_t j = 0; j < n_feat; ++j) out.X(i, j) = X(rows[i], cols[j]);
    }
  } else {
    out.X = std::move(X);
    out.y = std::move(y);
  }
  return out;
}

}  // namespace rarenet
