// Reading eligibility conditions (leaf tests on facts, nested all/any/not)
// from YAML, typing each value by its fact's declared type (condition.cpp).
// Private to src/rulebook/yaml/.
//
// Conditions are numbered in preorder as they are read (parent before
// children, in file order); check_rulebook() walks them in the same order, so
// the number finds each one's recorded positions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "rulebook/yaml/reader.hpp"
#include "shortlist/rulebook.hpp"

namespace shortlist::detail {

class ConditionReader {
  public:
    /// Marks a fact whose type could not be read (its conditions are not typed).
    static constexpr std::size_t untyped = static_cast<std::size_t>(-1);

    /// `fact_index`: fact name -> index into `facts`, or `untyped`.
    ConditionReader(YamlReader& r, const std::vector<FactSpec>& facts,
                    const std::unordered_map<std::string, std::size_t>& fact_index)
        : r_(r), marks_(r.context().marks), facts_(facts), fact_index_(fact_index) {}

    /// Read the `eligibility` list into `out`.
    void read_eligibility(const Entry& e, std::vector<Condition>& out);

  private:
    bool read_condition(const Entry& e, const std::string& path, std::size_t depth, Condition& c);
    void read_leaf(const Map& m, std::size_t k, const std::string& name, Condition& c);
    void read_in_values(const Map& m, std::size_t k, const std::string& name, Condition& c);
    /// Type a condition's value by its fact's declared type.
    void add_value(const Entry& item, std::size_t k, const std::string& name, Condition& c);
    void read_group(const Map& m, const Entry& body, std::size_t k, const std::string& name,
                    std::size_t depth, Condition& c);

    void mark(Section s, std::size_t i, std::size_t j, Field f, const YAML::Mark& m) {
        marks_.set(s, i, j, f, r_.pos(m));
    }
    void skip(Section s, std::size_t i, std::size_t j, Field f) { marks_.skip(s, i, j, f); }

    YamlReader& r_;
    YamlMarks& marks_;
    const std::vector<FactSpec>& facts_;
    const std::unordered_map<std::string, std::size_t>& fact_index_;
    std::size_t serial_ = 0;  ///< preorder number of the next condition
};

}  // namespace shortlist::detail
