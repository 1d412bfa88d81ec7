// One worksheet out of an .xlsx workbook: liborcus parses the parts and calls
// the import interfaces below, which keep the chosen sheet's cells as text
// (docs/excel.md, "Reading workbooks").
#include "evidence/xlsx/sheet_reader.hpp"

#include <orcus/orcus_xlsx.hpp>
#include <orcus/spreadsheet/import_interface.hpp>
#include <orcus/spreadsheet/import_interface_view.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <map>
#include <memory>
#include <utility>

#include "evidence/xlsx/zip_check.hpp"
#include "shortlist/error.hpp"

namespace shortlist::detail {

namespace {

namespace ss = orcus::spreadsheet;
namespace si = orcus::spreadsheet::iface;
using ss::col_t;
using ss::row_t;

constexpr row_t max_rows = 1048576;
constexpr col_t max_columns = 16384;

[[noreturn]] void fail(std::string_view book, std::string message) {
    throw EvidenceError({std::string(book), 0, 0}, ErrorCode::InvalidArgument, std::move(message));
}

// ---------------------------------------------------------------- values

/// A message from liborcus fit for ours: on one line, control characters as
/// \xNN, at most 200 bytes.
std::string printable(std::string_view text) {
    std::string out;
    for (const char ch : text.substr(0, 200)) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7F) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02X", c);
            out += hex;
        } else {
            out += ch;
        }
    }
    return text.size() > 200 ? out + "..." : out;
}

/// True for a number format that shows a date or a time: the built-in ones
/// (ECMA-376 §18.8.30: 14-22, 45-47; 27-36 and 50-58 in East Asian locales),
/// or a code with d, m, y, h or s outside quotes, brackets and escapes.
bool is_date_format(std::size_t id, std::string_view code) {
    if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47) || (id >= 27 && id <= 36) ||
        (id >= 50 && id <= 58))
        return true;
    bool quoted = false;
    bool bracket = false;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (quoted) {
            quoted = c != '"';
        } else if (bracket) {
            if (c == ']')
                bracket = false;
            else if (c == 'h' || c == 'H' || c == 'm' || c == 's')
                return code[i - 1] == '[';  // [h], [mm], [ss]: elapsed time
        } else if (c == '"') {
            quoted = true;
        } else if (c == '[') {
            bracket = true;
        } else if (c == '\\' || c == '_' || c == '*') {
            ++i;  // the next character is literal (or padding)
        } else if (c == ';') {
            break;  // the first section decides
        } else if (std::string_view("dDmMyYhHsS").find(c) != std::string_view::npos) {
            return true;
        }
    }
    return false;
}

/// As General shows a number: 15 significant digits, no trailing zeros.
std::string general(double v) {
    char buf[64];
    const auto [end, ec] =
        std::to_chars(buf, buf + sizeof buf, v == 0 ? 0.0 : v, std::chars_format::general, 15);
    return ec == std::errc{} ? std::string(buf, end) : std::string("nan");
}

/// A date serial number as an ISO date (and time of day, when it has one).
std::string iso_date(double serial, std::chrono::sys_days origin) {
    using namespace std::chrono;
    if (!(serial > -693000 && serial < 2958466))  // 0001-01-01 .. 9999-12-31
        return general(serial);
    double whole = std::floor(serial);
    auto seconds = static_cast<long>(std::lround((serial - whole) * 86400));
    if (seconds == 86400) {
        whole += 1;
        seconds = 0;
    }
    const year_month_day d{origin + days{static_cast<int>(whole)}};
    char buf[48];
    int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                          static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
    if (seconds != 0)
        n += std::snprintf(buf + n, sizeof buf - static_cast<std::size_t>(n), "T%02ld:%02ld:%02ld",
                           seconds / 3600, seconds / 60 % 60, seconds % 60);
    return {buf, static_cast<std::size_t>(n)};
}

// ---------------------------------------------------------------- import interfaces

class SharedStrings final : public si::import_shared_strings {
  public:
    std::vector<std::string> strings;

    std::size_t append(std::string_view s) override { return add(s); }
    std::size_t add(std::string_view s) override {
        strings.emplace_back(s);
        return strings.size() - 1;
    }
    void set_segment_font(std::size_t) override {}
    void set_segment_bold(bool) override {}
    void set_segment_italic(bool) override {}
    void set_segment_font_name(std::string_view) override {}
    void set_segment_font_size(double) override {}
    void set_segment_font_color(ss::color_elem_t, ss::color_elem_t, ss::color_elem_t,
                                ss::color_elem_t) override {}
    void append_segment(std::string_view s) override { segments_ += s; }
    std::size_t commit_segments() override {
        strings.push_back(std::move(segments_));
        segments_.clear();
        return strings.size() - 1;
    }

