// rarenet: neural-network classifiers for imbalanced data. The one header a C++ user includes.
//
//   #include "rarenet/rarenet.hpp"
//   rarenet::TrainOptions options;                       // every setting: docs/OPTIONS.md
//   options.class_weight = rarenet::parse_class_weight("balanced");
//   rarenet::Classifier model = rarenet::fit(X, y, options);   // X: (n, features), y: labels
//   RowMatrixD proba = model.predict_proba(X_new);       // (n, classes)
//   rarenet::Labels decided = rarenet::predict(model, X_new);
//   rarenet::save_model("model.json", model);            // the CLI's model file
//
// What each header offers:
//   model.hpp             the facade: train_model / fit / predict / evaluate_model /
//   sweep_and_refit classifier.hpp        Classifier, train_classifier, save_model / load_model
//   train_options.hpp     TrainOptions, declared once (option.hpp: how declarations are used)
//   dataset.hpp, csv.hpp  tables and datasets from CSV files
//   split.hpp             train_test_split, StratifiedKFold (scikit-learn's rows)
//   class_weights.hpp     balanced, manual, capped, effective-number weights
//   metrics.hpp, evaluation.hpp   scikit-learn's metrics and reports
//   cross_validation.hpp, sweep.hpp, selection.hpp   cross-validation, weight search, thresholds
//   report_json.hpp, workflow_report.hpp, model_report.hpp   text and JSON reports
//   make_classification.hpp, tutorial.hpp   scikit-learn's generator, the class-weight tutorial
#pragma once

#include "rarenet/class_weights.hpp"
#include "rarenet/classifier.hpp"
#include "rarenet/compare.hpp"
#include "rarenet/criterion.hpp"
#include "rarenet/cross_validation.hpp"
#include "rarenet/csv.hpp"
#include "rarenet/dataset.hpp"
#include "rarenet/error.hpp"
#include "rarenet/evaluation.hpp"
#include "rarenet/make_classification.hpp"
#include "rarenet/matrix.hpp"
#include "rarenet/metrics.hpp"
#include "rarenet/model.hpp"
#include "rarenet/model_report.hpp"
#include "rarenet/network.hpp"
#include "rarenet/option.hpp"
#include "rarenet/options_doc.hpp"
#include "rarenet/random.hpp"
#include "rarenet/report_json.hpp"
#include "rarenet/scaler.hpp"
#include "rarenet/selection.hpp"
#include "rarenet/split.hpp"
#include "rarenet/sweep.hpp"
#include "rarenet/train_config.hpp"
#include "rarenet/train_options.hpp"
#include "rarenet/tutorial.hpp"
#include "rarenet/workflow_report.hpp"
