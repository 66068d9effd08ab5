// libFuzzer target: the model loader. Any text must load or throw rarenet::Error; a model that
// loads must predict a row without error (its fields were checked against its architecture).
#include <cstdint>
#include <string_view>

#include "rarenet/classifier.hpp"
#include "rarenet/error.hpp"
#include "rarenet/memory_budget.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  rarenet::set_memory_limit(64u << 20);  // big networks are refused, not allocated
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  rarenet::Classifier model;
  try {
    model = rarenet::parse_model(text, "fuzz.json");
  } catch (const rarenet::Error&) {
    return 0;
  }
  rarenet::RowMatrixD X =
      rarenet::RowMatrixD::Ones(2, static_cast<rarenet::Index>(model.feature_names.size()));
  const rarenet::RowMatrixD p = model.predict_proba(X);
  if (p.rows() != 2) __builtin_trap();
  return 0;
}
