// CSV reading and writing: the formats accepted, exact round trips, errors that name the place,
// and atomic writes that leave nothing behind when they fail.
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <random>
#include <thread>

#include "rarenet/csv.hpp"
#include "rarenet/error.hpp"
#include "rarenet/mixed_csv.hpp"
#include "rarenet/random.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

namespace fs = std::filesystem;
using testing::error_message;

std::string error_of(const std::string& text, const CsvReadOptions& options = {}) {
  return error_message([&] { parse_csv(text, "data.csv", options); });
}

std::vector<std::string> files_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

bool same_bits(const RowMatrixD& a, const RowMatrixD& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(double) * static_cast<std::size_t>(a.size())) == 0;
}

Table small_table() {
  Table t;
  t.names = {"a", "b"};
  t.values.resize(2, 2);
  t.values << 1, 2.5, -3, 4e-7;
  return t;
}

// ---------------------------------------------------------------------------------------------
// What is accepted

TEST(CsvRead, ParsesHeaderQuotesCrlfBomAndWhitespace) {
  const Table t = parse_csv("\xEF\xBB\xBF\"a\", b ,y\r\n1, 2.5 ,0\r\n-3e2,\t4,1", "x.csv");
  EXPECT_EQ(t.names, (std::vector<std::string>{"a", "b", "y"}));
  EXPECT_EQ(t.source, "x.csv");
  ASSERT_EQ(t.rows(), 2);
  ASSERT_EQ(t.cols(), 3);
  EXPECT_EQ(t.values(0, 1), 2.5);
  EXPECT_EQ(t.values(1, 0), -300.0);
  EXPECT_EQ(t.values(1, 1), 4.0);
  EXPECT_EQ(t.values(1, 2), 1.0);
}

TEST(CsvRead, TrailingNewlinesAndBlankLinesAtTheEndAreIgnored) {
  for (const std::string text : {"a,b\n1,2", "a,b\n1,2\n", "a,b\r\n1,2\r\n", "a,b\n1,2\n\n\n",
                                 "a,b\n1,2\n  \n\r\n", "a,b\n1,2  "}) {
    const Table t = parse_csv(text, "x.csv");
    ASSERT_EQ(t.rows(), 1) << text;
    EXPECT_EQ(t.values(0, 1), 2.0) << text;
  }
}

