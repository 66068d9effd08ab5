// read_table: column typing, missing cells, quoted text, codes in order of first appearance, the
// same result for any thread count, and errors naming line and column.
#include <cmath>

#include "rarenet/mixed_csv.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using testing::error_message;

Table table(const std::string& text, TableReadOptions o = {}) {
  return parse_table(text, "t.csv", o);
}

TEST(MixedCsv, NumericFilesKeepEveryColumnNumeric) {
  const Table t = table("a,b\n1,2\n3,nan\n");
  EXPECT_TRUE(t.categorical.empty());
  EXPECT_EQ(t.values(1, 0), 3);
  EXPECT_TRUE(std::isnan(t.values(1, 1)));
}

TEST(MixedCsv, TextMakesAColumnCategoricalAndMissingTokensAreNaN) {
  const Table t = table(
      "age,home,y\n"
      "31,rent,good\n"
      "NA,\"own\",bad\n"
      ",rent,good\n"
      "?,NA,good\n"
      "45,  other ,bad\n"
      "52.5,\"a, \"\"b\"\"\",NaN\n");
  ASSERT_EQ(t.categorical, (std::vector<std::uint8_t>{0, 1, 1}));
  EXPECT_EQ(t.values(0, 0), 31);
  for (Index i : {1, 2, 3}) EXPECT_TRUE(std::isnan(t.values(i, 0))) << i;
  EXPECT_EQ(t.values(5, 0), 52.5);
  EXPECT_EQ(t.levels[1], (std::vector<std::string>{"rent", "own", "other", "a, \"b\""}));
  EXPECT_EQ(t.values(0, 1), 0);
  EXPECT_EQ(t.values(1, 1), 1);
  EXPECT_EQ(t.values(2, 1), 0);
  EXPECT_TRUE(std::isnan(t.values(3, 1)));
  EXPECT_EQ(t.values(4, 1), 2);
  EXPECT_EQ(t.values(5, 1), 3);
  EXPECT_EQ(t.levels[2], (std::vector<std::string>{"good", "bad"}));
  EXPECT_TRUE(std::isnan(t.values(5, 2)));
}

TEST(MixedCsv, ForcedKindsAndNaValues) {
  TableReadOptions o;
  o.categorical = {"code"};
  o.na_values = {"-999", "missing"};
  const Table t = table("code,x\n01,1\n2,-999\n1.50,missing\n01,\n", o);
  ASSERT_EQ(t.categorical, (std::vector<std::uint8_t>{1, 1}));  // "" is text when not an na_value
  EXPECT_EQ(t.levels[0], (std::vector<std::string>{"01", "2", "1.50"}));
  EXPECT_EQ(t.values(3, 0), 0);
  EXPECT_TRUE(std::isnan(t.values(1, 1)));
  EXPECT_TRUE(std::isnan(t.values(2, 1)));
  o.categorical.clear();
  o.numeric = {"x"};
  EXPECT_EQ(error_message([&] { table("code,x\n01,1\n2,-999\n1.50,oops\n", o); }),
            "t.csv:4: column 2 ('x'): 'oops' is not a number, and --numeric names this column "
            "as numeric");
  o.na_values = {"-999"};
  const Table n = table("code,x\n01,1\n2,-999\n", o);
  EXPECT_TRUE(std::isnan(n.values(1, 1)));
}

TEST(MixedCsv, MalformedRowsNameTheLine) {
  EXPECT_EQ(error_message([] { table("a,b\nx,1\ny\n"); }),
            "t.csv:3: found 1 fields, expected 2 (as in the header)");
  EXPECT_EQ(error_message([] { table("a,b\nx,1\ny,2,3\n"); }),
            "t.csv:3: found 3 fields, expected 2 (as in the header)");
  EXPECT_NE(error_message([] { table("a,b\nx,\"1\ny,2\n"); })
                .find("t.csv:2: column 2 ('b'): "
                      "unterminated quoted cell"),
            std::string::npos);
  EXPECT_NE(error_message([] { table("a,b\nx,1\n\ny,2\n"); }).find("t.csv:3: empty line"),
            std::string::npos);
}

TEST(MixedCsv, CodesAndValuesDoNotDependOnTheThreadCount) {
  std::string text = "n,c,d\n";
  for (int i = 0; i < 200000; ++i)
    text += std::to_string(i % 7 == 0 ? -1 : i) + ",c" + std::to_string((i * 7919) % 13) + "," +
            (i % 5 ? "x" : "NA") + "\n";
  TableReadOptions one, many;
  one.jobs = 1;
  many.jobs = 4;
  const Table a = table(text, one), b = table(text, many);
  EXPECT_EQ(a.levels, b.levels);
  EXPECT_EQ(a.categorical, b.categorical);
  ASSERT_EQ(a.values.rows(), 200000);
  for (Index i = 0; i < a.values.size(); ++i) {
    const double x = a.values.data()[i], y = b.values.data()[i];
    ASSERT_TRUE(x == y || (std::isnan(x) && std::isnan(y))) << i;
  }
}

TEST(MixedCsv, SplitNames) {
  EXPECT_EQ(split_names("NA, ?,-999"), (std::vector<std::string>{"NA", "?", "-999"}));
  EXPECT_EQ(split_names(""), (std::vector<std::string>{""}));
}

}  // namespace
}  // namespace rarenet