  private:
    std::string segments_;
};

/// Only the number format of each cell format matters: which ones are dates.
class Styles final : public si::import_styles {
  public:
    std::vector<bool> xf_is_date;  ///< by cell format index

    void set_number_format_identifier(std::size_t id) override { format_id_ = id; }
    void set_number_format_code(std::string_view s) override { format_code_ = s; }
    std::size_t commit_number_format() override {
        codes_[format_id_] = std::move(format_code_);
        format_code_.clear();
        return codes_.size() - 1;
    }
    void set_xf_number_format(std::size_t id) override { xf_format_ = id; }
    std::size_t commit_cell_xf() override {
        const auto code = codes_.find(xf_format_);
        xf_is_date.push_back(is_date_format(xf_format_, code != codes_.end() ? code->second : ""));
        xf_format_ = 0;
        return xf_is_date.size() - 1;
    }
    std::size_t commit_cell_style_xf() override { return xf_format_ = 0; }
    std::size_t commit_dxf() override { return xf_format_ = 0; }

    // Fonts, fills, borders, protection, alignment and named styles: ignored.
    void set_font_count(std::size_t) override {}
    void set_font_bold(bool) override {}
    void set_font_italic(bool) override {}
    void set_font_name(std::string_view) override {}
    void set_font_size(double) override {}
    void set_font_underline(ss::underline_t) override {}
    void set_font_underline_width(ss::underline_width_t) override {}
    void set_font_underline_mode(ss::underline_mode_t) override {}
    void set_font_underline_type(ss::underline_type_t) override {}
    void set_font_underline_color(ss::color_elem_t, ss::color_elem_t, ss::color_elem_t,
                                  ss::color_elem_t) override {}
    void set_font_color(ss::color_elem_t, ss::color_elem_t, ss::color_elem_t,
                        ss::color_elem_t) override {}
    void set_strikethrough_style(ss::strikethrough_style_t) override {}
    void set_strikethrough_type(ss::strikethrough_type_t) override {}
    void set_strikethrough_width(ss::strikethrough_width_t) override {}
    void set_strikethrough_text(ss::strikethrough_text_t) override {}
    std::size_t commit_font() override { return 0; }
    void set_fill_count(std::size_t) override {}
    void set_fill_pattern_type(ss::fill_pattern_t) override {}
    void set_fill_fg_color(ss::color_elem_t, ss::color_elem_t, ss::color_elem_t,
                           ss::color_elem_t) override {}
    void set_fill_bg_color(ss::color_elem_t, ss::color_elem_t, ss::color_elem_t,
                           ss::color_elem_t) override {}
    std::size_t commit_fill() override { return 0; }
    void set_border_count(std::size_t) override {}
    void set_border_style(ss::border_direction_t, ss::border_style_t) override {}
    void set_border_color(ss::border_direction_t, ss::color_elem_t, ss::color_elem_t,
                          ss::color_elem_t, ss::color_elem_t) override {}
    void set_border_width(ss::border_direction_t, double, orcus::length_unit_t) override {}
    std::size_t commit_border() override { return 0; }
    void set_cell_hidden(bool) override {}
    void set_cell_locked(bool) override {}
    void set_cell_print_content(bool) override {}
    void set_cell_formula_hidden(bool) override {}
    std::size_t commit_cell_protection() override { return 0; }
    void set_number_format_count(std::size_t) override {}
    void set_cell_xf_count(std::size_t) override {}
    void set_cell_style_xf_count(std::size_t) override {}
    void set_dxf_count(std::size_t) override {}
    void set_xf_font(std::size_t) override {}
    void set_xf_fill(std::size_t) override {}
    void set_xf_border(std::size_t) override {}
    void set_xf_protection(std::size_t) override {}
    void set_xf_style_xf(std::size_t) override {}
    void set_xf_apply_alignment(bool) override {}
    void set_xf_horizontal_alignment(ss::hor_alignment_t) override {}
    void set_xf_vertical_alignment(ss::ver_alignment_t) override {}
    void set_cell_style_count(std::size_t) override {}
    void set_cell_style_name(std::string_view) override {}
    void set_cell_style_xf(std::size_t) override {}
    void set_cell_style_builtin(std::size_t) override {}
    void set_cell_style_parent_name(std::string_view) override {}
    std::size_t commit_cell_style() override { return 0; }

