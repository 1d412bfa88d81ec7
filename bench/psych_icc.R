# bench/psych_icc.R: the R peer of `shortlist calibrate` for bench/compare.
#
#   Rscript bench/psych_icc.R RATINGS.csv
#
# RATINGS.csv has the columns applicant_id, criterion, assessor, score of a
# fully crossed design (every applicant rated by the same assessors on every
# criterion). For each criterion, psych::ICC (Revelle's psych package; the
# lme4 variance components it uses by default) estimates the six Shrout &
# Fleiss ICCs from the applicants x assessors matrix. Prints one JSON line:
# the seconds spent after reading the file, and each criterion's ICCs, so
# that bench/compare can check both programs give the same answers.
suppressPackageStartupMessages(library(psych))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 1) stop("usage: Rscript psych_icc.R RATINGS.csv")
ratings <- read.csv(args[1], colClasses = c("character", "character", "character", "numeric"))
started <- proc.time()[["elapsed"]]
parts <- character(0)
for (criterion in sort(unique(ratings$criterion))) {
    one <- ratings[ratings$criterion == criterion, c("applicant_id", "assessor", "score")]
    wide <- reshape(one, idvar = "applicant_id", timevar = "assessor", direction = "wide")
    m <- as.matrix(wide[, -1])
    icc <- psych::ICC(m)$results
    values <- sprintf("\"%s\": %.17g", c("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"),
                      icc$ICC)
    parts <- c(parts, sprintf("\"%s\": {%s}", criterion, paste(values, collapse = ", ")))
}
seconds <- proc.time()[["elapsed"]] - started
cat(sprintf("{\"seconds\": %.3f, \"icc\": {%s}}\n", seconds, paste(parts, collapse = ", ")))
