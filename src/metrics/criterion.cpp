// Criterion names: parsing and printing.
#include "rarenet/criterion.hpp"

#include "core/text.hpp"
#include "rarenet/error.hpp"

namespace rarenet {
namespace {

using Kind = Criterion::Kind;

const char* kCriteria =
    "break-even, f1, fbeta:B, balanced-accuracy, g-mean, mcc, average-precision, "
    "recall-at-precision:P, cost:FN,FP";

}  // namespace

Criterion parse_criterion(const std::string& text) {
  Criterion c;
  const auto colon = text.find(':');
  const std::string name = text.substr(0, colon);
  const std::string arg = colon == std::string::npos ? "" : text.substr(colon + 1);
  auto need_arg = [&](bool want, const char* form) {
    if (want != (colon != std::string::npos))
      throw ConfigError("criterion '" + text + "': " +
                        (want ? std::string("missing its parameter (") + form + ")"
                              : std::string("takes no parameter")) +
                        "; valid criteria: " + kCriteria);
  };
  if (name == "break-even") {
    need_arg(false, "");
    c.kind = Kind::BreakEven;
  } else if (name == "f1") {
    need_arg(false, "");
    c.kind = Kind::FBeta;
  } else if (name == "fbeta") {
    need_arg(true, "fbeta:B, e.g. fbeta:2");
    c.kind = Kind::FBeta;
    if (!parse_number(arg, c.beta) || !(c.beta > 0))
      throw ConfigError("criterion '" + text + "': B must be a positive number, e.g. fbeta:2");
  } else if (name == "balanced-accuracy") {
    need_arg(false, "");
    c.kind = Kind::BalancedAccuracy;
  } else if (name == "g-mean") {
    need_arg(false, "");
    c.kind = Kind::GMean;
  } else if (name == "mcc") {
    need_arg(false, "");
    c.kind = Kind::Mcc;
  } else if (name == "average-precision") {
    need_arg(false, "");
    c.kind = Kind::AveragePrecision;
  } else if (name == "recall-at-precision") {
    need_arg(true, "recall-at-precision:P, e.g. recall-at-precision:0.9");
    c.kind = Kind::RecallAtPrecision;
    if (!parse_number(arg, c.min_precision) || !(c.min_precision > 0 && c.min_precision <= 1))
      throw ConfigError("criterion '" + text + "': P must be a precision in (0, 1], e.g. 0.9");
  } else if (name == "cost") {
    need_arg(true, "cost:FN,FP, e.g. cost:10,1");
    c.kind = Kind::Cost;
    const auto comma = arg.find(',');
    if (comma == std::string::npos || !parse_number(arg.substr(0, comma), c.cost_fn) ||
        !parse_number(arg.substr(comma + 1), c.cost_fp) || c.cost_fn < 0 || c.cost_fp < 0 ||
        c.cost_fn + c.cost_fp == 0)
      throw ConfigError("criterion '" + text +
                        "': expected cost:FN,FP with two non-negative numbers, not both 0 (the "
                        "cost of a missed positive and of a false alarm), e.g. cost:10,1");
  } else {
    throw ConfigError("unknown criterion '" + text + "'; valid criteria: " + kCriteria);
  }
  return c;
}

std::string to_string(const Criterion& c) {
  switch (c.kind) {
    case Kind::BreakEven:
      return "break-even";
    case Kind::FBeta:
      return c.beta == 1.0 ? "f1" : "fbeta:" + shortest(c.beta);
    case Kind::BalancedAccuracy:
      return "balanced-accuracy";
    case Kind::GMean:
      return "g-mean";
    case Kind::Mcc:
      return "mcc";
    case Kind::AveragePrecision:
      return "average-precision";
    case Kind::RecallAtPrecision:
      return "recall-at-precision:" + shortest(c.min_precision);
    case Kind::Cost:
      return "cost:" + shortest(c.cost_fn) + "," + shortest(c.cost_fp);
  }
  return "f1";
}

}  // namespace rarenet
