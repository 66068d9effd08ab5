// Train a classifier with balanced class weights on 80 % of a CSV file, then print
// scikit-learn's classification report and the rare-event figures for the other 20 %.
//   rarenet_example DATA.csv TARGET_COLUMN
#include <iostream>

#include "rarenet/rarenet.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: rarenet_example DATA.csv TARGET_COLUMN\n";
    return 2;
  }
  try {
    rarenet::DatasetSpec spec;
    spec.targets = {argv[2]};
    const rarenet::Dataset data = rarenet::read_dataset(argv[1], spec);
    const rarenet::Labels y = data.labels();

    rarenet::TrainTestSplitParams split;
    split.test_size = rarenet::SplitSize::fraction(0.2);
    split.stratify = &y;
    split.random_state = 0;
    const rarenet::TrainTestIndices idx = rarenet::train_test_split(data.n_samples(), split);
    const rarenet::Dataset train = data.take(idx.train), test = data.take(idx.test);

    rarenet::TrainOptions options;
    options.hidden = {32, 32};
    options.class_weight = rarenet::parse_class_weight("balanced");
    options.train.epochs = 100;
    const rarenet::Classifier model = rarenet::fit(train.X, train.labels(), options);

    const rarenet::Evaluation e = rarenet::evaluate_predictions(
        test.labels(), model.predict_proba(test.X), model.classes, model.threshold);
    std::cout << rarenet::format_evaluation(e, 3);
  } catch (const rarenet::Error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return e.exit_code();
  }
  return 0;
}
