// generate_data: random draws, and the plan of applicant facts taken from
// every rulebook's fact declarations and eligibility conditions.
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <shortlist/rulebook.hpp>

namespace gen {

using namespace shortlist;

// ---------------------------------------------------------------- draws

/// Boost's engine and distributions give the same numbers on every platform.
using Rng = boost::random::mt19937;

inline double uniform(Rng& rng) {
    return boost::random::uniform_01<double>{}(rng);
}
inline bool chance(Rng& rng, double p) {
    return uniform(rng) < p;
}
inline double normal(Rng& rng, double mean, double sd) {
    return boost::random::normal_distribution<double>{mean, sd}(rng);
}
/// 0 .. n-1 (n > 0).
inline std::size_t uniform_index(Rng& rng, std::size_t n) {
    return boost::random::uniform_int_distribution<std::size_t>{0, n - 1}(rng);
}

// ---------------------------------------------------------------- facts

/// An eligibility leaf on a fact, and whether a good applicant makes it hold
/// (false under a `not`).
struct Constraint {
    std::size_t book = 0;            ///< index of the rulebook it comes from
    const FactSpec* spec = nullptr;  ///< the declaring rulebook's spec (ordinal words)
    const Condition* leaf = nullptr;
    bool must_hold = true;
};

/// One column of applicants.csv: a fact declared by at least one rulebook.
struct FactPlan {
    std::string name;
    FactType type = FactType::String;
    std::vector<std::string> candidates;  ///< values every declaring rulebook accepts, lowest first
    std::vector<Constraint> constraints;
    std::vector<std::size_t> good;  ///< candidates meeting every constraint
    bool guaranteed_interview = false;
};

/// A way to fail one rulebook's eligibility: one of `values` in the fact's
/// column ("" = blank). Rulebooks that read the same fact may fail too.
struct Failure {
    std::size_t book = 0;
    std::size_t fact = 0;
    std::vector<std::string> values;
};

inline std::string literal_text(const Value& v) {
    if (const bool* b = std::get_if<bool>(&v))
        return *b ? "true" : "false";
    if (const double* d = std::get_if<double>(&v)) {
        char buf[32];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *d);
        return std::string(buf, end);
    }
    if (const std::string* s = std::get_if<std::string>(&v))
        return *s;
    return {};
}

inline std::optional<bool> parse_bool(std::string_view s) {
    std::string l;
    for (char c : s)
        l += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (l == "true" || l == "yes" || l == "y")
        return true;
    if (l == "false" || l == "no" || l == "n")
        return false;
    return std::nullopt;
}

inline std::optional<double> parse_double(std::string_view s) {
    double v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size())
        return std::nullopt;
    return v;
}

/// a <=> b under the fact's type: -1, 0, 1, or none when not comparable.
inline std::optional<int> compare(const FactSpec& spec, std::string_view a, std::string_view b) {
    auto sign = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
    switch (spec.type) {
        case FactType::Boolean: {
            const auto x = parse_bool(a), y = parse_bool(b);
            if (!x || !y)
                return std::nullopt;
            return sign(*x, *y);
        }
        case FactType::Number: {
            const auto x = parse_double(a), y = parse_double(b);
            if (!x || !y)
                return std::nullopt;
            return sign(*x, *y);
        }
        case FactType::Level: {  // "5.4" < "5.10" < "6.1": part by part
            while (!a.empty() || !b.empty()) {
                auto part = [](std::string_view& s) {
                    const auto dot = s.find('.');
                    const auto v = parse_double(s.substr(0, dot));
                    s = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
                    return v;
                };
                const auto x = part(a), y = part(b);
                if (!x || !y)
                    return std::nullopt;
                if (*x != *y)
                    return sign(*x, *y);
            }
            return 0;
        }
        case FactType::Ordinal: {
            const auto& w = spec.values;
            const auto x = std::find(w.begin(), w.end(), a), y = std::find(w.begin(), w.end(), b);
            if (x == w.end() || y == w.end())
                return std::nullopt;
            return sign(x - w.begin(), y - w.begin());
        }
        case FactType::String:
            return sign(a, b);
    }
    return std::nullopt;
}

