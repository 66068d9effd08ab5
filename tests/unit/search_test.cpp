// The sweep's network search (hidden layers x weight decay x class weight) and early stopping on
// an inner validation split: each is what the equivalent explicit calls give, bit for bit.
#include <algorithm>

#include "rarenet/classifier.hpp"
#include "rarenet/cross_validation.hpp"
#include "rarenet/error.hpp"
#include "rarenet/make_classification.hpp"
#include "rarenet/model.hpp"
#include "rarenet/split.hpp"
#include "rarenet/sweep.hpp"
#include "rarenet/workflow_report.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

Dataset generated(std::uint32_t seed, std::int64_t n = 400) {
  MakeClassificationParams p;
  p.n_samples = n, p.n_features = 5, p.n_informative = 3, p.random_state = seed;
  p.weights = {0.85};
  return testing::dataset_of(make_classification(p));
}

TrainOptions small_options() {
  TrainOptions o;
  o.hidden = {8};
  o.train.epochs = 5;
  return o;
}

SweepOptions weight_sweep() {
  SweepOptions s = testing::weight_search_only();
  s.ratios = {1, 3};
  s.criterion = parse_criterion("balanced-accuracy");
  s.cv.folds = StratifiedKFoldParams{3, true, 0};
  return s;
}

bool same_parameters(const Classifier& a, const Classifier& b) {
  const auto pa = a.network.parameters(), pb = b.network.parameters();
  return pa.size() == pb.size() && std::equal(pa.begin(), pa.end(), pb.begin());
}

TEST(NetworkSearch, EveryCandidateEqualsTheWeightSweepOfItsOwnNetwork) {
  const Dataset d = generated(1);
  SweepOptions s = weight_sweep();
  s.networks = {{}, {4, 4}};
  s.weight_decays = {0.0, 0.01};
  const SweepResult searched = sweep(d, small_options(), s);
  ASSERT_EQ(searched.candidates.size(), 8u);  // 2 networks x 2 decays x 2 weights
  EXPECT_TRUE(searched.network_searched);
  for (std::size_t n = 0; n < 2; ++n)
    for (std::size_t w = 0; w < 2; ++w) {
      TrainOptions base = small_options();
      base.hidden = s.networks[n];
      base.train.optimizer.weight_decay = static_cast<float>(s.weight_decays[w]);
      const SweepResult plain = sweep(d, base, weight_sweep());
      EXPECT_FALSE(plain.network_searched);
      for (std::size_t c = 0; c < 2; ++c) {
        const SweepCandidate& got = searched.candidates[(n * 2 + w) * 2 + c];
        const SweepCandidate& want = plain.candidates[c];
        EXPECT_EQ(got.hidden, s.networks[n]);
        EXPECT_EQ(got.weight_decay, s.weight_decays[w]);
        EXPECT_EQ(got.class_weight.to_string(), want.class_weight.to_string());
        EXPECT_EQ(got.threshold, want.threshold);
        EXPECT_EQ(got.criterion_value, want.criterion_value);
        EXPECT_EQ(got.figures.mean, want.figures.mean);
      }
    }
  // The chosen candidate's settings are what the final model trains with.
  const TrainOptions chosen = chosen_options(small_options(), searched);
  const SweepCandidate& best = searched.candidates[searched.chosen];
  EXPECT_EQ(chosen.hidden, best.hidden);
  EXPECT_EQ(chosen.train.optimizer.weight_decay, static_cast<float>(best.weight_decay));
  EXPECT_EQ(chosen.threshold.value, best.threshold);
  EXPECT_EQ(chosen.class_weight.to_string(), best.class_weight.to_string());
  // Reports name the network only when one was searched.
  EXPECT_TRUE(sweep_to_json(searched)["candidates"][0].contains("hidden"));
  EXPECT_NE(format_sweep(searched).find("network"), std::string::npos);
}

