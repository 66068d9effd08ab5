// The engine against PyTorch: from identical weights and batches, the same loss, gradients and
// parameters after 1 and after 100 optimiser steps (float32, 1e-5 relative). The steps are
// torch.optim.SGD (plain, momentum, Nesterov) and torch.optim.Adam; weight decay is an L2 term in
// the oracle's loss, on the kernels only. The sigmoid focal loss is torchvision's
// sigmoid_focal_loss, the softmax one written with torch ops.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "nn/backprop.hpp"
#include "nn/optimizer.hpp"
#include "rarenet/random.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using nlohmann::json;

struct Case {
  std::string name;
  std::vector<LayerSpec> layers;
  Loss loss;
  Reduction reduction;
  int weights;  // 0 none, 1 per row, 2 per element
  OptimizerConfig optimizer;
  FocalParams focal = {};
};

bool sigmoid_targets(Loss l) {
  return l == Loss::BinaryCrossEntropy || l == Loss::BinaryFocal;
}

json rows_json(const RowMatrixF& m) {
  json j = json::array();
  for (Index i = 0; i < m.rows(); ++i)
    j.push_back(std::vector<float>(m.row(i).data(), m.row(i).data() + m.cols()));
  return j;
}

void expect_close(const std::vector<float>& got, const json& want, const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const double w = want[i].get<double>();
    EXPECT_NEAR(got[i], w, 1e-5 * std::max(1.0, std::fabs(w))) << what << " [" << i << "]";
  }
}

void run_case(const Case& c) {
  SCOPED_TRACE(c.name);
  const int n = 64, n_in = 5, k = c.layers.back().units;
  RandomState r(11);
  NetworkSpec spec{n_in, c.layers};
  Network net(spec);
  net.initialize(5);
  RowMatrixF X(n, n_in), Y = RowMatrixF::Zero(n, k);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n_in; ++j) X(i, j) = static_cast<float>(r.standard_normal());
    for (int j = 0; j < k; ++j) {
      if (c.loss == Loss::MeanSquaredError) Y(i, j) = static_cast<float>(r.standard_normal());
      if (sigmoid_targets(c.loss)) Y(i, j) = r.random_sample() < 0.2 ? 1.0f : 0.0f;
    }
    if (c.loss == Loss::CategoricalCrossEntropy || c.loss == Loss::CategoricalFocal)
      Y(i, static_cast<Index>(r.randint(0, k))) = 1.0f;
  }
  SampleWeights w;
  json jw = nullptr;
  if (c.weights == 1) {
    w.per_sample = VectorF::NullaryExpr(
        n, [&](Index) { return static_cast<float>(0.5 + 10 * r.random_sample()); });
    jw = std::vector<float>(w.per_sample.data(), w.per_sample.data() + n);
  } else if (c.weights == 2) {
    w.per_element = RowMatrixF::NullaryExpr(
        n, k, [&](Index, Index) { return static_cast<float>(0.5 + 10 * r.random_sample()); });
    jw = rows_json(w.per_element);
  }
  // 100 batches of 16 rows drawn from a fixed shuffle stream.
  FastRandom shuffler(3);
  std::vector<std::vector<std::int64_t>> batches;
  std::vector<std::int64_t> order(n);
  for (int b = 0; b < 100; ++b) {
    if (b % 4 == 0) {
      for (int i = 0; i < n; ++i) order[i] = i;
      shuffler.shuffle(order);
    }
    batches.emplace_back(order.begin() + (b % 4) * 16, order.begin() + (b % 4) * 16 + 16);
  }
  json layers = json::array();
  for (const auto& l : c.layers) layers.push_back({l.units, to_string(l.activation)});
  const json request = {
      {"layers", layers},
      {"params", std::vector<float>(net.parameters().begin(), net.parameters().end())},
      {"X", rows_json(X)},
      {"Y", rows_json(Y)},
      {"W", jw},
      {"loss", c.loss == Loss::BinaryCrossEntropy ? "bce"
               : c.loss == Loss::MeanSquaredError ? "mse"
               : c.loss == Loss::BinaryFocal      ? "focal_bce"
               : c.loss == Loss::CategoricalFocal ? "focal_cce"
                                                  : "cce"},
      {"focal", {{"gamma", c.focal.gamma}, {"alpha", c.focal.alpha}}},
      {"reduction",
       c.reduction == Reduction::WeightedMean ? "weighted_mean" : "sum_over_batch_size"},
      {"optimizer",
       {{"name", to_string(c.optimizer.kind)},
        {"lr", c.optimizer.learning_rate},
        {"momentum", c.optimizer.momentum},
        {"nesterov", c.optimizer.nesterov},
        {"weight_decay", c.optimizer.weight_decay}}},
      {"batches", batches}};
  const json want = testing::ask_oracle("torch_train.py", request);
  ASSERT_FALSE(want.is_null());

  Backprop pass(spec, 16);
  // Kernels take weight decay, biases do not (as the trainer sets it up).
  std::vector<unsigned char> decay_mask(net.parameter_count(), 0);
  for (std::size_t l = 0; l < c.layers.size(); ++l) {
    const auto kernel = net.kernel(l);
    std::fill_n(decay_mask.begin() + (kernel.data() - net.parameters().data()), kernel.size(), 1);
  }
  Optimizer opt(c.optimizer, decay_mask);
  std::vector<float> grad(net.parameter_count());
  for (std::size_t b = 0; b < batches.size(); ++b) {
    pass.gather(X, Y, w, batches[b]);
    pass.forward(net);
    const double loss = pass.backward(net, c.loss, c.reduction, grad, c.focal);
    if (b == 0) {
      EXPECT_NEAR(loss, want["loss"].get<double>(),
                  1e-5 * std::max(1.0, std::fabs(want["loss"].get<double>())));
      expect_close(grad, want["grad"], "gradient");
    }
    opt.step(net.parameters(), grad);
    if (b == 0)
      expect_close({net.parameters().begin(), net.parameters().end()}, want["after_1"],
                   "after 1 step");
  }
  expect_close({net.parameters().begin(), net.parameters().end()}, want["after_all"],
               "after 100 steps");
}

