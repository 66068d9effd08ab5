#include "html_charts.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "html_page.hpp"

namespace rarenet::html {
namespace {

using nlohmann::json;

json q(const std::string& field, const std::string& title, bool unit = false) {
  json e = {{"field", field}, {"type", "quantitative"}, {"title", title}};
  if (unit) e["scale"] = {{"domain", {0, 1}}};
  return e;
}

json base(const std::string& title, int width = 300, int height = 260) {
  return {{"title", title}, {"width", width}, {"height", height}};
}

json diagonal(const std::string& x, const std::string& y) {
  return {{"data", {{"values", {{{x, 0}, {y, 0}}, {{x, 1}, {y, 1}}}}}},
          {"mark", {{"type", "line"}, {"strokeDash", {4, 4}}, {"color", "#9a9a9a"}}},
          {"encoding",
           {{"x", {{"field", x}, {"type", "quantitative"}}},
            {"y", {{"field", y}, {"type", "quantitative"}}}}}};
}

json series_color(const std::vector<std::string>& names) {
  return {{"field", "series"},
          {"type", "nominal"},
          {"title", nullptr},
          {"scale", {{"domain", names}}},
          {"legend", {{"orient", "bottom"}, {"columns", 1}}}};
}

json vertical_rule(double x, const std::string& field, const std::string& label,
                   const std::string& color) {
  return {{"data", {{"values", {{{field, x}, {"label", label}}}}}},
          {"layer",
           {{{"mark", {{"type", "rule"}, {"color", color}, {"strokeWidth", 1.5}}},
             {"encoding", {{"x", {{"field", field}, {"type", "quantitative"}}}}}},
            {{"mark",
              {{"type", "text"},
               {"color", color},
               {"align", "left"},
               {"dx", 4},
               {"baseline", "top"},
               {"y", 2}}},
             {"encoding",
              {{"x", {{"field", field}, {"type", "quantitative"}}},
               {"text", {{"field", "label"}}}}}}}}};
}

// Six significant digits: plotted coordinates need no more (the record keeps exact figures), and
// a page's curves take half the room.
double rounded(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return std::strtod(buf, nullptr);
}
json rounded(const std::vector<double>& v) {
  json a = json::array();
  for (double x : v) a.push_back(rounded(x));
  return a;
}

// A curve overlay (ROC or PR): one line per series, operating points, the highlighted one wider.
// Data: one object per series with its coordinates as arrays (flattened by the chart).
json curve_layer(const std::vector<CurveSeries>& series, bool roc) {
  const std::string xf = roc ? "fpr" : "recall", yf = roc ? "tpr" : "precision";
  json rows = json::array(), points = json::array();
  std::vector<std::string> names;
  for (const CurveSeries& s : series) {
    names.push_back(s.name);
    const Curve& c = roc ? s.curves->roc : s.curves->pr;
    rows.push_back({{"series", s.name},
                    {"chosen", s.highlight},
                    {xf, rounded(c.x)},
                    {yf, rounded(c.y)},
                    {"threshold", rounded(c.thresholds)}});
    if (s.point && !c.x.empty())
      points.push_back({{"series", s.name},
                        {xf, roc ? (*s.point)[0] : (*s.point)[1]},
                        {yf, roc ? (*s.point)[1] : (*s.point)[2]}});
  }
  json tooltip = {{{"field", "series"}, {"title", "curve"}},
                  {{"field", xf}, {"type", "quantitative"}, {"format", ".4f"}},
                  {{"field", yf}, {"type", "quantitative"}, {"format", ".4f"}},
                  {{"field", "threshold"}, {"type", "quantitative"}, {"format", ".4g"}}};
  json line = {{"data", {{"values", rows}}},
               {"transform",
                {{{"flatten", {xf, yf, "threshold"}}},
                 {{"window", {{{"op", "row_number"}, {"as", "i"}}}}, {"groupby", {"series"}}}}},
               {"mark", {{"type", "line"}, {"clip", true}}},
               {"encoding",
                {{"x", q(xf, roc ? "false positive rate" : "recall", true)},
                 {"y", q(yf, roc ? "true positive rate (recall)" : "precision", true)},
                 {"color", series_color(names)},
                 {"order", {{"field", "i"}, {"type", "quantitative"}}},
                 {"strokeWidth",
                  {{"condition", {{"test", "datum.chosen"}, {"value", 3.5}}}, {"value", 1.5}}},
                 {"tooltip", tooltip}}}};
  json layers = json::array({line});
  if (!points.empty())
    layers.push_back({{"data", {{"values", points}}},
                      {"mark",
                       {{"type", "point"},
                        {"filled", true},
                        {"size", 70},
                        {"stroke", "black"},
                        {"strokeWidth", 1}}},
                      {"encoding",
                       {{"x", q(xf, "")},
                        {"y", q(yf, "")},
                        {"color", series_color(names)},
                        {"tooltip",
                         {{{"field", "series"}, {"title", "at the threshold"}},
                          {{"field", xf}, {"type", "quantitative"}, {"format", ".4f"}},
                          {{"field", yf}, {"type", "quantitative"}, {"format", ".4f"}}}}}}});
  return layers;
}

}  // namespace

json roc_chart(const std::vector<CurveSeries>& series, const std::string& title) {
  json spec = base(title, 300, 300);
  json layers = json::array({diagonal("fpr", "tpr")});
  for (auto& l : curve_layer(series, true)) layers.push_back(l);
  spec["layer"] = layers;
  return spec;
}

json pr_chart(const std::vector<CurveSeries>& series, const std::string& title) {
  json spec = base(title, 300, 300);
  json baseline = json::array();
  std::vector<std::string> names;
  for (const CurveSeries& s : series) {
    names.push_back(s.name);
    baseline.push_back({{"series", s.name}, {"prevalence", s.curves->prevalence}});
  }
  json layers = json::array(
      {{{"data", {{"values", baseline}}},
        {"mark", {{"type", "rule"}, {"strokeDash", {4, 4}}}},
        {"encoding",
         {{"y", q("prevalence", "")},
          {"color", series_color(names)},
          {"tooltip",
           {{{"field", "series"}, {"title", "chance (prevalence)"}},
            {{"field", "prevalence"}, {"type", "quantitative"}, {"format", ".4f"}}}}}}}});
  for (auto& l : curve_layer(series, false)) layers.push_back(l);
  spec["layer"] = layers;
  return spec;
}

json scores_chart(const ClassCurves& c, std::optional<double> threshold, const std::string& title) {
  json rows = json::array();
  const std::string pos = "true class " + std::to_string(c.positive);
  const std::string rest = "other classes";
  std::int64_t n_rest = 0;
  for (auto v : c.hist_rest) n_rest += v;
  for (std::size_t b = 0; b + 1 < c.bin_edges.size(); ++b) {
    auto add = [&](const std::string& name, std::int64_t count, std::int64_t total) {
      if (count == 0) return;
      rows.push_back({{"class", name},
                      {"from", c.bin_edges[b]},
                      {"to", c.bin_edges[b + 1]},
                      {"count", count},
                      {"share", static_cast<double>(count) / static_cast<double>(total)}});
    };
    add(pos, c.hist_positive[b], c.positives);
    add(rest, c.hist_rest[b], n_rest);
  }
  json spec = base(title, 300, 220);
  json layers = json::array(
      {{{"data", {{"values", rows}}},
        {"mark", {{"type", "rect"}, {"opacity", 0.55}}},
        {"encoding",
         {{"x", q("from", "score (probability of class " + std::to_string(c.positive) + ")", true)},
          {"x2", {{"field", "to"}}},
          {"y",
           {{"field", "share"},
            {"type", "quantitative"},
            {"title", "share of the class's rows"},
            {"stack", nullptr}}},
          {"y2", {{"datum", 0}}},
          {"color",
           {{"field", "class"},
            {"type", "nominal"},
            {"title", nullptr},
            {"scale", {{"domain", {pos, rest}}, {"range", {"#d62728", "#1f77b4"}}}},
            {"legend", {{"orient", "bottom"}}}}},
          {"tooltip",
           {{{"field", "class"}},
            {{"field", "from"}, {"type", "quantitative"}, {"format", ".2f"}},
            {{"field", "to"}, {"type", "quantitative"}, {"format", ".2f"}},
            {{"field", "count"}, {"type", "quantitative"}},
            {{"field", "share"}, {"type", "quantitative"}, {"format", ".2%"}}}}}}}});
  if (threshold)
    layers.push_back(
        vertical_rule(*threshold, "from", "threshold " + short_number(*threshold), "black"));
  spec["layer"] = layers;
  return spec;
}

json threshold_chart(const ClassCurves& c, double threshold, const std::string& title) {
  // One row per threshold (the page folds it into one line per figure).
  const auto& t = c.by_threshold;
  const json rows = json::array({{{"threshold", rounded(t.threshold)},
                                  {"precision", rounded(t.precision)},
                                  {"recall", rounded(t.recall)},
                                  {"F1", rounded(t.f1)}}});
  json spec = base(title, 300, 240);
  spec["layer"] = json::array(
      {{{"data", {{"values", rows}}},
        {"transform",
         {{{"flatten", {"threshold", "precision", "recall", "F1"}}},
          {{"fold", {"precision", "recall", "F1"}}, {"as", {"metric", "value"}}}}},
        {"mark", {{"type", "line"}, {"clip", true}}},
        {"encoding",
         {{"x",
           q("threshold",
             "threshold (predict class " + std::to_string(c.positive) + " when score >= threshold)",
             true)},
          {"y", q("value", "", true)},
          {"color",
           {{"field", "metric"},
            {"type", "nominal"},
            {"title", nullptr},
            {"scale", {{"domain", {"precision", "recall", "F1"}}}},
            {"legend", {{"orient", "bottom"}}}}},
          {"tooltip",
           {{{"field", "metric"}},
            {{"field", "threshold"}, {"type", "quantitative"}, {"format", ".4g"}},
            {{"field", "value"}, {"type", "quantitative"}, {"format", ".4f"}}}}}}},
       vertical_rule(threshold, "threshold", "threshold " + short_number(threshold), "black")});
  return spec;
}

json reliability_chart(const std::vector<ReliabilitySeries>& series, const std::string& y_title,
                       const std::string& title) {
  json rows = json::array();
  std::vector<std::string> names;
  for (const auto& s : series) {
    names.push_back(s.name);
    for (std::size_t i = 0; i < s.curve->count.size(); ++i)
      rows.push_back({{"series", s.name},
                      {"predicted", s.curve->mean_predicted[i]},
                      {"observed", s.curve->fraction_positive[i]},
                      {"rows", s.curve->count[i]}});
  }
  json spec = base(title, 300, 300);
  spec["layer"] =
      json::array({diagonal("predicted", "observed"),
                   {{"data", {{"values", rows}}},
                    {"mark", {{"type", "line"}, {"point", true}}},
                    {"encoding",
                     {{"x", q("predicted", "mean predicted probability", true)},
                      {"y", q("observed", y_title, true)},
                      {"color", series_color(names)},
                      {"tooltip",
                       {{{"field", "series"}, {"title", "probabilities"}},
                        {{"field", "predicted"}, {"type", "quantitative"}, {"format", ".4f"}},
                        {{"field", "observed"}, {"type", "quantitative"}, {"format", ".4f"}},
                        {{"field", "rows"}, {"type", "quantitative"}}}}}}}});
  return spec;
}

json loss_chart(const FitHistory& h, bool validation, const std::string& title) {
  json rows = json::array();
  for (const EpochRecord& r : h.epochs) {
    rows.push_back({{"epoch", r.epoch}, {"series", "loss (training)"}, {"value", r.loss}});
    if (validation)
      rows.push_back({{"epoch", r.epoch}, {"series", "val_loss"}, {"value", r.val_loss}});
  }
  json spec = base(title, 420, 240);
  json layers =
      json::array({{{"data", {{"values", rows}}},
                    {"mark", {{"type", "line"}, {"point", h.epochs.size() <= 60}}},
                    {"encoding",
                     {{"x", {{"field", "epoch"}, {"type", "quantitative"}, {"title", "epoch"}}},
                      {"y",
                       {{"field", "value"},
                        {"type", "quantitative"},
                        {"title", "loss"},
                        {"scale", {{"zero", false}}}}},
                      {"color",
                       {{"field", "series"},
                        {"type", "nominal"},
                        {"title", nullptr},
                        {"legend", {{"orient", "bottom"}}}}},
                      {"tooltip",
                       {{{"field", "series"}},
                        {{"field", "epoch"}, {"type", "quantitative"}},
                        {{"field", "value"}, {"type", "quantitative"}, {"format", ".5f"}}}}}}}});
  if (validation || h.stopped_early)
    layers.push_back(vertical_rule(
        h.best_epoch, "epoch",
        (h.stopped_early ? "stopped; best epoch " : "best epoch ") + std::to_string(h.best_epoch),
        "black"));
  spec["layer"] = layers;
  return spec;
}

json validation_chart(const FitHistory& h, const std::string& title) {
  json rows = json::array();
  for (const EpochRecord& r : h.epochs) {
    rows.push_back({{"epoch", r.epoch}, {"series", "val_roc_auc"}, {"value", r.val_roc_auc}});
    rows.push_back(
        {{"epoch", r.epoch}, {"series", "val_minority_recall"}, {"value", r.val_minority_recall}});
  }
  json spec = base(title, 420, 240);
  spec["layer"] =
      json::array({{{"data", {{"values", rows}}},
                    {"mark", {{"type", "line"}, {"point", h.epochs.size() <= 60}}},
                    {"encoding",
                     {{"x", {{"field", "epoch"}, {"type", "quantitative"}, {"title", "epoch"}}},
                      {"y", q("value", "on the validation rows", true)},
                      {"color",
                       {{"field", "series"},
                        {"type", "nominal"},
                        {"title", nullptr},
                        {"legend", {{"orient", "bottom"}}}}},
                      {"tooltip",
                       {{{"field", "series"}},
                        {{"field", "epoch"}, {"type", "quantitative"}},
                        {{"field", "value"}, {"type", "quantitative"}, {"format", ".4f"}}}}}}},
                   vertical_rule(h.best_epoch, "epoch",
                                 "best epoch " + std::to_string(h.best_epoch), "black")});
  return spec;
}

json spread_chart(const std::vector<SpreadRow>& rows, const std::string& x_title,
                  const std::string& title) {
  json values = json::array(), summary = json::array();
  std::vector<std::string> order;
  for (const SpreadRow& r : rows) {
    order.push_back(r.group);
    for (std::size_t f = 0; f < r.values.size(); ++f)
      values.push_back({{"figure", r.group}, {"fold", f + 1}, {"value", r.values[f]}});
    summary.push_back({{"figure", r.group},
                       {"mean", r.mean},
                       {"std", r.std},
                       {"low", r.mean - r.std},
                       {"high", r.mean + r.std}});
  }
  json y = {{"field", "figure"}, {"type", "nominal"}, {"title", nullptr}, {"sort", order}};
  json spec = base(title, 360, static_cast<int>(24 * rows.size() + 20));
  spec["layer"] = json::array(
      {{{"data", {{"values", values}}},
        {"mark", {{"type", "tick"}, {"color", "#8c8c8c"}, {"thickness", 2}}},
        {"encoding",
         {{"y", y},
          {"x", q("value", x_title)},
          {"tooltip",
           {{{"field", "figure"}},
            {{"field", "fold"}, {"type", "ordinal"}},
            {{"field", "value"}, {"type", "quantitative"}, {"format", ".4f"}}}}}}},
       {{"data", {{"values", summary}}},
        {"layer",
         {{{"mark", {{"type", "rule"}, {"color", "#1f77b4"}, {"strokeWidth", 2}}},
           {"encoding", {{"y", y}, {"x", q("low", "")}, {"x2", {{"field", "high"}}}}}},
          {{"mark", {{"type", "point"}, {"filled", true}, {"color", "#1f77b4"}, {"size", 60}}},
           {"encoding",
            {{"y", y},
             {"x", q("mean", "")},
             {"tooltip",
              {{{"field", "figure"}},
               {{"field", "mean"}, {"type", "quantitative"}, {"format", ".4f"}},
               {{"field", "std"}, {"type", "quantitative"}, {"format", ".4f"}}}}}}}}}}});
  return spec;
}

json sweep_criterion_chart(const std::vector<SpreadRow>& folds, const std::vector<double>& pooled,
                           std::size_t chosen, const std::string& criterion,
                           const std::string& title) {
  json fold_rows = json::array(), pooled_rows = json::array();
  std::vector<std::string> order;
  for (std::size_t c = 0; c < folds.size(); ++c) {
    order.push_back(folds[c].group);
    for (std::size_t f = 0; f < folds[c].values.size(); ++f)
      fold_rows.push_back(
          {{"candidate", folds[c].group}, {"fold", f + 1}, {"value", folds[c].values[f]}});
    pooled_rows.push_back({{"candidate", folds[c].group},
                           {"value", pooled[c]},
                           {"chosen", c == chosen ? "chosen" : "candidate"}});
  }
  json x = {{"field", "candidate"},
            {"type", "ordinal"},
            {"sort", order},
            {"title", "class weight"},
            {"axis", {{"labelAngle", -30}}}};
  json spec = base(title, std::max(300, static_cast<int>(48 * folds.size())), 260);
  json winner = {{{"candidate", folds.empty() ? "" : folds[chosen].group}}};
  spec["layer"] = json::array(
      {{{"data", {{"values", winner}}},
        {"mark", {{"type", "rule"}, {"color", "#2ca02c"}, {"strokeWidth", 10}, {"opacity", 0.25}}},
        {"encoding", {{"x", x}}}},
       {{"data", {{"values", fold_rows}}},
        {"mark", {{"type", "tick"}, {"color", "#8c8c8c"}, {"orient", "horizontal"}}},
        {"encoding",
         {{"x", x},
          {"y", q("value", criterion)},
          {"tooltip",
           {{{"field", "candidate"}},
            {{"field", "fold"}, {"type", "ordinal"}},
            {{"field", "value"}, {"type", "quantitative"}, {"format", ".4f"}}}}}}},
       {{"data", {{"values", pooled_rows}}},
        {"layer",
         {{{"mark", {{"type", "line"}, {"color", "#1f77b4"}}},
           {"encoding", {{"x", x}, {"y", q("value", criterion)}}}},
          {{"mark", {{"type", "point"}, {"filled", true}, {"size", 80}}},
           {"encoding",
            {{"x", x},
             {"y", q("value", criterion)},
             {"color",
              {{"field", "chosen"},
               {"type", "nominal"},
               {"title", nullptr},
               {"scale", {{"domain", {"chosen", "candidate"}}, {"range", {"#2ca02c", "#1f77b4"}}}},
               {"legend", {{"orient", "bottom"}}}}},
             {"tooltip",
              {{{"field", "candidate"}},
               {{"field", "value"},
                {"type", "quantitative"},
                {"format", ".4f"},
                {"title", "pooled out-of-fold"}}}}}}}}}}});
  return spec;
}

json sweep_precision_recall_chart(const std::vector<SpreadRow>& precision,
                                  const std::vector<SpreadRow>& recall, std::size_t chosen,
                                  const std::string& title) {
  json rows = json::array();
  std::vector<std::string> order;
  for (std::size_t c = 0; c < precision.size(); ++c) {
    order.push_back(precision[c].group);
    for (const auto* r : {&precision[c], &recall[c]})
      rows.push_back({{"candidate", r->group},
                      {"metric", r == &precision[c] ? "precision" : "recall"},
                      {"mean", r->mean},
                      {"std", r->std},
                      {"low", r->mean - r->std},
                      {"high", r->mean + r->std}});
  }
  json x = {{"field", "candidate"},
            {"type", "ordinal"},
            {"sort", order},
            {"title", "class weight"},
            {"axis", {{"labelAngle", -30}}}};
  json color = {{"field", "metric"},
                {"type", "nominal"},
                {"title", nullptr},
                {"scale", {{"domain", {"precision", "recall"}}, {"range", {"#ff7f0e", "#9467bd"}}}},
                {"legend", {{"orient", "bottom"}}}};
  json winner = {{{"candidate", precision.empty() ? "" : precision[chosen].group}}};
  json spec = base(title, std::max(300, static_cast<int>(48 * precision.size())), 260);
  spec["layer"] = json::array(
      {{{"data", {{"values", winner}}},
        {"mark", {{"type", "rule"}, {"color", "#2ca02c"}, {"strokeWidth", 10}, {"opacity", 0.25}}},
        {"encoding", {{"x", x}}}},
       {{"data", {{"values", rows}}},
        {"layer",
         {{{"mark", {{"type", "rule"}}},
           {"encoding",
            {{"x", x}, {"y", q("low", "")}, {"y2", {{"field", "high"}}}, {"color", color}}}},
          {{"mark", {{"type", "line"}, {"point", true}}},
           {"encoding",
            {{"x", x},
             {"y", q("mean", "mean over folds (bars: +- std)")},
             {"color", color},
             {"tooltip",
              {{{"field", "candidate"}},
               {{"field", "metric"}},
               {{"field", "mean"}, {"type", "quantitative"}, {"format", ".4f"}},
               {{"field", "std"}, {"type", "quantitative"}, {"format", ".4f"}}}}}}}}}}});
  return spec;
}

}  // namespace rarenet::html
