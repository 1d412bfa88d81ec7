#include "synthetic.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <vector>

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_int_distribution.hpp>

namespace shortlist_bench {

namespace {

using Rng = boost::random::mt19937;

enum class Group { Essential, Desirable, Competency };
constexpr std::array<const char*, 3> group_names = {"essential", "desirable", "competency"};
constexpr std::array<int, 3> group_weights = {40, 20, 40};

Group group_of(const Config& c, std::size_t i) {
    const std::size_t essential = std::max<std::size_t>(1, c.criteria * 2 / 5);
    const std::size_t desirable = std::max<std::size_t>(1, c.criteria / 5);
    return i < essential ? Group::Essential
                         : (i < essential + desirable ? Group::Desirable : Group::Competency);
}

int weight_of(std::size_t i) {
    return 1 + static_cast<int>(i % 3);
}

std::string padded(char prefix, std::size_t n, std::size_t width) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
    const auto len = static_cast<std::size_t>(end - digits);
    return prefix + std::string(width > len ? width - len : 0, '0') + std::string(digits, end);
}

std::size_t width_for(std::size_t count) {
    std::size_t w = 1;
    for (std::size_t n = count; n >= 10; n /= 10)
        ++w;
    return w;
}

std::string criterion_id(const Config& c, std::size_t i) {
    return padded('c', i + 1, std::max<std::size_t>(2, width_for(c.criteria)));
}
std::string applicant_id(const Config& c, std::size_t i) {
    return padded('A', i + 1, std::max<std::size_t>(7, width_for(c.applicants)));
}
std::string assessor_id(const Config& c, std::size_t i) {
    return padded('R', i + 1, std::max<std::size_t>(2, width_for(c.panel)));
}

std::size_t top_of(const Config& c) {
    return c.top ? c.top : std::max<std::size_t>(1, c.applicants / 100);
}

/// Buffers text and hands it to the sink a megabyte at a time.
class Writer {
  public:
    explicit Writer(const Sink& sink) : sink_(sink) { buf_.reserve(chunk + 256); }
    ~Writer() { flush(); }
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    Writer& operator<<(std::string_view s) {
        buf_ += s;
        if (buf_.size() >= chunk)
            flush();
        return *this;
    }
    Writer& operator<<(char ch) {
        buf_ += ch;
        return *this;
    }
    void flush() {
        if (!buf_.empty())
            sink_(buf_);
        buf_.clear();
    }

  private:
    static constexpr std::size_t chunk = std::size_t{1} << 20;
    const Sink& sink_;
    std::string buf_;
};

}  // namespace

std::string rulebook_yaml(const Config& c) {
    std::string y;
    y += "# Synthetic rulebook for benchmarks (bench/synthetic.cpp); not a real role.\n"
         "kind: rulebook\n"
         "id: bench-synthetic\n"
         "title: Synthetic benchmark role\n"
         "organisation: shortlist benchmarks\n"
         "grade: none\n"
         "version: \"1.0\"\n"
         "source: bench/synthetic.cpp\n"
         "scales:\n"
         "  sift5: {min: 1, max: 5}\n"
         "facts:\n"
         "  full_driving_licence: {type: boolean, text: Holds a full driving licence}\n"
         "  bleep_test_level: {type: level, text: Bleep test level reached}\n"
         "  guaranteed_interview: {type: boolean, text: Opted into the guaranteed interview "
         "scheme}\n"
         "eligibility:\n"
         "  - {id: licence, fact: full_driving_licence, op: eq, value: true}\n"
         "  - {id: fitness, fact: bleep_test_level, op: ge, value: \"5.4\"}\n"
         "groups:\n";
    for (std::size_t g = 0; g < group_names.size(); ++g)
        y += std::string("  ") + group_names[g] + ": {weight: " + std::to_string(group_weights[g]) +
             "}\n";
    y += "aggregation: weighted_mean\ncriteria:\n";
    for (std::size_t g = 0; g < group_names.size(); ++g) {
        y += std::string("  ") + group_names[g] + ":\n";
        for (std::size_t i = 0; i < c.criteria; ++i) {
            if (group_of(c, i) != static_cast<Group>(g))
                continue;
            y += "    - {id: " + criterion_id(c, i) + ", text: Synthetic criterion " +
                 std::to_string(i + 1) + ", scale: sift5, weight: " + std::to_string(weight_of(i)) +
                 (static_cast<Group>(g) == Group::Essential ? ", minimum: 2" : "") + "}\n";
        }
    }
    y += "shortlist:\n  pass_mark: null\n  top: " + std::to_string(top_of(c)) +
         "\n  ties: include_all\n  guaranteed_interview_fact: guaranteed_interview\n";
    return y;
}

