// Reading eligibility conditions (leaf tests on facts, nested all/any/not)
// from YAML, typing each value by its fact's declared type. Included only by
// src/rulebook/yaml/rulebook_yaml.cpp, the one translation unit that sees yaml-cpp.
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

inline constexpr std::string_view condition_keys[] = {"id",    "text",   "source", "fact", "op",
                                                      "value", "values", "all",    "any",  "not"};
inline constexpr std::string_view condition_ops[] = {"eq", "ne", "lt", "le",
                                                     "gt", "ge", "in", "exists"};

class ConditionReader {
  public:
    /// Marks a fact whose type could not be read (its conditions are not typed).
    static constexpr std::size_t untyped = static_cast<std::size_t>(-1);

    /// `fact_index`: fact name -> index into `facts`, or `untyped`.
    ConditionReader(YamlReader& r, const std::vector<FactSpec>& facts,
                    const std::unordered_map<std::string, std::size_t>& fact_index)
        : r_(r), marks_(r.context().marks), facts_(facts), fact_index_(fact_index) {}

    /// Read the `eligibility` list into `out`.
    void read_eligibility(const Entry& e, std::vector<Condition>& out) {
        auto items = r_.list(e);
        if (!items)
            return;
        for (std::size_t i = 0; i < items->size(); ++i) {
            Condition c;
            if (read_condition((*items)[i], top_condition_path(i), 1, c))
                out.push_back(std::move(c));
        }
    }

  private:
    bool read_condition(const Entry& e, const std::string& path, std::size_t depth, Condition& c) {
        const auto peeked = peek_scalar(e.value, "id");
        const std::string name = peeked && !peeked->empty() ? *peeked : path;
        if (depth > max_condition_depth) {
            r_.report(e.mark(), rulebook_msg::conditions_too_deep(name, max_condition_depth));
            return false;
        }
        auto m = r_.map(e, quoted("condition", name), KeyList(condition_keys));
        if (!m)
            return false;
        int kinds = 0;
        const Entry* body = nullptr;
        for (auto [key, kind] : {std::pair{"fact", Condition::Kind::Leaf},
                                 {"all", Condition::Kind::All},
                                 {"any", Condition::Kind::Any},
                                 {"not", Condition::Kind::Not}})
            if (const Entry* x = m->find(key)) {
                ++kinds;
                c.kind = kind;
                body = x;
            }
        if (kinds != 1) {
            r_.report(m->mark, rulebook_msg::condition_shape(name));
            return false;
        }
        const std::size_t k = serial_++;
        c.location = r_.loc(m->mark);
        if (const Entry* id = m->get("id")) {
            if (auto s = r_.text(*id)) {
                c.id = *s;
                mark(Section::Condition, k, 0, Field::Id, id->mark());
            }
        } else if (depth == 1) {
            c.id = path;
        }
        if (const Entry* t = m->get("text"))
            c.text = r_.text(*t).value_or("");
        if (const Entry* s = m->get("source"))
            c.source = r_.text(*s).value_or("");
        if (c.kind == Condition::Kind::Leaf)
            read_leaf(*m, k, name, c);
        else
            read_group(*m, *body, k, name, depth, c);
        return true;
    }

