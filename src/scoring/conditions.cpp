#include "scoring/conditions.hpp"

#include <algorithm>
#include <utility>
#include <variant>

#include "shortlist/error.hpp"
#include "util/number.hpp"

namespace shortlist::detail {

namespace {

// ---- messages (the only place their text is written) ----------------------

std::string msg_not_met(std::string_view what) {
    return "not met: " + std::string(what);
}

std::string msg_no_evidence_for_fact(std::string_view fact) {
    return "no evidence for fact '" + std::string(fact) + "'";
}

std::string msg_unusable_fact(std::string_view fact, std::string_view type) {
    return "the value of fact '" + std::string(fact) + "' is not a valid " + std::string(type);
}

std::string fact_type_name(FactType t) {
    return std::string(to_string(t));
}

std::string op_name(Op op) {
    return std::string(to_string(op));
}

RulebookError err_unknown_fact(const Condition& c) {
    return RulebookError(c.location, ErrorCode::NotFound,
                         "eligibility: fact '" + c.fact + "' is not declared under facts");
}

RulebookError err_bad_op(const Condition& c, FactType type) {
    return RulebookError(c.location, ErrorCode::InvalidArgument,
                         "eligibility: op '" + op_name(c.op) + "' cannot test " +
                             fact_type_name(type) + " fact '" + c.fact + "'");
}

RulebookError err_value_count(const Condition& c) {
    return RulebookError(
        c.location, ErrorCode::InvalidArgument,
        "eligibility: op '" + op_name(c.op) + "' on fact '" + c.fact +
            (c.op == Op::In ? "' needs at least one value" : "' needs exactly one value"));
}

RulebookError err_bad_value(const Condition& c, FactType type) {
    return RulebookError(
        c.location, ErrorCode::InvalidArgument,
        "eligibility: a value for fact '" + c.fact + "' is not a valid " + fact_type_name(type));
}

RulebookError err_empty_group(const Condition& c) {
    return RulebookError(c.location, ErrorCode::InvalidArgument,
                         c.kind == Condition::Kind::Not
                             ? "eligibility: 'not' needs exactly one condition"
                             : "eligibility: 'all' and 'any' need at least one condition");
}

// ---- values ---------------------------------------------------------------

std::string value_text(const Value& v) {
    if (const bool* b = std::get_if<bool>(&v))
        return *b ? "true" : "false";
    if (const double* d = std::get_if<double>(&v))
        return format_shortest(*d);
    if (const std::string* s = std::get_if<std::string>(&v))
        return *s;
    return "null";
}

std::optional<double> ordinal_position(const FactSpec& spec, std::string_view word) {
    const auto it = std::find(spec.values.begin(), spec.values.end(), word);
    if (it == spec.values.end())
        return std::nullopt;
    return static_cast<double>(it - spec.values.begin());
}

/// A level given as a number in YAML or evidence: only whole numbers are
/// accepted (5.10 would silently read as 5.1).
std::optional<LevelParts> level_from_number(double d) {
    if (!(d >= 0) || d > 1e15 || d != static_cast<double>(static_cast<std::uint64_t>(d)))
        return std::nullopt;
    return LevelParts{static_cast<std::uint64_t>(d)};
}

/// A value converted to the form `spec` compares by; nullopt if it is not one.
std::optional<KeyValue> to_key(const FactSpec& spec, const Value& v) {
    KeyValue key;
    const std::string* s = std::get_if<std::string>(&v);
    const double* d = std::get_if<double>(&v);
    switch (spec.type) {
        case FactType::Boolean:
            if (const bool* b = std::get_if<bool>(&v)) {
                key.number = *b ? 1 : 0;
                return key;
            }
            return std::nullopt;
        case FactType::Number:
            if (d == nullptr)
                return std::nullopt;
            key.number = *d;
            return key;
        case FactType::String:
            if (s == nullptr)
                return std::nullopt;
            key.text = *s;
            return key;
        case FactType::Level: {
            auto parts = s != nullptr   ? parse_level(*s)
                         : d != nullptr ? level_from_number(*d)
                                        : std::nullopt;
            if (!parts)
                return std::nullopt;
            key.level = std::move(*parts);
            return key;
        }
        case FactType::Ordinal: {
            if (s == nullptr)
                return std::nullopt;
            const auto pos = ordinal_position(spec, *s);
            if (!pos)
                return std::nullopt;
            key.number = *pos;
            return key;
        }
    }
    return std::nullopt;
}

bool op_allowed(Op op, FactType type) {
    switch (type) {
        case FactType::Boolean:
            return op == Op::Eq || op == Op::Ne || op == Op::Exists;
        case FactType::String:
            return op == Op::Eq || op == Op::Ne || op == Op::In || op == Op::Exists;
        case FactType::Number:
        case FactType::Level:
        case FactType::Ordinal:
            return true;
    }
    return false;
}

CompiledCondition compile(const Rulebook& rulebook, const Condition& c, std::vector<bool>& used) {
    CompiledCondition out;
    out.kind = c.kind;
    if (c.kind != Condition::Kind::Leaf) {
        if (c.children.empty() || (c.kind == Condition::Kind::Not && c.children.size() != 1))
            throw err_empty_group(c);
        out.children.reserve(c.children.size());
        for (const Condition& child : c.children)
            out.children.push_back(compile(rulebook, child, used));
        return out;
    }
    const auto it = std::find_if(rulebook.facts.begin(), rulebook.facts.end(),
                                 [&](const FactSpec& f) { return f.name == c.fact; });
    if (it == rulebook.facts.end())
        throw err_unknown_fact(c);
    const FactSpec& spec = *it;
    out.fact = static_cast<std::size_t>(it - rulebook.facts.begin());
    out.type = spec.type;
    out.op = c.op;
    used[out.fact] = true;
    if (!op_allowed(c.op, spec.type))
        throw err_bad_op(c, spec.type);
    if (c.op == Op::Exists) {
        if (c.values.size() > 1)
            throw err_value_count(c);
        if (!c.values.empty()) {
            const bool* b = std::get_if<bool>(&c.values.front());
            if (b == nullptr)
                throw err_bad_value(c, FactType::Boolean);
            out.exists_wanted = *b;
        }
        return out;
    }
    if (c.op == Op::In ? c.values.empty() : c.values.size() != 1)
        throw err_value_count(c);
    out.values.reserve(c.values.size());
    for (const Value& v : c.values) {
        auto key = to_key(spec, v);
        if (!key)
            throw err_bad_value(c, spec.type);
        out.values.push_back(std::move(*key));
    }
    return out;
}

// ---- evaluation ----------------------------------------------------------

/// -1/0/1 comparing applicant a's value in `col` with `key`.
int compare(const FactColumn& col, std::size_t a, const KeyValue& key) {
    switch (col.type) {
        case FactType::Level:
            return compare_levels(col.level[a], key.level);
        case FactType::String: {
            const std::string& s = std::get<std::string>((*col.text)[a]);
            const int r = s.compare(key.text);
            return (r > 0) - (r < 0);
        }
        case FactType::Boolean:
        case FactType::Number:
        case FactType::Ordinal: {
            const double x = col.number[a];
            return (x > key.number) - (x < key.number);
        }
    }
    return 0;
}

Truth truth(bool b) {
    return b ? Truth::True : Truth::False;
}

/// Evaluates c for applicant a; facts that made a leaf Unknown are appended
/// to `unknown` (duplicates are removed by the caller).
Truth evaluate(const CompiledCondition& c, const std::vector<FactColumn>& columns, std::size_t a,
               std::vector<std::size_t>& unknown) {
    switch (c.kind) {
        case Condition::Kind::Leaf: {
            const FactColumn& col = columns[c.fact];
            const FactColumn::State state = col.state[a];
            if (c.op == Op::Exists)
                return truth((state != FactColumn::State::Absent) == c.exists_wanted);
            if (state != FactColumn::State::Present) {
                unknown.push_back(c.fact);
                return Truth::Unknown;
            }
            if (c.op == Op::In)
                return truth(std::any_of(c.values.begin(), c.values.end(), [&](const KeyValue& k) {
                    return compare(col, a, k) == 0;
                }));
            const int r = compare(col, a, c.values.front());
            switch (c.op) {
                case Op::Eq:
                    return truth(r == 0);
                case Op::Ne:
                    return truth(r != 0);
                case Op::Lt:
                    return truth(r < 0);
                case Op::Le:
                    return truth(r <= 0);
                case Op::Gt:
                    return truth(r > 0);
                case Op::Ge:
                    return truth(r >= 0);
                case Op::In:
                case Op::Exists:
                    break;  // handled above
            }
            return Truth::Unknown;
        }
        case Condition::Kind::Not: {
            const Truth t = evaluate(c.children.front(), columns, a, unknown);
            return t == Truth::True ? Truth::False : t == Truth::False ? Truth::True : t;
        }
        case Condition::Kind::All:
        case Condition::Kind::Any: {
            // Every child is evaluated (no short cut) so that all the facts
            // that leave the result unknown can be named.
            const Truth decisive = c.kind == Condition::Kind::All ? Truth::False : Truth::True;
            Truth result = c.kind == Condition::Kind::All ? Truth::True : Truth::False;
            for (const CompiledCondition& child : c.children) {
                const Truth t = evaluate(child, columns, a, unknown);
                if (t == decisive)
                    result = decisive;
                else if (t == Truth::Unknown && result != decisive)
                    result = Truth::Unknown;
            }
            return result;
        }
    }
    return Truth::Unknown;
}

}  // namespace

std::optional<LevelParts> parse_level(std::string_view text) {
    LevelParts parts;
    // One allocation per level, not one per part: Eligibility::prepare parses
    // a level for every applicant.
    parts.reserve(1 + static_cast<std::size_t>(std::count(text.begin(), text.end(), '.')));
    std::size_t i = 0;
    while (true) {
        const std::size_t start = i;
        std::uint64_t part = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            part = part * 10 + static_cast<std::uint64_t>(text[i] - '0');
            ++i;
        }
        const std::size_t digits = i - start;
        if (digits == 0 || digits > 18)
            return std::nullopt;
        parts.push_back(part);
        if (i == text.size())
            return parts;
        if (text[i] != '.')
            return std::nullopt;
        ++i;
    }
}

