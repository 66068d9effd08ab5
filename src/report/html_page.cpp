#include "html_page.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <mstch/mstch.hpp>
#include <string_view>

#include "html_charts.hpp"
#include "rarenet/report_json.hpp"

namespace rarenet::resources {
extern const std::string_view page_template, vega_js, vega_lite_js, vega_embed_js;
}

namespace rarenet {

std::string rarenet_version() {
  return RARENET_VERSION;
}

std::string json_for_script(const nlohmann::json& j) {
  // Replacing the characters is safe anywhere in JSON text: outside strings they cannot occur.
  const std::string text = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size() + text.size() / 64);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xe2' && i + 2 < text.size() && text[i + 1] == '\x80' &&
               (text[i + 2] == '\xa8' || text[i + 2] == '\xa9')) {
      out += text[i + 2] == '\xa8' ? "\\u2028" : "\\u2029";  // line separators end JS lines
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

namespace html {

std::string fixed(double v, int digits) {
  if (std::isnan(v)) return "n/a";  // undefined (e.g. ROC AUC with one class present)
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string shortest(double v) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

std::string short_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string percent(double share, int digits) {
  return fixed(100 * share, digits) + "%";
}

Page::Page(std::string kind, std::string title, const RunHeader& run)
    : kind_(std::move(kind)), title_(std::move(title)), run_(run) {
  if (run_.version.empty()) run_.version = rarenet_version();
}

Section& Page::add_section(const std::string& heading) {
  Section s;
  s.heading = heading;
  s.id = "section-" + std::to_string(sections.size() + 1);
  sections.push_back(std::move(s));
  return sections.back();
}

ChartRef Page::chart(const nlohmann::json& spec, const std::string& caption) {
  ChartRef ref{"chart-" + std::to_string(charts_.size() + 1), caption};
  charts_[ref.id] = spec;
  return ref;
}

namespace {

mstch::node table_node(const Table& t) {
  mstch::array head, rows;
  for (const auto& h : t.head) head.push_back(h);
  for (const auto& r : t.rows) {
    mstch::array cells;
    for (const Cell& c : r)
      cells.push_back(mstch::map{{"text", c.text},
                                 {"sub", c.sub},
                                 {"heat", c.heat},
                                 {"num", c.num},
                                 {"rowhead", c.rowhead}});
    rows.push_back(mstch::map{{"cells", cells}});
  }
  return mstch::map{{"caption", t.caption}, {"head", head}, {"rows", rows}};
}

}  // namespace

std::string Page::render() const {
  nlohmann::json run = {{"command", run_.command},
                        {"data_file", run_.data_file},
                        {"rows_per_class", nlohmann::json::object()},
                        {"options", nlohmann::json::object()},
                        {"version", run_.version},
                        {"date", run_.date}};
  mstch::array rows, options;
  for (std::size_t i = 0; i < run_.rows_per_class.size(); ++i) {
    const auto& [name, count] = run_.rows_per_class[i];
    run["rows_per_class"][name] = count;
    rows.push_back(mstch::map{{"name", name},
                              {"count", std::to_string(count)},
                              {"last", i + 1 == run_.rows_per_class.size()}});
  }
  for (const auto& [name, value] : run_.options) {
    run["options"][name] = value;
    options.push_back(mstch::map{{"name", name}, {"value", value}});
  }
  const nlohmann::json record = {{"kind", kind_}, {"run", run}, {"result", result}};

  mstch::array sections_node;
  for (const Section& s : sections) {
    mstch::array paragraphs, warnings, charts, tables;
    for (const auto& p : s.paragraphs) paragraphs.push_back(p);
    for (const auto& w : s.warnings) warnings.push_back(w);
    for (const auto& c : s.charts)
      charts.push_back(mstch::map{{"id", c.id}, {"caption", c.caption}});
    for (const auto& t : s.tables) tables.push_back(table_node(t));
    sections_node.push_back(mstch::map{{"id", s.id},
                                       {"heading", s.heading},
                                       {"paragraphs", paragraphs},
                                       {"warnings", warnings},
                                       {"has_charts", !s.charts.empty()},
                                       {"charts", charts},
                                       {"has_tables", !s.tables.empty()},
                                       {"tables", tables}});
  }
  const mstch::map root{{"title", title_},
                        {"summary", summary},
                        {"run", mstch::map{{"command", run_.command},
                                           {"data_file", run_.data_file},
                                           {"has_rows", !rows.empty()},
                                           {"rows", rows},
                                           {"version", run_.version},
                                           {"date", run_.date},
                                           {"has_options", !options.empty()},
                                           {"options_count", std::to_string(options.size())},
                                           {"options", options}}},
                        {"sections", sections_node},
                        {"record", json_for_script(record)},
                        {"charts", json_for_script(charts_)},
                        {"vega_js", std::string(resources::vega_js)},
                        {"vega_lite_js", std::string(resources::vega_lite_js)},
                        {"vega_embed_js", std::string(resources::vega_embed_js)}};
  return mstch::render(std::string(resources::page_template), root);
}

// ---------------------------------------------------------------------------------------------
// Tables

Table classification_report_table(const Evaluation& e) {
  Table t;
  t.caption = "Classification report";
  t.head = {"class", "precision", "recall", "F1", "support"};
  auto row = [&](const std::string& name, const ClassScores& s, bool support = true) {
    t.rows.push_back({Cell{name, "", "", false, true}, Cell{fixed(s.precision)},
                      Cell{fixed(s.recall)}, Cell{fixed(s.f1)},
                      Cell{support ? std::to_string(s.support) : ""}});
  };
  const ClassificationReport& r = e.report;
  for (std::size_t c = 0; c < r.classes.size(); ++c)
    row(std::to_string(r.classes[c]), r.per_class[c]);
  std::int64_t total = 0;
  for (const auto& s : r.per_class) total += s.support;
  t.rows.push_back({Cell{"accuracy", "", "", false, true}, Cell{""}, Cell{""},
                    Cell{fixed(r.accuracy)}, Cell{std::to_string(total)}});
  row("macro avg", r.macro_avg);
  row("weighted avg", r.weighted_avg);
  return t;
}

Table confusion_table(const Evaluation& e, const std::string& caption) {
  Table t;
  t.caption =
      caption.empty() ? "Confusion matrix (rows: true class; rate: share of the row)" : caption;
  t.head = {"true \\ predicted"};
  for (auto c : e.classes) t.head.push_back(std::to_string(c));
  t.head.push_back("rows");
  const auto& m = e.confusion.counts;
  for (Index i = 0; i < m.rows(); ++i) {
    std::int64_t total = 0;
    for (Index j = 0; j < m.cols(); ++j) total += m(i, j);
    std::vector<Cell> row{
        Cell{std::to_string(e.classes[static_cast<std::size_t>(i)]), "", "", false, true}};
    for (Index j = 0; j < m.cols(); ++j) {
      const double rate = total > 0 ? static_cast<double>(m(i, j)) / static_cast<double>(total) : 0;
      // Right answers in blue, mistakes in red, deeper for a larger share of the row.
      char heat[64];
      std::snprintf(heat, sizeof heat,
                    i == j ? "rgba(31, 119, 180, %.3f)" : "rgba(214, 39, 40, %.3f)",
                    0.06 + 0.6 * rate);
      row.push_back(Cell{std::to_string(m(i, j)), percent(rate), m(i, j) > 0 ? heat : ""});
    }
    row.push_back(Cell{std::to_string(total)});
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table figures_table(const Evaluation& e) {
  Table t;
  t.caption = "Figures";
  t.head = {"figure", "value"};
  auto row = [&](const std::string& name, const std::string& v) {
    t.rows.push_back({Cell{name, "", "", false, true}, Cell{v}});
  };
  const bool binary = e.classes.size() == 2;
  if (binary) row("threshold", short_number(e.threshold));
  row(binary ? "ROC AUC" : "ROC AUC (one-vs-rest, macro)", fixed(e.roc_auc));
  if (!binary) row("ROC AUC (one-vs-rest, weighted)", fixed(e.roc_auc_weighted));
  row(binary ? "average precision" : "average precision (macro)", fixed(e.average_precision));
  row("balanced accuracy", fixed(e.balanced_accuracy));
  row("MCC", fixed(e.mcc));
  row("specificity", fixed(e.specificity));
  row("G-mean", fixed(e.g_mean));
  row("log loss", fixed(e.log_loss));
  row("Brier score", fixed(e.brier));
  if (binary) {
    row("predicted positives", std::to_string(e.predicted_positives));
    row("actual positives", std::to_string(e.actual_positives));
  }
  return t;
}

std::optional<std::array<double, 3>> operating_point(const Evaluation& e) {
  if (e.classes.size() != 2) return std::nullopt;
  const auto& m = e.confusion.counts;
  const double tn = static_cast<double>(m(0, 0)), fp = static_cast<double>(m(0, 1)),
               fn = static_cast<double>(m(1, 0)), tp = static_cast<double>(m(1, 1));
  if (tn + fp == 0 || tp + fn == 0 || tp + fp == 0) return std::nullopt;
  return std::array<double, 3>{fp / (fp + tn), tp / (tp + fn), tp / (tp + fp)};
}

void add_evaluation(Page& page, Section& s, const Evaluation& e, const std::string& label) {
  const std::string of = label.empty() ? "" : " · " + label;
  const bool binary = e.classes.size() == 2;
  std::vector<CurveSeries> series;
  for (const ClassCurves& c : e.curves.classes) {
    if (c.roc.x.empty()) continue;
    std::string name = binary ? "class " + std::to_string(c.positive)
                              : "class " + std::to_string(c.positive) + " vs rest";
    series.push_back({name, &c, binary ? operating_point(e) : std::nullopt, false});
  }
  if (!series.empty()) {
    std::vector<CurveSeries> roc = series, pr = series;
    for (std::size_t i = 0; i < series.size(); ++i) {
      const ClassCurves& c = *series[i].curves;
      const double auc = binary ? e.roc_auc : 0;
      roc[i].name += binary ? " · AUC " + fixed(auc, 3) : "";
      pr[i].name += binary ? " · AP " + fixed(e.average_precision, 3) : "";
      pr[i].name += " · prevalence " + fixed(c.prevalence, 4);
    }
    s.charts.push_back(
        page.chart(roc_chart(roc, "ROC curve" + of),
                   binary ? "ROC AUC " + fixed(e.roc_auc) +
                                "; dashed: chance; dot: the threshold " + short_number(e.threshold)
                          : "One-vs-rest per class; ROC AUC macro " + fixed(e.roc_auc) +
                                ", weighted " + fixed(e.roc_auc_weighted) + "; dashed: chance"));
    s.charts.push_back(page.chart(pr_chart(pr, "Precision-recall curve" + of),
                                  "Average precision " + fixed(e.average_precision) +
                                      (binary ? "" : " (macro)") +
                                      "; dashed: the prevalence, a random guess's precision"));
  }
  for (const ClassCurves& c : e.curves.classes) {
    const std::string cls = "class " + std::to_string(c.positive);
    s.charts.push_back(
        page.chart(scores_chart(c, binary ? std::optional<double>(e.threshold) : std::nullopt,
                                "Scores by true class" + (binary ? of : " · " + cls + of)),
                   "Each class's rows as a share of that class, so a rare class stays visible" +
                       std::string(binary ? "; the line is the decision threshold" : "")));
    if (binary && !c.by_threshold.threshold.empty())
      s.charts.push_back(page.chart(
          threshold_chart(c, e.threshold, "Precision, recall and F1 by threshold" + of),
          "Of class " + std::to_string(c.positive) + "; the line marks the threshold used (" +
              short_number(e.threshold) + ")"));
  }
  std::vector<ReliabilitySeries> rel;
  for (const ClassCurves& c : e.curves.classes) {
    const std::string cls = binary ? "" : "class " + std::to_string(c.positive) + ", ";
    if (!c.reliability_uncorrected.count.empty())
      rel.push_back({cls + "before prior correction", &c.reliability_uncorrected});
    rel.push_back({cls + (c.reliability_uncorrected.count.empty() ? "as predicted"
                                                                  : "after prior correction"),
                   &c.reliability});
  }
  if (!rel.empty())
    s.charts.push_back(page.chart(
        reliability_chart(
            rel,
            binary ? "observed share of class " + std::to_string(e.curves.classes.front().positive)
                   : "observed share of the class",
            "Reliability (calibration)" + of),
        "Ten equal-width probability bins (scikit-learn's calibration_curve); on the diagonal, "
        "a probability means what it says"));
  if (!e.decision_weights.empty()) {
    std::string w;
    for (std::size_t c = 0; c < e.decision_weights.size() && c < e.classes.size(); ++c)
      w += (w.empty() ? "" : ", ") + e.class_name(c) + ": " + short_number(e.decision_weights[c]);
    s.paragraphs.push_back(
        "Decided by the tuned rule: the class with the largest weight x "
        "probability, weights {" +
        w + "}.");
  }
  s.tables.push_back(classification_report_table(e));
  s.tables.push_back(confusion_table(e));
  s.tables.push_back(figures_table(e));
  for (const auto& w : e.warnings) s.warnings.push_back(w);
}

}  // namespace html
}  // namespace rarenet
