// The bad-input matrix: every way a hostile or careless user can misuse the rarenet program, one
// test each. Every case asserts the exit code, a message naming the file or option and what was
// expected, that no output (nor any temporary file) is left behind and that no input changed.
// docs/RELIABILITY.md lists the cases.
#include <sys/stat.h>

#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support.hpp"

namespace rarenet {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::read_text;
using testing::write_text;

struct BadCase {
  std::string name;
  std::string args;  // "{d}" stands for the case's directory
  int exit_code;
  std::vector<std::string> messages;  // each must appear in standard error ("{d}" as above)
  // Extra files the case needs, made in its directory before the run.
  std::function<void(const fs::path&)> prepare = nullptr;
  std::string stdin_text = "";
};

void PrintTo(const BadCase& c, std::ostream* os) {
  *os << c.name;
}

std::string expand(std::string s, const std::string& dir) {
  for (std::size_t at; (at = s.find("{d}")) != std::string::npos;) s.replace(at, 3, dir);
  return s;
}

// Edits a copy of model.json into NAME.
std::function<void(const fs::path&)> model_edit(const std::string& name,
                                                std::function<void(json&)> edit) {
  return [name, edit](const fs::path& d) {
    json m = json::parse(read_text(d / "model.json"));
    edit(m);
    write_text(d / name, m.dump());
  };
}

std::function<void(const fs::path&)> file(const std::string& name, const std::string& text) {
  return [name, text](const fs::path& d) { write_text(d / name, text); };
}

// A link to data.csv, and a hard link: an output named either way is still the input.
std::function<void(const fs::path&)> links() {
  return [](const fs::path& d) {
    fs::create_symlink("data.csv", d / "link.csv");
    fs::create_hard_link(d / "data.csv", d / "hard.csv");
  };
}

std::vector<BadCase> cases() {
  const std::string mc = "make-classification --n-samples 50 -o {d}/out.csv ";
  const std::string train = "train {d}/bad.csv --hidden 4 --epochs 1 -o {d}/out.json";
  const std::string trn = "train {d}/data.csv --quiet ";
  const std::string predict = "predict {d}/bad.json {d}/data.csv -o {d}/out.csv";
  auto csv = [](const std::string& text) { return file("bad.csv", text); };
  return {
      // make-classification (its weights once corrupted the heap)
      {"mc_weights_negative",
       mc + "--weights -0.5,1.5",
       2,
       {"weights: value 1 is -0.5", "expected a class proportion in [0, 1]"}},
      {"mc_weights_above_one", mc + "--weights 1.5", 2, {"weights", "1.5", "[0, 1]"}},
      {"mc_weights_sum",
       mc + "--weights 0.6,0.6",
       2,
       {"weights", "sum to 1.2, expected at most 1"}},
      {"mc_weights_count", mc + "--weights 0.1,0.2,0.3", 2, {"weights", "3 values given"}},
      {"mc_weights_text", mc + "--weights 0.1,x", 2, {"Could not convert: --weights = 0.1,x"}},
      {"mc_flip_y", mc + "--flip-y 1.5", 2, {"flip_y", "[0, 1]"}},
      {"mc_flip_y_negative", mc + "--flip-y -0.1", 2, {"flip_y", "[0, 1]"}},
      {"mc_n_samples",
       "make-classification --n-samples -5 -o {d}/out.csv",
       2,
       {"n_samples must be >= 0, got -5"}},
      {"mc_too_many_useful_features",
       mc + "--n-features 3 --n-informative 2 --n-redundant 2",
       2,
       {"informative, redundant and repeated features must sum to less than"}},
      {"mc_output_is_directory",
       "make-classification -o {d}",
       4,
       {"{d}: cannot write: is a directory, expected a file name"}},
      {"mc_output_in_missing_directory",
       "make-classification -o {d}/no/out.csv",
       4,
       {"{d}/no/out.csv: cannot write", "No such file or directory"}},
      {"mc_option_not_a_number",
       "make-classification --n-samples many -o {d}/out.csv",
       2,
       {"--n-samples", "many"}},

      // CSV files
      {"csv_not_a_number",
       train + " --numeric b",
       3,
       {"{d}/bad.csv:3: column 2 ('b')", "'x'"},
       csv("a,b,y\n1,2,0\n3,x,1\n")},
      {"csv_field_count",
       train,
       3,
       {"{d}/bad.csv:3: found 2 fields, expected 3"},
       csv("a,b,y\n1,2,0\n3,1\n")},
      {"csv_empty_file", train, 3, {"{d}/bad.csv: empty file, expected a header row"}, csv("")},
      {"csv_header_only", train, 3, {"{d}/bad.csv: no data rows after the header"}, csv("a,b,y\n")},
      {"csv_nan_cell",
       train,
       3,
       {"{d}/bad.csv:2: column 2 ('b'): missing value; pass --impute median"},
       csv("a,b,y\n1,nan,0\n3,1,1\n")},
      {"csv_inf_cell",
       train,
       3,
       {"{d}/bad.csv:2: column 1 ('a'): feature value -inf is not a finite number"},
       csv("a,b,y\n-inf,2,0\n3,1,1\n")},
      {"csv_duplicate_column",
       train,
       3,
       {"{d}/bad.csv:1: column 2: duplicate column name 'a'"},
       csv("a,a,y\n1,2,0\n3,1,1\n")},
      {"csv_empty_cell",
       train,
       3,
       {"{d}/bad.csv:2: column 2 ('b'): missing value; pass --impute median"},
       csv("a,b,y\n1,,0\n3,1,1\n")},
      {"csv_missing_value",
       train,
       3,
       {"{d}/bad.csv:2: column 2 ('b'): missing value; pass --impute median"},
       csv("a,b,y\n1,NA,0\n3,1,1\n")},
      {"csv_blank_line_inside",
       train,
       3,
       {"{d}/bad.csv:3: empty line, expected 3 fields"},
       csv("a,b,y\n1,2,0\n\n3,1,1\n")},
      {"csv_classic_mac_line_ends",
       train,
       3,
       {"{d}/bad.csv:1: a carriage return", "LF or CRLF"},
       csv("a,b,y\r1,2,0\r3,1,1\r")},
      {"csv_pandas_index",
       train,
       3,
       {"{d}/bad.csv:1: column 1: empty column name", "index=False"},
       csv(",a,y\n0,1,0\n1,2,1\n")},
      {"csv_unterminated_quote",
       train,
       3,
       {"{d}/bad.csv:1: column 2: unterminated quoted column name"},
       csv("a,\"b,y\n1,2,0\n")},
      {"csv_nul_bytes",
       train,
       3,
       {"{d}/bad.csv:", "expected 3 (as in the header)"},
       csv(std::string("a,b\0c,y\n1,\0,0\n3,1,1\n", 21))},
      {"csv_binary_bytes",
       train,
       3,
       {"{d}/bad.csv: column 1 ('a'): the category '\\xFF\\xFE\\x01' is not UTF-8 text"},
       csv("a,b,y\n\xff\xfe\x01,2,0\n3,1,1\n")},
      {"csv_missing_file",
       "train {d}/absent.csv -o {d}/out.json",
       4,
       {"{d}/absent.csv: cannot open for reading: No such file or directory"}},
      {"csv_is_a_directory",
       "train {d} -o {d}/out.json",
       4,
       {"{d}: is a directory, expected a CSV file"}},
      {"csv_single_class",
       train,
       3,
       {"{d}/bad.csv: the target 'y' has only one class (0)"},
       csv("a,b,y\n1,2,0\n3,1,0\n")},
      {"csv_no_target_column",
       train + " --target y",
       3,
       {"{d}/bad.csv: no column named 'y' (columns: a, b, c)"},
       csv("a,b,c\n1,2,0\n3,1,1\n")},
      {"csv_label_not_integer",
       train,
       3,
       {"{d}/bad.csv:2: target column 'y': 0.5 is not an integer class label"},
       csv("a,b,y\n1,2,0.5\n3,1,1\n")},
      {"csv_negative_sample_weight",
       train + " --sample-weight b",
       3,
       {"{d}/bad.csv:2: column 2 ('b'): sample weight -1, expected a finite number >= 0"},
       csv("a,b,y\n1,-1,0\n3,1,1\n")},
      {"csv_features_beyond_float",
       train,
       3,
       {"{d}/bad.csv: column 'a': values of magnitude up to 1e+300 cannot be standardised"},
       csv("a,b,y\n1e300,2,0\n-1e300,1,1\n3,1,0\n")},

      // train: outputs, options
      {"train_output_is_input",
       trn + "-o {d}/data.csv",
       2,
       {"-o {d}/data.csv: is the input file {d}/data.csv (data)", "expected a different output"}},
      {"train_output_is_input_by_link",
       trn + "-o {d}/link.csv",
       2,
       {"-o {d}/link.csv: is the input file {d}/data.csv (data)"},
       links()},
      {"train_output_is_input_by_hard_link",
       trn + "-o {d}/hard.csv",
       2,
       {"-o {d}/hard.csv: is the input file {d}/data.csv (data)"},
       links()},
      {"train_output_is_validation",
       trn + "--validation {d}/multi.csv -o {d}/multi.csv",
       2,
       {"-o {d}/multi.csv: is the input file {d}/multi.csv (--validation)"}},
      {"train_output_is_directory",
       trn + "--hidden 4 --epochs 1 -o {d}",
       4,
       {"{d}: cannot write: is a directory"}},
      {"train_output_in_missing_directory",
       trn + "--hidden 4 --epochs 1 -o {d}/no/m.json",
       4,
       {"{d}/no/m.json: cannot write: cannot create a temporary file in '{d}/no'"}},
      {"train_json_and_model_on_stdout",
       trn + "--json -o -",
       2,
       {"-o - with --json: both would go to standard output"}},
      {"train_hidden_not_a_list",
       trn + "--hidden 64,x -o {d}/out.json",
       2,
       {"--hidden: '64,x': expected comma-separated positive integers"}},
      {"train_hidden_beyond_memory",
       trn + "--hidden 2000000000,2000000000 -o {d}/out.json",
       2,
       {"training a network of", "of memory, more than the", "use fewer or smaller layers"}},
      {"train_epochs_zero",
       trn + "--epochs 0 -o {d}/out.json",
       2,
       {"--epochs: must be in [1, 1000000000]"}},
      {"train_batch_size_zero",
       trn + "--batch-size 0 -o {d}/out.json",
       2,
       {"--batch-size: must be in [1, 1000000000]"}},
      {"train_learning_rate_negative",
       trn + "--learning-rate -1 -o {d}/out.json",
       2,
       {"--learning-rate: must be > 0"}},
      {"train_adam_diverges",
       trn + "--learning-rate 1e6 -o {d}/out.json",
       3,
       {"training diverged at epoch 1: the loss rose to", "more than 1000 times the untrained",
        "lower --learning-rate (1e+06 with adam)"}},
      {"train_sgd_diverges",
       trn + "--optimizer sgd --learning-rate 1e4 -o {d}/out.json",
       3,
       {"training diverged at epoch", "lower --learning-rate (1e+04 with sgd)"}},
      {"train_weight_decay_negative",
       trn + "--weight-decay -1 -o {d}/out.json",
       2,
       {"--weight-decay: must be >= 0"}},
      {"train_momentum_nan",
       trn + "--optimizer sgd --momentum nan -o {d}/out.json",
       2,
       {"--momentum: must be a finite number"}},
      {"train_class_weights_all_zero",
       trn + "--class-weight 0:0,1:0 -o {d}/out.json",
       2,
       {"--class-weight: '0:0,1:0': every class weight is 0, so the loss would be 0",
        "expected a positive weight for at least one class"}},
      {"train_sample_weights_all_zero",
       "train {d}/bad.csv --sample-weight w --hidden 4 --epochs 1 -o {d}/out.json",
       3,
       {"{d}/bad.csv: every training row has weight 0 (class weights none times the sample "
        "weights)"},
       csv("a,w,y\n1,0,0\n3,0,1\n2,0,0\n")},
      {"train_optimizer_unknown",
       trn + "--optimizer rmsprop -o {d}/out.json",
       2,
       {"--optimizer: 'rmsprop' is not one of adam,sgd"}},
      {"train_activation_unknown",
       trn + "--activation swish -o {d}/out.json",
       2,
       {"--activation: 'swish' is not one of relu,leaky_relu"}},
      {"train_class_weight_unknown",
       trn + "--class-weight heavy -o {d}/out.json",
       2,
       {"--class-weight: 'heavy': unknown class weighting"}},
      {"train_class_weight_capped_low",
       trn + "--class-weight capped:0.3 -o {d}/out.json",
       2,
       {"--class-weight: 'capped:0.3': MOST must lie in [0.5, 1)"}},
      {"train_threshold_out_of_range",
       trn + "--threshold 1.5 -o {d}/out.json",
       2,
       {"--threshold: '1.5': expected a number in [0, 1] or auto:CRITERION"}},
      {"train_threshold_unknown_criterion",
       trn + "--threshold auto:best -o {d}/out.json",
       2,
       {"valid criteria: break-even"}},
      {"train_calibrate_unknown",
       trn + "--calibrate platt -o {d}/out.json",
       2,
       {"--calibrate: 'platt' is not one of none,prior"}},
      {"train_early_stopping_without_validation",
       trn + "--early-stopping 2 -o {d}/out.json",
       2,
       {"early_stopping on val_loss needs validation rows (a validation_fraction above 0, or "
        "validation data), or monitor loss"}},
      {"train_monitor_unknown",
       trn + "--early-stopping 2 --monitor bogus -o {d}/out.json",
       2,
       {"--monitor: 'bogus' is not one of val_loss,val_roc_auc,loss"}},
      {"train_unknown_option",
       trn + "--no-such-option -o {d}/out.json",
       2,
       {"--no-such-option", "rarenet train --help"}},
      {"train_validation_columns_differ",
       trn + "--validation {d}/bad.csv -o {d}/out.json",
       3,
       {"{d}/bad.csv: validation columns differ from the training columns"},
       csv("a,b,y\n1,2,0\n3,1,1\n")},

      // predict and evaluate: model files
      {"predict_output_is_data",
       "predict {d}/model.json {d}/data.csv -o {d}/data.csv",
       2,
       {"-o {d}/data.csv: is the input file {d}/data.csv (data)"}},
      {"predict_output_is_model",
       "predict {d}/model.json {d}/data.csv -o {d}/model.json",
       2,
       {"-o {d}/model.json: is the input file {d}/model.json (model)"}},
      {"predict_missing_feature",
       "predict {d}/model.json {d}/bad.csv -o {d}/out.csv",
       3,
       {"{d}/bad.csv: missing column(s) 'x0'"},
       csv("a,y\n1,0\n")},
      {"predict_threshold_not_a_number",
       "predict {d}/model.json {d}/data.csv --threshold high",
       2,
       {"--threshold: 'high': expected a number in [0, 1]"}},
      {"model_missing",
       "predict {d}/absent.json {d}/data.csv -o {d}/out.csv",
       4,
       {"{d}/absent.json: cannot open the model file"}},
      {"model_truncated",
       predict,
       5,
       {"{d}/bad.json: not a rarenet model (invalid or truncated JSON at byte"},
       file("bad.json", "{\"format\": \"rarenet-model\", \"version\": 1, \"task\"")},
      {"model_foreign",
       predict,
       5,
       {"{d}/bad.json: not a rarenet model (no \"format\""},
       file("bad.json", "{\"hello\": 1}")},
      {"model_newer",
       predict,
       5,
       {"{d}/bad.json: written by a newer rarenet"},
       model_edit("bad.json", [](json& m) { m["version"] = 9; })},
      {"model_version_not_an_int",
       predict,
       5,
       {"{d}/bad.json: field \"version\": 1e+30 is not an integer"},
       model_edit("bad.json", [](json& m) { m["version"] = 1e30; })},
      {"model_prior_short",
       predict,
       5,
       {"{d}/bad.json", "\"prior_correction\"", "expected 2 (one per class)"},
       model_edit("bad.json", [](json& m) { m["prior_correction"] = {1.0}; })},
      {"model_decision_weights_on_binary",
       predict,
       5,
       {"bad.json: field \"decision_weights\": a binary model has no decision weights"},
       model_edit("bad.json",
                  [](json& m) {
                    m["decision_weights"] = {1.0, 1.0};
                  })},
      {"model_prior_zero",
       predict,
       5,
       {"{d}/bad.json", "\"prior_correction[0]\"", "positive"},
       model_edit("bad.json",
                  [](json& m) {
                    m["prior_correction"] = {0.0, 1.0};
                  })},
      {"model_classes_unsorted",
       predict,
       5,
       {"{d}/bad.json: field \"classes\": expected distinct labels in increasing order"},
       model_edit("bad.json",
                  [](json& m) {
                    m["classes"] = {1, 0};
                  })},
      {"model_scale_zero",
       predict,
       5,
       {"{d}/bad.json: field \"scaler.scale[2]\": expected a positive number"},
       model_edit("bad.json", [](json& m) { m["scaler"]["scale"][2] = 0.0; })},
      {"model_parameter_beyond_float",
       predict,
       5,
       {"{d}/bad.json: field \"network.parameters[5]\": 1e+39 does not fit a float"},
       model_edit("bad.json", [](json& m) { m["network"]["parameters"][5] = 1e39; })},
      {"model_parameters_missing",
       predict,
       5,
       {"{d}/bad.json: the network needs 25 parameters, the file holds 24"},
       model_edit("bad.json", [](json& m) { m["network"]["parameters"].erase(0); })},
      {"model_layer_beyond_memory",
       predict,
       5,
       {"{d}/bad.json: the network described", "of memory, more than the"},
       model_edit("bad.json", [](json& m) { m["network"]["layers"][0]["units"] = 2000000000; })},
      {"model_threshold_out_of_range",
       predict,
       5,
       {"{d}/bad.json: field \"threshold\": 2.000000, expected a number in [0, 1]"},
       model_edit("bad.json", [](json& m) { m["threshold"] = 2.0; })},
      {"model_head_mismatch",
       predict,
       5,
       {"{d}/bad.json: the output layer (1 softmax units) does not match the task (binary)"},
       model_edit("bad.json",
                  [](json& m) { m["network"]["layers"][1]["activation"] = "softmax"; })},
      {"evaluate_target_missing",
       "evaluate {d}/model.json {d}/data.csv --target nope",
       3,
       {"{d}/data.csv: no column named 'nope'"}},
      {"evaluate_digits",
       "evaluate {d}/model.json {d}/data.csv --digits 99",
       2,
       {"--digits: Value 99 not in range 0 to 15"}},

      // split, folds, cv, sweep, metrics, tutorial
      {"split_outputs_are_one_file",
       "split {d}/data.csv --train-out {d}/x.csv --test-out {d}/./x.csv",
       2,
       {"--test-out {d}/./x.csv: is also the output of --train-out ({d}/x.csv)"}},
      {"split_output_is_input",
       "split {d}/data.csv --train-out {d}/data.csv --test-out {d}/t.csv",
       2,
       {"--train-out {d}/data.csv: is the input file {d}/data.csv (data)"}},
      {"split_test_size_not_a_size",
       "split {d}/data.csv --test-size half --train-out {d}/a.csv --test-out {d}/b.csv",
       2,
       {"--test-size 'half': expected a fraction such as 0.2 or a row count such as 200"}},
      {"split_test_size_too_large",
       "split {d}/data.csv --test-size 1.5 --train-out {d}/a.csv --test-out {d}/b.csv",
       2,
       {"test_size=1.5 should be either positive and smaller than the number of samples 300"}},
      {"split_second_output_fails",
       "split {d}/data.csv --train-out {d}/a.csv --test-out {d}/no/b.csv",
       4,
       {"{d}/no/b.csv: cannot write"}},
      {"folds_output_is_input",
       "folds {d}/data.csv -o {d}/link.csv",
       2,
       {"-o {d}/link.csv: is the input file {d}/data.csv (data)"},
       links()},
      {"folds_too_many",
       "folds {d}/data.csv --n-splits 500 -o {d}/out.csv",
       3,
       {"n_splits=500 greater than the number of samples: n_samples=300"}},
      {"cv_oof_is_input",
       "cv {d}/data.csv --hidden 4 --epochs 1 --oof-out {d}/data.csv",
       2,
       {"--oof-out {d}/data.csv: is the input file {d}/data.csv (data)"}},
      {"cv_two_targets",
       "cv {d}/data.csv --target x0,y --hidden 4 --epochs 1",
       2,
       {"{d}/data.csv: cross-validation needs one target column to stratify by (2 given; for "
        "several 0/1 labels, sweep cross-validates them with a threshold per label)"}},
      {"cv_early_stopping",
       "cv {d}/data.csv --hidden 4 --epochs 1 --early-stopping 2",
       2,
       {"needs validation rows (a validation_fraction above 0, or validation data), or monitor "
        "loss"}},
      {"sweep_most_out_of_range",
       "sweep {d}/data.csv --most 0.3",
       2,
       {"--most: '0.3': 0.3 is not in [0.5, 1)"}},
      {"sweep_ratio_zero",
       "sweep {d}/data.csv --ratios 0",
       2,
       {"--ratios: '0': 0 is not a positive weight ratio"}},
      {"sweep_dropout_rate_one",
       "sweep {d}/data.csv --dropouts 0,1",
       2,
       {"--dropouts: '0,1': 1 is not below 1"}},
      {"sweep_power_above_one",
       "sweep {d}/data.csv --powers 0.5,2",
       2,
       {"--powers: '0.5,2': 2 is not at most 1"}},
      {"sweep_learning_rate_unused",
       "sweep {d}/data.csv --learning-rate 0.01 --no-linear",
       2,
       {"learning_rate 0.01 with the constant schedule: the sweep trains its models at "
        "--network-learning-rate (0.005)",
        "give it 0 to keep --learning-rate and --lr-schedule"}},
      {"sweep_gamma_negative",
       "sweep {d}/data.csv --gammas=-1",
       2,
       {"--gammas: '-1': -1 is not a number >= 0"}},
      {"sweep_criterion_unknown",
       "sweep {d}/data.csv --criterion best",
       2,
       {"valid criteria: break-even"}},
      {"sweep_multiclass_binary_criterion",
       "sweep {d}/multi.csv --criterion break-even --epochs 1 -o {d}/out.json",
       2,
       {"criterion 'break-even' decides a binary threshold",
        "use a macro criterion: f1 (macro F1), balanced-accuracy, g-mean or mcc"}},
      {"train_multiclass_binary_threshold",
       "train {d}/multi.csv --quiet --epochs 1 --threshold auto:break-even -o {d}/out.json",
       2,
       {"criterion 'break-even' decides a binary threshold", "use a macro criterion"}},
      {"sweep_json_and_model_on_stdout",
       "sweep {d}/data.csv --json -o -",
       2,
       {"-o - with --json: both would go to standard output"}},
      {"sweep_output_is_input",
       "sweep {d}/data.csv -o {d}/data.csv",
       2,
       {"-o {d}/data.csv: is the input file {d}/data.csv (data)"}},
      {"metrics_no_score_column",
       "metrics {d}/data.csv",
       2,
       {"give either --score COLUMN (binary) or --proba"}},
      {"metrics_score_not_a_probability",
       "metrics {d}/data.csv --score x0",
       3,
       {"{d}/data.csv:", "column 1 ('x0')", "is not a probability in [0, 1]"}},
      {"tutorial_epochs_zero",
       "tutorial --epochs 0",
       2,
       {"--epochs: Value 0 not in range 1 to 2147483647"}},
      {"tutorial_manual_weight_zero",
       "tutorial --manual-weight 0",
       2,
       {"--manual-weight: 0, expected a positive finite weight"}},
      // standard output on a full disk: every command that prints results
      {"stdout_full_evaluate",
       "evaluate {d}/model.json {d}/data.csv > /dev/full",
       4,
       {"standard output: cannot write: No space left on device"}},
      {"stdout_full_evaluate_json",
       "evaluate {d}/model.json {d}/data.csv --json > /dev/full",
       4,
       {"standard output: cannot write: No space left on device"}},
      {"stdout_full_cv",
       "cv {d}/data.csv --hidden 4 --epochs 1 --n-splits 2 > /dev/full",
       4,
       {"standard output: cannot write: No space left on device"}},
      {"stdout_full_sweep",
       "sweep {d}/data.csv --hidden 4 --epochs 1 --n-splits 2 --ratios 1 > /dev/full",
       4,
       {"standard output: cannot write: No space left on device"}},
      {"stdout_full_metrics",
       "metrics {d}/scores.csv --score p > /dev/full",
       4,
       {"standard output: cannot write: No space left on device"},
       file("scores.csv", "p,y\n0.1,0\n0.9,1\n0.4,0\n0.6,1\n")},
      {"stdout_full_tutorial",
       "tutorial --epochs 1 --no-sweep --quiet > /dev/full",
       4,
       {"standard output: cannot write: No space left on device"}},
      {"stdout_full_train_json",
       trn + "--hidden 4 --epochs 1 --json -o /dev/null > /dev/full",
       4,
       {"standard output: cannot write: No space left on device"}},
      {"stdout_full_predict",
       "predict {d}/model.json {d}/data.csv -o - > /dev/full",
       4,
       {"standard output: cannot write: No space left on device"}},
      {"stdout_full_options",
       "options > /dev/full",
       4,
       {"standard output: cannot write: No space left on device"}},
      {"unknown_command",
       "frobnicate",
       2,
       {"unknown command 'frobnicate'; expected one of: tutorial, make-classification"}},
      {"no_command", "", 2, {"a command is required; expected one of: tutorial"}},
  };
}

class BadInput : public ::testing::TestWithParam<BadCase> {
 protected:
  static void SetUpTestSuite() {
    base_ = new testing::TempDir;
    const std::string d = base_->path().string();
    auto r = testing::rarenet(
        "make-classification --n-samples 300 --n-features 4 --n-informative 2 --weights 0.8 "
        "--random-state 1 -o '" +
        d + "/data.csv'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = testing::rarenet(
        "make-classification --n-samples 300 --n-features 4 --n-classes 3 "
        "--n-clusters-per-class 1 --random-state 2 -o '" +
        d + "/multi.csv'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = testing::rarenet("train '" + d + "/data.csv' --hidden 4 --epochs 2 --quiet -o '" + d +
                         "/model.json'");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    delete base_;
    base_ = nullptr;
  }
  static testing::TempDir* base_;
};
testing::TempDir* BadInput::base_ = nullptr;

// Every entry under dir (recursively, hidden ones included): content and mode of regular files,
// the kind of the others.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    struct stat st {};
    ::lstat(e.path().c_str(), &st);
    std::string what = std::to_string(st.st_mode);
    if (S_ISREG(st.st_mode)) what += ":" + read_text(e.path());
    out[fs::relative(e.path(), dir).string()] = what;
  }
  return out;
}

