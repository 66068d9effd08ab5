// CSV reading and writing: formats accepted, exact round trips, errors that name the place.
#include <cstring>
#include <filesystem>
#include <limits>

#include "rarenet/csv.hpp"
#include "rarenet/dataset.hpp"
#include "rarenet/error.hpp"
#include "rarenet/random.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

std::string error_of(const std::string& text) {
  try {
    parse_csv(text, "data.csv");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST(Csv, ParsesHeaderQuotesCrlfBomAndWhitespace) {
  const Table t = parse_csv("\xEF\xBB\xBF\"a\", b ,y\r\n1, 2.5 ,0\r\n-3e2,4,1", "x.csv");
  EXPECT_EQ(t.names, (std::vector<std::string>{"a", "b", "y"}));
  ASSERT_EQ(t.rows(), 2);
  EXPECT_EQ(t.values(0, 1), 2.5);
  EXPECT_EQ(t.values(1, 0), -300.0);
  const Table quoted = parse_csv("a,b\n\"1.5\", \"2\"\n", "q.csv");
  EXPECT_EQ(quoted.values(0, 0), 1.5);
  EXPECT_EQ(quoted.values(0, 1), 2.0);
  EXPECT_NE(error_of("a,b\n\"1.5,2\n").find("is not a number"), std::string::npos);
}

TEST(Csv, ErrorsNameFileLineColumnAndWhatWasExpected) {
  EXPECT_NE(error_of("a,b\n1,x\n").find("data.csv:2: column 2 ('b'): 'x' is not a number"),
            std::string::npos);
  EXPECT_NE(error_of("a,b\n1,2\n3\n").find("data.csv:3: found 1 fields, expected 2"),
            std::string::npos);
  EXPECT_NE(error_of("a,b\n1,2,3\n").find("data.csv:2: found 3 fields, expected 2"),
            std::string::npos);
  EXPECT_NE(error_of("").find("empty file"), std::string::npos);
  EXPECT_NE(error_of("a,b\n").find("no data rows"), std::string::npos);
  EXPECT_NE(error_of("a,a\n1,2\n").find("duplicate column name 'a'"), std::string::npos);
  EXPECT_NE(error_of("a,b\n1,nan\n").find("data.csv:2: column 2 ('b'): nan is not a finite number"),
            std::string::npos);
  EXPECT_NE(error_of("a,b\n1,\n").find("empty cell"), std::string::npos);
  EXPECT_NE(error_of("a,,c\n1,2,3\n").find("empty column name"), std::string::npos);
  CsvReadOptions allow;
  allow.allow_nonfinite = true;
  EXPECT_TRUE(std::isnan(parse_csv("a\nnan\n", "x", allow).values(0, 0)));
}

TEST(Csv, WriteThenReadGivesTheSameBits) {
  RandomState rng(5);
  Table t;
  t.names = {"a", "b", "c"};
  t.values.resize(200, 3);
  for (Index i = 0; i < 200; ++i)
    for (Index j = 0; j < 3; ++j)
      t.values(i, j) = rng.standard_normal() * std::pow(10.0, rng.randint(-300, 300));
  t.values(0, 0) = 0.1;
  t.values(0, 1) = std::numeric_limits<double>::denorm_min();
  t.values(0, 2) = -0.0;
  t.values(1, 0) = 1e308;
  testing::TempDir tmp;
  write_csv(tmp.file("t.csv"), t);
  const Table back = read_csv(tmp.file("t.csv"));
  ASSERT_EQ(back.rows(), 200);
  EXPECT_EQ(std::memcmp(back.values.data(), t.values.data(), sizeof(double) * 600), 0);
}

TEST(Csv, FailedWritesLeaveNoFileBehind) {
  testing::TempDir tmp;
  Table t;
  t.names = {"a"};
  t.values.resize(1, 1);
  t.values(0, 0) = 1;
  EXPECT_THROW(write_csv(tmp.file("missing-dir/t.csv"), t), FileError);
  EXPECT_TRUE(std::filesystem::is_empty(tmp.path()));
  EXPECT_THROW(read_csv(tmp.file("nope.csv")), FileError);
}

TEST(Dataset, TargetsWeightsAndLabels) {
  const Table t = parse_csv("x,w,y1,y2\n1,2,0,1\n3,0.5,1,1\n5,1,0,0\n", "d.csv");
  Dataset d = dataset_from_table(t, {{"y1", "y2"}, "w"});
  EXPECT_EQ(d.feature_names, std::vector<std::string>{"x"});
  EXPECT_EQ(d.n_targets(), 2);
  EXPECT_EQ(d.sample_weight(1), 0.5);
  EXPECT_THROW(d.labels(), InputError);  // two target columns
  Dataset single = dataset_from_table(parse_csv("a,y\n1,0\n2,1.5\n", "e.csv"));
  try {
    single.labels();
    FAIL();
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("e.csv:3: target column 'y'"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(dataset_from_table(t, {{"z"}, ""}), InputError);
  // Default target: y if present, else the last column.
  EXPECT_EQ(dataset_from_table(parse_csv("y,a,b\n1,2,3\n", "f")).target_names,
            std::vector<std::string>{"y"});
  EXPECT_EQ(dataset_from_table(parse_csv("a,b,c\n1,2,3\n", "f")).target_names,
            std::vector<std::string>{"c"});
  const Dataset taken = d.take({2, 0});
  EXPECT_EQ(taken.X(0, 0), 5);
  EXPECT_EQ(taken.sample_weight(1), 2);
}

}  // namespace
}  // namespace rarenet
