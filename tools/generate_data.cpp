// generate_data: deterministic example data for the shipped rulebooks.
//
//   generate_data --out examples/data [--check] [--seed N] [--applicants N]
//                 [--jsonl ID] RULEBOOK.yaml|DIR...
//
// Reads every rulebook (a directory stands for its *.yaml files) and writes
// applicants.csv (one column per fact of any rulebook), ratings/<id>.csv for
// each rulebook and applicants.jsonl (facts and ratings for the rulebook whose
// id contains ID, default "gloucestershire"). Then it loads the files back
// through the library, scores and ranks them, and prints what they show.
// --check compares with the files on disk instead of writing them (exit 1 if
// they differ), so a test can prove the shipped data is what this makes.
//
// Output is byte-identical on every run: Boost.Random's engine and
// distributions are specified exactly (std:: distributions are not), the
// rulebooks are taken in id order and numbers are written with std::to_chars.
#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iostream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <shortlist/shortlist.hpp>

#include "generate_data_facts.hpp"

namespace fs = std::filesystem;
using namespace shortlist;

namespace {

using gen::Rng;

struct Options {
    fs::path out;
    std::vector<fs::path> rulebooks;
    std::uint32_t seed = 20240501;
    std::size_t applicants = 200;
    std::string jsonl = "gloucestershire";
    bool check = false;
};

// ---------------------------------------------------------------- applicants

struct Applicant {
    std::string id;
    double ability = 0;              ///< latent merit, standard normal
    std::vector<std::string> facts;  ///< text per FactPlan; empty = missing
    bool fails = false;              ///< given a failing or missing fact on purpose
    bool opted_in = false;
};

/// Chance that an applicant is given a failing fact for each rulebook in turn
/// (facts shared between rulebooks make the rate seen by each one higher).
constexpr double fail_rate = 0.06;
constexpr double opt_in_rate = 0.08;

std::vector<Applicant> make_applicants(const Options& opt, std::size_t books,
                                       const std::vector<gen::FactPlan>& facts,
                                       const std::vector<gen::Failure>& failures) {
    Rng rng(opt.seed);
    std::vector<Applicant> out(opt.applicants);
    for (std::size_t i = 0; i < out.size(); ++i) {
        Applicant& a = out[i];
        const std::string digits = std::to_string(i + 1);  // integers: locale-free
        a.id = "A" + std::string(digits.size() < 4 ? 4 - digits.size() : 0, '0') + digits;
        a.ability = gen::normal(rng, 0, 1);
        a.opted_in = gen::chance(rng, opt_in_rate);
        // Half of those who opt in have middling merit: often good enough for
        // the essential minimums, rarely for the top N on merit alone.
        if (a.opted_in && gen::chance(rng, 0.5))
            a.ability = gen::normal(rng, 0.0, 0.2);
        for (const auto& f : facts)
            a.facts.push_back(f.guaranteed_interview ? (a.opted_in ? "true" : "false")
                                                     : gen::draw_good(rng, f));
        for (std::size_t book = 0; book < books; ++book) {
            std::vector<const gen::Failure*> mine;
            for (const auto& fail : failures)
                if (fail.book == book)
                    mine.push_back(&fail);
            if (mine.empty() || !gen::chance(rng, fail_rate))
                continue;
            const gen::Failure& fail = *mine[gen::uniform_index(rng, mine.size())];
            a.facts[fail.fact] = fail.values[gen::uniform_index(rng, fail.values.size())];
            a.fails = true;
        }
    }
    return out;
}

// ---------------------------------------------------------------- ratings

struct Row {
    std::size_t criterion = 0;
    std::size_t assessor = 0;
    std::string score;                ///< number, keyword, or empty (indicators only)
    std::vector<std::size_t> ticked;  ///< indicator indices, ascending
    std::string comment;
};
using Rows = std::vector<std::vector<Row>>;  ///< per applicant

constexpr std::array<std::string_view, 5> panel = {"R1", "R2", "R3", "R4", "R5"};
/// Points added on a 4-point-wide scale (1..5); scaled for other widths.
constexpr std::array<double, 5> severity = {0.0, +0.6, +0.1, -0.8, -0.1};
constexpr std::size_t assessors_per_applicant = 3;

constexpr std::array<std::string_view, 8> comments = {
    "Clear example of partnership working, well structured",
    R"(Said "I just got on with it", limited reflection on impact)",
    "Good STAR answer; result not stated",
    R"(Example from retail, a "difficult customer", handled calmly)",
    "Check with panel chair",
    "Strong, specific and recent evidence",
    R"(Quoted the "Code of Ethics" but no example)",
    "Evidence thin, but relevant",
};

std::uint32_t fnv1a(std::string_view s) {
    std::uint32_t h = 2166136261u;
    for (const char c : s)
        h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
    return h;
}

std::string format_int(double v) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(v));
    return std::string(buf, end);
}