int compare_levels(const LevelParts& a, const LevelParts& b) noexcept {
    const std::size_t n = std::max(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t x = i < a.size() ? a[i] : 0;
        const std::uint64_t y = i < b.size() ? b[i] : 0;
        if (x != y)
            return x < y ? -1 : 1;
    }
    return 0;
}

std::string describe(const Condition& c) {
    auto child_text = [](const Condition& child) {
        return child.text.empty() ? describe(child) : child.text;
    };
    switch (c.kind) {
        case Condition::Kind::Leaf: {
            std::string s = c.fact + ' ' + op_name(c.op);
            if (c.op == Op::In) {
                s += " [";
                for (std::size_t i = 0; i < c.values.size(); ++i) {
                    if (i > 0)
                        s += ", ";
                    s += value_text(c.values[i]);
                }
                return s + ']';
            }
            if (c.op == Op::Exists && c.values.empty())
                return s + " true";
            if (!c.values.empty())
                s += ' ' + value_text(c.values.front());
            return s;
        }
        case Condition::Kind::Not:
            return "not (" + (c.children.empty() ? std::string() : child_text(c.children[0])) + ')';
        case Condition::Kind::All:
        case Condition::Kind::Any: {
            std::string s = c.kind == Condition::Kind::All ? "all of (" : "any of (";
            for (std::size_t i = 0; i < c.children.size(); ++i) {
                if (i > 0)
                    s += ", ";
                s += child_text(c.children[i]);
            }
            return s + ')';
        }
    }
    return {};
}