// refit_ensemble changes the refitted model only: the search's candidates are the same, and the
// final model averages that many seeds, its first network the plain refit's.
TEST(RefitEnsemble, SearchIsUnchangedAndTheRefitAveragesSeeds) {
  const Dataset d = generated(5);
  const SweepOutcome plain = sweep_and_refit(d, small_options(), weight_sweep(), true);
  SweepOptions s = weight_sweep();
  s.refit_ensemble = 3;
  const SweepOutcome averaged = sweep_and_refit(d, small_options(), s, true);
  ASSERT_EQ(averaged.result.candidates.size(), plain.result.candidates.size());
  for (std::size_t c = 0; c < plain.result.candidates.size(); ++c) {
    EXPECT_EQ(averaged.result.candidates[c].threshold, plain.result.candidates[c].threshold);
    EXPECT_EQ(averaged.result.candidates[c].criterion_value,
              plain.result.candidates[c].criterion_value);
  }
  EXPECT_EQ(averaged.result.chosen, plain.result.chosen);
  ASSERT_TRUE(plain.model && averaged.model);
  EXPECT_TRUE(plain.model->members.empty());
  ASSERT_EQ(averaged.model->members.size(), 2u);
  EXPECT_EQ(averaged.model->options.ensemble, 3);
  EXPECT_EQ(averaged.model->threshold, plain.model->threshold);
  EXPECT_TRUE(same_parameters(*averaged.model, *plain.model));
  // The mean of three seeds is not the first seed's probabilities.
  const RowMatrixD pa = averaged.model->predict_proba(d.X), pp = plain.model->predict_proba(d.X);
  EXPECT_GT((pa - pp).cwiseAbs().maxCoeff(), 1e-6);
  EXPECT_EQ(sweep_to_json(averaged.result)["refit_ensemble"], 3);
  EXPECT_FALSE(sweep_to_json(plain.result).contains("refit_ensemble"));
}

