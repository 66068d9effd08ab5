// The network engine: gradients by finite differences, the optimisers' update forms, training
// determinism, early stopping, validation of inputs.
#include <cmath>
#include <cstring>

#include "nn/backprop.hpp"
#include "rarenet/error.hpp"
#include "rarenet/random.hpp"
#include "rarenet/train_options.hpp"
#include "support.hpp"
#include "train/trainer.hpp"

namespace rarenet {
namespace {

struct Problem {
  RowMatrixF X, Y;
  SampleWeights w;
};

bool is_categorical(Loss l) {
  return l == Loss::CategoricalCrossEntropy || l == Loss::CategoricalFocal;
}

Problem make_problem(Loss loss, int k, int weights /*0 none, 1 per-sample, 2 per-element*/) {
  RandomState r(1);
  const int n = 9;
  Problem p;
  p.X.resize(n, 3);
  p.Y.resize(n, k);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < 3; ++j) p.X(i, j) = static_cast<float>(r.standard_normal());
    for (int j = 0; j < k; ++j)
      p.Y(i, j) = is_categorical(loss)             ? (j == i % k ? 1.0f : 0.0f)
                  : loss == Loss::MeanSquaredError ? static_cast<float>(r.standard_normal())
                                                   : (r.random_sample() < 0.4 ? 1.0f : 0.0f);
  }
  if (weights == 1)
    p.w.per_sample = VectorF::NullaryExpr(
        n, [&](Index) { return static_cast<float>(0.2 + 3 * r.random_sample()); });
  if (weights == 2)
    p.w.per_element = RowMatrixF::NullaryExpr(
        n, k, [&](Index, Index) { return static_cast<float>(0.2 + 3 * r.random_sample()); });
  return p;
}

// Central differences in float need a sizeable step; a point whose two estimates (h, h/2)
// disagree straddles a relu kink and is skipped (rarely: the check asserts most are kept).
void check_gradients(Activation hidden, Loss loss, int weights, Reduction reduction,
                     const FocalParams& focal = {}) {
  const int k = is_categorical(loss) ? 4 : 3;
  const Activation head = is_categorical(loss)             ? Activation::Softmax
                          : loss == Loss::MeanSquaredError ? Activation::Linear
                                                           : Activation::Sigmoid;
  NetworkSpec spec;
  spec.n_inputs = 3;
  spec.layers = {{5, hidden}, {20, hidden}, {k, head}};  // 20 x 5 >= the GEMM threshold: both paths
  Network net(spec);
  net.initialize(3);
  const Problem p = make_problem(loss, k, weights);
  Backprop pass(spec, p.X.rows());
  std::vector<std::int64_t> rows(static_cast<std::size_t>(p.X.rows()));
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<std::int64_t>(i);
  std::vector<float> grad(net.parameter_count());
  pass.gather(p.X, p.Y, p.w, rows);
  pass.forward(net);
  const double loss_value = pass.backward(net, loss, reduction, grad, focal);
  EXPECT_NEAR(loss_value, dataset_loss(net, p.X, p.Y, p.w, loss, reduction, focal), 1e-5);
  auto fd = [&](std::size_t i, float h) {
    const float orig = net.parameters()[i];
    net.parameters()[i] = orig + h;
    const double up = dataset_loss(net, p.X, p.Y, p.w, loss, reduction, focal);
    net.parameters()[i] = orig - h;
    const double down = dataset_loss(net, p.X, p.Y, p.w, loss, reduction, focal);
    net.parameters()[i] = orig;
    return (up - down) / (2 * h);
  };
  std::size_t checked = 0;
  for (std::size_t i = 0; i < grad.size(); ++i) {
    const double a = fd(i, 4e-3f), b = fd(i, 2e-3f);
    if (std::fabs(a - b) > 1e-3 * std::max(1.0, std::fabs(a))) continue;  // a kink in between
    ++checked;
    EXPECT_NEAR(grad[i], b, 2e-3 * std::max(1.0, std::fabs(b)))
        << "parameter " << i << " activation " << to_string(hidden) << " loss " << to_string(loss);
  }
  EXPECT_GT(checked, grad.size() * 8 / 10);
}

TEST(Gradients, MatchFiniteDifferencesForEveryActivationLossAndWeighting) {
  for (Activation a : {Activation::Linear, Activation::Relu, Activation::LeakyRelu,
                       Activation::Tanh, Activation::Sigmoid})
    for (Loss l : {Loss::BinaryCrossEntropy, Loss::CategoricalCrossEntropy, Loss::MeanSquaredError})
      for (int w : {0, 1, 2})
        for (Reduction r : {Reduction::SumOverBatchSize, Reduction::WeightedMean})
          check_gradients(a, l, w, r);
}

