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

/// One applicant's facts, drawn from the applicants' stream.
struct Facts {
    bool licence = true;
    std::string_view level;
    bool opted = false;
};

class FactDraws {
  public:
    explicit FactDraws(const Config& c) : rng_(c.seed), opted_in_(c.opted_in) {}
    Facts next() {
        static constexpr std::array<std::string_view, 9> passing = {
            "5.4", "5.5", "5.8", "6.2", "6.6", "7.1", "7.5", "8.3", "9.1"};
        static constexpr std::array<std::string_view, 3> failing = {"4.9", "5.2", "5.3"};
        Facts f;
        f.licence = u_(rng_) >= 0.015;
        const bool fit = u_(rng_) >= 0.015;
        f.level = fit ? passing[static_cast<std::size_t>(u_(rng_) * 9)]
                      : failing[static_cast<std::size_t>(u_(rng_) * 3)];
        f.opted = u_(rng_) < opted_in_;
        return f;
    }

  private:
    Rng rng_;
    boost::random::uniform_01<double> u_;
    double opted_in_;
};

/// The ratings' stream: latent ability, criterion difficulty, assessor
/// severity and noise, rounded onto 1..5.
class RatingDraws {
  public:
    explicit RatingDraws(const Config& c)
        : c_(c),
          rng_(c.seed + 1),
          difficulty_(c.criteria),
          severity_(c.panel),
          first_(0, c.panel - 1) {
        for (double& d : difficulty_)
            d = 0.4 * normal_(rng_);
        for (double& s : severity_)
            s = 0.3 * normal_(rng_);
    }
    /// Each rating of the next applicant: rate(criterion, assessor, score digit).
    template <class Rate>
    void next(Rate&& rate) {
        const double ability = 0.8 * normal_(rng_);
        const std::size_t r0 = first_(rng_);  // a window of the panel: connected, incomplete
        for (std::size_t k = 0; k < c_.criteria; ++k) {
            for (std::size_t j = 0; j < c_.assessors; ++j) {
                const std::size_t r = (r0 + j) % c_.panel;
                const double latent =
                    3.5 + ability - difficulty_[k] + severity_[r] + 0.5 * normal_(rng_);
                rate(k, r, static_cast<char>('0' + std::clamp(std::lround(latent), 1L, 5L)));
            }
        }
    }

  private:
    const Config& c_;
    Rng rng_;
    boost::random::normal_distribution<double> normal_;
    std::vector<double> difficulty_, severity_;
    boost::random::uniform_int_distribution<std::size_t> first_;
};

void write_applicants_csv(const Config& c, const Sink& sink) {
    FactDraws draws(c);
    Writer out(sink);
    out << "applicant_id,full_driving_licence,bleep_test_level,guaranteed_interview\n";
    for (std::size_t a = 0; a < c.applicants; ++a) {
        const Facts f = draws.next();
        out << applicant_id(c, a) << ',' << (f.licence ? "true" : "false") << ',' << f.level << ','
            << (f.opted ? "true" : "false") << '\n';
    }
}

void write_ratings_csv(const Config& c, const Sink& sink) {
    RatingDraws draws(c);
    std::vector<std::string> criteria, assessors;
    for (std::size_t i = 0; i < c.criteria; ++i)
        criteria.push_back(',' + criterion_id(c, i) + ',');
    for (std::size_t i = 0; i < c.panel; ++i)
        assessors.push_back(assessor_id(c, i) + ',');
    Writer out(sink);
    out << "applicant_id,criterion,assessor,score\n";
    for (std::size_t a = 0; a < c.applicants; ++a) {
        const std::string id = applicant_id(c, a);
        draws.next([&](std::size_t k, std::size_t r, char score) {
            out << id << criteria[k] << assessors[r] << score << '\n';
        });
    }
}

void write_applicants_jsonl(const Config& c, const Sink& sink) {
    FactDraws facts(c);
    RatingDraws ratings(c);
    std::vector<std::string> criteria, assessors;
    for (std::size_t i = 0; i < c.criteria; ++i)
        criteria.push_back("{\"criterion\": \"" + criterion_id(c, i) + "\", \"assessor\": \"");
    for (std::size_t i = 0; i < c.panel; ++i)
        assessors.push_back(assessor_id(c, i) + "\", \"score\": ");
    Writer out(sink);
    for (std::size_t a = 0; a < c.applicants; ++a) {
        const Facts f = facts.next();
        out << "{\"applicant_id\": \"" << applicant_id(c, a) << "\", \"facts\": {"
            << "\"full_driving_licence\": " << (f.licence ? "true" : "false")
            << ", \"bleep_test_level\": \"" << f.level
            << "\", \"guaranteed_interview\": " << (f.opted ? "true" : "false")
            << "}, \"ratings\": [";
        bool first = true;
        ratings.next([&](std::size_t k, std::size_t r, char score) {
            out << (first ? "" : ", ") << criteria[k] << assessors[r] << score << '}';
            first = false;
        });
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

std::optional<std::size_t> parse_positive(std::string_view s) {
    std::size_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || v == 0)
        return std::nullopt;
    return v;
}

std::string fixed(double v, int decimals) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
    return ec == std::errc{} ? std::string(buf, end) : std::string("nan");
}

}  // namespace shortlist_bench