/// Does a present value meet the leaf?
inline bool holds(const Constraint& c, std::string_view value) {
    const Condition& leaf = *c.leaf;
    if (leaf.op == Op::Exists)
        return leaf.values.empty() || literal_text(leaf.values.front()) == "true";
    auto cmp = [&](const Value& lit) { return compare(*c.spec, value, literal_text(lit)); };
    if (leaf.op == Op::In)
        return std::any_of(leaf.values.begin(), leaf.values.end(),
                           [&](const Value& lit) { return cmp(lit) == 0; });
    if (leaf.values.empty())
        return false;
    const auto r = cmp(leaf.values.front());
    if (!r)
        return false;
    switch (leaf.op) {
        case Op::Eq:
            return *r == 0;
        case Op::Ne:
            return *r != 0;
        case Op::Lt:
            return *r < 0;
        case Op::Le:
            return *r <= 0;
        case Op::Gt:
            return *r > 0;
        case Op::Ge:
            return *r >= 0;
        default:
            return false;
    }
}

/// Walk a condition: what must a good applicant make of each leaf? Under
/// `any` the first child is the one met; the others are left to chance.
inline void collect(const Rulebook& rb, std::size_t book, const Condition& c, bool must_hold,
                    std::vector<Constraint>& out) {
    switch (c.kind) {
        case Condition::Kind::Leaf:
            if (const FactSpec* spec = rb.find_fact(c.fact))
                out.push_back({book, spec, &c, must_hold});
            return;
        case Condition::Kind::Not:
            for (const auto& child : c.children)
                collect(rb, book, child, !must_hold, out);
            return;
        case Condition::Kind::All:
        case Condition::Kind::Any: {
            // all (held) and any (failed) need every child alike; otherwise one will do.
            const bool every = (c.kind == Condition::Kind::All) == must_hold;
            for (std::size_t i = 0; i < c.children.size() && (every || i == 0); ++i)
                collect(rb, book, c.children[i], must_hold, out);
            return;
        }
    }
}

inline std::vector<std::string> make_candidates(const FactPlan& plan,
                                                const std::vector<const FactSpec*>& specs) {
    std::vector<std::string> out;
    std::vector<double> thresholds;
    for (const auto& c : plan.constraints)
        for (const auto& v : c.leaf->values)
            if (const double* d = std::get_if<double>(&v))
                thresholds.push_back(*d);
    switch (plan.type) {
        case FactType::Boolean:
            return {"false", "true"};
        case FactType::Ordinal:
        case FactType::String: {
            const FactSpec* listed = nullptr;
            for (const FactSpec* s : specs)
                if (!s->values.empty() && !listed)
                    listed = s;
            if (!listed) {  // free text: the words the conditions use, and one other
                for (const auto& c : plan.constraints)
                    for (const auto& v : c.leaf->values)
                        out.push_back(literal_text(v));
                out.push_back("other");
                std::sort(out.begin(), out.end());
                out.erase(std::unique(out.begin(), out.end()), out.end());
                return out;
            }
            for (const auto& w : listed->values) {
                const bool everywhere = std::all_of(specs.begin(), specs.end(), [&](auto* s) {
                    return s->values.empty() ||
                           std::find(s->values.begin(), s->values.end(), w) != s->values.end();
                });
                if (everywhere)
                    out.push_back(w);
            }
            return out;
        }
        case FactType::Level: {
            for (int level = 1; level <= 15; ++level)
                for (int shuttle = 1; shuttle <= 9; ++shuttle)
                    out.push_back(std::to_string(level) + "." + std::to_string(shuttle));
            return out;
        }
        case FactType::Number: {
            double lo = 0, hi = 10;
            if (plan.name.find("age") != std::string::npos) {
                lo = 16;
                hi = 64;
            } else if (!thresholds.empty()) {
                const auto [mn, mx] = std::minmax_element(thresholds.begin(), thresholds.end());
                lo = std::max(*mn >= 0 ? 0.0 : -1e9, std::floor(*mn) - 10);
                hi = std::ceil(*mx) + 10;
            }
            for (double v = lo; v <= hi; ++v)
                out.push_back(std::to_string(std::lround(v)));
            return out;
        }
    }
    return out;
}