TEST(CsvRead, NumbersAsPandasNumpyAndSpreadsheetsWriteThem) {
  const Table t = parse_csv(
      "a,b,c,d\n"
      "1.000000000000000000e+00,-2.5E-3,.5,7.\n"
      "+1.5,\"3\", \"-0.25\" ,1e308\n"
      "0,-0,4.9406564584124654e-324,123456789012345678901234567890\n",
      "p.csv");
  ASSERT_EQ(t.rows(), 3);
  EXPECT_EQ(t.values(0, 0), 1.0);
  EXPECT_EQ(t.values(0, 1), -0.0025);
  EXPECT_EQ(t.values(0, 2), 0.5);
  EXPECT_EQ(t.values(0, 3), 7.0);
  EXPECT_EQ(t.values(1, 0), 1.5);
  EXPECT_EQ(t.values(1, 1), 3.0);
  EXPECT_EQ(t.values(1, 2), -0.25);
  EXPECT_EQ(t.values(1, 3), 1e308);
  EXPECT_TRUE(std::signbit(t.values(2, 1)));
  EXPECT_EQ(t.values(2, 2), std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(t.values(2, 3), 123456789012345678901234567890.0);
}

TEST(CsvRead, QuotedHeaderNamesMayHoldDelimitersAndQuotes) {
  const Table t = parse_csv("\"x, y\",\"say \"\"hi\"\"\", plain name \n1,2,3\n", "q.csv");
  EXPECT_EQ(t.names, (std::vector<std::string>{"x, y", "say \"hi\"", "plain name"}));
  EXPECT_EQ(t.values(0, 2), 3.0);
}

TEST(CsvRead, OtherDelimiters) {
  CsvReadOptions tsv;
  tsv.delimiter = '\t';
  const Table t = parse_csv("a\tb\n 1 \t2\n3\t 4\n", "t.tsv", tsv);
  ASSERT_EQ(t.rows(), 2);
  EXPECT_EQ(t.values(1, 1), 4.0);
  // A tab is the delimiter here, not padding: an extra one is an extra field.
  EXPECT_NE(error_of("a\tb\n1\t\t2\n", tsv).find("data.csv:2: found 3 fields, expected 2"),
            std::string::npos);
  CsvReadOptions semi;
  semi.delimiter = ';';
  EXPECT_EQ(parse_csv("a;b\n1;2\n", "s.csv", semi).values(0, 1), 2.0);
}

TEST(CsvRead, NonFiniteValuesOnlyWhenAllowed) {
  CsvReadOptions allow;
  allow.allow_nonfinite = true;
  const Table t = parse_csv("a,b,c,d\nnan,inf,-inf,NaN\n1,Infinity,-Infinity,2\n", "x", allow);
  EXPECT_TRUE(std::isnan(t.values(0, 0)));
  EXPECT_TRUE(std::isnan(t.values(0, 3)));
  EXPECT_EQ(t.values(0, 1), std::numeric_limits<double>::infinity());
  EXPECT_EQ(t.values(0, 2), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(t.values(1, 1), std::numeric_limits<double>::infinity());
  EXPECT_EQ(t.values(1, 2), -std::numeric_limits<double>::infinity());
}

// ---------------------------------------------------------------------------------------------
// Errors: each names the file, the 1-based line and column, the column's name and what was wrong

TEST(CsvErrors, CellThatIsNotANumber) {
  EXPECT_EQ(error_of("a,b\n1,2\n1,x\n"), "data.csv:3: column 2 ('b'): 'x' is not a number");
  EXPECT_EQ(error_of("a,b\r\n1,2\r\n 1.5.2 ,3\r\n"),
            "data.csv:3: column 1 ('a'): '1.5.2' is not a number");
  EXPECT_EQ(error_of("a,b\n1,2 3\n"), "data.csv:2: column 2 ('b'): '2 3' is not a number");
  EXPECT_EQ(error_of("a,b\n1,1e\n"), "data.csv:2: column 2 ('b'): '1e' is not a number");
  EXPECT_EQ(error_of("a,b\n+-1,2\n"), "data.csv:2: column 1 ('a'): '+-1' is not a number");
  EXPECT_EQ(error_of("a,b\n\"1.5,2\n"), "data.csv:2: column 1 ('a'): '\"1.5' is not a number");
  EXPECT_NE(error_of("a,b\n1,NA\n").find("'NA' is not a number (missing values are not supported"),
            std::string::npos);
}

TEST(CsvErrors, RaggedRows) {
  EXPECT_EQ(error_of("a,b\n1,2\n3\n"), "data.csv:3: found 1 fields, expected 2 (as in the header)");
  EXPECT_EQ(error_of("a,b\n1,2,3\n"), "data.csv:2: found 3 fields, expected 2 (as in the header)");
  EXPECT_EQ(error_of("a,b\n1,2,\n"), "data.csv:2: found 3 fields, expected 2 (as in the header)");
  EXPECT_NE(error_of("a,b\n1,2\n\n3,4\n").find("data.csv:3: empty line, expected 2 fields"),
            std::string::npos);
}

TEST(CsvErrors, EmptyFileAndHeaderOnly) {
  EXPECT_EQ(error_of(""), "data.csv: empty file, expected a header row of column names");
  EXPECT_EQ(error_of(" \r\n\n"), "data.csv: empty file, expected a header row of column names");
  EXPECT_EQ(error_of("\xEF\xBB\xBF"),
            "data.csv: empty file, expected a header row of column names");
  for (const std::string header_only : {"a,b", "a,b\n", "a,b\r\n\r\n  \n"})
    EXPECT_EQ(error_of(header_only),
              "data.csv: no data rows after the header, expected at least one row of 2 numbers")
        << header_only;
}

TEST(CsvErrors, EmptyCells) {
  EXPECT_EQ(error_of("a,b\n1,\n"), "data.csv:2: column 2 ('b'): empty cell, expected a number");
  EXPECT_EQ(error_of("a,b,c\n1,2,3\n4, ,6\n"),
            "data.csv:3: column 2 ('b'): empty cell, expected a number");
  EXPECT_EQ(error_of("a,b\n\"\",1\n"), "data.csv:2: column 1 ('a'): empty cell, expected a number");
}

TEST(CsvErrors, NonFiniteCells) {
  EXPECT_EQ(error_of("a,b\n1,nan\n"), "data.csv:2: column 2 ('b'): nan is not a finite number");
  EXPECT_EQ(error_of("a,b\n1,2\ninf,0\n"),
            "data.csv:3: column 1 ('a'): inf is not a finite number");
  EXPECT_EQ(error_of("a,b\n1, -Infinity\n"),
            "data.csv:2: column 2 ('b'): -Infinity is not a finite number");
  EXPECT_EQ(error_of("a,b\n1,NaN\n"), "data.csv:2: column 2 ('b'): NaN is not a finite number");
}

TEST(CsvErrors, BadHeaders) {
  EXPECT_EQ(error_of("a,b,a\n1,2,3\n"),
            "data.csv:1: column 3: duplicate column name 'a' (also column 1)");
  EXPECT_EQ(error_of("\"a\",a\n1,2\n"),
            "data.csv:1: column 2: duplicate column name 'a' (also column 1)");
  EXPECT_EQ(error_of("a,,c\n1,2,3\n"),
            "data.csv:1: column 2: empty column name in the header, expected a name");
  EXPECT_EQ(error_of("a,b,\n1,2,3\n"),
            "data.csv:1: column 3: empty column name in the header, expected a name");
  EXPECT_NE(error_of(",x0,x1\n0,1,2\n").find("data.csv:1: column 1: empty column name"),
            std::string::npos);
  EXPECT_NE(error_of(",x0,x1\n0,1,2\n").find("index=False"), std::string::npos);
  EXPECT_NE(error_of("\"a,b\n1\n").find("data.csv:1: column 1: unterminated quoted column name"),
            std::string::npos);
  EXPECT_NE(error_of("\"a\"b,c\n1,2\n").find("data.csv:1: column 1: unexpected text after"),
            std::string::npos);
  EXPECT_NE(error_of("a,b\r1,2\r").find("data.csv:1: a carriage return inside the first line"),
            std::string::npos);
}

TEST(CsvErrors, FilesNameThemselves) {
  testing::TempDir tmp;
  testing::write_text(tmp.file("bad.csv"), "a,b\n1,2\n3,oops\n");
  EXPECT_EQ(error_message([&] { read_csv(tmp.file("bad.csv")); }),
            tmp.file("bad.csv") + ":3: column 2 ('b'): 'oops' is not a number");
  try {
    read_csv(tmp.file("nope.csv"));
    FAIL() << "expected a FileError";
  } catch (const FileError& e) {
    EXPECT_EQ(std::string(e.what()),
              tmp.file("nope.csv") + ": cannot open for reading: No such file or directory");
  }
  EXPECT_THROW(read_csv(tmp.path().string()), FileError);
  EXPECT_NE(error_message([&] { read_csv(tmp.path().string()); }).find("is a directory"),
            std::string::npos);
  testing::write_text(tmp.file("empty.csv"), "");
  EXPECT_THROW(read_csv(tmp.file("empty.csv")), InputError);
  EXPECT_EQ(error_message([&] { read_csv(tmp.file("empty.csv")); }),
            tmp.file("empty.csv") + ": empty file, expected a header row of column names");
}

// ---------------------------------------------------------------------------------------------
// Large inputs are parsed in chunks: the same values and the same first error for any thread count

std::string big_text(std::size_t rows) {
  RandomState rng(11);
  Table t;
  t.names = {"a", "b", "c", "d"};
  t.values.resize(static_cast<Index>(rows), 4);
  for (Index i = 0; i < t.values.rows(); ++i)
    for (Index j = 0; j < 4; ++j) t.values(i, j) = rng.standard_normal();
  return to_csv_string(t);
}

TEST(CsvChunks, AnyThreadCountGivesTheSameTable) {
  const std::string text = big_text(60000);  // about 4.5 MB: up to four chunks
  ASSERT_GT(text.size(), std::size_t{4} << 20);
  CsvReadOptions one;
  one.jobs = 1;
  const Table serial = parse_csv(text, "big.csv", one);
  ASSERT_EQ(serial.rows(), 60000);
  for (int jobs : {2, 3, 4}) {
    CsvReadOptions o;
    o.jobs = jobs;
    EXPECT_TRUE(same_bits(parse_csv(text, "big.csv", o).values, serial.values)) << jobs;
  }
}

TEST(CsvChunks, TheFirstErrorInTheFileIsReportedWithItsLine) {
  std::string text = big_text(60000);  // lines 2 to 60001 hold the rows
  auto line_start = [&](int line) {
    std::size_t pos = 0;
    for (int l = 1; l < line; ++l) pos = text.find('\n', pos) + 1;
    return pos;
  };
  // Break a row near the end (the last chunk), then one near the start as well.
  text.insert(line_start(60001) - 1, ",5");  // line 60000 gets a fifth field
  for (int jobs : {1, 2, 4}) {
    CsvReadOptions o;
    o.jobs = jobs;
    EXPECT_EQ(error_of(text, o), "data.csv:60000: found 5 fields, expected 4 (as in the header)")
        << jobs;
  }
  text.insert(line_start(11), "x");
  for (int jobs : {1, 2, 4}) {
    CsvReadOptions o;
    o.jobs = jobs;
    EXPECT_NE(error_of(text, o).find("data.csv:11: column 1 ('a'): 'x"), std::string::npos) << jobs;
  }
}

TEST(CsvRead, ReadsFromAPipe) {
  testing::TempDir tmp;
  const std::string fifo = tmp.file("pipe.csv");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::thread writer([&] { testing::write_text(fifo, "a,b\n1,2\n3,4\n"); });
  const Table t = read_csv(fifo);
  writer.join();
  ASSERT_EQ(t.rows(), 2);
  EXPECT_EQ(t.values(1, 0), 3.0);
}

// ---------------------------------------------------------------------------------------------
// Writing: shortest round-trip numbers, bit-exact read back

TEST(CsvWrite, ShortestRoundTripText) {
  Table t;
  t.names = {"a", "b", "c", "d"};
  t.values.resize(1, 4);
  t.values << 1, 0.5, -1.2345e-05, 0.1;
  EXPECT_EQ(to_csv_string(t), "a,b,c,d\n1,0.5,-1.2345e-05,0.1\n");
}

TEST(CsvWrite, WriteThenReadGivesTheSameBits) {
  RandomState rng(5);
  Table t;
  t.names = {"a", "b", "c"};
  t.values.resize(300, 3);
  for (Index i = 0; i < 300; ++i)
    for (Index j = 0; j < 3; ++j)
      t.values(i, j) = rng.standard_normal() * std::pow(10.0, rng.randint(-320, 300));
  const double tricky[] = {0.1,
                           -0.0,
                           1e308,
                           std::numeric_limits<double>::max(),
                           std::numeric_limits<double>::lowest(),
                           std::numeric_limits<double>::min(),
                           std::numeric_limits<double>::denorm_min(),
                           -std::numeric_limits<double>::denorm_min(),
                           2.2250738585072009e-308,  // largest subnormal
                           1.0 / 3.0,
                           9007199254740993.0,
                           5e-324,
                           123456789.125,
                           0.30000000000000004,
                           1e23,
                           8.98846567431158e307};
  for (std::size_t k = 0; k < std::size(tricky); ++k)
    t.values(static_cast<Index>(k / 3), static_cast<Index>(k % 3)) = tricky[k];
  testing::TempDir tmp;
  write_csv(tmp.file("t.csv"), t);
  const Table back = read_csv(tmp.file("t.csv"));
  EXPECT_EQ(back.names, t.names);
  EXPECT_TRUE(same_bits(back.values, t.values));
  EXPECT_TRUE(std::signbit(back.values(0, 1)));
}

// csv.hpp promises std::to_chars's text (the shortest form, fixed or scientific, whichever is
// shorter); the writer computes it with {fmt}'s Dragonbox, so every kind of double is checked
// against std::to_chars cell by cell, and read back bit for bit: random bit patterns (every
// exponent, subnormals), floats widened to double, integers from 2^53 on (written exactly),
// powers of ten around the fixed / scientific crossover, negative zero, 1e300.
TEST(CsvWrite, TextIsStdToCharsAndReadsBackBitExactForDoublesAndFloats) {
  std::vector<double> cells = {0.0,
                               -0.0,
                               1e300,
                               -1e300,
                               5e-324,
                               -5e-324,
                               2.2250738585072009e-308,
                               2.2250738585072014e-308,
                               std::numeric_limits<double>::max(),
                               double(std::numeric_limits<float>::denorm_min()),
                               double(std::numeric_limits<float>::min()),
                               double(std::numeric_limits<float>::max()),
                               double(-0.0f),
                               double(0.1f),
                               9007199254740992.0,
                               9007199254740993.0 * 1000,
                               5088143117563431000.0,
                               123456789012345680.0,
                               0.0001,
                               1e-5,
                               100000,
                               1e15,
                               1e16,
                               1e21,
                               1e22,
                               1e23};
  for (int k = -30; k <= 30; ++k) {
    cells.push_back(std::pow(10.0, k));
    cells.push_back(-1.5 * std::pow(10.0, k));
  }
  std::mt19937_64 gen(11);
  std::normal_distribution<double> normal;
  while (cells.size() < 60000) {
    const std::uint64_t bits = gen();
    double v;
    std::memcpy(&v, &bits, sizeof v);
    if (std::isfinite(v)) cells.push_back(v);
    cells.push_back(
        static_cast<double>(static_cast<float>(normal(gen) * std::pow(10.0, gen() % 60 - 30.0))));
    cells.push_back(std::ldexp(normal(gen), static_cast<int>(gen() % 200) - 100));
    cells.push_back(std::ldexp(static_cast<double>(gen() >> 11), static_cast<int>(gen() % 20)));
  }
  Table t;
  t.names = {"a", "b", "c", "d"};
  const Index rows = static_cast<Index>(cells.size() / 4);
  t.values.resize(rows, 4);
  std::string expected = "a,b,c,d\n";
  char buf[64];
  for (Index i = 0; i < rows; ++i)
    for (Index j = 0; j < 4; ++j) {
      const double v = cells[static_cast<std::size_t>(i * 4 + j)];
      t.values(i, j) = v;
      expected.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
      expected += j == 3 ? '\n' : ',';
    }
  const std::string text = to_csv_string(t);
  EXPECT_EQ(text, expected);
  testing::TempDir tmp;
  write_csv(tmp.file("t.csv"), t);
  EXPECT_EQ(testing::read_text(tmp.path() / "t.csv"), expected);
  const Table back = read_csv(tmp.file("t.csv"));
  EXPECT_TRUE(same_bits(back.values, t.values));
  EXPECT_TRUE(std::signbit(back.values(0, 1)));
}

TEST(CsvWrite, NonFiniteValuesAndAwkwardNamesRoundTrip) {
  Table t;
  t.names = {"x, y", "say \"hi\"", " padded ", "tab\there"};
  t.values.resize(1, 4);
  t.values << std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
      -std::numeric_limits<double>::infinity(), 2;
  CsvReadOptions allow;
  allow.allow_nonfinite = true;
  const Table back = parse_csv(to_csv_string(t), "n.csv", allow);
  EXPECT_EQ(back.names, t.names);
  EXPECT_TRUE(std::isnan(back.values(0, 0)));
  EXPECT_EQ(back.values(0, 1), std::numeric_limits<double>::infinity());
  EXPECT_EQ(back.values(0, 2), -std::numeric_limits<double>::infinity());
}

// Found by fuzzing: a file starting with two byte-order marks has a first column whose name
// starts with one; written unquoted, the mark was dropped on reading the file back.
TEST(CsvWrite, AFirstNameStartingWithAByteOrderMarkRoundTrips) {
  const Table t = parse_csv(
      "\xEF\xBB\xBF\xEF\xBB\xBF"
      "a,b\n1,2\n",
      "bom.csv");
  EXPECT_EQ(t.names.front(),
            "\xEF\xBB\xBF"
            "a");
  EXPECT_EQ(parse_csv(to_csv_string(t), "back.csv").names, t.names);
}

TEST(CsvWrite, LargeTablesAreTheSameBytesAsSmallPieces) {
  // Large tables are formatted in blocks on several threads: the text must equal the one built
  // row by row.
  const std::string text = big_text(70000);
  const Table t = parse_csv(text, "big.csv");
  EXPECT_EQ(to_csv_string(t), text);
  std::ostringstream out;
  write_csv(out, t);
  EXPECT_EQ(out.str(), text);
  std::string by_rows = "a,b,c,d\n";
  for (Index i = 0; i < t.rows(); ++i) {
    Table row;
    row.names = t.names;
    row.values = t.values.row(i);
    const std::string one = to_csv_string(row);
    by_rows += one.substr(one.find('\n') + 1);
  }
  EXPECT_EQ(by_rows, text);
}

TEST(CsvWrite, DashWritesStandardOutput) {
  ::testing::internal::CaptureStdout();
  write_csv("-", small_table());
  write_file_atomic("-", "tail\n");
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), "a,b\n1,2.5\n-3,4e-07\ntail\n");
}

