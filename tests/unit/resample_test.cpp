// Resampling: parameter and data errors name what was wrong, and the spec's text form.
#include "rarenet/resample.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using testing::error_message;

struct Small {
  RowMatrixD X;
  Labels y;
};

// 12 rows of class 0, 4 of class 1, `extra` rows of class 2.
Small small(int extra = 0) {
  Small s{RowMatrixD(16 + extra, 2), {}};
  for (Index i = 0; i < s.X.rows(); ++i) {
    s.X(i, 0) = static_cast<double>(i % 5);
    s.X(i, 1) = static_cast<double>(i % 3) * 0.5;
    s.y.push_back(i < 12 ? 0 : i < 16 ? 1 : 2);
  }
  return s;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(Resample, BadStrategyTextNamesTheOptionAndTheChoices) {
  const std::string m =
      error_message([] { SamplingStrategy::parse("most", "--sampling-strategy"); });
  EXPECT_TRUE(has(m, "--sampling-strategy")) << m;
  EXPECT_TRUE(has(m, "'most'")) << m;
  EXPECT_TRUE(has(m, "not majority")) << m;
  EXPECT_TRUE(has(error_message([] { SamplingStrategy::parse("1.5"); }), "(0, 1]"));
  EXPECT_TRUE(has(error_message([] { SamplingStrategy::parse("0:x"); }), "'0:x'"));
  EXPECT_THROW(SamplingStrategy::parse("0:1;0:2"), ConfigError);
}

TEST(Resample, StrategyForms) {
  EXPECT_EQ(SamplingStrategy::parse("not-minority").kind, SamplingStrategy::Kind::NotMinority);
  EXPECT_EQ(SamplingStrategy::parse("Not Majority").kind, SamplingStrategy::Kind::NotMajority);
  const auto d = SamplingStrategy::parse("{0: 500, 1: 300}");
  ASSERT_EQ(d.kind, SamplingStrategy::Kind::Dict);
  EXPECT_EQ(d.counts.at(0), 500);
  EXPECT_EQ(d.counts.at(1), 300);
  EXPECT_EQ(d.to_string(), "0:500;1:300");
  EXPECT_DOUBLE_EQ(SamplingStrategy::parse("0.5").ratio, 0.5);
}

TEST(Resample, TargetsFollowImbalancedLearn) {
  const Small s = small(6);  // counts 12, 4, 6
  using T = SamplingType;
  EXPECT_EQ(sampling_targets(SamplingStrategy::parse("auto"), s.y, T::OverSampling),
            (std::map<std::int64_t, std::int64_t>{{1, 8}, {2, 6}}));
  EXPECT_EQ(sampling_targets(SamplingStrategy::parse("auto"), s.y, T::UnderSampling),
            (std::map<std::int64_t, std::int64_t>{{0, 4}, {2, 4}}));
  EXPECT_EQ(sampling_targets(SamplingStrategy::parse("minority"), s.y, T::OverSampling),
            (std::map<std::int64_t, std::int64_t>{{1, 8}}));
  const std::string m = error_message(
      [&] { sampling_targets(SamplingStrategy::parse("0.5"), s.y, T::OverSampling); });
  EXPECT_TRUE(has(m, "binary")) << m;
  EXPECT_TRUE(has(m, "3 classes")) << m;
  EXPECT_TRUE(has(error_message([&] {
                    sampling_targets(SamplingStrategy::parse("7:3"), s.y, T::OverSampling);
                  }),
                  "class 7 is not present"));
  EXPECT_THROW(sampling_targets(SamplingStrategy::parse("minority"), s.y, T::UnderSampling),
               ConfigError);
  EXPECT_THROW(sampling_targets(SamplingStrategy::parse("majority"), s.y, T::OverSampling),
               ConfigError);
}

TEST(Resample, NeighboursBeyondTheClassNameTheParameterAndTheClass) {
  const Small s = small();
  const std::string m = error_message([&] { smote(s.X, s.y, {SamplingStrategy{}, 0, 5}); });
  EXPECT_TRUE(has(m, "k_neighbors=5")) << m;
  EXPECT_TRUE(has(m, "class 1 has 4")) << m;
  EXPECT_NO_THROW(smote(s.X, s.y, {SamplingStrategy{}, 0, 3}));
  EXPECT_TRUE(has(error_message([&] {
                    adasyn(s.X, s.y, {SamplingStrategy{}, 0, 0});
                  }),
                  "n_neighbors must be at least 1"));
  EXPECT_TRUE(has(error_message([&] {
                    borderline_smote(s.X, s.y, {SamplingStrategy{}, 0, 3, 40, 1});
                  }),
                  "m_neighbors=40"));
}

TEST(Resample, SingleClassIsAnInputError) {
  RowMatrixD X = RowMatrixD::Zero(5, 2);
  const Labels y(5, 3);
  const std::string m = error_message([&] { random_over_sample(X, y, {}); });
  EXPECT_TRUE(has(m, "more than 1 class")) << m;
  EXPECT_THROW(smote(X, y, {}), InputError);
  EXPECT_THROW(random_under_sample(X, y, {}), InputError);
}

TEST(Resample, SpecParsesAndRoundTrips) {
  const ResampleSpec s = ResampleSpec::parse("smote:k=3,ratio=0.5,random_state=7");
  EXPECT_EQ(s.method, "smote");
  EXPECT_EQ(s.k_neighbors, 3);
  EXPECT_EQ(s.random_state, 7u);
  EXPECT_EQ(s.sampling_strategy.kind, SamplingStrategy::Kind::Ratio);
  EXPECT_EQ(ResampleSpec::parse(s.to_string()).to_string(), s.to_string());
  const ResampleSpec b = ResampleSpec::parse("borderline-smote:kind=2,m=8,strategy=0:5;1:9");
  EXPECT_EQ(b.kind, 2);
  EXPECT_EQ(b.m_neighbors, 8);
  EXPECT_EQ(b.sampling_strategy.counts.at(1), 9);
  EXPECT_FALSE(ResampleSpec::parse("none").enabled());
  const std::string m = error_message([] { ResampleSpec::parse("smot:k=5"); });
  EXPECT_TRUE(has(m, "--resample")) << m;
  EXPECT_TRUE(has(m, "'smot'")) << m;
  EXPECT_TRUE(has(m, "borderline-smote")) << m;
  EXPECT_TRUE(has(error_message([] { ResampleSpec::parse("smote:m=3"); }), "no parameter 'm'"));
  EXPECT_TRUE(has(error_message([] { ResampleSpec::parse("smote:k=0"); }), "positive integer"));
}

TEST(Resample, OutputKeepsOriginalRowsFirstAndRecordsSources) {
  const Small s = small();
  const ResampleResult r = smote(s.X, s.y, {SamplingStrategy{}, 0, 3});
  ASSERT_EQ(r.X.rows(), 24);
  EXPECT_EQ(r.n_synthetic(), 8);
  for (Index i = 0; i < 16; ++i) {
    EXPECT_EQ(r.source_a[i], i);
    EXPECT_EQ(r.source_b[i], -1);
    EXPECT_EQ(r.X.row(i), s.X.row(i));
  }
  for (Index i = 16; i < 24; ++i) {
    EXPECT_EQ(r.y[i], 1);
    EXPECT_EQ(s.y[r.source_a[i]], 1);
    EXPECT_EQ(s.y[r.source_b[i]], 1);
  }
}

}  // namespace
}  // namespace rarenet
