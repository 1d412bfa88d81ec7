// Strong identifiers: an applicant id is not a criterion id.
#pragma once

#include <compare>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace shortlist {

template <class Tag, class Rep = std::string>
class StrongId {
  public:
    StrongId() = default;
    explicit StrongId(Rep value) : value_(std::move(value)) {}

    [[nodiscard]] const Rep& value() const noexcept { return value_; }
    [[nodiscard]] std::string_view view() const noexcept { return value_; }

    friend auto operator<=>(const StrongId&, const StrongId&) = default;
    friend bool operator==(const StrongId&, const StrongId&) = default;

  private:
    Rep value_{};
};

using ApplicantId = StrongId<struct ApplicantTag>;
using CriterionId = StrongId<struct CriterionTag>;
using AssessorId = StrongId<struct AssessorTag>;

}  // namespace shortlist

template <class Tag, class Rep>
struct std::hash<shortlist::StrongId<Tag, Rep>> {
    std::size_t operator()(const shortlist::StrongId<Tag, Rep>& id) const noexcept {
        return std::hash<Rep>{}(id.value());
    }
};