// The default search (the linear model first, standard and robustly scaled, then the base network
// without and with dropout 0.2, robustly scaled, and a refit averaging five seeds) with the
// additive model after them; each candidate what the weights-only sweep of its setting gives.
TEST(SweepDefaults, LinearNetworkRobustlyScaledRefitAsFiveThenAdditive) {
  const Dataset d = generated(6);
  SweepOptions s;
  EXPECT_FALSE(s.additive);  // an option, not a default (docs/QUALITY.md)
  s.additive = true;
  s.ratios = {1, 3};
  s.criterion = parse_criterion("balanced-accuracy");
  s.cv.folds = StratifiedKFoldParams{3, true, 0};
  const SweepOutcome out = sweep_and_refit(d, small_options(), s, true);
  const SweepResult& r = out.result;
  // linear (standard, robust); the network (robust-auto) without and with the input decay, then
  // both with dropout; additive (robust-auto); each with two weights
  ASSERT_EQ(r.candidates.size(), 14u);
  EXPECT_TRUE(r.network_searched);
  for (std::size_t n = 0; n < 6; ++n) {
    TrainOptions base = small_options();
    base.hidden = n < 2 ? std::vector<int>{} : std::vector<int>{8};
    base.scale = n == 0 ? ScaleKind::Standard : n == 1 ? ScaleKind::Robust : ScaleKind::RobustAuto;
    // The searched dropout and input decay, on the network only.
    const bool dropout = n >= 4, input_decay = n == 3 || n == 5;
    if (dropout) base.train.dropout = {0.2f};
    if (input_decay) base.train.optimizer.input_weight_decay = 0.01f;
    // The linear model and the networks train at their own rates, annealed.
    base.train.optimizer.learning_rate = n < 2 ? 0.01f : 0.005f;
    base.train.schedule.kind = LrSchedule::Cosine;
    SweepOptions plain = weight_sweep();
    plain.ratios = s.ratios;
    const SweepResult want = sweep(d, base, plain);
    for (std::size_t c = 0; c < 2; ++c) {
      const SweepCandidate& got = r.candidates[n * 2 + c];
      EXPECT_EQ(got.hidden, base.hidden);
      EXPECT_EQ(got.scale, base.scale);
      EXPECT_EQ(got.dropout, dropout ? 0.2 : 0.0);
      EXPECT_EQ(got.input_weight_decay, input_decay ? 0.01 : 0.0);
      EXPECT_EQ(got.criterion_value, want.candidates[c].criterion_value) << n << " " << c;
      EXPECT_EQ(got.threshold, want.candidates[c].threshold);
    }
  }
  // The input decay changes what the network learns (else the check above proves nothing).
  EXPECT_NE(r.candidates[4].figures.mean.at("roc_auc"), r.candidates[6].figures.mean.at("roc_auc"));
  {
    TrainOptions base = small_options();
    base.hidden = {};
    base.scale = ScaleKind::RobustAuto;
    base.embedding = parse_embeddings("piecewise:bins=16")[0];
    base.train.optimizer.learning_rate = 0.01f;
    base.train.schedule.kind = LrSchedule::Cosine;
    SweepOptions plain = weight_sweep();
    plain.ratios = s.ratios;
    const SweepResult want = sweep(d, base, plain);
    for (std::size_t c = 0; c < 2; ++c) {
      const SweepCandidate& got = r.candidates[12 + c];
      EXPECT_TRUE(got.hidden.empty());
      EXPECT_EQ(got.embedding, base.embedding);
      EXPECT_EQ(got.criterion_value, want.candidates[c].criterion_value);
    }
  }
  ASSERT_TRUE(out.model);
  EXPECT_EQ(out.model->options.ensemble, 5);
  EXPECT_EQ(out.model->members.size(), 4u);
  EXPECT_EQ(out.model->options.scale, r.candidates[r.chosen].scale);
  EXPECT_EQ(out.model->options.hidden, r.candidates[r.chosen].hidden);
  EXPECT_NE(r.reason.find(to_string(r.candidates[r.chosen].scale) + " scaling"), std::string::npos)
      << r.reason;
  // The refit trains at the candidate's rate, annealed: the linear one without hidden layers, the
  // network one with them. A rate of 0 keeps the base options' rate and schedule.
  for (std::size_t c : {std::size_t{0}, std::size_t{4}}) {
    SweepResult pick = r;
    pick.chosen = c;
    const TrainOptions o = chosen_options(small_options(), pick);
    EXPECT_EQ(o.train.optimizer.learning_rate, c == 0 ? 0.01f : 0.005f);
    EXPECT_EQ(o.train.schedule.kind, LrSchedule::Cosine);
    pick.linear_learning_rate = pick.network_learning_rate = 0;
    const TrainOptions own = chosen_options(small_options(), pick);
    EXPECT_EQ(own.train.optimizer.learning_rate, small_options().train.optimizer.learning_rate);
    EXPECT_EQ(own.train.schedule.kind, small_options().train.schedule.kind);
  }
  SweepOptions own_rate = s;
  own_rate.linear_learning_rate = 0;
  own_rate.network_learning_rate = 0;
  own_rate.additive = false;
  own_rate.dropouts = {};
  own_rate.input_weight_decays = {};
  {
    const SweepResult got = sweep(d, small_options(), own_rate);
    SweepOptions plain = weight_sweep();
    plain.ratios = s.ratios;
    TrainOptions linear = small_options();
    linear.hidden = {};
    const SweepResult want_linear = sweep(d, linear, plain);
    EXPECT_EQ(got.candidates[0].criterion_value, want_linear.candidates[0].criterion_value);
    EXPECT_NE(got.candidates[0].criterion_value, r.candidates[0].criterion_value);
    // The network at the base options' rate (candidates 4 and 5: robustly scaled, as in r).
    TrainOptions network = small_options();
    network.scale = ScaleKind::Robust;
    const SweepResult want_network = sweep(d, network, plain);
    EXPECT_EQ(got.candidates[4].hidden, network.hidden);
    EXPECT_EQ(got.candidates[4].criterion_value, want_network.candidates[0].criterion_value);
    EXPECT_NE(got.candidates[4].figures.mean.at("roc_auc"),
              r.candidates[4].figures.mean.at("roc_auc"));
  }
  // A larger --ensemble is kept at the refit.
  TrainOptions ten = small_options();
  ten.ensemble = 10;
  EXPECT_EQ(chosen_options(ten, r).ensemble, 10);

  // No hidden layer in the base options: the linear model is not tried twice.
  TrainOptions flat = small_options();
  flat.hidden = {};
  EXPECT_EQ(sweep(d, flat, s).candidates.size(), 6u);  // linear (two scalings) and additive
  // A dropout for the base network does not reach the linear model (it has no hidden layer).
  TrainOptions dropped = small_options();
  dropped.train.dropout = {0.2f};
  EXPECT_EQ(sweep(d, dropped, s).candidates.size(), 14u);
  // The refit trains the chosen candidate with its dropout (the linear model has none).
  const TrainOptions refit = chosen_options(small_options(), r);
  const SweepCandidate& chosen = r.candidates[r.chosen];
  EXPECT_EQ(refit.train.dropout, chosen.dropout > 0
                                     ? std::vector<float>{static_cast<float>(chosen.dropout)}
                                     : std::vector<float>{});
  EXPECT_EQ(refit.train.optimizer.input_weight_decay,
            static_cast<float>(chosen.input_weight_decay));
  // Every candidate's training options carry its input decay (the linear model's is 0).
  for (std::size_t c = 0; c < r.candidates.size(); ++c) {
    SweepResult pick = r;
    pick.chosen = c;
    EXPECT_EQ(chosen_options(small_options(), pick).train.optimizer.input_weight_decay,
              static_cast<float>(r.candidates[c].input_weight_decay));
  }
  // Other rates searched: a network per rate, still one linear model (it has nothing to drop).
  SweepOptions rates = s;
  rates.dropouts = {0.1, 0.3};
  std::vector<double> network_rates;
  std::size_t linear = 0;
  for (const SweepCandidate& c : sweep(d, small_options(), rates).candidates) {
    if (c.hidden.empty() && c.embedding.kind == EmbeddingKind::None) ++linear;
    if (!c.hidden.empty()) network_rates.push_back(c.dropout);
  }
  EXPECT_EQ(linear, 4u);  // one per scaling and weight
  EXPECT_EQ(network_rates, (std::vector<double>{0.1, 0.1, 0.1, 0.1, 0.3, 0.3, 0.3, 0.3}));
  // Without linear scalings of its own, the linear model takes the networks' (robust-auto) alone.
  SweepOptions shared = s;
  shared.linear_scales = {};
  const SweepResult one = sweep(d, small_options(), shared);
  ASSERT_EQ(one.candidates.size(), 12u);
  for (std::size_t c = 0; c < 2; ++c) {
    EXPECT_TRUE(one.candidates[c].hidden.empty());
    EXPECT_EQ(one.candidates[c].scale, ScaleKind::RobustAuto);
    EXPECT_EQ(one.candidates[c].criterion_value, r.candidates[2 + c].criterion_value);
  }
  // A positive --dropout the sweep would not use is an error that names both options.
  TrainOptions half = small_options();
  half.train.dropout = {0.5f};
  const std::string unused = testing::error_message([&] { sweep(d, half, s); });
  EXPECT_NE(unused.find("dropout 0.5"), std::string::npos) << unused;
  EXPECT_NE(unused.find("--dropouts (0,0.2)"), std::string::npos) << unused;
  // Likewise an input decay the sweep would not use; one it searches is fine.
  TrainOptions decayed = small_options();
  decayed.train.optimizer.input_weight_decay = 0.5f;
  const std::string unsearched = testing::error_message([&] { sweep(d, decayed, s); });
  EXPECT_NE(unsearched.find("input_weight_decay 0.5"), std::string::npos) << unsearched;
  EXPECT_NE(unsearched.find("--input-weight-decays (0,0.01)"), std::string::npos) << unsearched;
  decayed.train.optimizer.input_weight_decay = 0.01f;
  EXPECT_EQ(sweep(d, decayed, s).candidates.size(), 14u);
  // A --scale the sweep would not use is an error that names both options.
  TrainOptions quantile = small_options();
  quantile.scale = ScaleKind::QuantileNormal;
  const std::string message = testing::error_message([&] { sweep(d, quantile, s); });
  EXPECT_NE(message.find("scale quantile-normal"), std::string::npos) << message;
  EXPECT_NE(message.find("--scales (robust-auto)"), std::string::npos) << message;
  // Unscaled features: the single default scaling does not apply, two to search are an error.
  TrainOptions raw = small_options();
  raw.standardize = false;
  for (const SweepCandidate& c : sweep(d, raw, s).candidates)
    EXPECT_EQ(c.scale, ScaleKind::Standard);
  SweepOptions two = s;
  two.scales = {ScaleKind::Standard, ScaleKind::Robust};
  EXPECT_THROW(sweep(d, raw, two), ConfigError);
}