TEST_P(BadInput, FailsClearlyAndLeavesEverythingAsItWas) {
  const BadCase& c = GetParam();
  testing::TempDir tmp;
  const std::string d = tmp.path().string();
  fs::copy(base_->path(), tmp.path(), fs::copy_options::recursive);
  if (c.prepare) c.prepare(tmp.path());
  const auto before = snapshot(tmp.path());
  const auto r = testing::rarenet(expand(c.args, d), c.stdin_text);
  EXPECT_EQ(r.exit_code, c.exit_code) << "stderr: " << r.err;
  for (const std::string& m : c.messages)
    EXPECT_NE(r.err.find(expand(m, d)), std::string::npos)
        << "expected '" << expand(m, d) << "' in stderr: " << r.err;
  EXPECT_EQ(r.err.rfind("rarenet: ", 0), 0u) << r.err;
  const auto after = snapshot(tmp.path());
  for (const auto& [name, what] : after) EXPECT_TRUE(before.count(name)) << "left behind: " << name;
  for (const auto& [name, what] : before) {
    ASSERT_TRUE(after.count(name)) << "removed: " << name;
    EXPECT_TRUE(after.at(name) == what) << "changed: " << name;
  }
}

// The row docs/RELIABILITY.md shows for a case: paths relative to the case's directory, which
// itself is DIR.
std::string doc_row(const BadCase& c) {
  std::string texts;
  for (const std::string& m : c.messages) {
    std::string t = m;
    for (std::size_t at; (at = t.find("{d}/")) != std::string::npos;) t.erase(at, 4);
    texts += (texts.empty() ? "`" : " · `") + expand(t, "DIR") + "`";
  }
  return "| `" + c.name + "` | " + std::to_string(c.exit_code) + " | " + texts + " |";
}

