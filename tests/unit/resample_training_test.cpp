// Resampling inside training: the sampler sees the scaled training rows only (as
// imbalanced-learn's Pipeline([scaler, sampler, model])), and inside cross-validation each fold
// resamples its own training rows: no synthetic row is ever built from a held-out row.
#include <set>

#include "rarenet/cross_validation.hpp"
#include "rarenet/make_classification.hpp"
#include "rarenet/split.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

Dataset imbalanced(std::int64_t n = 400) {
  MakeClassificationParams p;
  p.n_samples = n;
  p.n_features = 4;
  p.weights = {0.85};
  p.random_state = 3;
  const ClassificationData c = make_classification(p);
  Dataset d;
  d.X = c.X;
  d.Y.resize(n, 1);
  for (Index i = 0; i < n; ++i) d.Y(i, 0) = static_cast<double>(c.y[i]);
  for (Index j = 0; j < d.X.cols(); ++j) d.feature_names.push_back("x" + std::to_string(j));
  d.target_names = {"y"};
  d.source = "generated";
  return d;
}

TrainOptions quick(const std::string& resample) {
  TrainOptions o;
  o.hidden = {4};
  o.train.epochs = 1;
  o.resample = ResampleSpec::parse(resample);
  return o;
}

TEST(ResampleTraining, NoSyntheticRowComesFromAHeldOutRow) {
  const Dataset data = imbalanced();
  const Labels y = data.labels();
  const std::vector<int> fold_of_row = stratified_kfold_test_folds(y, {5, true, 7});
  const auto classes = unique_labels(y);
  for (const std::string spec : {"smote:k=5", "borderline-smote:kind=2,m=6", "adasyn:k=4"}) {
    for (int f = 0; f < 5; ++f) {
      SCOPED_TRACE(spec + ", fold " + std::to_string(f));
      const FoldFit fit = fit_fold(data, quick(spec), fold_of_row, f, classes);
      ASSERT_FALSE(fit.synthetic_sources.empty());
      const std::set<std::int64_t> held_out(fit.test_rows.begin(), fit.test_rows.end());
      for (std::int64_t r : fit.synthetic_sources) {
        EXPECT_EQ(held_out.count(r), 0u) << "synthetic row built from held-out row " << r;
        EXPECT_NE(fold_of_row[r], f);
      }
    }
  }
}

TEST(ResampleTraining, SamplerSeesTheScaledTrainingRows) {
  const Dataset data = imbalanced(300);
  const Classifier model = train_classifier(data, quick("smote:k=3,random_state=4"));
  const ResampleResult direct =
      smote(model.scaler.transform(data.X), data.labels(), {SamplingStrategy{}, 4, 3});
  EXPECT_EQ(model.resampled_rows, direct.X.rows());
  std::vector<std::int64_t> sources;
  for (std::size_t i = 0; i < direct.source_b.size(); ++i)
    if (direct.source_b[i] >= 0) {
      sources.push_back(direct.source_a[i]);
      sources.push_back(direct.source_b[i]);
    }
  EXPECT_EQ(model.synthetic_sources, sources);
  // Class weights are computed from the resampled (now balanced) labels.
  const Classifier balanced = [&] {
    TrainOptions o = quick("smote");
    o.class_weight = ClassWeightSpec{};
    o.class_weight.kind = ClassWeightSpec::Kind::Balanced;
    return train_classifier(data, o);
  }();
  ASSERT_EQ(balanced.class_weight_values.size(), 1u);
  EXPECT_DOUBLE_EQ(balanced.class_weight_values[0][0], 1.0);
  EXPECT_DOUBLE_EQ(balanced.class_weight_values[0][1], 1.0);
}

TEST(ResampleTraining, RefusesSampleWeightsAndMultiLabel) {
  Dataset data = imbalanced(100);
  data.sample_weight = VectorD::Ones(100);
  EXPECT_NE(
      testing::error_message([&] { train_classifier(data, quick("smote")); }).find("sample-weight"),
      std::string::npos);
  Dataset multi = imbalanced(100);
  multi.Y.conservativeResize(100, 2);
  multi.Y.col(1) = multi.Y.col(0);
  multi.target_names.push_back("y2");
  EXPECT_THROW(train_classifier(multi, quick("random-over")), ConfigError);
}

}  // namespace
}  // namespace rarenet