// The sweep's own learning rates replace --learning-rate and --lr-schedule; a rate or schedule
// given apart from their defaults would go unused, so it is an error naming both options.
TEST(SweepDefaults, ABaseLearningRateTheSearchWouldReplaceIsAnError) {
  const Dataset d = generated(2);
  SweepOptions s = weight_sweep();
  s.linear = true;
  s.linear_learning_rate = 0.01;
  s.network_learning_rate = 0.005;
  TrainOptions fast = small_options();
  fast.train.optimizer.learning_rate = 0.01f;
  EXPECT_EQ(testing::error_message([&] { sweep(d, fast, s); }),
            "learning_rate 0.01 with the constant schedule: the sweep trains its models at "
            "--network-learning-rate (0.005) and --linear-learning-rate (0.01), annealed by a "
            "cosine schedule, instead; set the rate with those options, or give them 0 to keep "
            "--learning-rate and --lr-schedule");
  // A schedule alone, with only networks searched: the one option that replaces it.
  TrainOptions annealed = small_options();
  annealed.train.schedule.kind = LrSchedule::Cosine;
  s.linear = false;
  const std::string message = testing::error_message([&] { sweep(d, annealed, s); });
  EXPECT_EQ(message.rfind("learning_rate 0.001 with the cosine schedule: the sweep trains its "
                          "models at --network-learning-rate (0.005), annealed",
                          0),
            0u)
      << message;
  // Rates of 0 keep the base options' rate and schedule: no error.
  s.linear = true;
  s.linear_learning_rate = s.network_learning_rate = 0;
  EXPECT_EQ(sweep(d, fast, s).candidates.size(), 6u);  // linear (two scalings), the network
}

