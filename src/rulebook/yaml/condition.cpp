// Reading eligibility conditions from YAML (see condition.hpp).
#include "rulebook/yaml/condition.hpp"

#include "rulebook/names.hpp"

namespace shortlist::detail {

namespace {

constexpr std::string_view condition_keys[] = {"id",     "text", "source", "fact", "op",   "value",
                                               "values", "all",  "any",    "not",  "stage"};

}  // namespace

void ConditionReader::read_eligibility(const Entry& e, std::vector<Condition>& out) {
    auto items = r_.list(e);
    if (!items)
        return;
    for (std::size_t i = 0; i < items->size(); ++i) {
        Condition c;
        if (read_condition((*items)[i], top_condition_path(i), 1, c))
            out.push_back(std::move(c));
    }
}

bool ConditionReader::read_condition(const Entry& e, const std::string& path, std::size_t depth,
                                     Condition& c) {
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
    for (auto kind :
         {Condition::Kind::Leaf, Condition::Kind::All, Condition::Kind::Any, Condition::Kind::Not})
        if (const Entry* x = m->find(to_string(kind))) {
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
    if (const Entry* s = m->get("stage")) {
        if (depth == 1)
            c.stage = r_.choice(*s, KeyList(stage_names), parse_stage);
        else
            r_.report(s->key_mark, rulebook_msg::stage_in_nested_condition(name));
    }
    if (c.kind == Condition::Kind::Leaf)
        read_leaf(*m, k, name, c);
    else
        read_group(*m, *body, k, name, depth, c);
    return true;
}

void ConditionReader::read_leaf(const Map& m, std::size_t k, const std::string& name,
                                Condition& c) {
    const Entry* fact = m.find("fact");
    if (auto s = r_.text(*fact)) {
        c.fact = *s;
        mark(Section::Condition, k, 0, Field::Fact, fact->mark());
    } else {
        skip(Section::Condition, k, 0, Field::Fact);
    }
    const Entry* op_entry = r_.need(m, "op");
    auto op = op_entry ? r_.choice(*op_entry, KeyList(op_names), parse_op) : std::nullopt;
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
        read_in_values(m, k, name, c);
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

void ConditionReader::read_in_values(const Map& m, std::size_t k, const std::string& name,
                                     Condition& c) {
    const Entry* value = m.get("value");
    const Entry* values = m.get("values");
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
}

/// Type a condition's value by its fact's declared type.
void ConditionReader::add_value(const Entry& item, std::size_t k, const std::string& name,
                                Condition& c) {
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
        r_.report(item.mark(),
                  rulebook_msg::value_wrong_type(YamlReader::describe(item.value), name, expected,
                                                 fact.name, to_string(fact.type)));
        c.values.emplace_back();
        skip(Section::Condition, k, j, Field::Value);
    }
}

void ConditionReader::read_group(const Map& m, const Entry& body, std::size_t k,
                                 const std::string& name, std::size_t depth, Condition& c) {
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

}  // namespace shortlist::detail