std::vector<Row> rate_applicant(Rng& rng, const Rulebook& rb, const Applicant& a,
                                const std::vector<double>& difficulty) {
    // Three of the five panel members, a different three for each applicant.
    std::array<std::size_t, panel.size()> order{0, 1, 2, 3, 4};
    for (std::size_t i = 0; i < assessors_per_applicant; ++i)
        std::swap(order[i], order[i + gen::uniform_index(rng, order.size() - i)]);
    std::sort(order.begin(), order.begin() + assessors_per_applicant);

    std::vector<Row> rows;
    for (std::size_t c = 0; c < rb.criteria.size(); ++c) {
        const Criterion& crit = rb.criteria[c];
        if (crit.from_fact)
            continue;  // scored from the applicant's fact: nobody rates it
        const Scale& scale = *rb.find_scale(crit.scale);
        const double width = scale.max - scale.min;
        const double k = width / 4;
        std::string cell_keyword;
        if (crit.group == Group::Desirable && gen::chance(rng, 0.015))
            cell_keyword = "not_applicable";  // e.g. a language criterion for a post without it
        else if (gen::chance(rng, 0.0015))
            cell_keyword = "not_assessed";  // the panel has not got to it yet
        for (std::size_t j = 0; j < assessors_per_applicant; ++j) {
            Row row{c, order[j], {}, {}, {}};
            if (!cell_keyword.empty()) {
                row.score = cell_keyword;
                rows.push_back(std::move(row));
                continue;
            }
            const double latent = scale.min + 0.75 * width +
                                  k * (0.7 * a.ability - difficulty[c] + severity[order[j]]) +
                                  gen::normal(rng, 0, 0.4 * k);
            const double points = std::clamp(std::round(latent), scale.min, scale.max);
            const double u = gen::uniform(rng);
            const std::size_t n = crit.indicators.size();
            const bool ticks_only = n > 0 && u < 0.25;
            const bool ticks_too = n > 0 && u >= 0.25 && u < 0.45;
            if (ticks_only || ticks_too) {
                const double share = std::clamp((latent - scale.min) / width, 0.0, 1.0);
                const auto t =
                    static_cast<std::size_t>(std::lround(share * static_cast<double>(n)));
                std::vector<std::size_t> idx(n);
                for (std::size_t i = 0; i < n; ++i)
                    idx[i] = i;
                for (std::size_t i = 0; i < t; ++i)
                    std::swap(idx[i], idx[i + gen::uniform_index(rng, n - i)]);
                row.ticked.assign(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(t));
                std::sort(row.ticked.begin(), row.ticked.end());
            }
            if (gen::chance(rng, 0.004))
                row.score = "not_assessed";  // this assessor has not rated it yet
            else if (ticks_only && row.ticked.empty())
                row.score = "not_evidenced";  // nothing to tick
            else if (!ticks_only)
                row.score = (points == scale.min && gen::chance(rng, 0.3)) ? "not_evidenced"
                                                                           : format_int(points);
            if (row.score == "not_assessed" || row.score == "not_evidenced")
                row.ticked.clear();
            if (gen::chance(rng, 0.04))
                row.comment = comments[gen::uniform_index(rng, comments.size())];
            rows.push_back(std::move(row));
        }
    }
    return rows;
}

/// Every applicant's rating rows for one rulebook, with two exact ties made
/// by giving an applicant the very ratings of another.
Rows make_ratings(const Options& opt, const Rulebook& rb, const std::vector<Applicant>& people) {
    Rng rng(opt.seed ^ fnv1a(rb.id));
    std::vector<double> difficulty;
    for (std::size_t c = 0; c < rb.criteria.size(); ++c)
        difficulty.push_back(gen::normal(rng, 0, 0.2));
    Rows rows;
    for (const Applicant& a : people)
        rows.push_back(rate_applicant(rng, rb, a, difficulty));

    std::vector<std::size_t> clean;  // neither failing a fact nor opted in
    for (std::size_t i = 0; i < people.size(); ++i)
        if (!people[i].fails && !people[i].opted_in)
            clean.push_back(i);
    std::stable_sort(clean.begin(), clean.end(), [&](std::size_t x, std::size_t y) {
        return people[x].ability > people[y].ability;
    });
    if (clean.size() >= 12) {
        // Donors near the top; takers from the lower half, one each.
        const std::size_t lower = clean.size() / 2;
        const std::size_t first = gen::uniform_index(rng, clean.size() - lower);
        const std::size_t second = (first + 1 + gen::uniform_index(rng, clean.size() - lower - 1)) %
                                   (clean.size() - lower);
        rows[clean[lower + first]] = rows[clean[4]];
        rows[clean[lower + second]] = rows[clean[clean.size() / 8]];
    }
    return rows;
}

