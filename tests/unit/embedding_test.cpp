// The piecewise-linear embedding of numeric features: its values, its quantile edges, the option
// text, the model file that stores it, and the same bytes for a seed at any thread count.
#include <nlohmann/json.hpp>

#include <cstring>
#include <limits>

#include "rarenet/classifier.hpp"
#include "rarenet/embedding.hpp"
#include "rarenet/error.hpp"
#include "rarenet/make_classification.hpp"
#include "rarenet/sweep.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

TEST(PiecewiseLinear, ValuesOfAHandComputedCase) {
  // Edges 0, 1, 3: two bins. Below the range the first bin extrapolates, above it the last.
  PiecewiseLinearEncoder e;
  e.edges = {{0.0, 1.0, 3.0}, {2.0}};  // the second feature was constant in training
  ASSERT_EQ(e.n_outputs(), 3);
  RowMatrixD X(6, 2);
  X << -1, 2,  //
      0, 2,    //
      0.5, 5,  //
      1, 2,    //
      2, 1,    //
      5, 2;
  RowMatrixD want(6, 3);
  want << -1, 0, 0,  //
      0, 0, 0,       //
      0.5, 0, 3,     //
      1, 0, 0,       //
      1, 0.5, -1,    //
      1, 2, 0;
  const RowMatrixD got = e.transform(X);
  ASSERT_EQ(got.rows(), 6);
  ASSERT_EQ(got.cols(), 3);
  for (Index i = 0; i < 6; ++i)
    for (Index j = 0; j < 3; ++j) EXPECT_EQ(got(i, j), want(i, j)) << i << ", " << j;
  EXPECT_THROW(e.transform(RowMatrixD::Zero(2, 3)), InputError);
}

TEST(PiecewiseLinear, EdgesAreTheTrainingQuantilesWithoutRepeats) {
  // np.quantile([5, 1, 4, 2, 3], linspace(0, 1, 5)) = 1, 2, 3, 4, 5.
  EXPECT_EQ(PiecewiseLinearEncoder::quantile_edges({5, 1, 4, 2, 3}, 4),
            (std::vector<double>{1, 2, 3, 4, 5}));
  // Quantiles 0, 0.5, 1 of [0, 0, 0, 1]: 0, 0, 1 -> unique 0, 1.
  EXPECT_EQ(PiecewiseLinearEncoder::quantile_edges({0, 1, 0, 0}, 2), (std::vector<double>{0, 1}));
  // Linear interpolation: quantile 1/3 of [0, 10] is 10/3.
  const auto e = PiecewiseLinearEncoder::quantile_edges({10, 0}, 3);
  ASSERT_EQ(e.size(), 4u);
  EXPECT_DOUBLE_EQ(e[1], 10.0 / 3);
  EXPECT_EQ(PiecewiseLinearEncoder::quantile_edges({7, 7, 7}, 16), (std::vector<double>{7}));

  RowMatrixD X(4, 2);
  X << 0, 1, 1, 1, 2, 1, 3, 1;
  const auto fitted = PiecewiseLinearEncoder::fit(X, 3);
  EXPECT_EQ(fitted.edges[0], (std::vector<double>{0, 1, 2, 3}));
  EXPECT_EQ(fitted.edges[1], (std::vector<double>{1}));
  EXPECT_EQ(fitted.n_outputs(), 4);
  X(0, 0) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(PiecewiseLinearEncoder::fit(X, 3), InputError);
}