  private:
    std::map<std::size_t, std::string> codes_;
    std::size_t format_id_ = 0;
    std::string format_code_;
    std::size_t xf_format_ = 0;
};

class Settings final : public si::import_global_settings {
  public:
    std::chrono::sys_days origin{std::chrono::year{1899} / 12 / 30};

    void set_origin_date(int y, int m, int d) override {
        const std::chrono::year_month_day date{std::chrono::year{y},
                                               std::chrono::month{static_cast<unsigned>(m)},
                                               std::chrono::day{static_cast<unsigned>(d)}};
        if (date.ok())
            origin = date;
    }
    void set_default_formula_grammar(ss::formula_grammar_t g) override { grammar_ = g; }
    ss::formula_grammar_t get_default_formula_grammar() const override { return grammar_; }
    void set_character_set(orcus::character_set_t) override {}

  private:
    ss::formula_grammar_t grammar_ = ss::formula_grammar_t::xlsx;
};

/// "A1", "$B$7", "A1:C3" into 0-based places; a reference off the sheet's
/// grid (over 1,048,576 rows or 16,384 columns) is refused.
class Resolver final : public si::import_reference_resolver {
  public:
    explicit Resolver(std::string_view book) : book_(book) {}

    ss::src_address_t resolve_address(std::string_view a) override {
        std::size_t i = a.find('!');  // a sheet-qualified reference: the place only
        i = i == std::string_view::npos ? 0 : i + 1;
        const auto skip_dollar = [&] {
            if (i < a.size() && a[i] == '$')
                ++i;
        };
        skip_dollar();
        long column = 0;
        for (; i < a.size() && a[i] >= 'A' && a[i] <= 'Z' && column <= max_columns; ++i)
            column = column * 26 + (a[i] - 'A' + 1);
        skip_dollar();
        long row = 0;
        for (; i < a.size() && a[i] >= '0' && a[i] <= '9' && row <= max_rows; ++i)
            row = row * 10 + (a[i] - '0');
        if (i != a.size() || column == 0 || row == 0 || column > max_columns || row > max_rows)
            fail(book_, "cell reference '" + std::string(a.substr(0, 40)) +
                            "' is not a cell of a worksheet (A1 to XFD1048576)");
        return {0, static_cast<row_t>(row - 1), static_cast<col_t>(column - 1)};
    }
    ss::src_range_t resolve_range(std::string_view r) override {
        const std::size_t colon = r.find(':');
        if (colon == std::string_view::npos) {
            const auto a = resolve_address(r);
            return {a, a};
        }
        return {resolve_address(r.substr(0, colon)), resolve_address(r.substr(colon + 1))};
    }

  private:
    std::string_view book_;
};

/// What one sheet holds, before the styles (which may come later) are known.
struct RawCell {
    row_t row;
    col_t column;
    std::string text;
    double number = 0;
    bool is_number = false;
    std::size_t xf = 0;
};

class Sheet;

/// Formula cells: the cached result is the cell's value.
class Formula final : public si::import_formula {
  public:
    explicit Formula(Sheet& sheet) : sheet_(sheet) {}
    void set_position(row_t row, col_t col) override {
        row_ = row;
        col_ = col;
    }
    void set_formula(ss::formula_grammar_t, std::string_view) override {}
    void set_shared_formula_index(std::size_t) override {}
    void set_result_string(std::string_view value) override;
    void set_result_value(double value) override;
    void set_result_bool(bool value) override;
    void set_result_empty() override {}
    void commit() override {}

  private:
    Sheet& sheet_;
    row_t row_ = 0;
    col_t col_ = 0;
};

class ArrayFormula final : public si::import_array_formula {
  public:
    explicit ArrayFormula(Sheet& sheet) : sheet_(sheet) {}
    void set_range(const ss::range_t&) override {}
    void set_formula(ss::formula_grammar_t, std::string_view) override {}
    void set_result_string(row_t row, col_t col, std::string_view value) override;
    void set_result_value(row_t row, col_t col, double value) override;
    void set_result_bool(row_t row, col_t col, bool value) override;
    void set_result_empty(row_t, col_t) override {}
    void commit() override {}

  private:
    Sheet& sheet_;
};

