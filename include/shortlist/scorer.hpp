// The scorer: a rulebook compiled into matrices, applied to a whole batch at
// once or to one application as it arrives.
#pragma once

#include <memory>
#include <vector>

#include "shortlist/evidence.hpp"
#include "shortlist/outcome.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist {

class Scorer {
public:
    /// Compiles the rulebook; throws RulebookError if validate() finds a problem.
    explicit Scorer(Rulebook rulebook);
    ~Scorer();
    Scorer(Scorer&&) noexcept;
    Scorer& operator=(Scorer&&) noexcept;
    Scorer(const Scorer&) = delete;
    Scorer& operator=(const Scorer&) = delete;

    [[nodiscard]] const Rulebook& rulebook() const noexcept;

    /// Score every applicant in the evidence (an applicants x criteria matrix).
    /// The evidence must come from the loaders (or make_evidence) for this
    /// rulebook: they have already rejected bad or conflicting ratings.
    [[nodiscard]] std::vector<Outcome> score(const Evidence& evidence) const;

    /// Score one application (checked by make_evidence; throws EvidenceError).
    [[nodiscard]] Outcome score(const Application& application) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace shortlist