// ---------------------------------------------------------------- writing

std::string csv_field(std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos)
        return std::string(s);
    std::string q = "\"";
    for (char c : s) {
        if (c == '"')
            q += '"';
        q += c;
    }
    return q + '"';
}

std::string json_string(std::string_view s) {
    std::string q = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') {
            q += '\\';
            q += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            constexpr char hex[] = "0123456789abcdef";
            q += "\\u00";
            q += hex[(c >> 4) & 0xf];
            q += hex[c & 0xf];
        } else {
            q += c;
        }
    }
    return q + '"';
}

std::string applicants_csv(const std::vector<gen::FactPlan>& facts,
                           const std::vector<Applicant>& people) {
    std::string out = "applicant_id";
    for (const auto& f : facts)
        out += ',' + csv_field(f.name);
    out += '\n';
    for (const auto& a : people) {
        out += a.id;
        for (const auto& v : a.facts)
            out += ',' + csv_field(v);
        out += '\n';
    }
    return out;
}

// ---------------------------------------------------------------- monitoring

/// Draw one of `groups` with the given weights (they need not sum to 1).
std::string_view pick(gen::Rng& rng,
                      std::initializer_list<std::pair<std::string_view, double>> groups) {
    double total = 0;
    for (const auto& g : groups)
        total += g.second;
    double u = gen::uniform(rng) * total;
    for (const auto& g : groups) {
        if (u < g.second)
            return g.first;
        u -= g.second;
    }
    return std::prev(groups.end())->first;
}

/// monitoring.csv: equality-monitoring answers, kept apart from the evidence
/// (no rulebook declares these columns, and score refuses an applicants file
/// that carries them). Drawn from a stream of their own, except that the
/// chance of answering "Female" falls with the applicant's latent merit, which
/// the ratings are drawn from: it stands for a sift whose ratings disadvantage
/// women, so that `shortlist fairness` has a disparity to find.
std::string monitoring_csv(const Options& opt, const std::vector<Applicant>& people) {
    Rng rng(opt.seed ^ 0x6d6f6e69u);  // "moni"
    std::string out = "applicant_id,sex,ethnicity,age_band,disability\n";
    for (const Applicant& a : people) {
        const double female = 1 / (1 + std::exp(1.2 * a.ability));
        const std::string_view sex = gen::chance(rng, 0.06)     ? ""
                                     : gen::chance(rng, female) ? "Female"
                                                                : "Male";
        const std::string_view ethnicity = pick(rng, {{"White", 0.80},
                                                      {"Asian", 0.08},
                                                      {"Black", 0.05},
                                                      {"Mixed", 0.05},
                                                      {"Other", 0.015},
                                                      {"Prefer not to say", 0.005}});
        const std::string_view age =
            pick(rng, {{"18-24", 0.30}, {"25-34", 0.35}, {"35-44", 0.20}, {"45+", 0.15}});
        const std::string_view disability =
            a.opted_in ? "Yes"
                       : pick(rng, {{"No", 0.90}, {"Yes", 0.05}, {"Prefer not to say", 0.05}});
        out += a.id + ',' + std::string(sex) + ',' + std::string(ethnicity) + ',' +
               std::string(age) + ',' + std::string(disability) + '\n';
    }
    return out;
}

std::string ticked_list(const Criterion& c, const Row& r, std::string_view sep) {
    std::string s;
    for (std::size_t i : r.ticked) {
        if (!s.empty())
            s += sep;
        s += c.indicators[i].id;
    }
    return s;
}

std::string ratings_csv(const Rulebook& rb, const std::vector<Applicant>& people,
                        const Rows& rows) {
    std::string out = "applicant_id,criterion,assessor,score,indicators,comment\n";
    for (std::size_t a = 0; a < people.size(); ++a) {
        for (const Row& r : rows[a]) {
            const Criterion& c = rb.criteria[r.criterion];
            out += people[a].id + ',' + csv_field(c.id.value()) + ',' +
                   std::string(panel[r.assessor]) + ',' + r.score + ',' +
                   csv_field(ticked_list(c, r, ";")) + ',' + csv_field(r.comment) + '\n';
        }
    }
    return out;
}