// ---------------------------------------------------------------------------------------------
// Atomic writes

TEST(AtomicWrite, ReplacesTheTargetAndLeavesNoTemporary) {
  testing::TempDir tmp;
  testing::write_text(tmp.file("t.csv"), "old content\n");
  write_csv(tmp.file("t.csv"), small_table());
  EXPECT_EQ(testing::read_text(tmp.file("t.csv")), "a,b\n1,2.5\n-3,4e-07\n");
  EXPECT_EQ(files_in(tmp.path()), std::vector<std::string>{"t.csv"});
  write_file_atomic(tmp.file("m.json"), "{}\n");
  EXPECT_EQ(testing::read_text(tmp.file("m.json")), "{}\n");
  EXPECT_EQ(files_in(tmp.path()), (std::vector<std::string>{"m.json", "t.csv"}));
}

TEST(AtomicWrite, TemporaryFileBesideTheTargetUntilCommitted) {
  testing::TempDir tmp;
  const std::string target = tmp.file("model.json");
  {
    AtomicFile f(target);
    const std::string temp = f.temp_path();
    const std::string prefix =
        tmp.file(".model.json.rarenet-tmp-" + std::to_string(::getpid()) + "-");
    EXPECT_EQ(temp.rfind(prefix, 0), 0u) << temp;
    EXPECT_EQ(temp.size(), prefix.size() + 6) << temp;
    f.write("partial");
    EXPECT_TRUE(fs::exists(temp));
    EXPECT_FALSE(fs::exists(target));
  }  // dropped without commit (as when an exception unwinds)
  EXPECT_TRUE(fs::is_empty(tmp.path()));
  {
    AtomicFile f(target);
    f.write("complete");
    f.commit(false);
  }
  EXPECT_EQ(testing::read_text(target), "complete");
  EXPECT_EQ(files_in(tmp.path()), std::vector<std::string>{"model.json"});
}