TEST(NetworkSearch, WithoutNetworksTheSweepIsUnchanged) {
  const Dataset d = generated(2);
  const SweepResult r = sweep(d, small_options(), weight_sweep());
  EXPECT_FALSE(r.network_searched);
  for (const SweepCandidate& c : r.candidates) {
    EXPECT_EQ(c.hidden, small_options().hidden);
    EXPECT_EQ(c.weight_decay, 0.0);
  }
  EXPECT_FALSE(sweep_to_json(r)["candidates"][0].contains("hidden"));
  EXPECT_EQ(format_sweep(r).find("network"), std::string::npos);
  SweepOptions bad = weight_sweep();
  bad.weight_decays = {-1};
  EXPECT_EQ(testing::error_message([&] { sweep(d, small_options(), bad); }),
            "--weight-decays: -1 is not a weight decay >= 0");
  // The declared ranges hold for a library caller as for the command line.
  SweepOptions negative_rate = weight_sweep();
  negative_rate.linear_learning_rate = -1;
  EXPECT_EQ(testing::error_message([&] {
              sweep(d, small_options(), negative_rate);
            }).rfind("linear_learning_rate: must be >= 0", 0),
            0u);
}

TEST(NetworkSearch, DropoutAndScalingCandidatesEqualTheirOwnWeightSweeps) {
  const Dataset d = generated(3);
  SweepOptions s = weight_sweep();
  s.dropouts = {0.0, 0.3};
  s.scales = {ScaleKind::Standard, ScaleKind::QuantileNormal};
  const SweepResult searched = sweep(d, small_options(), s);
  ASSERT_EQ(searched.candidates.size(), 8u);  // 2 scalings x 2 dropouts x 2 weights
  EXPECT_TRUE(searched.dropout_searched);
  for (std::size_t sc = 0; sc < 2; ++sc)
    for (std::size_t dr = 0; dr < 2; ++dr) {
      TrainOptions base = small_options();
      base.scale = s.scales[sc];
      if (s.dropouts[dr] > 0) base.train.dropout = {static_cast<float>(s.dropouts[dr])};
      const SweepResult plain = sweep(d, base, weight_sweep());
      for (std::size_t c = 0; c < 2; ++c) {
        const SweepCandidate& got = searched.candidates[(sc * 2 + dr) * 2 + c];
        EXPECT_EQ(got.scale, s.scales[sc]);
        EXPECT_EQ(got.dropout, s.dropouts[dr]);
        EXPECT_EQ(got.criterion_value, plain.candidates[c].criterion_value);
        EXPECT_EQ(got.figures.mean, plain.candidates[c].figures.mean);
      }
    }
  const TrainOptions chosen = chosen_options(small_options(), searched);
  const SweepCandidate& best = searched.candidates[searched.chosen];
  EXPECT_EQ(chosen.scale, best.scale);
  EXPECT_EQ(chosen.train.dropout.empty(), best.dropout == 0);
  EXPECT_NE(sweep_to_json(searched)["candidates"][2].value("dropout", 0.0), 0.0);
  EXPECT_THROW(parse_scales("standard,minmax"), ConfigError);
  EXPECT_EQ(scales_text(parse_scales("robust,quantile-uniform")), "robust,quantile-uniform");
}