// Tiny networks run forward and backward fused, kLanes rows at a time: the same loss and
// gradient as the unfused passes (proven by finite differences above), to rounding, for binary
// cross-entropy and the focal loss (the fused one in float, the unfused one in double; gamma 2
// and 1 by products, others by powers), every hidden activation, weighting and reduction,
// several outputs, and batches that fill no whole group of lanes or end part way through one.
TEST(Gradients, FusedPassesOfTinyNetworksEqualTheUnfusedOnes) {
  RandomState r(5);
  const std::pair<Loss, FocalParams> losses[] = {{Loss::BinaryCrossEntropy, {}},
                                                 {Loss::BinaryFocal, {2.0f, 0.25f}},
                                                 {Loss::BinaryFocal, {1.0f, -1.0f}},
                                                 {Loss::BinaryFocal, {0.5f, 0.75f}},
                                                 {Loss::BinaryFocal, {0.0f, -1.0f}}};
  for (const auto& [loss, focal] : losses)
    for (Activation hidden : {Activation::Linear, Activation::Relu, Activation::LeakyRelu,
                              Activation::Tanh, Activation::Sigmoid})
      for (int k : {1, 3})
        for (int weights : {0, 1, 2})
          for (Reduction reduction : {Reduction::SumOverBatchSize, Reduction::WeightedMean})
            for (Index n : {Index{1}, Index{5}, Backprop::kLanes, Index{100}}) {
              const NetworkSpec spec{Backprop::kTinyWidth,
                                     {{3, hidden},
                                      {Backprop::kTinyWidth, hidden},
                                      {2, hidden},
                                      {k, Activation::Sigmoid}}};
              Network net(spec);
              net.initialize(6);
              for (float& v : net.parameters()) v += 0.05f;  // non-zero biases
              RowMatrixF X(n, spec.n_inputs), Y(n, k);
              for (Index i = 0; i < n; ++i) {
                for (Index j = 0; j < spec.n_inputs; ++j)
                  X(i, j) = static_cast<float>(r.standard_normal());
                for (Index j = 0; j < k; ++j) Y(i, j) = r.random_sample() < 0.3 ? 1.0f : 0.0f;
              }
              SampleWeights w;
              if (weights == 1)
                w.per_sample = VectorF::NullaryExpr(
                    n, [&](Index) { return static_cast<float>(0.5 + 40 * r.random_sample()); });
              if (weights == 2)
                w.per_element = RowMatrixF::NullaryExpr(n, k, [&](Index, Index) {
                  return static_cast<float>(0.5 + 40 * r.random_sample());
                });
              std::vector<std::int64_t> rows(static_cast<std::size_t>(n));
              for (Index i = 0; i < n; ++i) rows[static_cast<std::size_t>(i)] = (i * 7) % n;
              Backprop pass(spec, n);
              ASSERT_TRUE(pass.fuses(loss, false));
              pass.gather(X, Y, w, rows);
              std::vector<float> fused(net.parameter_count()), plain(net.parameter_count());
              for (bool divide : {false, true}) {
                const auto f =
                    pass.forward_backward(net, loss, reduction, fused, false, divide, focal);
                pass.forward(net);
                const auto u =
                    divide ? Backprop::LossParts{pass.backward(net, loss, reduction, plain, focal),
                                                 1.0}
                           : pass.backward_numerator(net, loss, reduction, plain, focal);
                const double f_loss = divide ? f.numerator / f.denominator : f.numerator;
                EXPECT_NEAR(f_loss, u.numerator, 1e-5 * std::max(1.0, std::fabs(u.numerator)));
                if (!divide) {
                  EXPECT_NEAR(f.denominator, u.denominator, 1e-4 * u.denominator);
                }
                float scale = 0;
                for (float g : plain) scale = std::max(scale, std::fabs(g));
                for (std::size_t i = 0; i < plain.size(); ++i)
                  ASSERT_NEAR(fused[i], plain[i], 1e-5f * std::max(1.0f, scale))
                      << "parameter " << i << ", " << to_string(loss) << " gamma " << focal.gamma
                      << ", " << to_string(hidden) << ", k " << k << ", weights " << weights
                      << ", rows " << n << ", divide " << divide;
              }
            }
}

TEST(Gradients, OnlyTinySigmoidNetworksWithoutDropoutFuse) {
  const NetworkSpec tiny{2, {{2, Activation::Relu}, {1, Activation::Sigmoid}}};
  const Backprop t(tiny, 10);
  EXPECT_TRUE(t.fuses(Loss::BinaryCrossEntropy, false));
  EXPECT_FALSE(t.fuses(Loss::BinaryCrossEntropy, true));  // dropout
  EXPECT_TRUE(t.fuses(Loss::BinaryFocal, false));
  EXPECT_FALSE(t.fuses(Loss::BinaryFocal, true));
  EXPECT_FALSE(t.fuses(Loss::MeanSquaredError, false));
  const NetworkSpec wide_layer{
      2, {{Backprop::kTinyWidth + 1, Activation::Relu}, {1, Activation::Sigmoid}}};
  EXPECT_FALSE(Backprop(wide_layer, 10).fuses(Loss::BinaryCrossEntropy, false));
  const NetworkSpec wide_input{Backprop::kTinyWidth + 1,
                               {{2, Activation::Relu}, {1, Activation::Sigmoid}}};
  EXPECT_FALSE(Backprop(wide_input, 10).fuses(Loss::BinaryCrossEntropy, false));
  const NetworkSpec softmax{2, {{2, Activation::Relu}, {2, Activation::Softmax}}};
  EXPECT_FALSE(Backprop(softmax, 10).fuses(Loss::CategoricalCrossEntropy, false));
}

