// Regressions for inputs that used to corrupt memory or pass silently: make_classification's
// weights and flip_y, the prior correction's length, every field of a model file, the memory a
// network needs, and features that float cannot hold.
#include <nlohmann/json.hpp>

#include <functional>

#include "rarenet/classifier.hpp"
#include "rarenet/error.hpp"
#include "rarenet/make_classification.hpp"
#include "rarenet/memory_budget.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using nlohmann::json;
using testing::error_message;

std::string config_error(const MakeClassificationParams& p) {
  try {
    make_classification(p);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no ConfigError)";
}

TEST(MakeClassificationValidation, WeightsMustBeProportions) {
  MakeClassificationParams p;
  p.weights = {-0.5, 1.5};  // once wrote rows at a negative index
  EXPECT_NE(config_error(p).find("weights: value 1 is -0.5, expected a class proportion in [0, 1]"),
            std::string::npos);
  p.weights = {1.5};  // once put every row in class 0
  EXPECT_NE(config_error(p).find("1.5"), std::string::npos);
  p.weights = {0.7, 0.7};
  EXPECT_NE(config_error(p).find("sum to 1.4, expected at most 1"), std::string::npos);
  p.weights = {0.2, 0.3, 0.5};
  EXPECT_NE(config_error(p).find("3 values given, expected n_classes (2) or n_classes - 1"),
            std::string::npos);
  p.weights = {std::nan("")};
  EXPECT_NE(config_error(p).find("weights"), std::string::npos);
  // Decimal fractions that do not add up to exactly 1 in binary remain accepted.
  p.n_classes = 3, p.n_informative = 3, p.weights = {0.1, 0.2, 0.7};
  EXPECT_EQ(make_classification(p).y.size(), 100u);
  p.weights = {0.0, 1.0, 0.0};
  for (auto v : make_classification(p).y) ASSERT_TRUE(v == 1 || v == 0 || v == 2);
}

TEST(MakeClassificationValidation, FlipYIsAFraction) {
  MakeClassificationParams p;
  for (double f : {-0.1, 1.5, std::nan("")}) {
    p.flip_y = f;
    EXPECT_NE(config_error(p).find("flip_y"), std::string::npos) << f;
  }
  p.flip_y = 1.0;
  EXPECT_EQ(make_classification(p).y.size(), 100u);
}

TEST(PriorCorrection, LengthAndValuesAreChecked) {
  RowMatrixD proba(2, 3);
  proba << 0.2, 0.3, 0.5, 0.1, 0.1, 0.8;
  EXPECT_THROW(apply_prior_correction(proba, Task::MultiClass, {1.0, 2.0}), InputError);
  EXPECT_THROW(apply_prior_correction(proba, Task::MultiClass, {1.0, 0.0, 2.0}), InputError);
  EXPECT_THROW(apply_prior_correction(proba, Task::MultiLabel, {1.0, 2.0, 1.0}), InputError);
  EXPECT_NO_THROW(apply_prior_correction(proba, Task::MultiLabel, {1, 2, 1, 2, 1, 2}));
  const RowMatrixD out = apply_prior_correction(proba, Task::MultiClass, {1.0, 1.0, 1.0});
  EXPECT_TRUE(out.isApprox(proba));
}

// A small trained model, saved, as JSON to tamper with.
class ModelFields : public ::testing::Test {
 protected:
  void SetUp() override { model = train_and_save({}); }
  json train_and_save(const std::function<void(TrainOptions&)>& configure) {
    MakeClassificationParams p;
    p.n_samples = 200, p.n_features = 4, p.weights = {0.8};
    const ClassificationData g = make_classification(p);
    Dataset d;
    d.X = g.X;
    d.Y.resize(g.X.rows(), 1);
    for (Index i = 0; i < g.X.rows(); ++i) d.Y(i, 0) = static_cast<double>(g.y[i]);
    d.feature_names = {"a", "b", "c", "d"};
    d.target_names = {"y"};
    d.source = "generated";
    TrainOptions o;
    o.hidden = {3};
    o.train.epochs = 2;
    if (configure) configure(o);
    trained = train_classifier(d, o);
    save_model(tmp.file("m.json"), trained);
    return json::parse(testing::read_text(tmp.file("m.json")));
  }
  // The FormatError message of loading the model after `edit`.
  std::string load_after(const std::function<void(json&)>& edit) {
    json m = model;
    edit(m);
    testing::write_text(tmp.file("bad.json"), m.dump());
    try {
      load_model(tmp.file("bad.json"));
    } catch (const FormatError& e) {
      return e.what();
    } catch (const Error& e) {
      return std::string("(not a FormatError) ") + e.what();
    }
    return "(no error)";
  }
  testing::TempDir tmp;
  json model;
  Classifier trained;
};

