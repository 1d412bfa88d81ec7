// Inter-rater agreement statistics: shared plumbing (rating-matrix checks,
// complete blocks, notes). The statistics follow in this file and its siblings.
#include "shortlist/agreement.hpp"

#include <limits>

namespace shortlist {

RatingMatrix RatingMatrix::all_missing(std::size_t subjects, std::size_t raters) {
    RatingMatrix m;
    m.subjects = subjects;
    m.raters = raters;
    m.values.assign(subjects * raters, std::numeric_limits<double>::quiet_NaN());
    return m;
}

}  // namespace shortlist