/// Every fact of every rulebook, first seen first; problems go to `warn`.
inline std::vector<FactPlan> plan_facts(const std::vector<Rulebook>& books, std::ostream& warn) {
    std::vector<FactPlan> plans;
    std::vector<std::vector<const FactSpec*>> specs;
    for (std::size_t book = 0; book < books.size(); ++book) {
        const Rulebook& rb = books[book];
        for (const FactSpec& spec : rb.facts) {
            auto it = std::find_if(plans.begin(), plans.end(),
                                   [&](const FactPlan& p) { return p.name == spec.name; });
            if (it == plans.end()) {
                plans.push_back({spec.name, spec.type, {}, {}, {}, false});
                specs.emplace_back();
                it = plans.end() - 1;
            } else if (it->type != spec.type) {
                warn << "generate_data: " << rb.id << " declares fact " << spec.name
                     << " with another type; its conditions on it are ignored\n";
                continue;
            }
            specs[static_cast<std::size_t>(it - plans.begin())].push_back(&spec);
        }
        std::vector<Constraint> cs;
        for (const Condition& c : rb.eligibility)
            collect(rb, book, c, true, cs);
        for (const Constraint& c : cs)
            for (std::size_t i = 0; i < plans.size(); ++i)
                if (plans[i].name == c.spec->name && plans[i].type == c.spec->type)
                    plans[i].constraints.push_back(c);
        if (rb.shortlist.guaranteed_interview_fact)
            for (auto& p : plans)
                if (p.name == *rb.shortlist.guaranteed_interview_fact)
                    p.guaranteed_interview = true;
    }
    for (std::size_t i = 0; i < plans.size(); ++i) {
        FactPlan& p = plans[i];
        p.candidates = make_candidates(p, specs[i]);
        for (std::size_t v = 0; v < p.candidates.size(); ++v)
            if (std::all_of(p.constraints.begin(), p.constraints.end(), [&](const Constraint& c) {
                    return holds(c, p.candidates[v]) == c.must_hold;
                }))
                p.good.push_back(v);
        if (p.good.empty()) {
            warn << "generate_data: no value of fact " << p.name
                 << " meets every rulebook; drawing from all its values\n";
            for (std::size_t v = 0; v < p.candidates.size(); ++v)
                p.good.push_back(v);
        }
    }
    return plans;
}

/// The ways an applicant can fail: for each condition a good applicant meets,
/// the nearest values that break it; and a blank cell for each fact a
/// condition reads (an unknown fact fails its condition).
inline std::vector<Failure> failures(const std::vector<FactPlan>& plans) {
    std::vector<Failure> out;
    for (std::size_t f = 0; f < plans.size(); ++f) {
        const FactPlan& p = plans[f];
        if (p.guaranteed_interview)
            continue;
        std::vector<std::size_t> books;
        for (const Constraint& c : p.constraints) {
            if (std::find(books.begin(), books.end(), c.book) == books.end())
                books.push_back(c.book);
            std::vector<std::pair<std::size_t, std::size_t>> bad;  // distance to good, index
            for (std::size_t v = 0; v < p.candidates.size(); ++v) {
                if (holds(c, p.candidates[v]) == c.must_hold)
                    continue;
                std::size_t d = p.candidates.size();
                for (std::size_t g : p.good)
                    d = std::min(d, g > v ? g - v : v - g);
                bad.emplace_back(d, v);
            }
            std::sort(bad.begin(), bad.end());
            Failure fail{c.book, f, {}};
            for (std::size_t i = 0; i < bad.size() && i < 6; ++i)
                fail.values.push_back(p.candidates[bad[i].second]);
            if (!fail.values.empty())
                out.push_back(std::move(fail));
        }
        for (std::size_t b : books)
            out.push_back({b, f, {""}});
    }
    return out;
}

/// A value meeting every rulebook. Levels stay within about three levels of
/// the lowest acceptable; ordinal words favour the lowest acceptable (each
/// next one half as likely: most applicants hold the vetting asked for, few
/// hold more); free booleans are true for about a third.
inline std::string draw_good(Rng& rng, const FactPlan& p) {
    if (p.type == FactType::Boolean && p.good.size() == 2)
        return chance(rng, 0.3) ? "true" : "false";
    if (p.type == FactType::Ordinal) {
        std::size_t i = 0;
        while (i + 1 < p.good.size() && chance(rng, 0.5))
            ++i;
        return p.candidates[p.good[i]];
    }
    std::size_t n = p.good.size();
    if (p.type == FactType::Level)
        n = std::min<std::size_t>(n, 30);
    return p.candidates[p.good[uniform_index(rng, n)]];
}

inline std::size_t find_plan(const std::vector<FactPlan>& plans, std::string_view name) {
    for (std::size_t i = 0; i < plans.size(); ++i)
        if (plans[i].name == name)
            return i;
    return plans.size();
}

}  // namespace gen
