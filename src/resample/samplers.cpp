// The samplers, each a transcription of imbalanced-learn 0.10's _fit_resample: the same random
// draws in the same order (numpy's legacy RandomState; SMOTE's variants start a fresh stream from
// random_state for every class and every batch of samples, as check_random_state(int) does),
// the same neighbour queries, the same output order.
#include <cmath>
#include <map>
#include <numeric>
#include <string>

#include "core/numpy_sum.hpp"
#include "neighbors.hpp"
#include "rarenet/dataset.hpp"
#include "rarenet/error.hpp"
#include "rarenet/random.hpp"
#include "rarenet/resample.hpp"

namespace rarenet {
namespace {

std::vector<std::int64_t> rows_of_class(const Labels& y, std::int64_t c) {
  std::vector<std::int64_t> rows;
  for (std::size_t i = 0; i < y.size(); ++i)
    if (y[i] == c) rows.push_back(static_cast<std::int64_t>(i));
  return rows;
}

std::vector<std::int64_t> rows_not_of_class(const Labels& y, std::int64_t c) {
  std::vector<std::int64_t> rows;
  for (std::size_t i = 0; i < y.size(); ++i)
    if (y[i] != c) rows.push_back(static_cast<std::int64_t>(i));
  return rows;
}

RowMatrixD take_rows(const RowMatrixD& X, const std::vector<std::int64_t>& rows) {
  RowMatrixD out(static_cast<Index>(rows.size()), X.cols());
  for (std::size_t i = 0; i < rows.size(); ++i) out.row(static_cast<Index>(i)) = X.row(rows[i]);
  return out;
}

void check_input(const RowMatrixD& X, const Labels& y, const char* method) {
  if (static_cast<std::size_t>(X.rows()) != y.size())
    throw InputError(std::string(method) + ": X has " + std::to_string(X.rows()) +
                     " rows but y has " + std::to_string(y.size()) + " labels");
  for (Index i = 0; i < X.rows(); ++i)
    for (Index j = 0; j < X.cols(); ++j)
      if (!std::isfinite(X(i, j)))
        throw InputError(std::string(method) + ": X holds a NaN or infinite value at row " +
                         std::to_string(i) + ", column " + std::to_string(j));
}

// Output under construction: whole rows appended in order, with where each came from.
struct Builder {
  std::vector<double> values;
  Index n_features;
  ResampleResult r;