class Properties final : public si::import_sheet_properties {
  public:
    std::vector<MergedRange> merged;
    void set_column_width(col_t, double, orcus::length_unit_t) override {}
    void set_column_hidden(col_t, bool) override {}
    void set_row_height(row_t, double, orcus::length_unit_t) override {}
    void set_row_hidden(row_t, bool) override {}
    void set_merge_cell_range(const ss::range_t& r) override {
        merged.push_back(
            {static_cast<std::uint32_t>(r.first.row), static_cast<std::uint32_t>(r.first.column),
             static_cast<std::uint32_t>(r.last.row), static_cast<std::uint32_t>(r.last.column)});
    }
};

class View final : public si::import_sheet_view {
  public:
    std::uint32_t frozen_rows = 0, frozen_columns = 0;
    void set_sheet_active() override {}
    void set_split_pane(double, double, const ss::address_t&, ss::sheet_pane_t) override {}
    void set_frozen_pane(col_t columns, row_t rows, const ss::address_t&,
                         ss::sheet_pane_t) override {
        frozen_rows = static_cast<std::uint32_t>(std::max(rows, 0));
        frozen_columns = static_cast<std::uint32_t>(std::max(columns, 0));
    }
    void set_selected_range(ss::sheet_pane_t, ss::range_t) override {}
};

class AutoFilter final : public si::import_auto_filter {
  public:
    std::optional<MergedRange> range;
    void set_range(const ss::range_t& r) override {
        range = MergedRange{
            static_cast<std::uint32_t>(r.first.row), static_cast<std::uint32_t>(r.first.column),
            static_cast<std::uint32_t>(r.last.row), static_cast<std::uint32_t>(r.last.column)};
    }
    void set_column(col_t) override {}
    void append_column_match_value(std::string_view) override {}
    void commit_column() override {}
    void commit() override {}
};

/// One sheet: keeps its cells when it is the one asked for, drops them otherwise.
class Sheet final : public si::import_sheet {
  public:
    Sheet(std::string name, bool keep, const SharedStrings& strings, std::string_view book)
        : name_(std::move(name)), keep_(keep), strings_(strings), book_(book) {}

    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    std::vector<RawCell> cells;
    std::map<std::pair<row_t, col_t>, std::size_t> xfs;  ///< cell formats, by place
    Properties properties;
    View view;
    AutoFilter filter;

    si::import_sheet_view* get_sheet_view() override { return &view; }
    si::import_sheet_properties* get_sheet_properties() override { return &properties; }
    si::import_auto_filter* get_auto_filter() override { return &filter; }
    si::import_formula* get_formula() override { return &formula_; }
    si::import_array_formula* get_array_formula() override { return &array_; }

    void set_auto(row_t row, col_t col, std::string_view s) override { text(row, col, s); }
    void set_string(row_t row, col_t col, ss::string_id_t id) override {
        if (id >= strings_.strings.size())
            fail(std::string(book_) + '#' + name_ + '!' +
                     column_name(static_cast<std::size_t>(col)) + std::to_string(row + 1),
                 "the cell names shared string " + std::to_string(id) + " but the workbook has " +
                     std::to_string(strings_.strings.size()));
        text(row, col, strings_.strings[id]);
    }
    void set_value(row_t row, col_t col, double value) override {
        if (keep_)
            cells.push_back({row, col, {}, value, true, 0});
    }
    void set_bool(row_t row, col_t col, bool value) override {
        text(row, col, value ? "true" : "false");
    }
    void set_date_time(row_t row, col_t col, int y, int m, int d, int h, int min,
                       double s) override {
        char buf[48];
        const int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, h,
                                    min, static_cast<int>(s));
        text(row, col, std::string_view(buf, static_cast<std::size_t>(std::max(n, 0))));
    }
    void set_format(row_t row, col_t col, std::size_t xf) override {
        if (keep_)
            xfs[{row, col}] = xf;
    }
    void set_format(row_t, col_t, row_t, col_t, std::size_t) override {}
    void fill_down_cells(row_t, col_t, row_t) override {}
    ss::range_size_t get_sheet_size() const override { return {max_rows, max_columns}; }

    void text(row_t row, col_t col, std::string_view s) {
        if (keep_)
            cells.push_back({row, col, std::string(s), 0, false, 0});
    }

  private:
    std::string name_;
    bool keep_;
    const SharedStrings& strings_;
    std::string_view book_;
    Formula formula_{*this};
    ArrayFormula array_{*this};
};

