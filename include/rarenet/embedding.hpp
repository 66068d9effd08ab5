// Numeric feature embeddings: each (scaled) feature turned into several network inputs before the
// first layer, so that a plain MLP can fit functions that change sharply at a few values of a
// feature (Gorishniy, Rubachev and Babenko, "On Embeddings for Numerical Features in Tabular
// Deep Learning", 2022; used by RealMLP).
//
// Piecewise-linear encoding (the paper's PLE with quantile bins): for a feature with bin edges
// b_0 < b_1 < ... < b_T, the T outputs are
//   e_t(x) = clamp((x - b_{t-1}) / (b_t - b_{t-1}), low_t, high_t),  t = 1..T,
// with low_1 = -inf (values below the training range extrapolate) and low_t = 0 otherwise,
// high_T = +inf and high_t = 1 otherwise. So a value in bin t gives 1 for the bins below it, its
// fraction through bin t, and 0 above. The edges are numpy's quantile (method "linear") of the
// training rows at linspace(0, 1, bins + 1), duplicates removed (np.unique): fitted on the
// training rows only, like the scaler, after it. A feature with a single distinct training value
// has one edge and one output, x - b_0.
//
// X: (n_samples, n_features) double, the scaler's output; transform: (n_samples, n_outputs()).
#pragma once

#include <string>
#include <vector>

#include "rarenet/matrix.hpp"

namespace rarenet {

enum class EmbeddingKind { None, Piecewise };

struct EmbeddingSpec {
  EmbeddingKind kind = EmbeddingKind::None;
  int bins = 16;  // piecewise: quantile bins per feature (fewer when values repeat)

  bool enabled() const { return kind != EmbeddingKind::None; }
  // "none", "piecewise" or "piecewise:bins=B" (B in [1, 1024]); ConfigError naming `option`.
  static EmbeddingSpec parse(const std::string& text, const std::string& option = "embedding");
  std::string to_string() const;  // "none", "piecewise:bins=16"
  bool operator==(const EmbeddingSpec&) const = default;
};

struct PiecewiseLinearEncoder {
  std::vector<std::vector<double>> edges;  // per feature: increasing, at least one

  bool fitted() const { return !edges.empty(); }
  // InputError if X has no rows or a value that is not finite.
  static PiecewiseLinearEncoder fit(const RowMatrixD& X, int bins);
  // One column's edges: np.unique(np.quantile(column, np.linspace(0, 1, bins + 1))).
  static std::vector<double> quantile_edges(std::vector<double> column, int bins);
  Index n_outputs() const;
  // InputError if X's width differs from the fitted one.
  RowMatrixD transform(const RowMatrixD& X) const;
  // Why a set of edges (e.g. read from a model file) is unusable, naming the feature; empty if
  // every feature has finite, strictly increasing edges.
  std::string problem() const;
};

}  // namespace rarenet