// With the masks held fixed, the training loss is a smooth function of the parameters again, so
// the dropout gradients are checked by finite differences of the same masked forward pass.
TEST(Dropout, GradientsMatchFiniteDifferencesWithFixedMasks) {
  for (Activation hidden : {Activation::Relu, Activation::Tanh, Activation::Sigmoid})
    for (Loss loss : {Loss::BinaryCrossEntropy, Loss::CategoricalCrossEntropy}) {
      const int k = loss == Loss::CategoricalCrossEntropy ? 4 : 3;
      const Activation head =
          loss == Loss::BinaryCrossEntropy ? Activation::Sigmoid : Activation::Softmax;
      NetworkSpec spec{3, {{6, hidden}, {20, hidden}, {k, head}}};
      Network net(spec);
      net.initialize(4);
      // Non-zero biases: a row whose inputs to a relu layer are all dropped would otherwise sit
      // exactly on the kink (z = bias = 0), where the one-sided slopes differ.
      for (std::size_t l = 0; l < spec.layers.size(); ++l)
        for (Index j = 0; j < net.bias(l).size(); ++j) net.bias(l)(j) = 0.05f * (j % 5 + 1);
      const Problem p = make_problem(loss, k, 1);
      Backprop pass(spec, p.X.rows());
      const std::vector<float> rates = {0.3f, 0.5f};
      pass.set_dropout(rates);
      std::vector<std::int64_t> rows(static_cast<std::size_t>(p.X.rows()));
      for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<std::int64_t>(i);
      pass.gather(p.X, p.Y, p.w, rows);
      pass.draw_dropout_masks(7, 1, rows);
      std::vector<float> grad(net.parameter_count());
      pass.forward(net, true);
      pass.backward(net, loss, Reduction::SumOverBatchSize, grad);
      auto masked_loss = [&] {
        pass.forward(net, true);
        const auto parts = pass.loss(loss, Reduction::SumOverBatchSize);
        return parts.numerator / parts.denominator;
      };
      auto fd = [&](std::size_t i, float h) {
        const float orig = net.parameters()[i];
        net.parameters()[i] = orig + h;
        const double up = masked_loss();
        net.parameters()[i] = orig - h;
        const double down = masked_loss();
        net.parameters()[i] = orig;
        return (up - down) / (2 * h);
      };
      std::size_t checked = 0, zero_where_dropped = 0;
      for (std::size_t i = 0; i < grad.size(); ++i) {
        const double a = fd(i, 4e-3f), b = fd(i, 2e-3f);
        if (std::fabs(a - b) > 1e-3 * std::max(1.0, std::fabs(a))) continue;
        ++checked;
        EXPECT_NEAR(grad[i], b, 2e-3 * std::max(1.0, std::fabs(b)))
            << "parameter " << i << " " << to_string(hidden) << " " << to_string(loss);
      }
      EXPECT_GT(checked, grad.size() * 8 / 10);
      // A dropped unit of the first hidden layer passes nothing on: the second layer's kernel
      // column for it has zero gradient when the unit is dropped in every row.
      const RowMatrixF& m = pass.dropout_mask(0);
      for (Index u = 0; u < m.rows(); ++u)
        if ((m.row(u).leftCols(p.X.rows()).array() == 0.0f).all()) {
          const std::size_t offset =
              static_cast<std::size_t>(net.kernel(1).data() - net.parameters().data());
          for (Index j = 0; j < 20; ++j) EXPECT_EQ(grad[offset + j * 6 + u], 0.0f);
          ++zero_where_dropped;
        }
      (void)zero_where_dropped;
    }
}

TEST(Dropout, MasksAreKerasInvertedAndDependOnlyOnSeedEpochAndRow) {
  NetworkSpec spec{2, {{50, Activation::Relu}, {40, Activation::Relu}, {1, Activation::Sigmoid}}};
  const std::vector<float> rates = {0.2f, 0.5f};
  Backprop whole(spec, 200), halves(spec, 100);
  whole.set_dropout(rates);
  halves.set_dropout(rates);
  std::vector<std::int64_t> rows(200);
  for (int i = 0; i < 200; ++i) rows[static_cast<std::size_t>(i)] = (i * 37) % 200;
  whole.draw_dropout_masks(3, 2, rows);
  for (std::size_t l = 0; l < 2; ++l) {
    const RowMatrixF& m = whole.dropout_mask(l);
    const float scale = 1.0f / (1.0f - rates[l]);
    double kept = 0;
    for (Index j = 0; j < m.rows(); ++j)
      for (Index s = 0; s < 200; ++s) {
        EXPECT_TRUE(m(j, s) == 0.0f || m(j, s) == scale);
        kept += m(j, s) != 0.0f;
      }
    // Binomial(10000 or 8000, 1 - rate): within 5 standard deviations.
    const double n = static_cast<double>(m.rows()) * 200, q = 1.0 - rates[l];
    EXPECT_NEAR(kept / n, q, 5 * std::sqrt(q * (1 - q) / n)) << "layer " << l;
  }
  // The same rows cut into two batches (as data-parallel shards would) get the same masks.
  for (int half = 0; half < 2; ++half) {
    const std::span<const std::int64_t> part(rows.data() + half * 100, 100);
    halves.draw_dropout_masks(3, 2, part);
    for (std::size_t l = 0; l < 2; ++l)
      EXPECT_EQ(halves.dropout_mask(l).leftCols(100),
                whole.dropout_mask(l).middleCols(half * 100, 100));
  }
  // Another epoch or seed draws other masks.
  halves.draw_dropout_masks(3, 3, std::span<const std::int64_t>(rows.data(), 100));
  EXPECT_NE(halves.dropout_mask(1).leftCols(100), whole.dropout_mask(1).leftCols(100));
  halves.draw_dropout_masks(4, 2, std::span<const std::int64_t>(rows.data(), 100));
  EXPECT_NE(halves.dropout_mask(1).leftCols(100), whole.dropout_mask(1).leftCols(100));
}

