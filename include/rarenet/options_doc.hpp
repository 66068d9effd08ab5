// docs/OPTIONS.md, generated from the option declarations (train_options.hpp, sweep.hpp,
// cross_validation.hpp, dataset.hpp): every setting with its flag, type, default, accepted values
// and help. `rarenet options` prints it; a test fails when the file in the repository is stale.
#pragma once

#include <string>

namespace rarenet {

std::string options_markdown();

}  // namespace rarenet
