// A fact's value, as read from evidence or written in a rulebook condition.
#pragma once

#include <string>
#include <variant>

namespace shortlist {

/// The kinds of fact a rulebook may declare.
enum class FactType {
    Boolean,  ///< true/false; evidence accepts true/false/yes/no/y/n (any case)
    Number,   ///< a finite decimal number
    String,   ///< free text, compared exactly
    Level,  ///< dotted level such as a bleep test "5.4" (level 5, shuttle 4); compared part by part
    Ordinal,  ///< one of an ordered list of words (e.g. vetting: none < RV < CTC < SC)
};

/// A value: absent (std::monostate), a boolean, a number or text.
/// Level and ordinal facts are held as their text and compared by their type's rule.
using Value = std::variant<std::monostate, bool, double, std::string>;

}  // namespace shortlist
