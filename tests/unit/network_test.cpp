// The network engine: gradients by finite differences, the optimisers' update forms, training
// determinism, early stopping, validation of inputs.
#include <cmath>
#include <cstring>

#include "nn/backprop.hpp"
#include "rarenet/error.hpp"
#include "rarenet/random.hpp"
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
