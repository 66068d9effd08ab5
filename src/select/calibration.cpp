// Prior correction: undoing what class weights did to a model's probabilities.
#include <cmath>

#include "rarenet/error.hpp"
#include "rarenet/selection.hpp"

namespace rarenet {

RowMatrixD prior_correct(const RowMatrixD& proba, const std::vector<double>& class_weights) {
  if (proba.cols() != static_cast<Index>(class_weights.size()))
    throw InputError("prior correction: " + std::to_string(class_weights.size()) +
                     " class weights for " + std::to_string(proba.cols()) + " probability columns");
  for (std::size_t c = 0; c < class_weights.size(); ++c)
    if (!(class_weights[c] > 0) || !std::isfinite(class_weights[c]))
      throw InputError("prior correction: the weight of class column " + std::to_string(c) +
                       " is " + std::to_string(class_weights[c]) +
                       "; it must be a positive finite number");
  // Weighting class c by w_c multiplies its prior (so its posterior odds) by w_c; dividing by
  // w_c and renormalising restores the unweighted posterior.
  RowMatrixD out(proba.rows(), proba.cols());
  for (Index i = 0; i < proba.rows(); ++i) {
    double sum = 0;
    for (Index c = 0; c < proba.cols(); ++c)
      sum += (out(i, c) = proba(i, c) / class_weights[static_cast<std::size_t>(c)]);
    if (sum > 0) out.row(i) /= sum;
  }
  return out;
}

}  // namespace rarenet
