#include "rarenet/embedding.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "data/percentile.hpp"
#include "rarenet/error.hpp"

namespace rarenet {

EmbeddingSpec EmbeddingSpec::parse(const std::string& text, const std::string& option) {
  EmbeddingSpec s;
  if (text == "none") return s;
  const auto colon = text.find(':');
  const std::string kind = text.substr(0, colon);
  if (kind != "piecewise")
    throw ConfigError(option + ": unknown embedding '" + text +
                      "', expected none, piecewise or piecewise:bins=B");
  s.kind = EmbeddingKind::Piecewise;
  if (colon == std::string::npos) return s;
  const std::string params = text.substr(colon + 1);
  if (params.rfind("bins=", 0) != 0)
    throw ConfigError(option + ": '" + text + "': expected piecewise:bins=B");
  const std::string value = params.substr(5);
  std::size_t used = 0;
  long bins = 0;
  try {
    bins = std::stol(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (value.empty() || used != value.size() || bins < 1 || bins > 1024)
    throw ConfigError(option + ": '" + text + "': bins must be an integer in [1, 1024], got '" +
                      value + "'");
  s.bins = static_cast<int>(bins);
  return s;
}

std::string EmbeddingSpec::to_string() const {
  if (kind == EmbeddingKind::None) return "none";
  return "piecewise:bins=" + std::to_string(bins);
}

std::vector<double> PiecewiseLinearEncoder::quantile_edges(std::vector<double> column, int bins) {
  std::sort(column.begin(), column.end());
  std::vector<double> out;
  // np.linspace(0, 1, bins + 1): i * (1 / bins), the last value exactly 1.
  const double step = 1.0 / static_cast<double>(bins);
  for (int i = 0; i <= bins; ++i) {
    const double q = i == bins ? 1.0 : static_cast<double>(i) * step;
    out.push_back(detail::sorted_percentile(column, q));
  }
  // The quantiles are non-decreasing already; np.unique keeps one of each value.
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

PiecewiseLinearEncoder PiecewiseLinearEncoder::fit(const RowMatrixD& X, int bins) {
  if (X.rows() == 0) throw InputError("piecewise embedding: no rows to fit on");
  if (!X.allFinite())
    throw InputError("piecewise embedding: X holds a value that is not finite (NaN or infinity)");
  if (bins < 1) throw ConfigError("embedding: bins must be at least 1");
  PiecewiseLinearEncoder e;
  std::vector<double> col(static_cast<std::size_t>(X.rows()));
  for (Index j = 0; j < X.cols(); ++j) {
    for (Index i = 0; i < X.rows(); ++i) col[static_cast<std::size_t>(i)] = X(i, j);
    e.edges.push_back(quantile_edges(col, bins));
  }
  return e;
}

Index PiecewiseLinearEncoder::n_outputs() const {
  Index n = 0;
  for (const auto& b : edges) n += std::max<Index>(1, static_cast<Index>(b.size()) - 1);
  return n;
}

RowMatrixD PiecewiseLinearEncoder::transform(const RowMatrixD& X) const {
  if (X.cols() != static_cast<Index>(edges.size()))
    throw InputError("piecewise embedding: X has " + std::to_string(X.cols()) +
                     " features, but the edges were fitted on " + std::to_string(edges.size()));
  RowMatrixD out(X.rows(), n_outputs());
  for (Index i = 0; i < X.rows(); ++i) {
    Index k = 0;
    for (Index j = 0; j < X.cols(); ++j) {
      const std::vector<double>& b = edges[static_cast<std::size_t>(j)];
      const double x = X(i, j);
      if (b.size() == 1) {
        out(i, k++) = x - b[0];
        continue;
      }
      const std::size_t bins = b.size() - 1;
      for (std::size_t t = 1; t <= bins; ++t) {
        double v = (x - b[t - 1]) / (b[t] - b[t - 1]);
        if (t > 1) v = std::max(v, 0.0);
        if (t < bins) v = std::min(v, 1.0);
        out(i, k++) = v;
      }
    }
  }
  return out;
}

std::string PiecewiseLinearEncoder::problem() const {
  for (std::size_t j = 0; j < edges.size(); ++j) {
    const auto& b = edges[j];
    const std::string at = "feature " + std::to_string(j + 1);
    if (b.empty()) return at + ": no bin edges, expected at least one";
    for (std::size_t t = 0; t < b.size(); ++t) {
      if (!std::isfinite(b[t])) return at + ": edge " + std::to_string(t + 1) + " is not finite";
      if (t > 0 && !(b[t] > b[t - 1]))
        return at + ": edges " + std::to_string(t) + " and " + std::to_string(t + 1) +
               " are not increasing";
    }
    // A bin narrower than a float's resolution would blow its slope up to infinity.
    if (b.size() > 1)
      for (std::size_t t = 1; t < b.size(); ++t)
        if (!std::isfinite(1.0 / (b[t] - b[t - 1])))
          return at + ": bin " + std::to_string(t) + " has zero width";
  }
  return {};
}

}  // namespace rarenet
