// The option declarations: one table per options struct, from which the CLI flags, validation,
// the model file's fields and docs/OPTIONS.md are derived.
#include <gtest/gtest.h>

#include <set>

#include "rarenet/classifier.hpp"
#include "rarenet/options_doc.hpp"
#include "rarenet/sweep.hpp"
#include "support.hpp"

namespace rarenet {
namespace {

using testing::error_message;

TEST(Options, DocsOptionsMdIsGeneratedFromTheDeclarations) {
  const std::string file = testing::read_text(testing::kSourceDir + "/docs/OPTIONS.md");
  EXPECT_EQ(file, options_markdown())
      << "docs/OPTIONS.md is stale: run build/rarenet options > docs/OPTIONS.md";
}

TEST(Options, EveryNameIsDeclaredOnceAcrossTheTablesACommandCombines) {
  std::multiset<std::string> names;
  auto collect = [&](auto&& options) {
    for_each_option(options, [&](auto&& d) { names.insert(std::string(d.info.name)); });
  };
  TrainOptions t;
  SweepOptions s;
  DatasetSpec d;
  collect(t);
  collect(s);
  collect(s.cv);
  collect(d);
  for (const auto& n : names) EXPECT_EQ(names.count(n), 1u) << n;
  EXPECT_GE(names.size(), 30u);
}

TEST(Options, SetAndGetByNameRoundTripEveryTrainOption) {
  TrainOptions o;
  set_option(o, "hidden", "16,8");
  set_option(o, "activation", "tanh");
  set_option(o, "epochs", "7");
  set_option(o, "learning_rate", "0.01");
  set_option(o, "standardize", "false");
  set_option(o, "class_weight", "0:1,1:20");
  set_option(o, "threshold", "auto:f1");
  set_option(o, "monitor", "val_roc_auc");
  EXPECT_EQ(o.hidden, (std::vector<int>{16, 8}));
  EXPECT_EQ(o.activation, Activation::Tanh);
  EXPECT_EQ(o.train.epochs, 7);
  EXPECT_FLOAT_EQ(o.train.optimizer.learning_rate, 0.01f);
  EXPECT_FALSE(o.standardize);
  EXPECT_EQ(o.class_weight.to_string(), "0:1,1:20");
  ASSERT_TRUE(o.threshold.tune.has_value());
  EXPECT_EQ(o.train.early_stopping.monitor, Monitor::ValRocAuc);
  // Every option's text form reads back to the same text.
  for_each_option(o, [&](auto&& d) {
    const std::string text = option_text(d);
    TrainOptions copy;
    set_option(copy, d.info.name, text);
    EXPECT_EQ(get_option(copy, d.info.name), text) << d.info.name;
  });
}

TEST(Options, BadValuesNameTheOptionAndWhatWasExpected) {
  TrainOptions o;
  EXPECT_EQ(error_message([&] { set_option(o, "epochs", "0"); }),
            "epochs '0': must be in [1, 1000000000]");
  EXPECT_EQ(error_message([&] { set_option(o, "epochs", "2.5"); }),
            "epochs '2.5': expected a whole number in [1, 1000000000]");
  EXPECT_NE(error_message([&] {
              set_option(o, "optimizer", "rmsprop");
            }).find("optimizer 'rmsprop': expected one of adam, sgd"),
            std::string::npos);
  EXPECT_NE(error_message([&] {
              set_option(o, "activation", "softmax");
            }).find("expected one of relu, leaky_relu, tanh, sigmoid, linear"),
            std::string::npos);
  EXPECT_NE(error_message([&] { set_option(o, "threshold", "1.5"); }).find("threshold '1.5'"),
            std::string::npos);
  EXPECT_NE(error_message([&] { set_option(o, "epoch", "3"); }).find("unknown option 'epoch'"),
            std::string::npos);
  o.train.batch_size = 0;
  EXPECT_EQ(error_message([&] { validate_options(o); }),
            "batch_size: must be in [1, 1000000000], got 0");
  o = TrainOptions{};
  o.train.optimizer.weight_decay = -1;
  EXPECT_NE(error_message([&] { validate_options(o); }).find("weight_decay: must be >= 0"),
            std::string::npos);
}

TEST(Options, TheModelFileKeepsEveryDeclaredOption) {
  testing::TempDir tmp;
  Dataset d;
  d.X = RowMatrixD::Random(40, 2);
  d.Y.resize(40, 1);
  for (Index i = 0; i < 40; ++i) d.Y(i, 0) = i % 4 == 0;
  d.feature_names = {"a", "b"};
  d.target_names = {"y"};
  TrainOptions o;
  set_option(o, "hidden", "3");
  set_option(o, "epochs", "2");
  set_option(o, "momentum", "0.5");
  set_option(o, "optimizer", "sgd");
  set_option(o, "nesterov", "true");
  set_option(o, "loss_reduction", "weighted-mean");
  set_option(o, "restore_best_weights", "false");
  set_option(o, "calibrate", "prior");
  set_option(o, "initializer", "he_normal");
  const Classifier m = train_classifier(d, o);
  save_model(tmp.file("m.json"), m);
  Classifier back = load_model(tmp.file("m.json"));
  TrainOptions want = m.options;
  for_each_option(want, [&](auto&& decl) {
    EXPECT_EQ(get_option(back.options, decl.info.name), option_text(decl)) << decl.info.name;
  });
}

}  // namespace
}  // namespace rarenet