TEST(PyTorchConformance, LossGradientsAndStepsAgree) {
  RARENET_REQUIRE_PYTHON("torch", "python3-torch");
  OptimizerConfig adam;
  OptimizerConfig sgd;
  sgd.kind = OptimizerKind::Sgd, sgd.learning_rate = 0.01f, sgd.momentum = 0.9f;
  OptimizerConfig nesterov = sgd;
  nesterov.nesterov = true;
  OptimizerConfig plain_sgd;
  plain_sgd.kind = OptimizerKind::Sgd, plain_sgd.learning_rate = 0.05f;
  OptimizerConfig adam_decay = adam, sgd_decay = sgd, nesterov_decay = nesterov;
  adam_decay.weight_decay = 0.01f, sgd_decay.weight_decay = 0.05f,
  nesterov_decay.weight_decay = 0.02f;
  const std::vector<Case> cases = {
      {"weighted BCE, per-row weights",
       {{8, Activation::Relu}, {1, Activation::Sigmoid}},
       Loss::BinaryCrossEntropy,
       Reduction::SumOverBatchSize,
       1,
       adam},
      {"weighted BCE, N x k weights",
       {{16, Activation::Tanh}, {8, Activation::Relu}, {3, Activation::Sigmoid}},
       Loss::BinaryCrossEntropy,
       Reduction::SumOverBatchSize,
       2,
       adam},
      {"weighted BCE, weighted mean",
       {{32, Activation::Relu}, {3, Activation::Sigmoid}},
       Loss::BinaryCrossEntropy,
       Reduction::WeightedMean,
       2,
       adam},
      {"weighted categorical CE",
       {{32, Activation::Relu}, {4, Activation::Softmax}},
       Loss::CategoricalCrossEntropy,
       Reduction::SumOverBatchSize,
       1,
       adam},
      {"categorical CE, weighted mean",
       {{6, Activation::LeakyRelu}, {4, Activation::Softmax}},
       Loss::CategoricalCrossEntropy,
       Reduction::WeightedMean,
       1,
       adam},
      {"MSE",
       {{8, Activation::Sigmoid}, {2, Activation::Linear}},
       Loss::MeanSquaredError,
       Reduction::SumOverBatchSize,
       0,
       adam},
      {"SGD momentum",
       {{8, Activation::Relu}, {1, Activation::Sigmoid}},
       Loss::BinaryCrossEntropy,
       Reduction::SumOverBatchSize,
       1,
       sgd},
      {"SGD Nesterov",
       {{8, Activation::Tanh}, {2, Activation::Linear}},
       Loss::MeanSquaredError,
       Reduction::WeightedMean,
       2,
       nesterov},
      {"plain SGD",
       {{8, Activation::Relu}, {3, Activation::Sigmoid}},
       Loss::BinaryCrossEntropy,
       Reduction::SumOverBatchSize,
       2,
       plain_sgd},
      {"Adam, weight decay",
       {{16, Activation::Relu}, {3, Activation::Sigmoid}},
       Loss::BinaryCrossEntropy,
       Reduction::SumOverBatchSize,
       1,
       adam_decay},
      {"SGD momentum, weight decay",
       {{8, Activation::Tanh}, {4, Activation::Softmax}},
       Loss::CategoricalCrossEntropy,
       Reduction::WeightedMean,
       1,
       sgd_decay},
      {"SGD Nesterov, weight decay",
       {{8, Activation::Relu}, {2, Activation::Linear}},
       Loss::MeanSquaredError,
       Reduction::SumOverBatchSize,
       0,
       nesterov_decay},
  };
  for (const Case& c : cases) run_case(c);
}

