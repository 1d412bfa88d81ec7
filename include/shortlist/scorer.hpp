// The scorer: a rulebook compiled into matrices, applied to a whole batch at
// once or to one application as it arrives.
#pragma once

#include <memory>
#include <vector>

#include "shortlist/evidence.hpp"
#include "shortlist/outcome.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist {

/// What Scorer::score builds besides totals, groups, gates and reasons.
struct ScoreOptions {
    /// Fill Outcome::criteria, the per-criterion breakdown (about 2.5 KiB per
    /// applicant with 20 criteria). Off, Outcome::criteria holds only the
    /// criteria the rulebook's tie_break names (ties: break_by), which select()
    /// needs; everything else in the Outcome is the same either way.
    bool explain = true;
};

/// Scores applicants against one rulebook (docs/scoring.md):
///  - raw r = mean of the assessors' scores; s = (r − min) / (max − min);
///  - G = Σ w·s / Σ w over the group's criteria that apply (not_applicable
///    dropped; a group whose applicable weights sum to 0 has no score);
///  - total = 100 × Σ W·G / Σ W over the groups with a score (0 if none);
///  - geometric: G = exp(Σ w·ln s / Σ w), total = 100 × exp(Σ W·ln G / Σ W);
///    any s = 0 (or G = 0) with a non-zero weight gives 0; weight 0 never counts;
///  - totals are rounded to 6 decimal places.
/// Missing evidence scores s = 0 and is a NoEvidence gate for essential and
/// competency criteria, and for a desirable criterion with a minimum; a
/// criterion with may_be_met_later turns a missing or below-minimum result into
/// a condition instead. Eligibility conditions use three-valued logic.
///
/// score() is const and keeps no state between calls, so one Scorer may be
/// shared by threads. A moved-from Scorer may only be assigned or destroyed.
class Scorer {
  public:
    /// Compiles the rulebook; throws RulebookError with validate()'s
    /// diagnostics if it finds a problem, or naming a condition the scorer
    /// cannot apply (an operator its fact type cannot take, a value not of the
    /// fact's type).
    explicit Scorer(Rulebook rulebook);
    ~Scorer();
    Scorer(Scorer&&) noexcept;
    Scorer& operator=(Scorer&&) noexcept;
    Scorer(const Scorer&) = delete;
    Scorer& operator=(const Scorer&) = delete;

    [[nodiscard]] const Rulebook& rulebook() const noexcept;

    /// Score every applicant in the evidence (an applicants x criteria matrix),
    /// in evidence order. The evidence should come from the loaders (or
    /// make_evidence) for this rulebook, which reject bad or conflicting
    /// ratings; evidence that still does not fit (a fact column count or
    /// length, a rating index out of range, a score off its scale or not
    /// finite) throws EvidenceError naming the ratings file and line. A
    /// criterion scored by one assessor and called not_applicable by another
    /// counts as scored.
    [[nodiscard]] std::vector<Outcome> score(const Evidence& evidence,
                                             const ScoreOptions& options = {}) const;

    /// The same from evidence read for scoring only (load_tallied_evidence
    /// with a rulebook of the same criteria, else EvidenceError): the same
    /// outcomes as from load_evidence's evidence. The evidence is used up:
    /// its memory goes back before this returns, and it is left empty (as
    /// moved from: no applicants, not tallied; scoring it again gives no
    /// outcomes). Refused for other criteria, it is left as it was.
    [[nodiscard]] std::vector<Outcome> score(TalliedEvidence&& evidence,
                                             const ScoreOptions& options = {}) const;

    /// Score one application (checked by make_evidence; throws EvidenceError).
    [[nodiscard]] Outcome score(const Application& application,
                                const ScoreOptions& options = {}) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace shortlist