TEST(AtomicWrite, MissingDirectoryFailsAndLeavesNothing) {
  testing::TempDir tmp;
  const std::string target = tmp.file("missing-dir/t.csv");
  try {
    write_csv(target, small_table());
    FAIL() << "expected a FileError";
  } catch (const FileError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(msg.rfind(target + ": cannot write: ", 0), 0u) << msg;
    EXPECT_NE(msg.find("No such file or directory"), std::string::npos) << msg;
  }
  EXPECT_TRUE(fs::is_empty(tmp.path()));
}

TEST(AtomicWrite, TargetThatIsADirectoryFailsAndLeavesNoTemporary) {
  testing::TempDir tmp;
  fs::create_directory(tmp.path() / "out.csv");
  const std::string msg = error_message([&] { write_csv(tmp.file("out.csv"), small_table()); });
  EXPECT_EQ(msg, tmp.file("out.csv") + ": cannot write: is a directory, expected a file name");
  EXPECT_EQ(files_in(tmp.path()), std::vector<std::string>{"out.csv"});
  EXPECT_TRUE(fs::is_directory(tmp.path() / "out.csv"));
}

TEST(AtomicWrite, UnwritableDirectoryFails) {
  // /proc refuses new files even to root.
  const std::string msg = error_message([] { write_csv("/proc/rarenet-test.csv", small_table()); });
  EXPECT_EQ(msg.rfind("/proc/rarenet-test.csv: cannot write: cannot create a temporary file in "
                      "'/proc': ",
                      0),
            0u)
      << msg;
  EXPECT_FALSE(fs::exists("/proc/rarenet-test.csv"));
  // A read-only directory, where permissions bind (not for root, who may write anywhere).
  if (::geteuid() != 0) {
    testing::TempDir tmp;
    const fs::path ro = tmp.path() / "ro";
    fs::create_directory(ro);
    fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
    const std::string m = error_message([&] { write_csv((ro / "t.csv").string(), small_table()); });
    EXPECT_NE(m.find("Permission denied"), std::string::npos) << m;
    EXPECT_TRUE(fs::is_empty(ro));
    fs::permissions(ro, fs::perms::owner_all);
  }
}

