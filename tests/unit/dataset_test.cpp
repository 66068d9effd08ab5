// Datasets from tables: choosing targets and the weight column, integer labels with errors that
// name the file, line and column, taking rows, and the real data beside the repository.
#include <cmath>
#include <limits>
#include <utility>

#include "rarenet/csv.hpp"
#include "rarenet/dataset.hpp"
#include "rarenet/error.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using testing::error_message;

Table table_of(const std::string& text, const std::string& source = "d.csv") {
  CsvReadOptions allow;
  allow.allow_nonfinite = true;  // so that dataset_from_table's own checks are reached
  return parse_csv(text, source, allow);
}

TEST(Dataset, DefaultTargetIsYElseTheLastColumn) {
  const Dataset with_y = dataset_from_table(table_of("y,a,b\n1,2,3\n0,5,6\n"));
  EXPECT_EQ(with_y.target_names, std::vector<std::string>{"y"});
  EXPECT_EQ(with_y.feature_names, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(with_y.X(1, 0), 5);
  EXPECT_EQ(with_y.Y(0, 0), 1);
  EXPECT_EQ(with_y.source, "d.csv");
  const Dataset last = dataset_from_table(table_of("a,b,c\n1,2,3\n"));
  EXPECT_EQ(last.target_names, std::vector<std::string>{"c"});
  EXPECT_EQ(last.n_features(), 2);
  EXPECT_EQ(last.n_samples(), 1);
  EXPECT_EQ(last.sample_weight.size(), 0);
}

TEST(Dataset, SeveralTargetsMakeAMultiLabelProblem) {
  const Dataset d =
      dataset_from_table(table_of("x,y1,z,y2\n1,0,7,1\n3,1,8,1\n"), {{"y2", "y1"}, ""});
  EXPECT_EQ(d.target_names, (std::vector<std::string>{"y2", "y1"}));
  EXPECT_EQ(d.feature_names, (std::vector<std::string>{"x", "z"}));
  ASSERT_EQ(d.n_targets(), 2);
  EXPECT_EQ(d.Y(0, 0), 1);
  EXPECT_EQ(d.Y(0, 1), 0);
  EXPECT_EQ(d.X(1, 1), 8);
  EXPECT_EQ(error_message([&] { d.labels(); }),
            "d.csv: expected one target column for class labels, found 2");
}

TEST(Dataset, MissingColumnsAreNamedWithTheColumnsPresent) {
  const Table t = table_of("x,w,y\n1,2,0\n");
  EXPECT_THROW(dataset_from_table(t, {{"label"}, ""}), InputError);
  EXPECT_EQ(error_message([&] {
              dataset_from_table(t, {{"label"}, ""});
            }),
            "d.csv: no column named 'label' (columns: x, w, y)");
  EXPECT_EQ(error_message([&] {
              dataset_from_table(t, {{}, "weight"});
            }),
            "d.csv: no column named 'weight' (columns: x, w, y)");
  EXPECT_THROW(dataset_from_table(t, {{"y", "y"}, ""}), ConfigError);
  EXPECT_THROW(dataset_from_table(t, {{"y"}, "y"}), ConfigError);
  EXPECT_EQ(error_message([&] { dataset_from_table(table_of("y\n1\n")); }),
            "d.csv: no feature columns left besides the target");
}

TEST(Dataset, WeightColumnIsNotAFeatureAndMustBeFiniteAndNonNegative) {
  const Dataset d = dataset_from_table(table_of("x,w,y\n1,2,0\n3,0.5,1\n5,0,0\n"), {{}, "w"});
  EXPECT_EQ(d.feature_names, std::vector<std::string>{"x"});
  ASSERT_EQ(d.sample_weight.size(), 3);
  EXPECT_EQ(d.sample_weight(1), 0.5);
  EXPECT_EQ(d.sample_weight(2), 0.0);
  EXPECT_EQ(error_message([] {
              dataset_from_table(table_of("x,w,y\n1,2,0\n3,-1,1\n"), {{}, "w"});
            }),
            "d.csv:3: column 2 ('w'): sample weight -1, expected a finite number >= 0");
  EXPECT_EQ(error_message([] {
              dataset_from_table(table_of("x,w,y\n1,nan,0\n"), {{}, "w"});
            }),
            "d.csv:2: column 2 ('w'): sample weight nan, expected a finite number >= 0");
}

TEST(Dataset, NonFiniteFeaturesAndTargetsAreRejectedWithLineAndColumn) {
  EXPECT_EQ(error_message([] { dataset_from_table(table_of("a,b,y\n1,2,0\n3,inf,1\n")); }),
            "d.csv:3: column 2 ('b'): feature value inf is not a finite number");
  EXPECT_EQ(error_message([] { dataset_from_table(table_of("a,y\n1,nan\n")); }),
            "d.csv:2: column 2 ('y'): target value nan is not a finite number");
  // read_dataset: a NaN cell is a missing value, refused (naming file, line and column) unless
  // missing values are allowed.
  testing::TempDir tmp;
  testing::write_text(tmp.file("nan.csv"), "a,b,y\n1,2,0\n3,NaN,1\n");
  EXPECT_EQ(error_message([&] { read_dataset(tmp.file("nan.csv")); }),
            tmp.file("nan.csv") +
                ":3: column 2 ('b'): missing value; pass --impute median (or mean, "
                "most_frequent, constant:V) to fill missing numbers and give missing categories "
                "their own category");
}

TEST(Dataset, LabelsAreIntegersOrAnErrorNamingFileLineAndColumn) {
  const Dataset d = dataset_from_table(table_of("a,y\n1,0\n2,3\n3,-2\n", "e.csv"));
  EXPECT_EQ(d.labels(), (Labels{0, 3, -2}));
  const Dataset bad = dataset_from_table(table_of("a,label\n1,0\n2,1\n4,1.5\n", "e.csv"));
  EXPECT_THROW(bad.labels(), InputError);
  EXPECT_EQ(error_message([&] { bad.labels(); }),
            "e.csv:4: target column 'label': 1.5 is not an integer class label");
  const Dataset huge = dataset_from_table(table_of("a,y\n1,1e300\n"));
  EXPECT_NE(error_message([&] { huge.labels(); }).find("d.csv:2: target column 'y': 1e+300"),
            std::string::npos);
}

TEST(Dataset, TakeKeepsRowsWeightsAndTheFileLines) {
  const Dataset d =
      dataset_from_table(table_of("x,w,y\n1,2,0\n3,0.5,1\n5,1,0.5\n7,4,1\n"), {{}, "w"});
  const Dataset taken = d.take({2, 0, 2});
  ASSERT_EQ(taken.n_samples(), 3);
  EXPECT_EQ(taken.X(0, 0), 5);
  EXPECT_EQ(taken.X(1, 0), 1);
  EXPECT_EQ(taken.Y(2, 0), 0.5);
  EXPECT_EQ(taken.sample_weight(1), 2);
  EXPECT_EQ(taken.feature_names, d.feature_names);
  EXPECT_EQ(taken.target_names, d.target_names);
  // The bad label sits on line 4 of the file, wherever the row lands after splitting.
  EXPECT_EQ(error_message([&] { taken.labels(); }),
            "d.csv:4: target column 'y': 0.5 is not an integer class label");
  const Dataset again = taken.take({1, 0});  // file rows 0 and 2
  EXPECT_EQ(again.line_of(0), 2);
  EXPECT_EQ(again.line_of(1), 4);
  EXPECT_EQ(d.take({3, 1}).labels(), (Labels{1, 1}));
  EXPECT_THROW(d.take({4}), InputError);
  EXPECT_THROW(d.take({-1}), InputError);
}

TEST(Dataset, BackToATableAndThroughAFile) {
  const Dataset d = dataset_from_table(table_of("x,w,y\n1,2,0\n3,0.5,1\n"), {{}, "w"});
  const Table t = dataset_to_table(d);
  EXPECT_EQ(t.names, (std::vector<std::string>{"x", "y", "sample_weight"}));
  ASSERT_EQ(t.cols(), 3);
  EXPECT_EQ(t.values(1, 0), 3);
  EXPECT_EQ(t.values(1, 1), 1);
  EXPECT_EQ(t.values(1, 2), 0.5);
  testing::TempDir tmp;
  write_csv(tmp.file("d.csv"), t);
  const Dataset back = read_dataset(tmp.file("d.csv"), {{"y"}, "sample_weight"});
  EXPECT_EQ(back.X, d.X);
  EXPECT_EQ(back.Y, d.Y);
  EXPECT_EQ(back.sample_weight, d.sample_weight);
}

// A table given up (read_dataset's own) is dropped page by page as its features are copied: the
// dataset must be the one built from a kept table, with targets and weights in the middle columns
// (read before the features' pass drops them).
TEST(Dataset, FromATableGivenUpEqualsFromAKeptTable) {
  Table t;
  t.source = "big.csv";
  t.names = {"a", "y", "b", "w", "c"};
  t.values.resize(300000, 5);
  for (Index i = 0; i < t.rows(); ++i)
    for (Index c = 0; c < 5; ++c)
      t.values(i, c) = c == 1 ? double(i % 2) : c == 3 ? 0.5 + double(i % 3) : double(i) + c / 8.0;
  const DatasetSpec spec{{"y"}, "w"};
  const Dataset kept = dataset_from_table(t, spec);
  Table copy = t;
  const Dataset given = dataset_from_table(std::move(copy), spec);
  EXPECT_EQ(copy.values.size(), 0);
  EXPECT_EQ(given.X, kept.X);
  EXPECT_EQ(given.Y, kept.Y);
  EXPECT_EQ(given.sample_weight, kept.sample_weight);
  EXPECT_EQ(kept.X(299999, 2), 299999 + 4 / 8.0);
  EXPECT_EQ(kept.Y(299999, 0), 1);
  EXPECT_EQ(kept.sample_weight(299999), 2.5);
  // A bad feature is still reported at its line and column.
  Table bad = t;
  bad.values(200000, 4) = std::numeric_limits<double>::infinity();
  EXPECT_EQ(testing::error_message([&] { dataset_from_table(std::move(bad), spec); }),
            "big.csv:200002: column 5 ('c'): feature value inf is not a finite number");
}

TEST(Dataset, UniqueLabelsAndClassCounts) {
  const Labels y = {3, 1, 3, -1, 3, 1};
  const auto classes = unique_labels(y);
  EXPECT_EQ(classes, (std::vector<std::int64_t>{-1, 1, 3}));
  EXPECT_EQ(class_counts(y, classes), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(class_counts(y, {0, 3}), (std::vector<std::int64_t>{0, 3}));
  EXPECT_TRUE(unique_labels({}).empty());
}

// The real dataset kept in the repository's data/ folder.
TEST(RealData, SatimageHasTheDocumentedShapeAndClassCounts) {
  const Dataset d = read_dataset(testing::kSourceDir + "/data/satimage.csv");
  EXPECT_EQ(d.n_samples(), 6435);
  EXPECT_EQ(d.n_features(), 36);
  EXPECT_EQ(d.target_names, std::vector<std::string>{"y"});
  EXPECT_EQ(d.feature_names.front(), "x1");
  EXPECT_EQ(d.feature_names.back(), "x36");
  const Labels y = d.labels();
  EXPECT_EQ(unique_labels(y), (std::vector<std::int64_t>{0, 1}));
  EXPECT_EQ(class_counts(y, {0, 1}), (std::vector<std::int64_t>{5809, 626}));
  EXPECT_EQ(d.X(0, 0), 92);  // first cell of the first row
}

}  // namespace
}  // namespace rarenet