TEST(SweepBudget, KeepsOnlyCompleteCandidatesAndSaysSo) {
  const Dataset d = generated(4);
  SweepOptions s = weight_sweep();
  s.ratios = {1, 2, 3, 4, 5, 6};
  std::size_t calls = 0, last_total = 0;
  s.progress = [&](std::size_t done, std::size_t total) {
    EXPECT_EQ(done, calls + 1);
    ++calls;
    last_total = total;
  };
  const SweepResult all = sweep(d, small_options(), s);
  EXPECT_EQ(calls, 18u);
  EXPECT_EQ(last_total, 18u);
  EXPECT_EQ(all.planned, all.candidates.size());
  // A budget already spent: only the first candidate (which always runs) is evaluated.
  s.budget = 1e-9;
  s.progress = {};
  const SweepResult trimmed = sweep(d, small_options(), s);
  EXPECT_EQ(trimmed.planned, 6u);
  ASSERT_GE(trimmed.candidates.size(), 1u);
  EXPECT_LT(trimmed.candidates.size(), 6u);
  EXPECT_EQ(trimmed.candidates[0].criterion_value, all.candidates[0].criterion_value);
  EXPECT_NE(trimmed.reason.find("budget left"), std::string::npos) << trimmed.reason;
  EXPECT_NE(format_sweep(trimmed).find("candidates evaluated (the rest were left out)"),
            std::string::npos);
  EXPECT_EQ(sweep_to_json(trimmed)["planned"], 6);
}

// An inner validation split is train_test_split(stratify=y, random_state=seed) of the training
// rows, the model then trained on its training part with the held-out part as validation data.
TEST(ValidationFraction, EqualsAnExplicitStratifiedValidationSplit) {
  const Dataset d = generated(3);
  TrainOptions o = small_options();
  o.train.epochs = 30;
  o.train.seed = 7;
  o.train.early_stopping.patience = 3;
  o.validation_fraction = 0.25;
  const Classifier inner = train_classifier(d, o);

  const Labels y = d.labels();
  TrainTestSplitParams p;
  p.test_size = SplitSize::fraction(0.25);
  p.random_state = 7;
  p.stratify = &y;
  const TrainTestIndices idx = train_test_split(d.n_samples(), p);
  const Dataset train = d.take(idx.train), validation = d.take(idx.test);
  TrainOptions explicit_options = o;
  explicit_options.validation_fraction = 0;
  const Classifier outer = train_classifier(train, explicit_options, &validation);

  EXPECT_TRUE(same_parameters(inner, outer));
  EXPECT_EQ(inner.scaler.mean, outer.scaler.mean);  // the scaler saw the training part only
  ASSERT_EQ(inner.history.epochs.size(), outer.history.epochs.size());
  EXPECT_GT(inner.history.epochs.front().val_loss, 0);
  EXPECT_EQ(inner.history.best_epoch, outer.history.best_epoch);
}