// A file read from disk drops the pages it has parsed (every 8 MiB per thread) and, when a text
// cell sends it from the numeric parser to the mixed one, reads them again: the values must be
// those parsed from the same text held in memory, for one and two threads.
TEST(CsvRead, LargeFileReadInWindowsGivesTheSameValuesAsTheTextInMemory) {
  std::string text = "a,b,c,d,y\n";
  std::mt19937_64 gen(7);
  std::normal_distribution<double> normal;
  char buf[32];
  while (text.size() < (std::size_t{20} << 20)) {
    for (int c = 0; c < 4; ++c) {
      text.append(buf, std::to_chars(buf, buf + sizeof buf, normal(gen)).ptr);
      text += ',';
    }
    text += gen() % 2 ? "1\n" : "0\n";
  }
  testing::TempDir tmp;
  testing::write_text(tmp.path() / "big.csv", text);
  for (int jobs : {1, 2}) {
    CsvReadOptions o;
    o.jobs = jobs;
    const Table expected = parse_csv(text, "big.csv", o);
    EXPECT_TRUE(same_bits(read_csv(tmp.file("big.csv"), o).values, expected.values)) << jobs;
    TableReadOptions t;
    t.jobs = jobs;
    EXPECT_TRUE(same_bits(read_table(tmp.file("big.csv"), t).values, expected.values)) << jobs;
  }
  // A text cell on the last line: the numeric parser fails there, after dropping what it read.
  text.insert(text.size() - 2, "x");
  testing::write_text(tmp.path() / "text.csv", text);
  for (int jobs : {1, 2}) {
    TableReadOptions t;
    t.jobs = jobs;
    const Table expected = parse_table(text, "text.csv", t);
    const Table read = read_table(tmp.file("text.csv"), t);
    EXPECT_TRUE(same_bits(read.values, expected.values)) << jobs;
    EXPECT_EQ(read.levels, expected.levels);
  }
}

}  // namespace
}  // namespace rarenet
