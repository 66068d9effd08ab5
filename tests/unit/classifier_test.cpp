// The classifier pipeline, its model file, and cross-validation without leakage.
#include <nlohmann/json.hpp>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "rarenet/classifier.hpp"
#include "rarenet/cross_validation.hpp"
#include "rarenet/error.hpp"
#include "rarenet/make_classification.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

Dataset generated(std::int64_t n_classes, std::uint32_t seed, std::int64_t n = 600) {
  MakeClassificationParams p;
  p.n_samples = n, p.n_features = 5, p.n_informative = 3, p.n_classes = n_classes,
  p.random_state = seed;
  p.scale = std::nullopt;  // features on very different scales: the scaler matters
  if (n_classes == 2) p.weights = {0.85};
  return testing::dataset_of(make_classification(p));
}

TrainOptions small_options() {
  TrainOptions o;
  o.hidden = {8};
  o.train.epochs = 10;
  return o;
}

TEST(Classifier, BinaryMultiClassAndMultiLabelHeads) {
  const Dataset bin = generated(2, 1), multi = generated(3, 2);
  const Classifier b = train_classifier(bin, small_options());
  EXPECT_EQ(b.task, Task::Binary);
  EXPECT_EQ(b.network.spec().n_outputs(), 1);
  EXPECT_EQ(b.predict_proba(bin.X).cols(), 2);
  const Classifier m = train_classifier(multi, small_options());
  EXPECT_EQ(m.task, Task::MultiClass);
  EXPECT_EQ(m.network.spec().layers.back().activation, Activation::Softmax);
  const RowMatrixD pm = m.predict_proba(multi.X);
  EXPECT_NEAR(pm.row(0).sum(), 1.0, 1e-6);
  Dataset ml = bin;
  ml.Y.resize(ml.n_samples(), 3);
  for (Index i = 0; i < ml.n_samples(); ++i)
    ml.Y.row(i) << bin.Y(i, 0), (i % 7 == 0 ? 1 : 0), (ml.X(i, 0) > 0 ? 1 : 0);
  ml.target_names = {"a", "b", "c"};
  TrainOptions o = small_options();
  o.class_weight = parse_class_weight("capped:0.8");
  const Classifier l = train_classifier(ml, o);
  EXPECT_EQ(l.task, Task::MultiLabel);
  EXPECT_EQ(l.predict_proba(ml.X).cols(), 3);
  ASSERT_EQ(l.class_weight_values.size(), 3u);
  // Label b is positive in 1 row in 7: capped at 0.8, b = 0.2 -> positives weigh 1 / 0.4.
  EXPECT_NEAR(l.class_weight_values[1][1], 1 / (2 * 0.2), 1e-12);
}

TEST(Classifier, WeightsTheLossSawAndSingleClassError) {
  Dataset d = generated(2, 3);
  TrainOptions o = small_options();
  o.class_weight = parse_class_weight("balanced");
  const Classifier m = train_classifier(d, o);
  const auto counts = class_counts(d.labels(), {0, 1});
  EXPECT_DOUBLE_EQ(m.class_weight_values[0][1], 600.0 / (2.0 * static_cast<double>(counts[1])));
  d.Y.setZero();
  EXPECT_THROW(train_classifier(d, o), InputError);
}

TEST(ModelFile, RoundTripGivesIdenticalPredictions) {
  const Dataset d = generated(3, 4);
  TrainOptions o = small_options();
  o.threshold.value = 0.3;
  const Classifier m = train_classifier(d, o);
  testing::TempDir tmp;
  save_model(tmp.file("m.json"), m);
  const Classifier back = load_model(tmp.file("m.json"));
  const RowMatrixD a = m.predict_proba(d.X), b = back.predict_proba(d.X);
  EXPECT_EQ(std::memcmp(a.data(), b.data(), sizeof(double) * a.size()), 0);
  EXPECT_EQ(back.threshold, 0.3);
  EXPECT_EQ(back.classes, m.classes);
  EXPECT_EQ(back.feature_names, m.feature_names);
}

