// to_string() and parse_*() for the rulebook's enums, from the tables in names.hpp.
#include "rulebook/names.hpp"

namespace shortlist {

using detail::name_of;
using detail::parse_name;

std::string_view to_string(Group g) {
    return name_of(detail::group_names, g);
}
std::optional<Group> parse_group(std::string_view s) {
    return parse_name<Group>(detail::group_names, s);
}

std::string_view to_string(Aggregation a) {
    return name_of(detail::aggregation_names, a);
}
std::optional<Aggregation> parse_aggregation(std::string_view s) {
    return parse_name<Aggregation>(detail::aggregation_names, s);
}

std::string_view to_string(TiePolicy t) {
    return name_of(detail::tie_policy_names, t);
}
std::optional<TiePolicy> parse_tie_policy(std::string_view s) {
    return parse_name<TiePolicy>(detail::tie_policy_names, s);
}

std::string_view to_string(BandMethod m) {
    return name_of(detail::band_method_names, m);
}
std::optional<BandMethod> parse_band_method(std::string_view s) {
    return parse_name<BandMethod>(detail::band_method_names, s);
}

std::string_view to_string(Stage s) {
    return name_of(detail::stage_names, s);
}
std::optional<Stage> parse_stage(std::string_view s) {
    return parse_name<Stage>(detail::stage_names, s);
}

std::string_view to_string(RatedOn r) {
    return name_of(detail::rated_on_names, r);
}
std::optional<RatedOn> parse_rated_on(std::string_view s) {
    return parse_name<RatedOn>(detail::rated_on_names, s);
}

std::string_view to_string(Op op) {
    return name_of(detail::op_names, op);
}
std::optional<Op> parse_op(std::string_view s) {
    return parse_name<Op>(detail::op_names, s);
}

std::string_view to_string(FactType t) {
    return name_of(detail::fact_type_names, t);
}
std::optional<FactType> parse_fact_type(std::string_view s) {
    return parse_name<FactType>(detail::fact_type_names, s);
}

std::string_view to_string(Condition::Kind k) {
    return name_of(detail::condition_kind_names, k);
}

}  // namespace shortlist