    void read_leaf(const Map& m, std::size_t k, const std::string& name, Condition& c) {
        const Entry* fact = m.find("fact");
        if (auto s = r_.text(*fact)) {
            c.fact = *s;
            mark(Section::Condition, k, 0, Field::Fact, fact->mark());
        } else {
            skip(Section::Condition, k, 0, Field::Fact);
        }
        const Entry* op_entry = r_.need(m, "op");
        auto op = op_entry ? r_.choice(*op_entry, KeyList(condition_ops), parse_op) : std::nullopt;
        if (!op) {
            skip(Section::Condition, k, 0, Field::Op);
            return;
        }
        c.op = *op;
        mark(Section::Condition, k, 0, Field::Op, op_entry->mark());
        mark(Section::Condition, k, 0, Field::Values, m.mark);  // where "missing" is reported
        const Entry* value = m.get("value");
        const Entry* values = m.get("values");
        if (c.op == Op::In) {
            if (value) {
                r_.report(value->key_mark, rulebook_msg::in_takes_values(name));
                skip(Section::Condition, k, 0, Field::Values);
            }
            if (!values)
                return;
            auto items = r_.list(*values);
            if (!items) {
                skip(Section::Condition, k, 0, Field::Values);
                return;
            }
            mark(Section::Condition, k, 0, Field::Values, values->mark());
            for (const auto& item : *items)
                add_value(item, k, name, c);
            return;
        }
        if (values) {
            r_.report(values->key_mark, rulebook_msg::value_needs_op_in(name, to_string(c.op)));
            skip(Section::Condition, k, 0, Field::Values);
        }
        if (!value)
            return;
        if (c.op != Op::Exists) {
            add_value(*value, k, name, c);
        } else if (auto b = YamlReader::as_boolean(value->value)) {
            c.values.emplace_back(*b);
            mark(Section::Condition, k, 0, Field::Value, value->mark());
        } else {
            r_.report(value->mark(), rulebook_msg::exists_value(name));
            skip(Section::Condition, k, 0, Field::Value);
        }
    }

    /// Type a condition's value by its fact's declared type.
    void add_value(const Entry& item, std::size_t k, const std::string& name, Condition& c) {
        r_.visit(item.mark());
        const std::size_t j = c.values.size();
        auto it = fact_index_.find(c.fact);
        if (it == fact_index_.end() || it->second == untyped) {
            // Undefined (the checks report it) or its type is broken: keep the text.
            c.values.push_back(item.value.IsScalar() ? Value{item.value.Scalar()} : Value{});
            skip(Section::Condition, k, j, Field::Value);
            return;
        }
        const FactSpec& fact = facts_[it->second];
        std::optional<Value> v;
        std::string_view expected = "text";
        if (fact.type == FactType::Boolean) {
            expected = "true or false";
            if (auto b = YamlReader::as_boolean(item.value))
                v = *b;
        } else if (fact.type == FactType::Number) {
            expected = "a number";
            if (auto d = YamlReader::as_number(item.value))
                v = *d;
        } else if (item.value.IsScalar()) {
            v = item.value.Scalar();
        }
        if (v) {
            c.values.push_back(std::move(*v));
            mark(Section::Condition, k, j, Field::Value, item.mark());
        } else {
            r_.report(item.mark(), rulebook_msg::value_wrong_type(YamlReader::describe(item.value),
                                                                  name, expected, fact.name,
                                                                  fact_type_name(fact.type)));
            c.values.emplace_back();
            skip(Section::Condition, k, j, Field::Value);
        }
    }

    void read_group(const Map& m, const Entry& body, std::size_t k, const std::string& name,
                    std::size_t depth, Condition& c) {
        for (std::string_view key : {"op", "value", "values"})
            if (const Entry* x = m.find(key))
                r_.report(x->key_mark, rulebook_msg::leaf_key_in_group(key, name));
        skip(Section::Condition, k, 0, Field::Children);
        std::vector<Entry> items;
        if (c.kind == Condition::Kind::Not) {
            items.push_back(body);
        } else if (auto list = r_.list(body)) {
            items = std::move(*list);
        } else {
            return;
        }
        const std::string_view kind = body.key;
        for (std::size_t i = 0; i < items.size(); ++i) {
            Condition child;
            if (read_condition(items[i], child_condition_path(name, kind, i), depth + 1, child))
                c.children.push_back(std::move(child));
        }
        // An empty list is the checks' to report; a list whose every item was
        // malformed is reported already.
        if (items.empty() || !c.children.empty())
            mark(Section::Condition, k, 0, Field::Children, body.key_mark);
    }

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