void Formula::set_result_string(std::string_view value) {
    sheet_.text(row_, col_, value);
}
void Formula::set_result_value(double value) {
    sheet_.set_value(row_, col_, value);
}
void Formula::set_result_bool(bool value) {
    sheet_.set_bool(row_, col_, value);
}
void ArrayFormula::set_result_string(row_t row, col_t col, std::string_view value) {
    sheet_.text(row, col, value);
}
void ArrayFormula::set_result_value(row_t row, col_t col, double value) {
    sheet_.set_value(row, col, value);
}
void ArrayFormula::set_result_bool(row_t row, col_t col, bool value) {
    sheet_.set_bool(row, col, value);
}

class Factory final : public si::import_factory {
  public:
    Factory(std::string_view book, const std::optional<std::string>& wanted)
        : wanted_(wanted), book_(book), resolver_(book) {}

    si::import_global_settings* get_global_settings() override { return &settings_; }
    si::import_shared_strings* get_shared_strings() override { return &strings_; }
    si::import_styles* get_styles() override { return &styles_; }
    si::import_reference_resolver* get_reference_resolver(ss::formula_ref_context_t) override {
        return &resolver_;
    }
    si::import_sheet* append_sheet(ss::sheet_t, std::string_view name) override {
        const bool keep = wanted_ ? name == *wanted_ : sheets_.empty();
        sheets_.push_back(std::make_unique<Sheet>(std::string(name), keep, strings_, book_));
        return sheets_.back().get();
    }
    si::import_sheet* get_sheet(std::string_view name) override {
        for (const auto& s : sheets_)
            if (s->name() == name)
                return s.get();
        return nullptr;
    }
    si::import_sheet* get_sheet(ss::sheet_t index) override {
        return index >= 0 && static_cast<std::size_t>(index) < sheets_.size()
                   ? sheets_[static_cast<std::size_t>(index)].get()
                   : nullptr;
    }
    void finalize() override {}

    [[nodiscard]] const std::vector<std::unique_ptr<Sheet>>& sheets() const { return sheets_; }
    [[nodiscard]] const Styles& styles() const { return styles_; }
    [[nodiscard]] const Settings& settings() const { return settings_; }

  private:
    std::optional<std::string> wanted_;
    std::string_view book_;
    Settings settings_;
    SharedStrings strings_;
    Styles styles_;
    Resolver resolver_;
    std::vector<std::unique_ptr<Sheet>> sheets_;
};

/// The kept sheet's cells as text, by row then column (a cell written twice:
/// the last value).
SheetData finish(const Factory& factory, const Sheet& sheet) {
    SheetData out;
    out.name = sheet.name();
    out.merged = sheet.properties.merged;
    out.frozen_rows = sheet.view.frozen_rows;
    out.frozen_columns = sheet.view.frozen_columns;
    out.autofilter = sheet.filter.range;
    std::map<std::pair<row_t, col_t>, std::string> by_place;
    for (const RawCell& c : sheet.cells) {
        std::string text = c.text;
        if (c.is_number) {
            const auto xf = sheet.xfs.find({c.row, c.column});
            const auto& dates = factory.styles().xf_is_date;
            const bool date =
                xf != sheet.xfs.end() && xf->second < dates.size() && dates[xf->second];
            text = date ? iso_date(c.number, factory.settings().origin) : general(c.number);
        }
        by_place[{c.row, c.column}] = std::move(text);
    }
    out.cells.reserve(by_place.size());
    for (auto& [place, text] : by_place)
        if (!text.empty())
            out.cells.push_back({static_cast<std::uint32_t>(place.first),
                                 static_cast<std::uint32_t>(place.second), std::move(text)});
    return out;
}

}  // namespace

SheetData read_sheet(std::string_view bytes, std::string_view book,
                     const std::optional<std::string>& sheet) {
    check_zip(bytes, book, max_unzipped_bytes);  // before liborcus inflates anything
    Factory factory(book, sheet);
    try {
        orcus::orcus_xlsx reader(&factory);
        reader.read_stream(bytes);
    } catch (const Error&) {
        throw;
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        fail(book, "not a readable .xlsx workbook (" + printable(e.what()) + ")");
    }
    const auto& sheets = factory.sheets();
    if (sheets.empty())
        fail(book, "not an .xlsx workbook: it has no worksheet");
    for (const auto& s : sheets)
        if (sheet ? s->name() == *sheet : s == sheets.front())
            return finish(factory, *s);
    std::string names;
    for (const auto& s : sheets)
        names += (names.empty() ? "'" : ", '") + s->name() + "'";
    fail(book, "no sheet named '" + *sheet + "' (the workbook has " + names + ")");
}

}  // namespace shortlist::detail