#define EXPECT_FIELD_ERROR(edit, text)                                                         \
  do {                                                                                         \
    const std::string msg = load_after([](json& m) { edit; });                                 \
    EXPECT_NE(msg.find("bad.json"), std::string::npos) << msg;                                 \
    EXPECT_NE(msg.find(text), std::string::npos) << "expected '" << (text) << "' in: " << msg; \
  } while (0)

TEST_F(ModelFields, EveryFieldIsCheckedAgainstTheArchitecture) {
  EXPECT_NO_THROW(load_model(tmp.file("m.json")));
  EXPECT_FIELD_ERROR(m["prior_correction"] = {1.0}, "\"prior_correction\": 1 factors, expected 2");
  EXPECT_FIELD_ERROR(m["prior_correction"] = json({1.0, 0.0}), "\"prior_correction[1]\"");
  EXPECT_FIELD_ERROR(m["version"] = 1e30, "\"version\": 1e+30 is not an integer");
  EXPECT_FIELD_ERROR(m["classes"] = json({1, 0}), "increasing order");
  EXPECT_FIELD_ERROR(m["classes"] = json({0}), "expected at least two");
  EXPECT_FIELD_ERROR(m["classes"] = json({0, 0}), "distinct");
  EXPECT_FIELD_ERROR(m["scaler"]["scale"][0] = 0.0, "\"scaler.scale[0]\": expected a positive");
  EXPECT_FIELD_ERROR(m["scaler"]["mean"].erase(0), "\"scaler.mean\": 3 values for 4 features");
  EXPECT_FIELD_ERROR(m["threshold"] = 1.5, "\"threshold\"");
  EXPECT_FIELD_ERROR(m["network"]["parameters"][2] = 1e39, "does not fit a float");
  EXPECT_FIELD_ERROR(m["network"]["parameters"].erase(0), "the file holds");
  EXPECT_FIELD_ERROR(m["network"]["layers"][0]["units"] = 1e30, "\"network.layers[0].units\"");
  EXPECT_FIELD_ERROR(m["network"]["layers"][0]["units"] = 2000000000, "of memory");
  EXPECT_FIELD_ERROR(m["network"]["layers"][1]["activation"] = "softmax", "output layer");
  EXPECT_FIELD_ERROR(m["training"]["seed"] = -1, "\"training.seed\"");
  EXPECT_FIELD_ERROR(m["training"]["hidden"] = json({4}), "\"training.hidden[0]\"");
  EXPECT_FIELD_ERROR(m["class_weight"]["values"] = json::array(), "\"class_weight.values\"");
  EXPECT_FIELD_ERROR(m.erase("network"), "\"network\": missing");
  EXPECT_FIELD_ERROR(m["history"] = 3, "\"history\"");
  EXPECT_FIELD_ERROR(m["scaler"]["kind"] = "minmax", "\"scaler.kind\"");
  EXPECT_FIELD_ERROR(m["scaler"]["kind"] = "robust", "\"training.scale\"");
  EXPECT_FIELD_ERROR(m["scaler"]["quantiles"] = json::array(), "\"scaler.quantiles\": present");
}

// Version 2 files (no scaler kind) still load, as standard scalers.
TEST_F(ModelFields, VersionTwoFilesLoad) {
  json m = model;
  m["version"] = 2;
  m["scaler"].erase("kind");
  m["training"].erase("scale");
  m["training"].erase("dropout");
  testing::write_text(tmp.file("v2.json"), m.dump());
  const Classifier c = load_model(tmp.file("v2.json"));
  EXPECT_EQ(c.scaler.kind, ScaleKind::Standard);
  RowMatrixD X = RowMatrixD::Random(5, 4);
  EXPECT_EQ(c.predict_proba(X), trained.predict_proba(X));
}

TEST_F(ModelFields, QuantileScalerRoundTripsAndIsChecked) {
  for (ScaleKind kind : kScaleKinds) {
    const json m = train_and_save([&](TrainOptions& o) {
      o.scale = kind;
      o.n_quantiles = 50;
    });
    const Classifier c = load_model(tmp.file("m.json"));
    // robust-auto fits as robust here: no feature of the training rows strays 10 IQRs.
    const ScaleKind fitted = kind == ScaleKind::RobustAuto ? ScaleKind::Robust : kind;
    EXPECT_EQ(c.scaler.kind, fitted);
    RowMatrixD X = RowMatrixD::Random(7, 4) * 3;
    EXPECT_EQ(c.predict_proba(X), trained.predict_proba(X)) << to_string(kind);
    // Only the smooth clipping needs a reader of version 5; the others stay readable by older
    // programs.
    EXPECT_EQ(m["version"], fitted == ScaleKind::RobustClip ? 5 : 3) << to_string(kind);
    // robust-auto is an option, never a fitted scaler's kind.
    if (kind == ScaleKind::RobustAuto) {
      model = m;
      EXPECT_FIELD_ERROR(m["scaler"]["kind"] = "robust-auto", "scaler.kind");
      EXPECT_FIELD_ERROR(m["scaler"]["kind"] = "standard",
                         "\"training.scale\": robust-auto, but the scaler is standard");
    }
    if (kind == ScaleKind::QuantileNormal) {
      model = m;
      EXPECT_EQ(m["scaler"]["quantiles"].size(), 4u);
      EXPECT_EQ(m["scaler"]["quantiles"][0].size(), 50u);
      EXPECT_FIELD_ERROR(m["scaler"]["quantiles"][1][3] = -1e9, "must not decrease");
      EXPECT_FIELD_ERROR(m["scaler"]["quantiles"][1].erase(0), "49 quantiles, expected 50");
      EXPECT_FIELD_ERROR(m["scaler"]["quantiles"].erase(0), "3 lists for 4 features");
      EXPECT_FIELD_ERROR(m["scaler"].erase("quantiles"), "\"scaler.quantiles\": missing");
      EXPECT_FIELD_ERROR(m["scaler"]["quantiles"][0][0] = "x", "\"scaler.quantiles[0]");
    }
  }
}