void write_applicants_csv(const Config& c, const Sink& sink) {
    static constexpr std::array<std::string_view, 9> passing = {"5.4", "5.5", "5.8", "6.2", "6.6",
                                                                "7.1", "7.5", "8.3", "9.1"};
    static constexpr std::array<std::string_view, 3> failing = {"4.9", "5.2", "5.3"};
    Rng rng(c.seed);
    boost::random::uniform_01<double> u;
    Writer out(sink);
    out << "applicant_id,full_driving_licence,bleep_test_level,guaranteed_interview\n";
    for (std::size_t a = 0; a < c.applicants; ++a) {
        const bool licence = u(rng) >= 0.015;
        const bool fit = u(rng) >= 0.015;
        const std::string_view level = fit ? passing[static_cast<std::size_t>(u(rng) * 9)]
                                           : failing[static_cast<std::size_t>(u(rng) * 3)];
        const bool opted = u(rng) < 0.05;
        out << applicant_id(c, a) << ',' << (licence ? "true" : "false") << ',' << level << ','
            << (opted ? "true" : "false") << '\n';
    }
}

void write_ratings_csv(const Config& c, const Sink& sink) {
    Rng rng(c.seed + 1);
    boost::random::normal_distribution<double> normal;
    std::vector<double> difficulty(c.criteria), severity(c.panel);
    for (double& d : difficulty)
        d = 0.4 * normal(rng);
    for (double& s : severity)
        s = 0.3 * normal(rng);
    std::vector<std::string> criteria, assessors;
    for (std::size_t i = 0; i < c.criteria; ++i)
        criteria.push_back(',' + criterion_id(c, i) + ',');
    for (std::size_t i = 0; i < c.panel; ++i)
        assessors.push_back(assessor_id(c, i) + ',');
    boost::random::uniform_int_distribution<std::size_t> first(0, c.panel - 1);

    Writer out(sink);
    out << "applicant_id,criterion,assessor,score\n";
    for (std::size_t a = 0; a < c.applicants; ++a) {
        const std::string id = applicant_id(c, a);
        const double ability = 0.8 * normal(rng);
        const std::size_t r0 = first(rng);  // a window of the panel: connected, incomplete
        for (std::size_t k = 0; k < c.criteria; ++k) {
            for (std::size_t j = 0; j < c.assessors; ++j) {
                const std::size_t r = (r0 + j) % c.panel;
                const double latent =
                    3.5 + ability - difficulty[k] + severity[r] + 0.5 * normal(rng);
                const auto score = static_cast<char>('0' + std::clamp(std::lround(latent), 1L, 5L));
                out << id << criteria[k] << assessors[r] << score << '\n';
            }
        }
    }
}