TEST(Classifier, FocalLossFollowsTheHeadAndTheModelFileKeepsIt) {
  const Dataset bin = generated(2, 5), multi = generated(3, 6);
  TrainOptions o = small_options();
  set_option(o, "loss", "focal:gamma=2,alpha=0.25");
  const Classifier b = train_classifier(bin, o);
  EXPECT_EQ(b.options.train.loss, Loss::BinaryFocal);
  EXPECT_EQ(b.options.train.focal.alpha, 0.25f);
  // Not the cross-entropy's network: the loss changed the training.
  const Classifier ce = train_classifier(bin, small_options());
  EXPECT_NE(b.predict_proba(bin.X)(0, 1), ce.predict_proba(bin.X)(0, 1));
  testing::TempDir tmp;
  save_model(tmp.file("b.json"), b);
  Classifier back = load_model(tmp.file("b.json"));
  EXPECT_EQ(back.options.train.loss, Loss::BinaryFocal);
  EXPECT_EQ(get_option(back.options, "loss"), "focal:gamma=2,alpha=0.25");
  // The softmax form takes gamma only; alpha on a multi-class target is a ConfigError.
  EXPECT_NE(testing::error_message([&] { train_classifier(multi, o); }).find("class_weight"),
            std::string::npos);
  set_option(o, "loss", "focal:gamma=1.5");
  const Classifier m = train_classifier(multi, o);
  EXPECT_EQ(m.options.train.loss, Loss::CategoricalFocal);
  save_model(tmp.file("m.json"), m);
  back = load_model(tmp.file("m.json"));
  EXPECT_EQ(back.options.train.loss, Loss::CategoricalFocal);
  EXPECT_EQ(get_option(back.options, "loss"), "focal:gamma=1.5");
  // Cross-entropy models keep writing the engine's name, which earlier versions read.
  save_model(tmp.file("ce.json"), ce);
  std::ifstream in(tmp.file("ce.json"));
  const auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j["training"]["loss"], "binary_crossentropy");
  for (const char* bad :
       {"focal:gamma=-1", "focal:alpha=2", "focal:beta=1", "focus", "focal:gamma"})
    EXPECT_THROW(set_option(o, "loss", bad), ConfigError) << bad;
}

TEST(ModelFile, CorruptTruncatedForeignAndNewerFilesFailClearly) {
  const Dataset d = generated(2, 5);
  testing::TempDir tmp;
  save_model(tmp.file("good.json"), train_classifier(d, small_options()));
  const std::string good = testing::read_text(tmp.file("good.json"));
  auto expect_format_error = [&](const std::string& content, const std::string& message) {
    testing::write_text(tmp.file("bad.json"), content);
    try {
      load_model(tmp.file("bad.json"));
      ADD_FAILURE() << "no error for: " << message;
    } catch (const FormatError& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
    }
  };
  expect_format_error(good.substr(0, good.size() / 2), "invalid or truncated JSON");
  expect_format_error("{\"hello\": 1}", "not a rarenet model");
  nlohmann::json j = nlohmann::json::parse(good);
  j["version"] = 6;
  expect_format_error(j.dump(), "newer rarenet");
  j = nlohmann::json::parse(good);
  j["network"]["parameters"].erase(0);
  expect_format_error(j.dump(), "parameters, the file holds");
  j = nlohmann::json::parse(good);
  j["network"]["layers"][0]["activation"] = "swish";
  expect_format_error(j.dump(), "activation 'swish': expected one of");
  EXPECT_THROW(load_model(tmp.file("absent.json")), FileError);
}

TEST(CrossValidation, EachFoldSeesOnlyItsTrainingRows) {
  // If the scaler (or the weights) were fitted on all rows, the fold's predictions would differ
  // from a model trained on the fold's training rows alone.
  const Dataset d = generated(2, 6);
  TrainOptions o = small_options();
  o.class_weight = parse_class_weight("balanced");
  CvOptions cv;
  cv.folds = {4, true, 1};
  const CvResult r = cross_validate(d, o, cv);
  for (int fold = 0; fold < 4; ++fold) {
    std::vector<std::int64_t> train_rows, test_rows;
    for (Index i = 0; i < d.n_samples(); ++i)
      (r.fold_of_row[i] == fold ? test_rows : train_rows).push_back(i);
    const Classifier alone = train_classifier(d.take(train_rows), o);
    const RowMatrixD p = alone.predict_proba(d.take(test_rows).X);
    for (std::size_t i = 0; i < test_rows.size(); ++i)
      ASSERT_EQ(p(static_cast<Index>(i), 1), r.oof_proba(test_rows[i], 1)) << "fold " << fold;
  }
}

TEST(CrossValidation, ResultsDoNotDependOnTheThreadCount) {
  const Dataset d = generated(2, 7);
  CvOptions one, two;
  one.jobs = 1;
  two.jobs = 2;
  const CvResult a = cross_validate(d, small_options(), one),
                 b = cross_validate(d, small_options(), two);
  EXPECT_EQ(
      std::memcmp(a.oof_proba.data(), b.oof_proba.data(), sizeof(double) * a.oof_proba.size()), 0);
  for (std::size_t f = 0; f < a.folds.size(); ++f)
    EXPECT_EQ(a.folds[f].roc_auc, b.folds[f].roc_auc);
}

}  // namespace
}  // namespace rarenet
