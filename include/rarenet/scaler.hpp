// StandardScaler: per-feature mean and standard deviation, fitted on training rows only.
//
// As scikit-learn: population standard deviation (ddof 0); a feature with zero variance keeps
// scale 1 so it is centred but not divided by zero.
#pragma once

#include "rarenet/matrix.hpp"

namespace rarenet {

struct StandardScaler {
  VectorD mean;   // (n_features)
  VectorD scale;  // (n_features)

  bool fitted() const { return mean.size() > 0; }
  static StandardScaler fit(const RowMatrixD& X);
  RowMatrixD transform(const RowMatrixD& X) const;
  // Standardise straight into float, the network's input type.
  RowMatrixF transform_float(const RowMatrixD& X) const;
};

}  // namespace rarenet