void write_applicants_jsonl(const Config& c, const Sink& sink) {
    static constexpr std::array<std::string_view, 9> passing = {"5.4", "5.5", "5.8", "6.2", "6.6",
                                                                "7.1", "7.5", "8.3", "9.1"};
    static constexpr std::array<std::string_view, 3> failing = {"4.9", "5.2", "5.3"};
    // The two streams write_applicants_csv and write_ratings_csv draw from.
    Rng facts(c.seed);
    boost::random::uniform_01<double> u;
    Rng rng(c.seed + 1);
    boost::random::normal_distribution<double> normal;
    std::vector<double> difficulty(c.criteria), severity(c.panel);
    for (double& d : difficulty)
        d = 0.4 * normal(rng);
    for (double& s : severity)
        s = 0.3 * normal(rng);
    std::vector<std::string> criteria, assessors;
    for (std::size_t i = 0; i < c.criteria; ++i)
        criteria.push_back("{\"criterion\": \"" + criterion_id(c, i) + "\", \"assessor\": \"");
    for (std::size_t i = 0; i < c.panel; ++i)
        assessors.push_back(assessor_id(c, i) + "\", \"score\": ");
    boost::random::uniform_int_distribution<std::size_t> first(0, c.panel - 1);

    Writer out(sink);
    for (std::size_t a = 0; a < c.applicants; ++a) {
        const bool licence = u(facts) >= 0.015;
        const bool fit = u(facts) >= 0.015;
        const std::string_view level = fit ? passing[static_cast<std::size_t>(u(facts) * 9)]
                                           : failing[static_cast<std::size_t>(u(facts) * 3)];
        const bool opted = u(facts) < 0.05;
        out << "{\"applicant_id\": \"" << applicant_id(c, a) << "\", \"facts\": {"
            << "\"full_driving_licence\": " << (licence ? "true" : "false")
            << ", \"bleep_test_level\": \"" << level
            << "\", \"guaranteed_interview\": " << (opted ? "true" : "false")
            << "}, \"ratings\": [";
        const double ability = 0.8 * normal(rng);
        const std::size_t r0 = first(rng);
        for (std::size_t k = 0; k < c.criteria; ++k) {
            for (std::size_t j = 0; j < c.assessors; ++j) {
                const std::size_t r = (r0 + j) % c.panel;
                const double latent =
                    3.5 + ability - difficulty[k] + severity[r] + 0.5 * normal(rng);
                const auto score = static_cast<char>('0' + std::clamp(std::lround(latent), 1L, 5L));
                out << (k + j > 0 ? ", " : "") << criteria[k] << assessors[r] << score << '}';
            }
        }
        out << "]}\n";
    }
}

std::string job_json(const Config& c) {
    std::string j = "{\n  \"scale\": {\"min\": 1, \"max\": 5},\n  \"groups\": {";
    for (std::size_t g = 0; g < group_names.size(); ++g)
        j += std::string(g ? ", " : "") + '"' + group_names[g] +
             "\": " + std::to_string(group_weights[g]);
    j += "},\n  \"criteria\": [\n";
    for (std::size_t i = 0; i < c.criteria; ++i) {
        const auto g = group_of(c, i);
        j += "    {\"id\": \"" + criterion_id(c, i) + "\", \"group\": \"" +
             group_names[static_cast<std::size_t>(g)] +
             "\", \"weight\": " + std::to_string(weight_of(i)) +
             ", \"minimum\": " + (g == Group::Essential ? "2" : "null") + "}" +
             (i + 1 < c.criteria ? ",\n" : "\n");
    }
    j += "  ],\n  \"licence_fact\": \"full_driving_licence\",\n"
         "  \"level_fact\": \"bleep_test_level\",\n  \"level_min\": [5, 4],\n"
         "  \"guaranteed_interview_fact\": \"guaranteed_interview\",\n"
         "  \"top\": " +
         std::to_string(top_of(c)) + "\n}\n";
    return j;
}

std::size_t ratings_csv_size(const Config& c) {
    const std::size_t row = applicant_id(c, 0).size() + criterion_id(c, 0).size() +
                            assessor_id(c, 0).size() + 5;  // 3 commas, 1 digit, newline
    return std::string_view("applicant_id,criterion,assessor,score\n").size() +
           c.applicants * c.criteria * c.assessors * row;
}

std::string collect(const Config& config, void (*write)(const Config&, const Sink&)) {
    std::string all;
    if (write == &write_ratings_csv)
        all.reserve(ratings_csv_size(config));
    write(config, [&](std::string_view piece) { all += piece; });
    return all;
}

double peak_rss_mib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux: KiB
}

}  // namespace shortlist_bench