std::string applicants_jsonl(const Rulebook& rb, const std::vector<gen::FactPlan>& facts,
                             const std::vector<Applicant>& people, const Rows& rows) {
    std::string out;
    for (std::size_t a = 0; a < people.size(); ++a) {
        out += R"({"applicant_id":)" + json_string(people[a].id) + R"(,"facts":{)";
        bool first = true;
        for (const FactSpec& spec : rb.facts) {
            const std::size_t f = gen::find_plan(facts, spec.name);
            const std::string& v = people[a].facts[f];
            if (v.empty())
                continue;  // a missing fact is left out
            out += (first ? "" : ",") + json_string(spec.name) + ':';
            first = false;
            out += spec.type == FactType::Boolean || spec.type == FactType::Number ? v
                                                                                   : json_string(v);
        }
        out += R"(},"ratings":[)";
        for (std::size_t i = 0; i < rows[a].size(); ++i) {
            const Row& r = rows[a][i];
            const Criterion& c = rb.criteria[r.criterion];
            out += (i ? "," : "") + std::string(R"({"criterion":)") + json_string(c.id.value()) +
                   R"(,"assessor":)" + json_string(panel[r.assessor]);
            if (!r.score.empty())
                out += R"(,"score":)" + (std::isdigit(static_cast<unsigned char>(r.score[0]))
                                             ? r.score
                                             : json_string(r.score));
            out += R"(,"indicators":[)";
            for (std::size_t t = 0; t < r.ticked.size(); ++t)
                out += (t ? "," : "") + json_string(c.indicators[r.ticked[t]].id);
            out += ']';
            if (!r.comment.empty())
                out += R"(,"comment":)" + json_string(r.comment);
            out += '}';
        }
        out += "]}\n";
    }
    return out;
}

/// Write `text` to `file`, or with --check compare it; false if it differs.
bool emit(const Options& opt, const fs::path& file, const std::string& text) {
    if (opt.check) {
        std::ifstream in(file, std::ios::binary);
        const std::string old{std::istreambuf_iterator<char>(in), {}};
        if (in.bad() || old != text) {
            std::cerr << "generate_data: " << file.string()
                      << " is not what the generator makes from these rulebooks; run it "
                         "without --check to rewrite the files, and commit them\n";
            return false;
        }
        return true;
    }
    fs::create_directories(file.parent_path());
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
        std::cerr << "generate_data: cannot write " << file.string() << '\n';
        std::exit(1);
    }
    return true;
}

// ---------------------------------------------------------------- checking

/// Load the files back, score and rank; say what they show.
void summarise(const Rulebook& rb, const fs::path& applicants, const fs::path& ratings) {
    const Evidence ev = load_evidence(rb, applicants, ratings);
    const Scorer scorer(rb);
    const Shortlist sl = select(scorer.rulebook(), scorer.score(ev));
    std::map<ShortlistStatus, std::size_t> count;
    for (const ShortlistEntry& e : sl.entries)
        ++count[e.status];
    std::map<double, std::size_t> totals;              // exact ties among eligible applicants
    std::map<GateFailure::Kind, std::size_t> failing;  // applicants failing each kind of gate
    for (const Outcome& o : sl.outcomes) {
        if (o.eligible())
            ++totals[o.total];
        std::set<GateFailure::Kind> kinds;
        for (const GateFailure& g : o.failed_gates)
            kinds.insert(g.kind);
        for (auto k : kinds)
            ++failing[k];
    }
    std::size_t ties = 0;
    for (const auto& [total, n] : totals)
        ties += n > 1;
    std::cout << rb.id << ": " << ev.applicants.size() << " applicants, " << ev.ratings.size()
              << " ratings; " << count[ShortlistStatus::Shortlisted] << " shortlisted, "
              << count[ShortlistStatus::GuaranteedInterview] << " guaranteed_interview, "
              << count[ShortlistStatus::NotShortlisted] << " not_shortlisted, "
              << count[ShortlistStatus::NotEligible] << " not_eligible (eligibility "
              << failing[GateFailure::Kind::Eligibility] << ", minimum "
              << failing[GateFailure::Kind::Minimum] << ", no evidence "
              << failing[GateFailure::Kind::NoEvidence] << "); " << ties
              << " tied totals among the eligible\n";
}