TEST(ValidationFraction, ZeroTrainsOnEveryRowAndBadValuesAreRejected) {
  const Dataset d = generated(4);
  TrainOptions o = small_options();
  const Classifier plain = train_classifier(d, o);
  o.validation_fraction = 0;
  EXPECT_TRUE(same_parameters(plain, train_classifier(d, o)));
  EXPECT_EQ(plain.history.epochs.front().val_loss, 0);
  for (double bad : {-0.1, 1.0}) {
    o.validation_fraction = bad;
    EXPECT_NE(testing::error_message([&] {
                train_classifier(d, o);
              }).find("--validation-fraction must lie in [0, 1)"),
              std::string::npos);
  }
}

TEST(ValidationFraction, IsKeptInTheModelFile) {
  const Dataset d = generated(5);
  TrainOptions o = small_options();
  o.validation_fraction = 0.2;
  const Classifier m = train_classifier(d, o);
  testing::TempDir tmp;
  save_model(tmp.file("m.json"), m);
  EXPECT_EQ(load_model(tmp.file("m.json")).options.validation_fraction, 0.2);
  // Without it, the model reads back with the default (0: every row trains).
  save_model(tmp.file("plain.json"), train_classifier(d, small_options()));
  EXPECT_EQ(load_model(tmp.file("plain.json")).options.validation_fraction, 0.0);
}

