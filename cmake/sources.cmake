# The library's sources, by pipeline stage (docs/architecture.md). Listed by
# hand: a new file is added here, never picked up by a glob.
set(SHORTLIST_UTIL_SOURCES
    src/util/error.cpp
    src/util/csv.cpp
    src/util/json.cpp
    src/util/json_reader.cpp
    src/util/io.cpp)
set(SHORTLIST_RULEBOOK_SOURCES
    src/rulebook/rulebook.cpp
    src/rulebook/yaml/rulebook_yaml.cpp)
set(SHORTLIST_EVIDENCE_SOURCES
    src/evidence/evidence.cpp
    src/evidence/csv_evidence.cpp
    src/evidence/jsonl_evidence.cpp
    src/evidence/messages.cpp
    src/evidence/ratings.cpp
    src/evidence/blind.cpp)
set(SHORTLIST_SCORING_SOURCES
    src/scoring/conditions.cpp
    src/scoring/scorer.cpp
    src/scoring/ranking.cpp
    src/scoring/stream.cpp
    src/scoring/stream_csv.cpp)
set(SHORTLIST_REPORT_SOURCES
    src/report/report.cpp)
set(SHORTLIST_ANALYSIS_SOURCES
    src/analysis/calibration/calibration.cpp
    src/analysis/calibration/agreement.cpp
    src/analysis/calibration/effects.cpp
    src/analysis/sensitivity/sensitivity.cpp
    src/analysis/sensitivity/draws.cpp
    src/analysis/compare.cpp
    src/analysis/fairness/fairness.cpp
    src/analysis/fairness/load.cpp
    src/analysis/explain.cpp
    src/analysis/bands.cpp)
# The audit part: file hashing (OpenSSL's libcrypto), built as the
# shortlist::audit target that the CLI links, so that the scoring core does not
# depend on libcrypto.
set(SHORTLIST_AUDIT_SOURCES
    src/util/sha256.cpp)
set(SHORTLIST_SOURCES
    ${SHORTLIST_UTIL_SOURCES}
    ${SHORTLIST_RULEBOOK_SOURCES}
    ${SHORTLIST_EVIDENCE_SOURCES}
    ${SHORTLIST_SCORING_SOURCES}
    ${SHORTLIST_REPORT_SOURCES}
    ${SHORTLIST_ANALYSIS_SOURCES})
