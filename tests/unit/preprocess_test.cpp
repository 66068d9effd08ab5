// Preprocessing of mixed tables: datasets from text tables, string targets, the transforms and
// their JSON round trip (the scikit-learn conformance is in tests/conformance).
#include <cmath>
#include <nlohmann/json.hpp>

#include "rarenet/mixed_csv.hpp"
#include "rarenet/preprocess.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using testing::error_message;

Dataset dataset(const std::string& text, DatasetSpec spec = {}) {
  return dataset_from_table(parse_table(text, "d.csv"), spec);
}

const char* kCredit =
    "age,home,income,Status\n"
    "30,rent,100,good\n"
    "40,own,,bad\n"
    ",rent,120,good\n"
    "50,other,90,good\n"
    "35,NA,80,bad\n"
    "45,own,110,good\n";

TEST(MixedDataset, TextTargetsAreSortedWithThePositiveClassLast) {
  DatasetSpec spec;
  spec.targets = {"Status"};
  spec.allow_missing = true;
  const Dataset d = dataset(kCredit, spec);
  // bad (2 rows) is rarer than good (4): the positive class, coded 1.
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"good", "bad"}));
  EXPECT_EQ(d.positive_class, 1);
  EXPECT_EQ(d.labels(), (Labels{0, 1, 0, 0, 1, 0}));
  EXPECT_EQ(d.categorical, (std::vector<std::uint8_t>{0, 1, 0}));
  EXPECT_TRUE(std::isnan(d.X(2, 0)));
  spec.positive_class = "good";
  const Dataset g = dataset(kCredit, spec);
  EXPECT_EQ(g.class_names, (std::vector<std::string>{"bad", "good"}));
  EXPECT_EQ(g.labels(), (Labels{1, 0, 1, 1, 0, 1}));
  spec.positive_class = "ugly";
  EXPECT_EQ(error_message([&] { dataset(kCredit, spec); }),
            "--positive-class 'ugly': not a class of 'Status' in d.csv (classes: bad, good)");
}

TEST(MixedDataset, AMissingCellNeedsImputeAndSaysSo) {
  DatasetSpec spec;
  spec.targets = {"Status"};
  EXPECT_EQ(error_message([&] { dataset(kCredit, spec); }),
            "d.csv:3: column 3 ('income'): missing value; pass --impute median (or mean, "
            "most_frequent, constant:V) to fill missing numbers and give missing categories their "
            "own category");
}

TEST(MixedDataset, IntegerTargetsTakeAPositiveClass) {
  DatasetSpec spec;
  spec.positive_class = "0";
  const Dataset d = dataset("a,y\n1,0\n2,1\n3,1\n", spec);
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"1", "0"}));
  EXPECT_EQ(d.labels(), (Labels{1, 0, 0}));
  spec.positive_class = "1";
  EXPECT_TRUE(dataset("a,y\n1,0\n2,1\n3,1\n", spec).class_names.empty());
}

TEST(Preprocessor, ImputesEncodesNamesAndRoundTrips) {
  DatasetSpec spec;
  spec.targets = {"Status"};
  spec.allow_missing = true;
  const Dataset d = dataset(kCredit, spec);
  PreprocessOptions o;
  o.impute = parse_impute("median");
  o.add_indicator = true;
  const Preprocessor p = Preprocessor::fit(d, o);
  EXPECT_EQ(p.output_names, (std::vector<std::string>{"age", "income", "missingindicator_age",
                                                      "missingindicator_income", "home_other",
                                                      "home_own", "home_rent", "home_nan"}));
  const RowMatrixD Z = p.transform(d);
  EXPECT_EQ(Z(2, 0), 40);   // median of 30, 40, 50, 35, 45
  EXPECT_EQ(Z(1, 1), 100);  // median of 100, 120, 90, 80, 110
  EXPECT_EQ(Z(2, 2), 1);
  EXPECT_EQ(Z(4, 7), 1);  // home missing: its own category
  EXPECT_EQ(Z(0, 6), 1);

  // A file with other codes, an unseen category and reordered levels.
  const Dataset t = dataset("age,home,income,Status\n1,castle,2,good\n2,own,3,bad\n", spec);
  TransformReport report;
  const RowMatrixD U = p.transform(t, &report);
  EXPECT_EQ(report.unknown_cells, 1);
  EXPECT_EQ(U.row(0).tail(4).sum(), 0);
  EXPECT_EQ(U(1, 5), 1);

  const Preprocessor q = Preprocessor::from_json(nlohmann::json::parse(p.to_json().dump()));
  EXPECT_EQ(q.output_names, p.output_names);
  EXPECT_EQ(q.transform(t), U);
  EXPECT_EQ(q.transform(d), Z);
}

TEST(Preprocessor, RejectsBadOptions) {
  EXPECT_NE(error_message([] { parse_impute("average"); }).find("expected median, mean"),
            std::string::npos);
  EXPECT_NE(error_message([] { parse_impute("constant:x"); }).find("constant:V"),
            std::string::npos);
  OneHotEncoder e;
  e.min_frequency = 2.5;
  EXPECT_NE(error_message([&] { e.fit(RowMatrixD(1, 1), {{"a"}}); }).find("--min-frequency"),
            std::string::npos);
}

TEST(LabelEncoder, SortsAndRejectsUnseenLabels) {
  const LabelEncoder e = LabelEncoder::fit({"no", "yes", "No", "no"});
  EXPECT_EQ(e.classes, (std::vector<std::string>{"No", "no", "yes"}));
  EXPECT_EQ(e.transform({"yes", "No"}), (std::vector<std::int64_t>{2, 0}));
  EXPECT_NE(error_message([&] { e.transform({"maybe"}); }).find("unseen label: 'maybe'"),
            std::string::npos);
}

}  // namespace
}  // namespace rarenet
