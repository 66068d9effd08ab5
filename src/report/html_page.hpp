// The parts of a report page (private to the report layer): sections of paragraphs, charts and
// tables, rendered into resources/report/page.html by mstch. Charts are Vega-Lite specs with their
// data inline (html_charts.cpp); the text goes through mstch's HTML escaping, the JSON through
// json_for_script.
#pragma once

#include <array>
#include <deque>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rarenet/report_html.hpp"

namespace rarenet::html {

struct Cell {
  Cell(std::string text_, std::string sub_ = "", std::string heat_ = "", bool num_ = true,
       bool rowhead_ = false)
      : text(std::move(text_)),
        sub(std::move(sub_)),
        heat(std::move(heat_)),
        num(num_),
        rowhead(rowhead_) {}
  std::string text;
  std::string sub;       // a second, smaller line (e.g. a rate under a count)
  std::string heat;      // CSS background colour, or empty
  bool num = true;       // right-aligned
  bool rowhead = false;  // a row heading
};

struct Table {
  std::string caption;
  std::vector<std::string> head;
  std::vector<std::vector<Cell>> rows;
};

struct ChartRef {
  std::string id, caption;
};

struct Section {
  std::string id, heading;
  std::vector<std::string> paragraphs;
  std::vector<ChartRef> charts;
  std::vector<Table> tables;
  std::vector<std::string> warnings;
};

class Page {
 public:
  // kind: "evaluate", "train", "cv", "sweep", "tutorial" (kept in the record).
  Page(std::string kind, std::string title, const RunHeader& run);

  std::string summary;           // one paragraph under the title
  nlohmann::json result;         // the object the command prints with --json
  std::deque<Section> sections;  // a deque: references stay valid as sections are added

  Section& add_section(const std::string& heading);
  // Stores the spec and returns its chart reference (placed by the caller into a section).
  ChartRef chart(const nlohmann::json& spec, const std::string& caption = "");

  std::string render() const;

 private:
  std::string kind_, title_;
  RunHeader run_;
  nlohmann::json charts_ = nlohmann::json::object();
};

// Number formatting for tables and labels: fixed digits ("0.9340"), or shortest round trip.
std::string fixed(double v, int digits = 4);
std::string shortest(double v);
std::string short_number(double v);                 // 4 significant digits, for prose
std::string percent(double share, int digits = 1);  // 0.1234 -> "12.3%"

// The tables every evaluation shows.
Table classification_report_table(const Evaluation& e);
Table confusion_table(const Evaluation& e, const std::string& caption = "");
Table figures_table(const Evaluation& e);

// Binary: (false positive rate, recall, precision) at the evaluation's threshold, if defined.
std::optional<std::array<double, 3>> operating_point(const Evaluation& e);

// A section with every chart and table of one evaluation (binary or multi-class).
void add_evaluation(Page& page, Section& s, const Evaluation& e, const std::string& label = "");

}  // namespace rarenet::html
