// The engine against PyTorch: from identical weights and batches, the same loss, gradients and
// parameters after 1 and after 100 optimiser steps (float32, 1e-5 relative). The steps are
// torch.optim.SGD (plain, momentum, Nesterov) and torch.optim.Adam; weight decay is an L2 term in
// the oracle's loss, on the kernels only. Dropout: the oracle multiplies each hidden activation
// by the masks rarenet drew (exported per batch); schedules: the oracle's param groups take each
// step's learning rate (and tests/oracle/torch_lr_schedule.py checks the rates themselves). The
// sigmoid focal loss is torchvision's sigmoid_focal_loss, the softmax one written with torch ops.
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
  std::vector<float> dropout = {};  // per hidden layer; masks drawn by rarenet, sent to torch
  ScheduleConfig schedule = {};     // per epoch of 4 batches, over 25 epochs
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
  // The masks rarenet draws for each batch (epoch = b / 4 + 1), exported as rows for the oracle.
  const bool dropout = !c.dropout.empty();
  std::vector<RowMatrixF> masks;  // per batch x hidden layer: (units, 16)
  json jmasks = json::array();
  json lrs = json::array();
  {
    Backprop drawer(spec, 16);
    if (dropout) drawer.set_dropout(c.dropout);
    for (std::size_t b = 0; b < batches.size(); ++b) {
      lrs.push_back(scheduled_learning_rate(c.schedule, c.optimizer.learning_rate,
                                            static_cast<int>(b / 4), 25));
      if (!dropout) continue;
      drawer.draw_dropout_masks(9, b / 4 + 1, batches[b]);
      json per_layer = json::array();
      for (std::size_t l = 0; l + 1 < c.layers.size(); ++l) {
        const RowMatrixF m = drawer.dropout_mask(l).leftCols(16);
        masks.push_back(m);
        per_layer.push_back(rows_json(m.transpose()));
      }
      jmasks.push_back(per_layer);
    }
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
        {"weight_decay", c.optimizer.weight_decay},
        {"input_weight_decay", c.optimizer.input_weight_decay}}},
      {"batches", batches},
      {"masks", dropout ? jmasks : json(nullptr)},
      {"lrs", lrs}};
  const json want = testing::ask_oracle("torch_train.py", request);
  ASSERT_FALSE(want.is_null());

  Backprop pass(spec, 16);
  if (dropout) pass.set_dropout(c.dropout);
  // Kernels take weight decay (the first also the input decay), biases do not, as in training.
  Optimizer opt(c.optimizer, parameter_decays(net, c.optimizer));
  std::vector<float> grad(net.parameter_count());
  for (std::size_t b = 0; b < batches.size(); ++b) {
    pass.gather(X, Y, w, batches[b]);
    if (dropout) {
      pass.draw_dropout_masks(9, b / 4 + 1, batches[b]);
      for (std::size_t l = 0; l + 1 < c.layers.size(); ++l)
        EXPECT_EQ(pass.dropout_mask(l).leftCols(16), masks[b * (c.layers.size() - 1) + l]);
    }
    // The training step's own passes: fused for the tiny networks (8 units, no dropout), so
    // the oracle judges that path too.
    const Backprop::LossParts parts =
        pass.forward_backward(net, c.loss, c.reduction, grad, dropout, true, c.focal);
    const double loss = parts.numerator / parts.denominator;
    if (b == 0) {
      EXPECT_NEAR(loss, want["loss"].get<double>(),
                  1e-5 * std::max(1.0, std::fabs(want["loss"].get<double>())));
      expect_close(grad, want["grad"], "gradient");
    }
    opt.set_learning_rate(lrs[b].get<float>());
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
  OptimizerConfig adam_input_decay = adam, sgd_input_decay = sgd;
  adam_input_decay.input_weight_decay = 0.05f;
  sgd_input_decay.weight_decay = 0.01f, sgd_input_decay.input_weight_decay = 0.03f;
  ScheduleConfig cosine, step;
  cosine.kind = LrSchedule::Cosine, cosine.warmup = 3;
  step.kind = LrSchedule::Step, step.step_size = 5, step.gamma = 0.5f;
  const std::vector<Case> cases = {
      {"dropout, one hidden layer",
       {{16, Activation::Relu}, {1, Activation::Sigmoid}},
       Loss::BinaryCrossEntropy,
       Reduction::SumOverBatchSize,
       1,
       adam,
       {0.5f}},
      {"dropout per layer, tanh and relu, cosine schedule with warmup",
       {{16, Activation::Tanh}, {32, Activation::Relu}, {3, Activation::Sigmoid}},
       Loss::BinaryCrossEntropy,
       Reduction::SumOverBatchSize,
       2,
       adam_decay,
       {0.2f, 0.4f},
       cosine},
      {"dropout, softmax, step schedule, plain SGD",
       {{12, Activation::Sigmoid}, {4, Activation::Softmax}},
       Loss::CategoricalCrossEntropy,
       Reduction::WeightedMean,
       1,
       plain_sgd,
       {0.3f},
       step},
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
      {"Adam, input weight decay, dropout",
       {{16, Activation::Relu}, {8, Activation::Relu}, {1, Activation::Sigmoid}},
       Loss::BinaryCrossEntropy,
       Reduction::SumOverBatchSize,
       1,
       adam_input_decay,
       {0.2f, 0.1f}},
      {"SGD momentum, weight and input weight decay",
       {{8, Activation::Tanh}, {4, Activation::Softmax}},
       Loss::CategoricalCrossEntropy,
       Reduction::WeightedMean,
       1,
       sgd_input_decay},
  };
  for (const Case& c : cases) run_case(c);
}

