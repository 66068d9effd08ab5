// Every kind of report page in a real browser: Debian's headless Chromium opens the file, and the
// test reads back the page's DOM (every chart drew an SVG, the page marked itself ready with no
// chart error), Chromium's console (no message from the page) and its network log (no request
// from the page), and takes a screenshot of the tutorial page.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <regex>

#include "support.hpp"

namespace rarenet {
namespace {

using nlohmann::json;
using testing::rarenet;
using testing::read_text;
using testing::TempDir;

std::string q(const std::string& s) {
  return "'" + s + "'";
}

struct Rendered {
  int exit_code = -1;
  std::string dom, console, error;
  std::vector<std::string> page_requests;  // URLs the page asked the network for
};

std::string attribute(const std::string& dom, const std::string& name) {
  const std::regex re("<body[^>]*\\s" + name + "=\"([^\"]*)\"");
  std::smatch m;
  return std::regex_search(dom, m, re) ? m[1].str() : "";
}

// Opens `page` in headless Chromium with virtual time (the page's scripts run to completion).
Rendered render(const TempDir& tmp, const std::string& page, const std::string& screenshot = "") {
  Rendered r;
  const std::string netlog = tmp.file("netlog.json"), dom = tmp.file("dom.html");
  const std::string flags =
      "--headless --no-sandbox --disable-gpu --disable-background-networking "
      "--disable-component-update --no-first-run --hide-scrollbars --enable-logging=stderr "
      "--v=0 --virtual-time-budget=30000 --window-size=1320,2600 --user-data-dir=" +
      q(tmp.file("profile")) + " --log-net-log=" + q(netlog);
  const auto run = testing::run("timeout 180 chromium " + flags + " --dump-dom " +
                                q("file://" + page) + " > " + q(dom));
  r.exit_code = run.exit_code;
  r.dom = read_text(dom);
  for (std::size_t a = 0, b; (b = run.err.find('\n', a)) != std::string::npos; a = b + 1) {
    const std::string line = run.err.substr(a, b - a);
    if (line.find(":CONSOLE") != std::string::npos) r.console += line + "\n";
  }
  if (run.exit_code != 0) r.error = run.err;
  // Requests started on behalf of the page carry its (file://, opaque) origin; the browser's own
  // background requests, if any, carry none ("not an origin").
  try {
    const json log = json::parse(read_text(netlog));
    int start_job = -1;
    for (const auto& [name, id] : log["constants"]["logEventTypes"].items())
      if (name == "URL_REQUEST_START_JOB") start_job = id.get<int>();
    for (const auto& e : log["events"]) {
      if (e["type"] != start_job || !e.contains("params") || !e["params"].contains("url")) continue;
      const auto& p = e["params"];
      const std::string initiator = p.value("initiator", "");
      const std::string url = p.value("url", "");
      if (initiator != "not an origin" || url.rfind("file:", 0) == 0)
        if (url != "file://" + page) r.page_requests.push_back(url);
    }
  } catch (const std::exception& e) {
    r.error += std::string("network log unreadable: ") + e.what();
  }
  if (!screenshot.empty())
    testing::run("timeout 180 chromium " + flags + " --screenshot=" + q(screenshot) + " " +
                 q("file://" + page));
  return r;
}

// The page drew all its charts, each as an SVG, with nothing on the console or the network.
void expect_rendered(const TempDir& tmp, const std::string& page, std::size_t min_charts) {
  SCOPED_TRACE(page);
  ASSERT_TRUE(std::filesystem::exists(page));
  const std::string html = read_text(page);
  std::size_t charts = 0;
  for (auto at = html.find("<div class=\"chart\" id=\"chart-"); at != std::string::npos;
       at = html.find("<div class=\"chart\" id=\"chart-", at + 1))
    ++charts;
  EXPECT_GE(charts, min_charts);
  const Rendered r = render(tmp, page);
  ASSERT_EQ(r.exit_code, 0) << r.error;
  EXPECT_EQ(attribute(r.dom, "data-report-ready"), "true");
  EXPECT_EQ(attribute(r.dom, "data-charts-expected"), std::to_string(charts));
  EXPECT_EQ(attribute(r.dom, "data-charts-drawn"), std::to_string(charts));
  EXPECT_EQ(attribute(r.dom, "data-chart-errors"), "");
  const std::regex svg("<svg[^>]*class=\"marks\"");
  const auto svgs = static_cast<std::size_t>(
      std::distance(std::sregex_iterator(r.dom.begin(), r.dom.end(), svg), std::sregex_iterator()));
  EXPECT_EQ(svgs, charts);
  EXPECT_EQ(r.console, "") << "the page logged to the console";
  EXPECT_TRUE(r.page_requests.empty()) << "the page requested " << r.page_requests.front();
  EXPECT_EQ(attribute(r.dom, "data-pwned"), "");  // no string from the data ran as script
}

class ReportBrowser : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    const auto f = [](const std::string& n) { return dir_->file(n); };
    auto ok = [](const testing::CommandResult& r) { ASSERT_EQ(r.exit_code, 0) << r.err; };
    ok(
        rarenet("make-classification --n-samples 4000 --n-features 5 --weights 0.95 "
                "--random-state 9 -o " +
                q(f("data.csv"))));
    ok(rarenet("split " + q(f("data.csv")) + " --test-size 0.3 --stratify --random-state 1 " +
               "--train-out " + q(f("train.csv")) + " --test-out " + q(f("test.csv"))));
    ok(rarenet("train " + q(f("train.csv")) + " --epochs 5 --class-weight balanced " +
               "--calibrate prior --quiet --validation " + q(f("test.csv")) + " -o " +
               q(f("model.json")) + " --report " + q(f("train.html"))));
    ok(rarenet("evaluate " + q(f("model.json")) + " " + q(f("test.csv")) + " --report " +
               q(f("evaluate.html"))));
    ok(rarenet("cv " + q(f("data.csv")) + " --epochs 3 --n-splits 3 --report " + q(f("cv.html"))));
    ok(rarenet("sweep " + q(f("data.csv")) + " --epochs 3 --n-splits 3 --ratios 1,5,20 " +
               "--calibrate prior --report " + q(f("sweep.html"))));
    ok(rarenet("tutorial --epochs 3 --quiet --report " + q(f("tutorial.html"))));
    // Multi-class, and multi-label with a label named to break out of a script element.
    ok(
        rarenet("make-classification --n-samples 3000 --n-features 5 --n-informative 3 "
                "--n-classes 3 --weights 0.7,0.25 --random-state 4 -o " +
                q(f("multi.csv"))));
    ok(rarenet("train " + q(f("multi.csv")) + " --epochs 3 --quiet -o " + q(f("multi.json"))));
    ok(rarenet("evaluate " + q(f("multi.json")) + " " + q(f("multi.csv")) + " --report " +
               q(f("multiclass.html"))));
    ok(rarenet("sweep " + q(f("multi.csv")) + " --epochs 3 --n-splits 3 --powers 0,1 " +
               "--criterion f1 --report " + q(f("multiclass_sweep.html"))));
    const std::string hostile = "</script><script>document.body.dataset.pwned=1</script>";
    std::string csv = "x0,x1," + hostile + ",b\n";
    for (int i = 0; i < 400; ++i) {
      const double x0 = (i % 37) / 37.0, x1 = (i % 11) / 11.0;
      csv += std::to_string(x0) + "," + std::to_string(x1) + "," +
             (x0 + 0.3 * x1 > 0.8 ? "1" : "0") + "," + (x1 > 0.7 ? "1" : "0") + "\n";
    }
    testing::write_text(f("labels.csv"), csv);
    ok(rarenet("train " + q(f("labels.csv")) + " --target " + q(hostile + ",b") +
               " --epochs 3 --quiet -o " + q(f("labels.json"))));
    ok(rarenet("evaluate " + q(f("labels.json")) + " " + q(f("labels.csv")) + " --report " +
               q(f("multilabel.html"))));
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static TempDir* dir_;
  TempDir tmp_;  // the browser's profile and logs, fresh for each test
};
TempDir* ReportBrowser::dir_ = nullptr;

TEST_F(ReportBrowser, EvaluatePageDrawsEveryChart) {
  expect_rendered(tmp_, dir_->file("evaluate.html"), 5);
  // The model is prior-corrected: the reliability chart shows before and after.
  const std::string html = read_text(dir_->file("evaluate.html"));
  EXPECT_NE(html.find("before prior correction"), std::string::npos);
}

TEST_F(ReportBrowser, TrainPageDrawsEveryChart) {
  expect_rendered(tmp_, dir_->file("train.html"), 7);
}

TEST_F(ReportBrowser, CvPageDrawsEveryChart) {
  expect_rendered(tmp_, dir_->file("cv.html"), 3);
}

TEST_F(ReportBrowser, SweepPageDrawsEveryChart) {
  expect_rendered(tmp_, dir_->file("sweep.html"), 9);
}

TEST_F(ReportBrowser, MultiClassAndMultiLabelPagesDrawEveryChart) {
  expect_rendered(tmp_, dir_->file("multiclass.html"), 6);
  // A multi-class sweep: the criterion chart and the winner's one-vs-rest charts.
  expect_rendered(tmp_, dir_->file("multiclass_sweep.html"), 6);
  expect_rendered(tmp_, dir_->file("multilabel.html"), 10);
  // The hostile label is shown as text.
  const Rendered r = render(tmp_, dir_->file("multilabel.html"));
  EXPECT_NE(r.dom.find("Label &lt;/script&gt;&lt;script&gt;document.body.dataset.pwned=1"),
            std::string::npos);
}

TEST_F(ReportBrowser, TutorialPageDrawsEveryChartAndMakesAScreenshot) {
  expect_rendered(tmp_, dir_->file("tutorial.html"), 15);
  const std::string png = tmp_.file("tutorial.png");
  render(tmp_, dir_->file("tutorial.html"), png);
  const std::string image = read_text(png);
  ASSERT_GT(image.size(), 50000u) << "no screenshot, or a blank one";
  EXPECT_EQ(image.substr(1, 3), "PNG");
}

}  // namespace
}  // namespace rarenet
