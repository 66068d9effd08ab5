// Preprocessing against scikit-learn 1.2 (tests/oracle/sklearn_preprocess.py): SimpleImputer
// (every strategy, with and without the missing indicator), OneHotEncoder (handle_unknown
// "ignore", min_frequency as a count and as a fraction, max_categories, missing cells, categories
// unseen in training), LabelEncoder, and the ColumnTransformer combining them, on tables read from
// CSV text with mixed types. The transformed matrices equal scikit-learn's (means to 1e-12
// relative: numpy sums in another order), and so do the output names.
#include <cmath>

#include "rarenet/mixed_csv.hpp"
#include "rarenet/preprocess.hpp"
#include "rarenet/random.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using nlohmann::json;

struct Column {
  std::string name, kind;                         // numeric, categorical, code
  std::vector<std::optional<std::string>> cells;  // nullopt: missing
};

// Mixed columns with awkward cases: ties, skewed and rare categories, missing cells, a column
// missing everywhere in training, numeric codes, categories seen only in the test rows.
std::vector<Column> make_table(std::uint32_t seed, int rows, bool test) {
  RandomState rng(seed);
  static const char* const words[] = {"rent", "own",    "parents", "other",
                                      "priv", "ignore", "Zeta",    "ämter"};
  static const double weights[] = {0.4, 0.25, 0.12, 0.1, 0.06, 0.04, 0.02, 0.01};
  std::vector<Column> cols = {{"num", "numeric", {}},     {"ties", "numeric", {}},
                              {"empty", "numeric", {}},   {"home", "categorical", {}},
                              {"job", "categorical", {}}, {"code", "code", {}},
                              {"full", "numeric", {}}};
  for (int i = 0; i < rows; ++i) {
    const double u = rng.uniform(0, 1);
    cols[0].cells.push_back(u < 0.1 ? std::nullopt
                                    : std::optional(std::to_string(rng.normal(50, 20))));
    cols[1].cells.push_back(
        rng.uniform(0, 1) < 0.15 ? std::nullopt : std::optional(std::to_string(rng.randint(0, 4))));
    cols[2].cells.push_back(test && i % 3 == 0 ? std::optional(std::string("7")) : std::nullopt);
    double r = rng.uniform(0, 1), acc = 0;
    int w = 0;
    for (; w < 7; ++w)
      if (r < (acc += weights[w])) break;
    cols[3].cells.push_back(rng.uniform(0, 1) < 0.05 ? std::nullopt
                                                     : std::optional(std::string(words[w])));
    const int job = rng.randint(0, test ? 6 : 4);  // 4, 5: unseen in training
    cols[4].cells.push_back(std::string("job") + std::to_string(job));
    static const char* const codes[] = {"1", "2", "10", "3"};
    cols[5].cells.push_back(std::string(codes[rng.randint(0, 4)]));
    cols[6].cells.push_back(std::to_string(i % 5));
  }
  return cols;
}

std::string csv_of(const std::vector<Column>& cols) {
  std::string s;
  for (std::size_t j = 0; j < cols.size(); ++j) s += (j ? "," : "") + cols[j].name;
  s += ",y\n";
  for (std::size_t i = 0; i < cols[0].cells.size(); ++i) {
    for (std::size_t j = 0; j < cols.size(); ++j)
      s += (j ? "," : "") + cols[j].cells[i].value_or("NA");
    s += ",0\n";
  }
  return s;
}

json json_of(const std::vector<Column>& cols) {
  json out = json::array();
  for (const Column& c : cols) {
    json values = json::array();
    for (const auto& v : c.cells) {
      if (!v)
        values.push_back(nullptr);
      else if (c.kind == "categorical")
        values.push_back(*v);
      else
        values.push_back(std::stod(*v));
    }
    out.push_back({{"name", c.name}, {"kind", c.kind}, {"values", values}});
  }
  return {{"columns", out}};
}

Dataset dataset_of(const std::vector<Column>& cols, const std::string& source) {
  TableReadOptions o;
  o.categorical = {"code"};
  DatasetSpec spec;
  spec.targets = {"y"};
  spec.allow_missing = true;
  return dataset_from_table(parse_table(csv_of(cols), source, o), spec);
}

bool same(double got, const json& want, bool mean) {
  if (want.is_null()) return std::isnan(got);
  const double w = want.get<double>();
  if (mean) return std::fabs(got - w) <= 1e-12 * std::max(1.0, std::fabs(w));
  return got == w;
}

void expect_matrix(const RowMatrixD& got, const json& want, bool mean, const std::string& what) {
  ASSERT_EQ(static_cast<std::size_t>(got.rows()), want.size()) << what;
  ASSERT_GT(got.rows(), 0);
  ASSERT_EQ(static_cast<std::size_t>(got.cols()), want[0].size()) << what;
  int bad = 0;
  for (Index i = 0; i < got.rows(); ++i)
    for (Index j = 0; j < got.cols(); ++j)
      if (!same(got(i, j), want[i][j], mean) && ++bad <= 5)
        ADD_FAILURE() << what << " (" << i << ", " << j << "): " << got(i, j) << " vs "
                      << want[i][j];
}

void require_oracle() {
  ASSERT_TRUE(testing::python_has("numpy,pandas,sklearn"))
      << "oracle unavailable: /usr/bin/python3 cannot import numpy, pandas and sklearn (install "
         "Debian's python3-sklearn and python3-pandas, e.g. scripts/bootstrap --test)";
}