// The documented matrix is the tested one: same cases, order, exit codes and messages.
TEST(BadInputMatrix, DocumentationListsEveryCaseAsTested) {
  const std::string doc = read_text(fs::path(testing::kSourceDir) / "docs" / "RELIABILITY.md");
  const std::size_t begin = doc.find("## The bad-input matrix");
  ASSERT_NE(begin, std::string::npos);
  const std::size_t end = doc.find("\n## ", begin + 1);
  std::istringstream section(doc.substr(begin, end - begin));
  std::vector<std::string> documented, expected;
  for (std::string line; std::getline(section, line);)
    if (line.rfind("| `", 0) == 0) documented.push_back(line);
  std::string table;
  for (const BadCase& c : cases()) {
    expected.push_back(doc_row(c));
    table += expected.back() + "\n";
  }
  for (std::size_t i = 0; i < std::max(documented.size(), expected.size()); ++i)
    if (i >= documented.size() || i >= expected.size() || documented[i] != expected[i]) {
      ADD_FAILURE() << "docs/RELIABILITY.md's bad-input rows differ from the tested cases from row "
                    << i + 1 << " on (" << documented.size() << " documented, " << expected.size()
                    << " tested); the tested rows, in order:\n"
                    << table;
      break;
    }
}

INSTANTIATE_TEST_SUITE_P(Matrix, BadInput, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<BadCase>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace rarenet