TEST(PyTorchConformance, LearningRateSchedulesMatchTorchSchedulers) {
  RARENET_REQUIRE_PYTHON("torch", "python3-torch");
  std::vector<ScheduleConfig> configs;
  std::vector<int> epochs;
  for (LrSchedule kind : kLrSchedules)
    for (int warmup : {0, 1, 5}) {
      ScheduleConfig s;
      s.kind = kind, s.warmup = warmup, s.step_size = 7, s.gamma = 0.8f;
      configs.push_back(s);
      epochs.push_back(40);
    }
  ScheduleConfig short_cosine;  // the cosine over very few epochs
  short_cosine.kind = LrSchedule::Cosine, short_cosine.warmup = 2;
  configs.push_back(short_cosine);
  epochs.push_back(4);
  json cases = json::array();
  for (std::size_t i = 0; i < configs.size(); ++i)
    cases.push_back({{"kind", to_string(configs[i].kind)},
                     {"lr", 0.01},
                     {"warmup", configs[i].warmup},
                     {"step_size", configs[i].step_size},
                     {"gamma", static_cast<double>(configs[i].gamma)},
                     {"epochs", epochs[i]}});
  const json want = testing::ask_oracle("torch_lr_schedule.py", {{"cases", cases}});
  ASSERT_FALSE(want.is_null());
  ASSERT_EQ(want["lrs"].size(), configs.size());
  for (std::size_t i = 0; i < configs.size(); ++i)
    for (int e = 0; e < epochs[i]; ++e) {
      const double w = want["lrs"][i][static_cast<std::size_t>(e)].get<double>();
      EXPECT_NEAR(scheduled_learning_rate(configs[i], 0.01, e, epochs[i]), w, 1e-12)
          << to_string(configs[i].kind) << " warmup " << configs[i].warmup << " epoch " << e;
    }
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
       {},
       {},
       {2.0f, 0.25f}},
      {"sigmoid focal, no alpha, N x k weights, weighted mean",
       {{16, Activation::Tanh}, {3, Activation::Sigmoid}},
       Loss::BinaryFocal,
       Reduction::WeightedMean,
       2,
       adam,
       {},
       {},
       {0.5f, -1.0f}},
      {"sigmoid focal, unweighted, SGD",
       {{8, Activation::Relu}, {2, Activation::Sigmoid}},
       Loss::BinaryFocal,
       Reduction::SumOverBatchSize,
       0,
       sgd,
       {},
       {},
       {3.0f, 0.75f}},
      {"softmax focal, per-row weights",
       {{32, Activation::Relu}, {4, Activation::Softmax}},
       Loss::CategoricalFocal,
       Reduction::SumOverBatchSize,
       1,
       adam,
       {},
       {},
       {2.0f, -1.0f}},
      {"softmax focal, weighted mean",
       {{6, Activation::LeakyRelu}, {3, Activation::Softmax}},
       Loss::CategoricalFocal,
       Reduction::WeightedMean,
       1,
       adam,
       {},
       {},
       {1.5f, -1.0f}},
  };
  // The first and third sigmoid cases take the fused passes (run_case's 5 inputs).
  ASSERT_TRUE(Backprop(NetworkSpec{5, cases[0].layers}, 16).fuses(Loss::BinaryFocal, false));
  ASSERT_TRUE(Backprop(NetworkSpec{5, cases[2].layers}, 16).fuses(Loss::BinaryFocal, false));
  ASSERT_FALSE(Backprop(NetworkSpec{5, cases[1].layers}, 16).fuses(Loss::BinaryFocal, false));
  for (const Case& c : cases) run_case(c);
}

}  // namespace
}  // namespace rarenet