TEST(PiecewiseLinear, OptionTextRoundTripsAndBadTextIsNamed) {
  EXPECT_FALSE(EmbeddingSpec::parse("none").enabled());
  const EmbeddingSpec p = EmbeddingSpec::parse("piecewise");
  EXPECT_EQ(p.kind, EmbeddingKind::Piecewise);
  EXPECT_EQ(p.bins, 16);
  EXPECT_EQ(p.to_string(), "piecewise:bins=16");
  EXPECT_EQ(EmbeddingSpec::parse("piecewise:bins=4").bins, 4);
  EXPECT_EQ(EmbeddingSpec::parse(EmbeddingSpec::parse("piecewise:bins=7").to_string()),
            EmbeddingSpec::parse("piecewise:bins=7"));
  for (const char* bad : {"periodic", "piecewise:bins=0", "piecewise:bins=x", "piecewise:k=3",
                          "piecewise:bins=2000", ""}) {
    try {
      EmbeddingSpec::parse(bad, "embedding");
      ADD_FAILURE() << "no error for '" << bad << "'";
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("embedding"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(embeddings_text(parse_embeddings("none, piecewise:bins=8")), "none,piecewise:bins=8");
}

Dataset generated(std::int64_t n = 1500) {
  MakeClassificationParams p;
  p.n_samples = n, p.n_features = 5, p.n_informative = 3, p.random_state = 3;
  p.weights = {0.85};
  return testing::dataset_of(make_classification(p));
}

TrainOptions embedded(int threads) {
  TrainOptions o;
  o.hidden = {32};
  o.train.epochs = 3;
  o.train.batch_size = 512;  // large enough batches to be cut into shards
  o.train.threads = threads;
  o.embedding = EmbeddingSpec::parse("piecewise:bins=8");
  return o;
}

TEST(PiecewiseLinear, TrainsOnEmbeddedInputsWithTheSameBytesOnAnyThreadCount) {
  const Dataset d = generated();
  const Classifier one = train_classifier(d, embedded(1));
  ASSERT_TRUE(one.embedding.fitted());
  EXPECT_EQ(one.network.spec().n_inputs, one.embedding.n_outputs());
  EXPECT_EQ(one.embedding.n_outputs(), 5 * 8);  // continuous features: every bin kept
  for (int threads : {1, 2}) {
    const Classifier other = train_classifier(d, embedded(threads));
    ASSERT_EQ(other.network.parameters().size(), one.network.parameters().size());
    EXPECT_EQ(std::memcmp(other.network.parameters().data(), one.network.parameters().data(),
                          one.network.parameters().size() * sizeof(float)),
              0)
        << "threads " << threads;
  }
  // The edges are the scaled training rows' quantiles: the scaler runs first.
  const RowMatrixD scaled = one.scaler.transform(d.X);
  for (Index j = 0; j < d.X.cols(); ++j) {
    std::vector<double> col;
    for (Index i = 0; i < scaled.rows(); ++i) col.push_back(scaled(i, j));
    EXPECT_EQ(one.embedding.edges[static_cast<std::size_t>(j)],
              PiecewiseLinearEncoder::quantile_edges(col, 8));
  }
  // Embedding changes what the network sees: another model than without it.
  TrainOptions plain = embedded(1);
  plain.embedding = {};
  const Classifier p = train_classifier(d, plain);
  EXPECT_FALSE(p.embedding.fitted());
  EXPECT_EQ(p.network.spec().n_inputs, 5);
}

TEST(PiecewiseLinear, ModelFileKeepsTheEdgesAndRefusesBadOnes) {
  testing::TempDir tmp;
  const Dataset d = generated(600);
  const Classifier m = train_classifier(d, embedded(1));
  save_model(tmp.file("m.json"), m);
  const Classifier back = load_model(tmp.file("m.json"));
  EXPECT_EQ(back.embedding.edges, m.embedding.edges);
  EXPECT_EQ(back.options.embedding, m.options.embedding);
  const RowMatrixD a = m.predict_proba(d.X), b = back.predict_proba(d.X);
  ASSERT_EQ(a.rows(), b.rows());
  for (Index i = 0; i < a.rows(); ++i) EXPECT_EQ(a(i, 1), b(i, 1)) << i;
  const std::string good = testing::read_text(tmp.file("m.json"));
  const nlohmann::json j = nlohmann::json::parse(good);
  EXPECT_EQ(j["version"], 4);

  const auto expect_error = [&](auto edit, const std::string& message) {
    nlohmann::json bad = j;
    edit(bad);
    testing::write_text(tmp.file("bad.json"), bad.dump());
    try {
      load_model(tmp.file("bad.json"));
      ADD_FAILURE() << "no error for: " << message;
    } catch (const FormatError& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
    }
  };
  expect_error([](nlohmann::json& b) { b["embedding"]["edges"][1][2] = -1e9; },
               "\"embedding.edges\": feature 2: edges 2 and 3 are not increasing");
  expect_error([](nlohmann::json& b) { b["embedding"]["edges"][0] = nlohmann::json::array(); },
               "feature 1: no bin edges");
  expect_error([](nlohmann::json& b) { b["embedding"]["edges"].erase(4); },
               "\"embedding.edges\": 4 lists for 5 features");
  expect_error([](nlohmann::json& b) { b["embedding"]["kind"] = "periodic"; },
               "\"embedding.kind\"");
  expect_error([](nlohmann::json& b) { b.erase("embedding"); }, "inputs but the model names");
  expect_error(
      [](nlohmann::json& b) {
        b["embedding"]["edges"][0].erase(0);  // one bin fewer: the network's inputs disagree
      },
      "embedded into 39 inputs");
  expect_error([](nlohmann::json& b) { b["training"]["embedding"] = "none"; },
               "\"training.embedding\"");

  // Without an embedding the file is version 3, as before, and names no embedding.
  TrainOptions plain = embedded(1);
  plain.embedding = {};
  save_model(tmp.file("p.json"), train_classifier(d, plain));
  const nlohmann::json p = nlohmann::json::parse(testing::read_text(tmp.file("p.json")));
  EXPECT_EQ(p["version"], 3);
  EXPECT_FALSE(p.contains("embedding"));
  EXPECT_FALSE(p["training"].contains("embedding"));
}

TEST(PiecewiseLinear, SweepSearchesEmbeddings) {
  const Dataset d = generated(600);
  SweepOptions s = testing::weight_search_only();
  s.ratios = {1, 5};
  s.embeddings = parse_embeddings("none,piecewise:bins=4");
  s.cv.folds.n_splits = 3;
  TrainOptions base;
  base.hidden = {8};
  base.train.epochs = 2;
  const SweepResult r = sweep(d, base, s);
  ASSERT_EQ(r.candidates.size(), 4u);
  EXPECT_FALSE(r.candidates[0].embedding.enabled());
  EXPECT_EQ(r.candidates[3].embedding.to_string(), "piecewise:bins=4");
  EXPECT_EQ(chosen_options(base, r).embedding, r.candidates[r.chosen].embedding);
}

}  // namespace
}  // namespace rarenet
