// Matrix and vector types shared by every layer.
//
// Data matrices are row-major (one sample per row), as in a CSV file and in numpy's default
// layout; features and metrics are double, network arithmetic is float (as Keras and PyTorch).
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace rarenet {

using RowMatrixD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowMatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using VectorD = Eigen::VectorXd;
using VectorF = Eigen::VectorXf;
using Index = Eigen::Index;
using Labels = std::vector<std::int64_t>;  // one class label per sample

}  // namespace rarenet