TEST(MemoryBudget, AbsurdNetworksAreRefusedBeforeAllocating) {
  NetworkSpec spec;
  spec.n_inputs = 4;
  spec.layers = {
      {2000000000, Activation::Relu}, {2000000000, Activation::Relu}, {1, Activation::Sigmoid}};
  EXPECT_GT(parameter_count(spec), 4000000000000000000ull);
  const std::string msg = error_message([&] { Network n(spec); });
  EXPECT_NE(msg.find("of memory, more than the"), std::string::npos) << msg;
  set_memory_limit(1 << 20);  // 1 MiB: a 1000-unit layer on 1000 inputs no longer fits
  spec.n_inputs = 1000;
  spec.layers = {{1000, Activation::Relu}, {1, Activation::Sigmoid}};
  EXPECT_THROW(Network n(spec), ConfigError);
  set_memory_limit(0);
  EXPECT_NO_THROW(Network n(spec));
}

TEST(FloatRange, FeaturesBeyondFloatAreRefusedAtTraining) {
  Dataset d;
  d.X.resize(4, 2);
  d.X << 1e300, 1, -1e300, 2, 5e299, 3, 1, 4;
  d.Y.resize(4, 1);
  d.Y << 0, 1, 0, 1;
  d.feature_names = {"huge", "b"};
  d.target_names = {"y"};
  d.source = "big.csv";
  TrainOptions o;
  o.hidden = {2};
  o.train.epochs = 1;
  std::string msg = error_message([&] { train_classifier(d, o); });
  EXPECT_NE(msg.find("big.csv: column 'huge'"), std::string::npos) << msg;
  o.standardize = false;
  msg = error_message([&] { train_classifier(d, o); });
  EXPECT_NE(msg.find("column 'huge'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("float"), std::string::npos) << msg;
}

// An ensemble is its members trained alone with seeds seed, seed + 1, ..., averaged; it
// round-trips through the file and every member is checked on load.
TEST_F(ModelFields, EnsembleAveragesItsMembersAndIsChecked) {
  const RowMatrixD X = RowMatrixD::Random(9, 4) * 2;
  RowMatrixD mean = RowMatrixD::Zero(9, 2);
  for (std::uint32_t k = 0; k < 3; ++k) {
    train_and_save([&](TrainOptions& o) { o.train.seed = 4 + k; });
    mean += trained.predict_proba(X);
  }
  mean /= 3.0;
  const json m = train_and_save([](TrainOptions& o) {
    o.train.seed = 4;
    o.ensemble = 3;
  });
  const Classifier first = trained;
  EXPECT_EQ(first.members.size(), 2u);
  EXPECT_TRUE(first.predict_proba(X).isApprox(mean, 1e-12));
  // Deterministic: the same options give the same bytes.
  train_and_save([](TrainOptions& o) {
    o.train.seed = 4;
    o.ensemble = 3;
  });
  EXPECT_EQ(first.predict_proba(X), trained.predict_proba(X));
  const Classifier loaded = load_model(tmp.file("m.json"));
  EXPECT_EQ(loaded.predict_proba(X), first.predict_proba(X));
  model = m;
  EXPECT_FIELD_ERROR(m["members"].erase(0),
                     "\"training.ensemble\": 3 networks, but the file holds 2");
  EXPECT_FIELD_ERROR(m["members"][1]["parameters"].erase(0), "\"members[1].parameters\"");
  EXPECT_FIELD_ERROR(m["members"][0]["parameters"][3] = 1e39, "\"members[0].parameters[3]\"");
  EXPECT_FIELD_ERROR(m["members"] = 5, "\"members\"");
  EXPECT_FIELD_ERROR(m["members"][0].erase("parameters"), "\"members[0].parameters\": missing");
}

}  // namespace
}  // namespace rarenet