Eligibility::Eligibility(const Rulebook& rulebook) : used_(rulebook.facts.size(), false) {
    fact_names_.reserve(rulebook.facts.size());
    for (const FactSpec& f : rulebook.facts)
        fact_names_.push_back(f.name);
    top_.reserve(rulebook.eligibility.size());
    for (std::size_t i = 0; i < rulebook.eligibility.size(); ++i) {
        const Condition& c = rulebook.eligibility[i];
        if (after_scoring_stage(rulebook, stage_of(c)))
            continue;  // a later stage's gate: a condition of an offer (scorer.cpp)
        TopLevel t;
        t.condition = compile(rulebook, c, used_);
        t.id = c.id.empty() ? "eligibility[" + std::to_string(i) + "]" : c.id;
        t.false_message = msg_not_met(c.text.empty() ? describe(c) : c.text);
        top_.push_back(std::move(t));
    }
}

std::vector<FactColumn> Eligibility::prepare(const Rulebook& rulebook,
                                             const Evidence& evidence) const {
    const std::size_t n = evidence.applicants.size();
    std::vector<FactColumn> columns(rulebook.facts.size());
    for (std::size_t f = 0; f < used_.size(); ++f) {
        if (!used_[f])
            continue;
        const FactSpec& spec = rulebook.facts[f];
        const std::vector<Value>& values = evidence.facts[f];
        FactColumn& col = columns[f];
        col.type = spec.type;
        col.state.assign(n, FactColumn::State::Absent);
        if (spec.type == FactType::Level)
            col.level.resize(n);
        else if (spec.type == FactType::String)
            col.text = &values;
        else
            col.number.assign(n, 0);
        for (std::size_t a = 0; a < n; ++a) {
            const Value& v = values[a];
            if (std::holds_alternative<std::monostate>(v))
                continue;
            auto key = to_key(spec, v);
            if (!key) {
                col.state[a] = FactColumn::State::Unusable;
                continue;
            }
            col.state[a] = FactColumn::State::Present;
            if (spec.type == FactType::Level)
                col.level[a] = std::move(key->level);
            else if (spec.type != FactType::String)
                col.number[a] = key->number;
        }
    }
    return columns;
}

void Eligibility::check(const std::vector<FactColumn>& columns, std::size_t applicant,
                        std::vector<GateFailure>& failures) const {
    std::vector<std::size_t> unknown;
    for (const TopLevel& t : top_) {
        unknown.clear();
        const Truth result = evaluate(t.condition, columns, applicant, unknown);
        if (result == Truth::True)
            continue;
        GateFailure g;
        g.kind = GateFailure::Kind::Eligibility;
        g.id = t.id;
        if (result == Truth::False) {
            g.message = t.false_message;
        } else {
            // Name each fact once, in the order the condition reads them.
            std::vector<std::size_t> seen;
            for (const std::size_t f : unknown) {
                if (std::find(seen.begin(), seen.end(), f) != seen.end())
                    continue;
                seen.push_back(f);
                if (!g.message.empty())
                    g.message += "; ";
                g.message +=
                    columns[f].state[applicant] == FactColumn::State::Absent
                        ? msg_no_evidence_for_fact(fact_names_[f])
                        : msg_unusable_fact(fact_names_[f], fact_type_name(columns[f].type));
            }
        }
        failures.push_back(std::move(g));
    }
}

}  // namespace shortlist::detail