TEST(PyTorchConformance, FocalLossesAgree) {
  RARENET_REQUIRE_PYTHON("torchvision", "python3-torchvision");
  OptimizerConfig adam;
  OptimizerConfig sgd;
  sgd.kind = OptimizerKind::Sgd, sgd.learning_rate = 0.01f, sgd.momentum = 0.9f;
  const std::vector<Case> cases = {
      {"sigmoid focal, gamma 2, alpha 0.25, per-row weights",
       {{8, Activation::Relu}, {1, Activation::Sigmoid}},
       Loss::BinaryFocal,
       Reduction::SumOverBatchSize,
       1,
       adam,
       {2.0f, 0.25f}},
      {"sigmoid focal, no alpha, N x k weights, weighted mean",
       {{16, Activation::Tanh}, {3, Activation::Sigmoid}},
       Loss::BinaryFocal,
       Reduction::WeightedMean,
       2,
       adam,
       {0.5f, -1.0f}},
      {"sigmoid focal, unweighted, SGD",
       {{8, Activation::Relu}, {2, Activation::Sigmoid}},
       Loss::BinaryFocal,
       Reduction::SumOverBatchSize,
       0,
       sgd,
       {3.0f, 0.75f}},
      {"softmax focal, per-row weights",
       {{32, Activation::Relu}, {4, Activation::Softmax}},
       Loss::CategoricalFocal,
       Reduction::SumOverBatchSize,
       1,
       adam,
       {2.0f, -1.0f}},
      {"softmax focal, weighted mean",
       {{6, Activation::LeakyRelu}, {3, Activation::Softmax}},
       Loss::CategoricalFocal,
       Reduction::WeightedMean,
       1,
       adam,
       {1.5f, -1.0f}},
  };
  for (const Case& c : cases) run_case(c);
}

}  // namespace
}  // namespace rarenet