  explicit Builder(Index cols) : n_features(cols) {}
  void reserve(std::int64_t rows) {
    values.reserve(static_cast<std::size_t>(rows * n_features));
    r.y.reserve(static_cast<std::size_t>(rows));
    r.source_a.reserve(static_cast<std::size_t>(rows));
    r.source_b.reserve(static_cast<std::size_t>(rows));
  }
  // The input rows first, as every over-sampler returns them.
  void copy_all(const RowMatrixD& X, const Labels& y,
                const std::map<std::int64_t, std::int64_t>& added) {
    std::int64_t extra = 0;
    for (const auto& [c, n] : added) extra += n;
    reserve(X.rows() + extra);
    values.assign(X.data(), X.data() + X.size());
    r.y = y;
    r.source_a.resize(static_cast<std::size_t>(X.rows()));
    std::iota(r.source_a.begin(), r.source_a.end(), std::int64_t{0});
    r.source_b.assign(static_cast<std::size_t>(X.rows()), -1);
  }
  void copy(const RowMatrixD& X, const Labels& y, std::int64_t i) {
    values.insert(values.end(), X.row(i).data(), X.row(i).data() + n_features);
    r.y.push_back(y[i]);
    r.source_a.push_back(i);
    r.source_b.push_back(-1);
  }
  double* synthetic(std::int64_t label, std::int64_t a, std::int64_t b) {
    values.resize(values.size() + n_features);
    r.y.push_back(label);
    r.source_a.push_back(a);
    r.source_b.push_back(b);
    return values.data() + values.size() - n_features;
  }
  ResampleResult finish() {
    const Index n = static_cast<Index>(r.y.size());
    r.X = Eigen::Map<const RowMatrixD>(values.data(), n, n_features);
    return std::move(r);
  }
};

void check_neighbours(int k, const char* name, const char* method) {
  if (k < 1)
    throw ConfigError(std::string(method) + ": " + name + " must be at least 1, got " +
                      std::to_string(k));
}

// NearestNeighbors(n_neighbors = k + 1) fitted on `fit_rows`, with a message that names the
// class and the parameter when the class is too small.
std::vector<std::int64_t> neighbours(const RowMatrixD& fit, const RowMatrixD& query, int k_plus_1,
                                     const char* method, const char* param, std::int64_t cls,
                                     const char* what) {
  if (k_plus_1 > fit.rows())
    throw InputError(std::string(method) + ": " + param + "=" + std::to_string(k_plus_1 - 1) +
                     " needs at least " + std::to_string(k_plus_1) + " rows in " + what +
                     " (a row is its own nearest neighbour), but " + what + " of class " +
                     std::to_string(cls) + " has " + std::to_string(fit.rows()) + "; lower " +
                     param);
  return detail::kneighbors(fit, query, k_plus_1);
}

// numpy's legacy standard_gamma (Marsaglia and Tsang, shape > 1) and beta (a, b > 1), which
// borderline-2 draws once per class.
double legacy_standard_gamma(RandomState& rs, double shape) {
  const double b = shape - 1. / 3., c = 1. / std::sqrt(9 * b);
  for (;;) {
    double X, V;
    do {
      X = rs.standard_normal();
      V = 1.0 + c * X;
    } while (V <= 0.0);
    V = V * V * V;
    const double U = rs.random_sample();
    if (U < 1.0 - 0.0331 * (X * X) * (X * X)) return b * V;
    if (std::log(U) < 0.5 * X * X + b * (1. - V + std::log(V))) return b * V;
  }
}
double legacy_beta(RandomState& rs, double a, double b) {
  const double ga = legacy_standard_gamma(rs, a), gb = legacy_standard_gamma(rs, b);
  return ga / (ga + gb);
}

// BaseSMOTE._make_samples: n_samples draws of (base row, neighbour column) with one randint
// call, then n_samples steps with one uniform call, from a fresh RandomState(random_state).
// base: rows of `base_X` (input rows base_rows); nn: (base rows, k) indices into nn_X (input
// rows nn_rows).
void make_samples(Builder& out, std::uint32_t random_state, std::int64_t label,
                  const RowMatrixD& base_X, const std::vector<std::int64_t>& base_rows,
                  const RowMatrixD& nn_X, const std::vector<std::int64_t>& nn_rows,
                  const std::vector<std::int64_t>& nn, int k, std::int64_t n_samples,
                  double step_size, const char* method) {
  if (n_samples <= 0) return;
  RandomState rs(random_state);
  const auto size = static_cast<std::int64_t>(nn.size());
  std::vector<std::int64_t> picks(static_cast<std::size_t>(n_samples));
  for (auto& s : picks) s = rs.randint(0, size);
  const Index d = base_X.cols();
  for (std::int64_t s = 0; s < n_samples; ++s) {
    const double step = step_size * rs.random_sample();
    const std::int64_t row = picks[s] / k, col = picks[s] % k;
    const std::int64_t other = nn[static_cast<std::size_t>(row * k + col)];
    if (other >= nn_X.rows())
      throw InputError(std::string(method) + ": borderline-2 picked neighbour " +
                       std::to_string(other) + " among only " + std::to_string(nn_X.rows()) +
                       " rows of the other classes (imbalanced-learn fails here too); use "
                       "kind=1 or fewer neighbours");
    double* x = out.synthetic(label, base_rows[row], nn_rows[other]);
    const double* a = base_X.row(row).data();
    const double* b = nn_X.row(other).data();
    for (Index j = 0; j < d; ++j) x[j] = a[j] + step * (b[j] - a[j]);
  }
}

// The k + 1 neighbours of each query, first column (normally the row itself) dropped.
std::vector<std::int64_t> drop_first(const std::vector<std::int64_t>& nn, int k_plus_1) {
  std::vector<std::int64_t> out;
  out.reserve(nn.size() / k_plus_1 * (k_plus_1 - 1));
  for (std::size_t i = 0; i < nn.size(); i += k_plus_1)
    out.insert(out.end(), nn.begin() + i + 1, nn.begin() + i + k_plus_1);
  return out;
}

}  // namespace

std::int64_t ResampleResult::n_synthetic() const {
  std::int64_t n = 0;
  for (auto b : source_b) n += b >= 0;
  return n;
}

ResampleResult random_over_sample(const RowMatrixD& X, const Labels& y,
                                  const RandomOverSamplerParams& p) {
  check_input(X, y, "RandomOverSampler");
  const auto targets = sampling_targets(p.sampling_strategy, y, SamplingType::OverSampling);
  RandomState rs(p.random_state);
  Builder out(X.cols());
  out.copy_all(X, y, targets);
  for (const auto& [cls, n] : targets) {
    const auto rows = rows_of_class(y, cls);
    for (std::int64_t s = 0; s < n; ++s)
      out.copy(X, y, rows[rs.randint(0, static_cast<std::int64_t>(rows.size()))]);
  }
  return out.finish();
}

ResampleResult random_under_sample(const RowMatrixD& X, const Labels& y,
                                   const RandomUnderSamplerParams& p) {
  check_input(X, y, "RandomUnderSampler");
  const auto targets = sampling_targets(p.sampling_strategy, y, SamplingType::UnderSampling);
  RandomState rs(p.random_state);
  Builder out(X.cols());
  for (std::int64_t cls : unique_labels(y)) {
    const auto rows = rows_of_class(y, cls);
    const auto it = targets.find(cls);
    if (it == targets.end()) {
      for (auto r : rows) out.copy(X, y, r);
      continue;
    }
    const auto m = static_cast<std::int64_t>(rows.size());
    if (p.replacement) {
      for (std::int64_t s = 0; s < it->second; ++s) out.copy(X, y, rows[rs.randint(0, m)]);
    } else {
      const auto perm = rs.permutation(m);
      for (std::int64_t s = 0; s < it->second; ++s) out.copy(X, y, rows[perm[s]]);
    }
  }
  return out.finish();
}

ResampleResult smote(const RowMatrixD& X, const Labels& y, const SmoteParams& p) {
  check_input(X, y, "SMOTE");
  check_neighbours(p.k_neighbors, "k_neighbors", "SMOTE");
  const auto targets = sampling_targets(p.sampling_strategy, y, SamplingType::OverSampling);
  Builder out(X.cols());
  out.copy_all(X, y, targets);
  for (const auto& [cls, n] : targets) {
    if (n == 0) continue;
    const auto rows = rows_of_class(y, cls);
    const RowMatrixD Xc = take_rows(X, rows);
    const auto nn =
        drop_first(neighbours(Xc, Xc, p.k_neighbors + 1, "SMOTE", "k_neighbors", cls, "the class"),
                   p.k_neighbors + 1);
    make_samples(out, p.random_state, cls, Xc, rows, Xc, rows, nn, p.k_neighbors, n, 1.0, "SMOTE");
  }
  return out.finish();
}

ResampleResult borderline_smote(const RowMatrixD& X, const Labels& y,
                                const BorderlineSmoteParams& p) {
  const char* method = "BorderlineSMOTE";
  check_input(X, y, method);
  check_neighbours(p.k_neighbors, "k_neighbors", method);
  check_neighbours(p.m_neighbors, "m_neighbors", method);
  if (p.kind != 1 && p.kind != 2)
    throw ConfigError(std::string(method) +
                      ": kind must be 1 (borderline-1) or 2 (borderline-2), got " +
                      std::to_string(p.kind));
  const auto targets = sampling_targets(p.sampling_strategy, y, SamplingType::OverSampling);
  Builder out(X.cols());
  out.copy_all(X, y, targets);
  for (const auto& [cls, n] : targets) {
    if (n == 0) continue;
    const auto rows = rows_of_class(y, cls);
    const RowMatrixD Xc = take_rows(X, rows);
    // In danger: at least half, but not all, of the m nearest rows (among all rows) belong to
    // other classes.
    const int m = p.m_neighbors;
    const auto nn_m =
        drop_first(neighbours(X, Xc, m + 1, method, "m_neighbors", cls, "the data"), m + 1);
    std::vector<std::int64_t> danger;  // positions within the class
    for (std::size_t i = 0; i < rows.size(); ++i) {
      int n_other = 0;
      for (int j = 0; j < m; ++j) n_other += y[nn_m[i * m + j]] != cls;
      if (n_other >= m / 2.0 && n_other < m) danger.push_back(static_cast<std::int64_t>(i));
    }
    if (danger.empty()) continue;
    const RowMatrixD Xd = take_rows(Xc, danger);
    std::vector<std::int64_t> danger_rows;
    for (auto i : danger) danger_rows.push_back(rows[i]);
    const int k = p.k_neighbors;
    const auto nn =
        drop_first(neighbours(Xc, Xd, k + 1, method, "k_neighbors", cls, "the class"), k + 1);
    if (p.kind == 1) {
      make_samples(out, p.random_state, cls, Xd, danger_rows, Xc, rows, nn, k, n, 1.0, method);
    } else {
      RandomState rs(p.random_state);
      const double fraction = legacy_beta(rs, 10, 10);
      const auto n1 = static_cast<std::int64_t>(fraction * static_cast<double>(n + 1));
      const auto n2 = static_cast<std::int64_t>((1 - fraction) * static_cast<double>(n));
      make_samples(out, p.random_state, cls, Xd, danger_rows, Xc, rows, nn, k, n1, 1.0, method);
      const auto others = rows_not_of_class(y, cls);
      make_samples(out, p.random_state, cls, Xd, danger_rows, take_rows(X, others), others, nn, k,
                   n2, 0.5, method);
    }
  }
  return out.finish();
}

ResampleResult adasyn(const RowMatrixD& X, const Labels& y, const AdasynParams& p) {
  const char* method = "ADASYN";
  check_input(X, y, method);
  check_neighbours(p.n_neighbors, "n_neighbors", method);
  const auto targets = sampling_targets(p.sampling_strategy, y, SamplingType::OverSampling);
  RandomState rs(p.random_state);  // one stream for every class
  Builder out(X.cols());
  out.copy_all(X, y, targets);
  const int k = p.n_neighbors;
  for (const auto& [cls, n_wanted] : targets) {
    if (n_wanted == 0) continue;
    const auto rows = rows_of_class(y, cls);
    const RowMatrixD Xc = take_rows(X, rows);
    const auto nn_all =
        drop_first(neighbours(X, Xc, k + 1, method, "n_neighbors", cls, "the data"), k + 1);
    // The share of other classes among each row's neighbours decides how many rows it seeds.
    std::vector<double> ratio(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      int n_other = 0;
      for (int j = 0; j < k; ++j) n_other += y[nn_all[i * k + j]] != cls;
      ratio[i] = static_cast<double>(n_other) / k;
    }
    const double total = pairwise_sum(ratio.data(), ratio.size());
    if (total == 0)
      throw InputError(std::string(method) + ": no neighbour of any row of class " +
                       std::to_string(cls) +
                       " belongs to another class, so ADASYN has no difficulty to weigh by "
                       "(imbalanced-learn fails here too); use SMOTE");
    std::vector<std::int64_t> per_row(rows.size());
    std::int64_t n = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      per_row[i] = static_cast<std::int64_t>(
          std::nearbyint(ratio[i] / total * static_cast<double>(n_wanted)));
      n += per_row[i];
    }
    if (n == 0)
      throw InputError(std::string(method) +
                       ": after rounding, no row would be generated for class " +
                       std::to_string(cls) + " (imbalanced-learn fails here too)");
    const auto nn =
        drop_first(neighbours(Xc, Xc, k + 1, method, "n_neighbors", cls, "the class"), k + 1);
    std::vector<std::int64_t> cols(static_cast<std::size_t>(n));
    for (auto& c : cols) c = rs.randint(0, k);  // choice(n_neighbors, size=n)
    std::vector<double> steps(static_cast<std::size_t>(n));
    for (auto& st : steps) st = rs.random_sample();  // then uniform(size=(n, 1))
    const Index d = X.cols();
    std::size_t s = 0;
    for (std::size_t i = 0; i < rows.size(); ++i)
      for (std::int64_t r = 0; r < per_row[i]; ++r, ++s) {
        const std::int64_t other = nn[i * k + cols[s]];
        double* x = out.synthetic(cls, rows[i], rows[other]);
        const double* a = Xc.row(static_cast<Index>(i)).data();
        const double* b = Xc.row(other).data();
        for (Index j = 0; j < d; ++j) x[j] = a[j] + steps[s] * (b[j] - a[j]);
      }
  }
  return out.finish();
}

}  // namespace rarenet