TEST(NetworkSearchCli, ParsesNetworksAndRejectsMalformedOnes) {
  const Dataset d = generated(6, 200);
  testing::TempDir tmp;
  std::string csv = "f0,f1,f2,f3,f4,y\n";
  for (Index i = 0; i < d.n_samples(); ++i) {
    for (Index j = 0; j < 5; ++j) csv += std::to_string(d.X(i, j)) + ",";
    csv += std::to_string(static_cast<int>(d.Y(i, 0))) + "\n";
  }
  testing::write_text(tmp.file("d.csv"), csv);
  auto r = testing::rarenet("sweep '" + tmp.file("d.csv") +
                            "' --ratios 1 --networks none,3x2 --weight-decays 0,0.001 --additive "
                            "--input-weight-decays 0 --epochs 2 --n-splits 2 --json -o '" +
                            tmp.file("m.json") + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  // The linear model for each scaling (standard, robust) and decay, then the network for each
  // decay without and with dropout 0.2 (the default rates are 0 and 0.2).
  ASSERT_EQ(j["candidates"].size(), 10u);
  for (int c : {0, 1, 2, 3}) {
    EXPECT_EQ(j["candidates"][c]["hidden"], nlohmann::json::array());
    EXPECT_EQ(j["candidates"][c]["scale"], c < 2 ? "standard" : "robust");
  }
  EXPECT_EQ(j["candidates"][3]["weight_decay"], 0.001);
  for (int c : {4, 5, 6, 7}) {
    EXPECT_EQ(j["candidates"][c]["hidden"], nlohmann::json({3, 2}));
    EXPECT_EQ(j["candidates"][c]["scale"], "robust-auto");
    EXPECT_NEAR(j["candidates"][c]["dropout"].get<double>(), c < 6 ? 0 : 0.2, 1e-6);
  }
  EXPECT_EQ(j["candidates"][5]["weight_decay"], 0.001);
  // Then the additive model (no hidden layer on the piecewise embedding), for each decay.
  for (int c : {8, 9}) {
    EXPECT_EQ(j["candidates"][c]["hidden"], nlohmann::json::array());
    EXPECT_EQ(j["candidates"][c]["embedding"], "piecewise:bins=16");
  }
  EXPECT_EQ(j["candidates"][9]["weight_decay"], 0.001);
  EXPECT_EQ(j["candidates"][0]["embedding"], "none");
  // The model file holds the chosen network.
  const auto& chosen = j["candidates"][j["chosen"].get<int>()];
  EXPECT_EQ(load_model(tmp.file("m.json")).options.hidden,
            chosen["hidden"].get<std::vector<int>>());
  for (const char* bad : {"3x", "x3", "0", "3,,4", "big"}) {
    r = testing::rarenet("sweep '" + tmp.file("d.csv") + "' --networks " + bad);
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_NE(r.err.find("--networks"), std::string::npos) << bad << ": " << r.err;
  }
}

// Focal-loss gammas and resamplers beside the class weights: each candidate is the plain weight
// sweep of its own loss and resampler, and every fold resamples its own training rows only.
TEST(RemedySearch, EveryCandidateEqualsTheWeightSweepOfItsLossAndResampler) {
  const Dataset d = generated(4);
  SweepOptions s = weight_sweep();
  s.gammas = {0, 2};
  s.resamplers = parse_resamplers("none,smote:k=3,ratio=1,random-under");
  ASSERT_EQ(s.resamplers.size(), 3u);
  EXPECT_EQ(s.resamplers[1].sampling_strategy.to_string(), "1");
  const SweepResult searched = sweep(d, small_options(), s);
  ASSERT_EQ(searched.candidates.size(), 12u);  // 3 resamplers x 2 gammas x 2 weights
  EXPECT_TRUE(searched.loss_searched && searched.resample_searched);
  const Labels y = d.labels();
  const std::vector<int> fold_of_row = stratified_kfold_test_folds(y, s.cv.folds);
  for (std::size_t r = 0; r < 3; ++r)
    for (std::size_t g = 0; g < 2; ++g) {
      TrainOptions base = small_options();
      base.resample = s.resamplers[r];
      if (s.gammas[g] > 0) set_option(base, "loss", "focal:gamma=2");
      const SweepResult plain = sweep(d, base, weight_sweep());
      for (std::size_t c = 0; c < 2; ++c) {
        const SweepCandidate& got = searched.candidates[(r * 2 + g) * 2 + c];
        const SweepCandidate& want = plain.candidates[c];
        EXPECT_EQ(got.loss.to_string(), base.loss.to_string());
        EXPECT_EQ(got.resample.to_string(), base.resample.to_string());
        EXPECT_EQ(got.threshold, want.threshold);
        EXPECT_EQ(got.criterion_value, want.criterion_value);
        EXPECT_EQ(got.figures.mean, want.figures.mean);
        if (!base.resample.enabled()) continue;
        // The fits behind this candidate: no training row of any fold, original or synthetic,
        // comes from that fold's held-out rows.
        TrainOptions o = base;
        o.class_weight = got.class_weight;
        for (int f = 0; f < s.cv.folds.n_splits; ++f) {
          const FoldFit fit = fit_fold(d, o, fold_of_row, f, searched.classes);
          if (base.resample.method == "smote") {
            ASSERT_FALSE(fit.synthetic_sources.empty());
          }
          for (std::int64_t row : fit.synthetic_sources) EXPECT_NE(fold_of_row[row], f);
        }
      }
    }
  const TrainOptions chosen = chosen_options(small_options(), searched);
  const SweepCandidate& best = searched.candidates[searched.chosen];
  EXPECT_EQ(chosen.loss.to_string(), best.loss.to_string());
  EXPECT_EQ(chosen.resample.to_string(), best.resample.to_string());
  const auto j = sweep_to_json(searched);
  EXPECT_TRUE(j["candidates"][0].contains("loss") && j["candidates"][0].contains("resample"));
  EXPECT_NE(format_sweep(searched).find("focal:gamma=2"), std::string::npos);
  EXPECT_THROW(parse_resamplers("smote:k=0"), ConfigError);
  EXPECT_THROW(parse_resamplers("none,tomek"), ConfigError);
  EXPECT_EQ(resamplers_text(parse_resamplers("none,random-over")),
            "none,random-over:strategy=auto,random_state=0");
}

}  // namespace
}  // namespace rarenet