/// The JSON Lines file must score exactly as the CSV pair does.
bool same_scores(const Rulebook& rb, const fs::path& jsonl, const fs::path& applicants,
                 const fs::path& ratings) {
    const Scorer scorer(rb);
    const auto a = scorer.score(load_evidence(rb, jsonl));
    const auto b = scorer.score(load_evidence(rb, applicants, ratings));
    bool same = a.size() == b.size();
    for (std::size_t i = 0; same && i < a.size(); ++i)
        same = a[i].id == b[i].id && a[i].total == b[i].total &&
               a[i].failed_gates == b[i].failed_gates;
    if (!same)
        std::cerr << "generate_data: " << jsonl.string() << " does not score as the CSV files do\n";
    return same;
}

// ---------------------------------------------------------------- main

[[noreturn]] void usage(std::string_view problem) {
    std::cerr << "generate_data: " << problem << "\n"
              << "usage: generate_data --out DIR [--check] [--seed N] [--applicants N]\n"
                 "                     [--jsonl ID] RULEBOOK.yaml|DIR...\n";
    std::exit(2);
}

template <class T>
T parse_count(std::string_view s, std::string_view flag) {
    T v{};
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || v == 0)
        usage(std::string(flag) + " needs a positive whole number, not '" + std::string(s) + "'");
    return v;
}

Options parse_args(int argc, char** argv) {
    Options opt;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        auto next = [&]() -> std::string_view {
            if (i + 1 >= argc)
                usage(std::string(arg) + " needs a value");
            return argv[++i];
        };
        if (arg == "--out")
            opt.out = next();
        else if (arg == "--check")
            opt.check = true;
        else if (arg == "--seed")
            opt.seed = parse_count<std::uint32_t>(next(), arg);
        else if (arg == "--applicants")
            opt.applicants = parse_count<std::size_t>(next(), arg);
        else if (arg == "--jsonl")
            opt.jsonl = next();
        else if (arg.starts_with("-"))
            usage("unknown option " + std::string(arg));
        else if (fs::is_directory(arg)) {
            std::vector<fs::path> files;
            for (const auto& e : fs::directory_iterator(arg))
                if (e.is_regular_file() && e.path().extension() == ".yaml")
                    files.push_back(e.path());
            std::sort(files.begin(), files.end());
            opt.rulebooks.insert(opt.rulebooks.end(), files.begin(), files.end());
        } else {
            opt.rulebooks.emplace_back(arg);
        }
    }
    if (opt.out.empty())
        usage("--out is required");
    if (opt.rulebooks.empty())
        usage("no rulebooks given");
    return opt;
}

}  // namespace

int main(int argc, char** argv) {
    const Options opt = parse_args(argc, argv);
    try {
        std::vector<Rulebook> books;
        for (const auto& p : opt.rulebooks)
            books.push_back(load_rulebook(p));
        std::sort(books.begin(), books.end(),
                  [](const Rulebook& x, const Rulebook& y) { return x.id < y.id; });
        const auto json_book = std::find_if(books.begin(), books.end(), [&](const Rulebook& rb) {
            return rb.id.find(opt.jsonl) != std::string::npos;
        });
        if (json_book == books.end())
            usage("no rulebook id contains '" + opt.jsonl + "' (--jsonl)");

        const auto facts = gen::plan_facts(books, std::cerr);
        const auto people = make_applicants(opt, books.size(), facts, gen::failures(facts));
        bool ok = emit(opt, opt.out / "applicants.csv", applicants_csv(facts, people));
        ok = emit(opt, opt.out / "monitoring.csv", monitoring_csv(opt, people)) && ok;
        for (const Rulebook& rb : books) {
            const Rows rows = make_ratings(opt, rb, people);
            ok = emit(opt, opt.out / "ratings" / (rb.id + ".csv"), ratings_csv(rb, people, rows)) &&
                 ok;
            if (&rb == &*json_book)
                ok = emit(opt, opt.out / "applicants.jsonl",
                          applicants_jsonl(rb, facts, people, rows)) &&
                     ok;
        }
        if (!ok)
            return 1;
        for (const Rulebook& rb : books)
            summarise(rb, opt.out / "applicants.csv", opt.out / "ratings" / (rb.id + ".csv"));
        if (!same_scores(*json_book, opt.out / "applicants.jsonl", opt.out / "applicants.csv",
                         opt.out / "ratings" / (json_book->id + ".csv")))
            return 1;
        return 0;
    } catch (const Error& e) {
        std::cerr << e.what() << '\n';
        return 1;
    }
}