// The masks are the documented stream, drawn one row at a time: a SplitMix64 state started from
// (seed, epoch, row), one draw per unit through the layers with dropout, a unit kept when its
// 53-bit uniform is >= the rate. The engine draws unit by unit along the batch; this reference
// pins that it is the same stream (a layer without dropout draws nothing).
TEST(Dropout, MasksAreTheSequentialSplitMix64StreamOfEachRow) {
  NetworkSpec spec{3,
                   {{17, Activation::Relu},
                    {9, Activation::Relu},
                    {20, Activation::Relu},
                    {1, Activation::Sigmoid}}};
  const std::vector<float> rates = {0.3f, 0.0f, 0.55f};
  Backprop pass(spec, 40);
  pass.set_dropout(rates);
  std::vector<std::int64_t> rows(37);
  for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<std::int64_t>(i * 11 + 5);
  const std::uint64_t seed = 9, epoch = 4;
  pass.draw_dropout_masks(seed, epoch, rows);
  const auto next = [](std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  for (std::size_t s = 0; s < rows.size(); ++s) {
    std::uint64_t state = seed;
    state = next(state) ^ epoch;
    state = next(state) ^ static_cast<std::uint64_t>(rows[s]);
    state = next(state);
    for (std::size_t l = 0; l < rates.size(); ++l) {
      if (rates[l] == 0.0f) continue;
      for (Index j = 0; j < spec.layers[l].units; ++j) {
        const double u = static_cast<double>(next(state) >> 11) * 0x1.0p-53;
        const float want = u >= rates[l] ? 1.0f / (1.0f - rates[l]) : 0.0f;
        ASSERT_EQ(pass.dropout_mask(l)(j, static_cast<Index>(s)), want)
            << "layer " << l << " unit " << j << " row " << s;
      }
    }
  }
}

TEST(Dropout, TrainsDeterministicallyAndPredictsWithoutMasks) {
  RandomState r(5);
  RowMatrixF X(64, 2), Y(64, 1);
  for (int i = 0; i < 64; ++i) {
    X(i, 0) = static_cast<float>(r.uniform(-1, 1));
    X(i, 1) = static_cast<float>(r.uniform(-1, 1));
    Y(i, 0) = X(i, 0) * X(i, 1) > 0 ? 1.0f : 0.0f;
  }
  NetworkSpec spec{2, {{16, Activation::Relu}, {1, Activation::Sigmoid}}};
  TrainConfig c;
  c.epochs = 20;
  c.batch_size = 16;
  Network a(spec), b(spec), plain(spec);
  a.initialize(1), b.initialize(1), plain.initialize(1);
  fit(plain, X, Y, {}, c);
  c.dropout = {0.5f};
  fit(a, X, Y, {}, c);
  fit(b, X, Y, {}, c);
  EXPECT_EQ(std::memcmp(a.parameters().data(), b.parameters().data(),
                        a.parameter_count() * sizeof(float)),
            0);
  EXPECT_NE(std::memcmp(a.parameters().data(), plain.parameters().data(),
                        a.parameter_count() * sizeof(float)),
            0);
  // Prediction is the plain forward pass: equal to the network's own arithmetic without masks.
  const RowMatrixF p1 = a.predict(X), p2 = a.predict(X);
  EXPECT_EQ(p1, p2);
  c.dropout = {0.5f, 0.5f};
  EXPECT_THROW(fit(a, X, Y, {}, c), ConfigError);  // two rates for one hidden layer
  c.dropout = {1.0f};
  EXPECT_THROW(fit(a, X, Y, {}, c), ConfigError);
  EXPECT_THROW(parse_dropout("0.2,x"), ConfigError);
  EXPECT_THROW(parse_dropout("1"), ConfigError);
  EXPECT_EQ(parse_dropout("0.1,0.25"), (std::vector<float>{0.1f, 0.25f}));
  EXPECT_EQ(dropout_text({0.1f, 0.25f}), "0.1,0.25");
}

TEST(LrSchedule, ClosedFormsPerEpoch) {
  ScheduleConfig s;
  EXPECT_EQ(scheduled_learning_rate(s, 0.01, 7, 10), 0.01);
  s.warmup = 3;
  EXPECT_NEAR(scheduled_learning_rate(s, 0.01, 0, 10), 0.0025, 1e-15);
  EXPECT_NEAR(scheduled_learning_rate(s, 0.01, 2, 10), 0.0075, 1e-15);
  EXPECT_EQ(scheduled_learning_rate(s, 0.01, 3, 10), 0.01);
  s.kind = LrSchedule::Step, s.warmup = 0, s.step_size = 2, s.gamma = 0.5f;
  EXPECT_NEAR(scheduled_learning_rate(s, 1, 5, 10), 0.25, 1e-15);
  s.kind = LrSchedule::Cosine;
  EXPECT_NEAR(scheduled_learning_rate(s, 1, 5, 10), 0.5, 1e-15);
}

TEST(Gradients, FocalLossesMatchFiniteDifferences) {
  // gamma below 1 has the steepest (1 - p_t)^(gamma - 1) factor; alpha only in the sigmoid form.
  for (const FocalParams f : {FocalParams{2.0f, 0.25f}, FocalParams{0.5f, -1.0f},
                              FocalParams{5.0f, 0.9f}, FocalParams{0.0f, -1.0f}})
    for (Loss l : {Loss::BinaryFocal, Loss::CategoricalFocal})
      for (Activation a : {Activation::Relu, Activation::Tanh})
        for (int w : {0, 1, 2})
          for (Reduction r : {Reduction::SumOverBatchSize, Reduction::WeightedMean})
            check_gradients(a, l, w, r, f);
}

TEST(Losses, FocalWithGammaZeroIsTheCrossEntropy) {
  for (const auto& [focal, ce] :
       {std::pair{Loss::BinaryFocal, Loss::BinaryCrossEntropy},
        std::pair{Loss::CategoricalFocal, Loss::CategoricalCrossEntropy}}) {
    const int k = focal == Loss::BinaryFocal ? 2 : 3;
    NetworkSpec spec{3,
                     {{4, Activation::Tanh},
                      {k, focal == Loss::BinaryFocal ? Activation::Sigmoid : Activation::Softmax}}};
    Network net(spec);
    net.initialize(7);
    const Problem p = make_problem(ce, k, 2);
    Backprop pass(spec, p.X.rows());
    std::vector<std::int64_t> rows(static_cast<std::size_t>(p.X.rows()));
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<std::int64_t>(i);
    std::vector<float> g_focal(net.parameter_count()), g_ce(net.parameter_count());
    pass.gather(p.X, p.Y, p.w, rows);
    pass.forward(net);
    const double l_focal =
        pass.backward(net, focal, Reduction::WeightedMean, g_focal, {0.0f, -1.0f});
    const double l_ce = pass.backward(net, ce, Reduction::WeightedMean, g_ce);
    EXPECT_NEAR(l_focal, l_ce, 1e-6 * l_ce);
    for (std::size_t i = 0; i < g_ce.size(); ++i) EXPECT_NEAR(g_focal[i], g_ce[i], 1e-6);
  }
}

TEST(Losses, SigmoidFocalLossOfKnownLogits) {
  // No hidden layer, zero kernel, bias b: every logit is b. With p = sigmoid(b):
  // y = 1: alpha (1 - p)^gamma (-log p); y = 0: (1 - alpha) p^gamma (-log(1 - p)).
  NetworkSpec spec{1, {{1, Activation::Sigmoid}}};
  Network net(spec);
  net.bias(0)(0) = 1.5f;
  RowMatrixF X = RowMatrixF::Zero(2, 1), Y(2, 1);
  Y << 1, 0;
  const double p = 1 / (1 + std::exp(-1.5)), gamma = 2, alpha = 0.25;
  const double want = (alpha * std::pow(1 - p, gamma) * -std::log(p) +
                       (1 - alpha) * std::pow(p, gamma) * -std::log(1 - p)) /
                      2;
  EXPECT_NEAR(dataset_loss(net, X, Y, {}, Loss::BinaryFocal, Reduction::SumOverBatchSize,
                           {static_cast<float>(gamma), static_cast<float>(alpha)}),
              want, 1e-6 * want);
  // A saturated logit: the loss of the right answer vanishes and its gradient stays finite.
  net.bias(0)(0) = 60.0f;
  Backprop pass(spec, 1);
  const std::vector<std::int64_t> first = {0};
  std::vector<float> grad(net.parameter_count());
  pass.gather(X, Y, {}, first);
  pass.forward(net);
  EXPECT_LT(pass.backward(net, Loss::BinaryFocal, Reduction::SumOverBatchSize, grad, {0.5f, -1}),
            1e-30);
  for (float g : grad) EXPECT_TRUE(std::isfinite(g));
}

TEST(Losses, KerasReductionOfWeightedBinaryCrossEntropy) {
  // One sigmoid unit, no hidden layer, zero weights: every logit is 0, every element loss log 2.
  NetworkSpec spec{2, {{1, Activation::Sigmoid}}};
  Network net(spec);
  RowMatrixF X = RowMatrixF::Ones(4, 2), Y(4, 1);
  Y << 1, 0, 1, 0;
  SampleWeights w;
  w.per_sample.resize(4);
  w.per_sample << 1, 2, 3, 4;
  // Keras: sum(w * loss) / batch size; weighted mean: / sum(w).
  EXPECT_NEAR(dataset_loss(net, X, Y, w, Loss::BinaryCrossEntropy, Reduction::SumOverBatchSize),
              10 * std::log(2.0) / 4, 1e-6);
  EXPECT_NEAR(dataset_loss(net, X, Y, w, Loss::BinaryCrossEntropy, Reduction::WeightedMean),
              std::log(2.0), 1e-6);
}

TEST(Optimizer, AdamFollowsKerasUpdateForm) {
  OptimizerConfig c;  // lr 1e-3, 0.9, 0.999, 1e-7
  Optimizer opt(c, {0});
  std::vector<float> w = {1.0f}, g = {0.5f};
  opt.step(w, g);
  // t = 1: m = 0.05, v = 0.00025, lr_t = 1e-3 * sqrt(0.001) / 0.1; step = lr_t * m / (sqrt(v) +
  // eps).
  const double lr_t = 1e-3 * std::sqrt(1 - 0.999) / (1 - 0.9);
  EXPECT_NEAR(w[0], 1.0 - lr_t * 0.05 / (std::sqrt(0.00025) + 1e-7), 1e-7);
  OptimizerConfig s;
  s.kind = OptimizerKind::Sgd;
  s.learning_rate = 0.1f;
  s.momentum = 0.9f;
  s.nesterov = true;
  Optimizer sgd(s, {0});
  w = {1.0f}, g = {1.0f};
  sgd.step(w, g);  // u = -0.1; w += 0.9 * u - 0.1 * g = -0.19
  EXPECT_NEAR(w[0], 0.81f, 1e-6);
  s.learning_rate = 0;
  EXPECT_THROW(Optimizer(s, {0}), ConfigError);
}

// A step in slices (what the training threads run, each its own) is the whole step to the bit,
// for every optimiser, with weight decay, over several steps so that the moments matter.
TEST(Optimizer, StepInSlicesEqualsTheWholeStep) {
  OptimizerConfig adam;
  adam.learning_rate = 0.01f;
  OptimizerConfig sgd;
  sgd.kind = OptimizerKind::Sgd;
  sgd.learning_rate = 0.05f;
  sgd.momentum = 0.9f;
  OptimizerConfig nesterov = sgd;
  nesterov.nesterov = true;
  OptimizerConfig plain = sgd;
  plain.momentum = 0;
  for (const OptimizerConfig& c : {adam, sgd, nesterov, plain}) {
    const std::size_t n = 37;
    std::vector<float> decay(n);
    for (std::size_t i = 0; i < n; ++i)
      decay[i] = i % 3 == 0 ? 0.0f : 0.01f * static_cast<float>(i);
    Optimizer whole(c, decay), sliced(c, decay);
    std::vector<float> w(n), w_sliced(n);
    for (std::size_t i = 0; i < n; ++i) w[i] = w_sliced[i] = std::sin(static_cast<float>(i));
    for (int t = 0; t < 4; ++t) {
      std::vector<float> g(n);
      for (std::size_t i = 0; i < n; ++i) g[i] = std::cos(static_cast<float>(i * (t + 2)));
      std::vector<float> g_sliced = g;
      whole.step(w, g);
      sliced.begin_step();
      for (const auto& [lo, hi] : {std::pair<std::size_t, std::size_t>{16, 32}, {0, 16}, {32, n}})
        sliced.update(w_sliced, g_sliced, lo, hi);
      ASSERT_EQ(std::memcmp(w.data(), w_sliced.data(), n * sizeof(float)), 0) << "step " << t;
    }
    EXPECT_NE(w[1], std::sin(1.0f));  // the steps moved the parameters
  }
}

// Keras's He initialisers, over two layers of different fan-in (fan_out must not matter):
// he_uniform is U(-sqrt(6 / fan_in), sqrt(6 / fan_in)); he_normal is a normal truncated at two
// standard deviations of stddev = sqrt(2 / fan_in) / .87962566103423978, so that the truncated
// distribution has standard deviation sqrt(2 / fan_in). Both: mean 0, biases 0.
TEST(Initializers, HeUniformAndHeNormalFollowKeras) {
  for (const Initializer init : {Initializer::HeUniform, Initializer::HeNormal}) {
    SCOPED_TRACE(to_string(init));
    NetworkSpec spec{100, {{400, Activation::Relu}, {50, Activation::Sigmoid}}};
    spec.kernel_initializer = init;
    Network net(spec);
    net.initialize(7);
    for (std::size_t l = 0; l < spec.layers.size(); ++l) {
      const auto k = net.kernel(l);
      const double fan_in = static_cast<double>(k.cols()), n = static_cast<double>(k.size());
      const double target_std = std::sqrt(2.0 / fan_in);
      const double bound = init == Initializer::HeUniform ? std::sqrt(6.0 / fan_in)
                                                          : 2.0 * target_std / 0.87962566103423978;
      double sum = 0, sum_sq = 0, max_abs = 0;
      for (Index i = 0; i < k.size(); ++i) {
        const double v = k.data()[i];
        sum += v, sum_sq += v * v, max_abs = std::max(max_abs, std::fabs(v));
      }
      const double mean = sum / n, std = std::sqrt(sum_sq / n - mean * mean);
      EXPECT_LE(max_abs, bound * (1 + 1e-6));  // float rounding of the bound itself
      EXPECT_GE(max_abs, 0.97 * bound);        // the support reaches the bound (no narrower cut)
      // >= 20000 draws: the mean's standard error is 0.007 std, the std's under 0.5%.
      EXPECT_NEAR(mean, 0.0, 0.03 * target_std);
      EXPECT_NEAR(std, target_std, 0.02 * target_std);
      EXPECT_TRUE(net.bias(l).isZero());
    }
  }
}

Problem xor_problem() {
  RandomState r(3);
  Problem p;
  p.X.resize(400, 2);
  p.Y.resize(400, 1);
  for (int i = 0; i < 400; ++i) {
    p.X(i, 0) = static_cast<float>(r.uniform(-1, 1));
    p.X(i, 1) = static_cast<float>(r.uniform(-1, 1));
    p.Y(i, 0) = (p.X(i, 0) > 0) != (p.X(i, 1) > 0) ? 1.0f : 0.0f;
  }
  return p;
}

TEST(Trainer, LearnsXorAndTheSameSeedGivesTheSameBytes) {
  const Problem p = xor_problem();
  NetworkSpec spec{2, {{16, Activation::Tanh}, {1, Activation::Sigmoid}}};
  TrainConfig c;
  c.epochs = 60;
  c.batch_size = 16;
  c.optimizer.learning_rate = 0.01f;
  Network a(spec), b(spec), other(spec);
  a.initialize(1), b.initialize(1), other.initialize(2);
  const FitHistory h = fit(a, p.X, p.Y, p.w, c);
  fit(b, p.X, p.Y, p.w, c);
  c.seed = 2;
  fit(other, p.X, p.Y, p.w, c);
  EXPECT_LT(h.epochs.back().loss, 0.25);
  EXPECT_LT(h.epochs.back().loss, h.epochs.front().loss / 2);
  EXPECT_EQ(std::memcmp(a.parameters().data(), b.parameters().data(),
                        a.parameter_count() * sizeof(float)),
            0);
  EXPECT_NE(std::memcmp(a.parameters().data(), other.parameters().data(),
                        a.parameter_count() * sizeof(float)),
            0);
}

TEST(Trainer, EarlyStoppingStopsAndRestoresTheBestWeights) {
  const Problem p = xor_problem();
  NetworkSpec spec{2, {{32, Activation::Relu}, {1, Activation::Sigmoid}}};
  Network net(spec);
  net.initialize(0);
  // Validation labels are noise: validation loss stops improving early.
  ValidationData v;
  v.X = p.X.topRows(100);
  v.Y = p.Y.topRows(100);
  RandomState r(9);
  for (Index i = 0; i < 100; ++i) v.Y(i, 0) = r.random_sample() < 0.5 ? 1.0f : 0.0f;
  TrainConfig c;
  c.epochs = 200;
  c.batch_size = 8;
  c.optimizer.learning_rate = 0.01f;
  c.early_stopping.patience = 3;
  std::vector<float> params_at_best;
  double best = 1e9;
  const FitHistory h = fit(net, p.X, p.Y, p.w, c, &v, [&](const EpochRecord& e) {
    if (e.val_loss < best) best = e.val_loss;
  });
  EXPECT_TRUE(h.stopped_early);
  EXPECT_LT(h.epochs.size(), 200u);
  EXPECT_EQ(static_cast<int>(h.epochs.size()), h.best_epoch + 3);
  EXPECT_NEAR(
      dataset_loss(net, v.X, v.Y, v.weights, Loss::BinaryCrossEntropy, Reduction::SumOverBatchSize),
      best, 1e-6);
}

TEST(Trainer, WeightsShiftPredictionsTowardTheHeavyClass) {
  Problem p = xor_problem();
  NetworkSpec spec{2, {{4, Activation::Relu}, {1, Activation::Sigmoid}}};
  TrainConfig c;
  c.epochs = 50;
  Network plain(spec), heavy(spec);
  plain.initialize(0), heavy.initialize(0);
  fit(plain, p.X, p.Y, p.w, c);
  SampleWeights w;
  w.per_sample = (p.Y.col(0).array() * 19.0f + 1.0f).matrix();
  fit(heavy, p.X, p.Y, w, c);
  EXPECT_GT(heavy.predict(p.X).mean(), plain.predict(p.X).mean() + 0.2);
}

// Divergence is detected whatever the optimiser: a non-finite loss, or a finite loss far above
// an untrained network's (Adam at 1e6 reaches ~1e20 and stays finite).
TEST(Trainer, DivergenceIsAnErrorForEveryOptimiser) {
  const Problem p = xor_problem();
  NetworkSpec spec{2, {{16, Activation::Relu}, {1, Activation::Sigmoid}}};
  for (const OptimizerKind kind : kOptimizers) {
    SCOPED_TRACE(to_string(kind));
    TrainConfig c;
    c.epochs = 5;
    c.optimizer.kind = kind;
    c.optimizer.learning_rate = 1e6f;
    Network net(spec);
    net.initialize(0);
    const std::string message = testing::error_message([&] { fit(net, p.X, p.Y, p.w, c); });
    EXPECT_NE(message.find("training diverged at epoch 1"), std::string::npos) << message;
    EXPECT_NE(message.find("lower --learning-rate"), std::string::npos) << message;
    net.initialize(0);
    EXPECT_THROW(fit(net, p.X, p.Y, p.w, c), InputError);
    // The same network and data train at a sane rate, and with weights of 1000 (a bound
    // relative to the weights, not an absolute one).
    c.optimizer.learning_rate = kind == OptimizerKind::Adam ? 0.01f : 0.1f;
    Network ok(spec);
    ok.initialize(0);
    SampleWeights heavy;
    heavy.per_sample = VectorF::Constant(p.X.rows(), 1000.0f);
    EXPECT_NO_THROW(fit(ok, p.X, p.Y, p.w, c));
    ok.initialize(0);
    if (kind == OptimizerKind::Adam) {  // Adam's steps do not scale with the weights; SGD's do
      EXPECT_NO_THROW(fit(ok, p.X, p.Y, heavy, c)) << testing::error_message([&] {
        ok.initialize(0);
        fit(ok, p.X, p.Y, heavy, c);
      });
    }
  }
  // Unscaled features: the untrained network starts far above the uninformed loss, and a slow
  // descent from there is not divergence.
  Problem big = p;
  big.X *= 1e4f;
  TrainConfig c;
  c.epochs = 3;
  Network net(spec);
  net.initialize(0);
  const FitHistory h = fit(net, big.X, big.Y, big.w, c);
  EXPECT_GT(h.epochs.front().loss, 1000 * std::log(2.0));
}

// Every ReLU unit inactive on every row: the output is the sigmoid of the output bias, the same
// for every row, and training cannot revive it (the ReLUs pass no gradient).
TEST(Trainer, ConstantOutputIsReported) {
  const Problem p = xor_problem();
  NetworkSpec spec{2, {{3, Activation::Relu}, {1, Activation::Sigmoid}}};
  Network net(spec);
  net.initialize(0);
  EXPECT_FALSE(has_constant_output(net, p.X));
  TrainConfig c;
  c.epochs = 2;
  EXPECT_FALSE(fit(net, p.X, p.Y, p.w, c).constant_output);
  net.kernel(0).setZero();
  net.bias(0).setConstant(-1.0f);
  EXPECT_TRUE(has_constant_output(net, p.X));
  EXPECT_TRUE(fit(net, p.X, p.Y, p.w, c).constant_output);
  EXPECT_FALSE(has_constant_output(net, p.X.topRows(1)));  // one row proves nothing
}

// On several threads each takes a run of 1,024-row blocks: two runs each constant on its own
// but with different values are not a constant output.
TEST(Trainer, ConstantOutputOnThreadsJoinsTheirRanges) {
  NetworkSpec spec{2, {{3, Activation::Relu}, {1, Activation::Sigmoid}}};
  Network net(spec);
  net.initialize(0);
  RowMatrixF X(3000, 2);
  X.topRows(2048).setConstant(0.5f);
  X.bottomRows(952).setConstant(-2.0f);
  ASSERT_FALSE(has_constant_output(net, X, 1));
  EXPECT_FALSE(has_constant_output(net, X, 2));
  EXPECT_FALSE(has_constant_output(net, X, 3));
  X.bottomRows(952).setConstant(0.5f);
  EXPECT_TRUE(has_constant_output(net, X, 1));
  EXPECT_TRUE(has_constant_output(net, X, 2));
  EXPECT_TRUE(has_constant_output(net, X, 8));  // more threads than blocks
}

// The check stops once every output varies; one output varying from the first row on does not
// end it while another is constant.
TEST(Trainer, ConstantOutputIsFoundBesideAVaryingOne) {
  NetworkSpec spec{2, {{2, Activation::Sigmoid}}};
  Network net(spec);
  net.initialize(0);
  RowMatrixF X = RowMatrixF::Random(5000, 2);
  net.kernel(0).row(1).setZero();  // output 1 reads no input
  ASSERT_NE(net.kernel(0)(0, 0), 0.0f);
  for (const int threads : {1, 2, 3}) {
    EXPECT_TRUE(has_constant_output(net, X, threads)) << threads;
  }
  net.kernel(0)(1, 1) = 0.5f;
  for (const int threads : {1, 2, 3}) {
    EXPECT_FALSE(has_constant_output(net, X, threads)) << threads;
  }
}

TEST(Trainer, RejectsBadShapesWeightsAndOptions) {
  const Problem p = xor_problem();
  Network net(NetworkSpec{2, {{1, Activation::Sigmoid}}});
  TrainConfig c;
  SampleWeights bad;
  bad.per_sample = VectorF::Constant(400, -1.0f);
  EXPECT_THROW(fit(net, p.X, p.Y, bad, c), InputError);
  EXPECT_THROW(fit(net, p.X.leftCols(1), p.Y, p.w, c), InputError);
  c.batch_size = 0;
  EXPECT_THROW(fit(net, p.X, p.Y, p.w, c), ConfigError);
  c.batch_size = 32;
  c.early_stopping.patience = 2;
  EXPECT_THROW(fit(net, p.X, p.Y, p.w, c), ConfigError);  // monitors val_loss without validation
  EXPECT_THROW(Network(NetworkSpec{2, {{3, Activation::Softmax}, {1, Activation::Sigmoid}}}),
               ConfigError);
  EXPECT_THROW(parse_activation("swish"), ConfigError);
}

}  // namespace
}  // namespace rarenet
