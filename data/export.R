#!/usr/bin/env Rscript
# Writes the CSV files of data/ from the datasets that Debian's R packages ship:
#   apt-get install r-base-core r-cran-mlbench r-cran-kernlab r-cran-modeldata
#   (or scripts/bootstrap --data)
#   Rscript data/export.R [OUTPUT_DIR]        (default: the folder of this script)
# Not needed by the tests, which read the CSV files it wrote (see data/README.md).
#
# Every file: a header row, numeric features, the label in the last column `y` (1 = the rare
# class); glass.csv alone is multi-class, its six glass types kept with their published labels. Multi-class tables become "one class against the rest", as imbalanced-learn's
# benchmark datasets (imblearn.datasets.fetch_datasets) are made; categorical columns are
# one-hot encoded with a column per level, a missing value being a level of its own (`_NA`).
suppressPackageStartupMessages({
  library(mlbench)
  library(kernlab)
  library(modeldata)
})

args <- commandArgs(trailingOnly = TRUE)
out_dir <- if (length(args) >= 1) args[1] else {
  file_arg <- grep("^--file=", commandArgs(FALSE), value = TRUE)
  dirname(normalizePath(sub("^--file=", "", file_arg)))
}

write_table <- function(features, y, name, multiclass = FALSE) {
  stopifnot(!anyNA(features), multiclass || all(y %in% c(0, 1)))
  df <- data.frame(features, y = as.integer(y), check.names = FALSE)
  path <- file.path(out_dir, paste0(name, ".csv"))
  # 15 significant digits (R's default) round-trips every value these tables hold.
  write.csv(df, path, row.names = FALSE, quote = FALSE)
  if (multiclass) {
    counts <- table(y)
    cat(sprintf("%-14s %6d rows %4d features  %s\n", basename(path), nrow(df), ncol(features),
                paste(names(counts), counts, sep = ": ", collapse = ", ")))
  } else {
    cat(sprintf("%-14s %6d rows %4d features  %5d : %4d\n", basename(path), nrow(df),
                ncol(features), sum(y == 0), sum(y == 1)))
  }
}

# Factors (ordered or not) -> one 0/1 column per level, NA its own level; numbers unchanged.
one_hot <- function(df) {
  cols <- list()
  for (name in names(df)) {
    v <- df[[name]]
    if (is.factor(v)) {
      codes <- as.character(v)
      levels_seen <- levels(v)
      if (anyNA(codes)) {
        codes[is.na(codes)] <- "NA"
        levels_seen <- c(levels_seen, "NA")
      }
      for (lev in levels_seen) cols[[paste0(name, "_", lev)]] <- as.integer(codes == lev)
    } else {
      cols[[name]] <- v
    }
  }
  as.data.frame(cols, check.names = FALSE)
}

# satimage: Statlog Landsat Satellite, class "damp grey soil" against the rest
# (imbalanced-learn's `satimage`).
data(Satellite)
sat <- Satellite[, setdiff(names(Satellite), "classes")]
names(sat) <- paste0("x", seq_len(ncol(sat)))
write_table(sat, Satellite$classes == "damp grey soil", "satimage")

# pima: Pima Indians Diabetes, diabetes positive.
data(PimaIndiansDiabetes)
write_table(PimaIndiansDiabetes[, 1:8], PimaIndiansDiabetes$diabetes == "pos", "pima")

# spam: spambase (Hopkins et al.), spam against non-spam; already binary, kept as it is (1.5 : 1).
data(spam)
write_table(spam[, setdiff(names(spam), "type")], spam$type == "spam", "spam")

# vehicle: Statlog Vehicle Silhouettes, class "van" against the rest (3.3 : 1).
data(Vehicle)
write_table(Vehicle[, setdiff(names(Vehicle), "Class")], Vehicle$Class == "van", "vehicle")

# soybean: Soybean (large), class "brown-spot" against the rest (6.4 : 1); its 35 categorical
# columns one-hot encoded (with missing values as a level) give 133 0/1 features.
data(Soybean)
write_table(one_hot(Soybean[, setdiff(names(Soybean), "Class")]), Soybean$Class == "brown-spot",
            "soybean")

# letter_img: Letter Recognition, letter "Z" against the rest (26 : 1), as imbalanced-learn's
# `letter_img`.
data(LetterRecognition)
write_table(LetterRecognition[, setdiff(names(LetterRecognition), "lettr")],
            LetterRecognition$lettr == "Z", "letter_img")

# churn: the MLC++ customer churn table (modeldata's `mlc_churn`), churn "yes" against "no"
# (6.1 : 1); state, area code and the two plans one-hot encoded (73 features).
data(mlc_churn)
churn <- as.data.frame(mlc_churn)
write_table(one_hot(churn[, setdiff(names(churn), "churn")]), churn$churn == "yes", "churn")

# glass: the Glass Identification data (German; UCI), multi-class as published: the six types
# present keep their labels 1, 2, 3, 5, 6, 7 (type 4, "vehicle windows non-float processed", has
# no rows), 70 : 76 : 17 : 13 : 9 : 29.
data(Glass)
write_table(Glass[, setdiff(names(Glass), "Type")], as.integer(as.character(Glass$Type)), "glass",
            multiclass = TRUE)