TEST(PreprocessConformance, ColumnTransformerMatchesScikitLearn) {
  require_oracle();
  struct Config {
    std::string impute;
    bool indicator;
    double min_frequency;
    int max_categories;
  };
  const std::vector<Config> configs = {
      {"median", false, 0, 0},     {"median", true, 0, 0},
      {"mean", true, 5, 0},        {"most_frequent", false, 0.1, 0},
      {"constant:-1", true, 0, 3}, {"median", false, 3, 2},
      {"mean", false, 0, 1},       {"most_frequent", true, 0.02, 4}};
  json requests = json::array();
  std::vector<std::vector<Column>> trains, tests;
  for (std::size_t k = 0; k < configs.size(); ++k) {
    trains.push_back(
        make_table(10 + static_cast<std::uint32_t>(k), 150 + 40 * static_cast<int>(k), false));
    tests.push_back(make_table(100 + static_cast<std::uint32_t>(k), 60, true));
    requests.push_back({{"op", "column_transformer"},
                        {"train", json_of(trains[k])},
                        {"test", json_of(tests[k])},
                        {"impute", configs[k].impute},
                        {"add_indicator", configs[k].indicator},
                        {"min_frequency", configs[k].min_frequency},
                        {"max_categories", configs[k].max_categories}});
  }
  const json replies = testing::ask_oracle("sklearn_preprocess.py", requests);
  ASSERT_TRUE(replies.is_array());
  for (std::size_t k = 0; k < configs.size(); ++k) {
    const Config& c = configs[k];
    SCOPED_TRACE("config " + std::to_string(k) + ": " + c.impute + " indicator " +
                 std::to_string(c.indicator) + " min_frequency " + std::to_string(c.min_frequency) +
                 " max_categories " + std::to_string(c.max_categories));
    PreprocessOptions o;
    o.impute = parse_impute(c.impute);
    o.add_indicator = c.indicator;
    o.min_frequency = c.min_frequency;
    o.max_categories = c.max_categories;
    const Dataset train = dataset_of(trains[k], "train.csv");
    const Dataset test = dataset_of(tests[k], "test.csv");
    const Preprocessor p = Preprocessor::fit(train, o);
    const bool mean = c.impute == "mean";
    expect_matrix(p.transform(train), replies[k]["train"], mean, "train");
    TransformReport report;
    expect_matrix(p.transform(test, &report), replies[k]["test"], mean, "test");
    EXPECT_GT(report.unknown_cells, 0);  // job4, job5
    // Names: the code column's categories are floats to pandas ("code_10.0").
    const auto& names = replies[k]["names"];
    ASSERT_EQ(names.size(), p.output_names.size());
    for (std::size_t j = 0; j < names.size(); ++j) {
      std::string want = names[j].get<std::string>();
      if (want.rfind("code_", 0) == 0 && want.size() > 2 && want.substr(want.size() - 2) == ".0")
        want.resize(want.size() - 2);
      EXPECT_EQ(p.output_names[j], want) << j;
      if (k == 5) {
        EXPECT_NE(p.output_names.back().find("infrequent_sklearn"), std::string::npos);
      }
    }
  }
}

TEST(PreprocessConformance, SimpleImputerAndLabelEncoderMatchScikitLearn) {
  require_oracle();
  RandomState rng(3);
  RowMatrixD X(41, 4), Z(9, 4);
  for (RowMatrixD* m : {&X, &Z})
    for (Index i = 0; i < m->rows(); ++i)
      for (Index j = 0; j < 4; ++j) {
        const double u = rng.uniform(0, 1);
        (*m)(i, j) = (j == 3 && m == &X) || u < 0.2 ? std::nan("")
                     : j == 1                       ? static_cast<double>(rng.randint(0, 3))
                                                    : rng.normal(0, 1e3);
      }
  auto rows = [](const RowMatrixD& m) {
    json r = json::array();
    for (Index i = 0; i < m.rows(); ++i) {
      json row = json::array();
      for (Index j = 0; j < m.cols(); ++j)
        row.push_back(std::isnan(m(i, j)) ? json(nullptr) : json(m(i, j)));
      r.push_back(row);
    }
    return r;
  };
  const std::vector<std::string> strategies = {"median", "mean", "most_frequent", "constant:2.5"};
  json requests = json::array();
  for (const auto& s : strategies)
    for (bool ind : {false, true})
      requests.push_back({{"op", "simple_imputer"},
                          {"fit", rows(X)},
                          {"transform", rows(Z)},
                          {"strategy", s},
                          {"add_indicator", ind}});
  const std::vector<std::string> y = {"yes", "no", "No", "maybe", "yes", "Ärger", "no"};
  requests.push_back({{"op", "label_encoder"}, {"y", y}, {"transform", y}});
  const json replies = testing::ask_oracle("sklearn_preprocess.py", requests);
  ASSERT_TRUE(replies.is_array());
  std::size_t k = 0;
  for (const auto& s : strategies)
    for (bool ind : {false, true}) {
      SCOPED_TRACE(s + (ind ? " with indicator" : ""));
      const SimpleImputer imp = SimpleImputer::fit(X, parse_impute(s), ind);
      const json& r = replies[k++];
      for (std::size_t j = 0; j < imp.statistics.size(); ++j)
        EXPECT_TRUE(same(imp.statistics[j], r["statistics"][j], s == "mean")) << j;
      expect_matrix(imp.transform(Z), r["Z"], s == "mean", "Z");
    }
  const LabelEncoder e = LabelEncoder::fit(y);
  EXPECT_EQ(e.classes, replies[k]["classes"].get<std::vector<std::string>>());
  EXPECT_EQ(e.transform(y), replies[k]["codes"].get<std::vector<std::int64_t>>());
}

}  // namespace
}  // namespace rarenet
