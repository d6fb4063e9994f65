#include "io/xlsx_writer.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>

#include "core/date.h"
#include "core/error.h"
#include "core/i18n.h"
#include "io/paths.h"
#include "core/text.h"

namespace shequ {
namespace {

// ---- libxlsxwriter, loaded on first use ----

#define SHEQU_LXW_FUNCTIONS(X)                                                                  \
  X(workbook_new_opt) X(workbook_add_worksheet) X(workbook_add_format) X(workbook_add_chart)    \
  X(workbook_close) X(format_set_bold) X(format_set_num_format) X(format_set_font_size)         \
  X(worksheet_write_string) X(worksheet_write_number) X(worksheet_write_datetime)               \
  X(worksheet_freeze_panes) X(worksheet_set_column) X(worksheet_insert_chart_opt)               \
  X(chart_add_series) X(chart_series_set_categories) X(chart_series_set_values)                 \
  X(chart_title_set_name) X(chart_legend_set_position) X(lxw_strerror)

struct Lxw {
#define SHEQU_LXW_MEMBER(name) decltype(&::name) name = nullptr;
  SHEQU_LXW_FUNCTIONS(SHEQU_LXW_MEMBER)
#undef SHEQU_LXW_MEMBER
};

const Lxw& lxw() {
  static const Lxw api = [] {
    void* lib = dlopen(SHEQU_XLSXWRITER_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!lib) lib = dlopen("libxlsxwriter.so", RTLD_NOW | RTLD_LOCAL);
    if (!lib)
      throw Error(Exit::config,
                  tr_format("cannot write .xlsx: libxlsxwriter is not installed ({})",
                            "无法写入 .xlsx：未安装 libxlsxwriter（{}）", dlerror()),
                  std::string(tr("install it (Debian: apt-get install libxlsxwriter4), or write CSV",
                                 "请安装（Debian：apt-get install libxlsxwriter4），或改用 CSV")));
    Lxw a;
#define SHEQU_LXW_LOAD(name)                                                       \
  a.name = reinterpret_cast<decltype(a.name)>(dlsym(lib, #name));                  \
  if (!a.name)                                                                     \
    throw Error(Exit::config, fmt::format("libxlsxwriter: {} missing", #name));
    SHEQU_LXW_FUNCTIONS(SHEQU_LXW_LOAD)
#undef SHEQU_LXW_LOAD
    return a;
  }();
  return api;
}

// Excel's limits.
constexpr std::size_t kMaxSheetName = 31;
constexpr std::size_t kMaxCellChars = 32767;
constexpr lxw_row_t kMaxRows = 1048576;
constexpr double kMaxColumnWidth = 60;

[[noreturn]] void fail(lxw_error err) {
  throw Error(Exit::io, tr_format("cannot write the workbook: {}", "无法写入工作簿：{}", lxw().lxw_strerror(err)));
}

void check(lxw_error err) {
  if (err != LXW_NO_ERROR) fail(err);
}

// Code points of a UTF-8 string (invalid bytes count one each).
std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The first `n` code points of `s`.
std::string first_code_points(std::string_view s, std::size_t n) {
  std::size_t i = 0;
  for (std::size_t seen = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && seen++ == n) break;
  }
  return std::string(s.substr(0, i));
}

std::string sheet_name(std::string_view wanted, const std::vector<std::string>& taken) {
  std::string name;
  for (char c : wanted) name += std::strchr("[]:*?/\\", c) ? '_' : c;
  name = trim(name);
  while (!name.empty() && name.front() == '\'') name.erase(0, 1);
  while (!name.empty() && name.back() == '\'') name.pop_back();
  if (name.empty()) name = fmt::format("Sheet{}", taken.size() + 1);
  name = first_code_points(name, kMaxSheetName);
  std::string unique = name;
  for (int n = 2; std::any_of(taken.begin(), taken.end(), [&](const std::string& t) {
         return to_lower_ascii(t) == to_lower_ascii(unique);
       });
       ++n) {
    std::string suffix = fmt::format(" ({})", n);
    unique = first_code_points(name, kMaxSheetName - suffix.size()) + suffix;
  }
  return unique;
}

int two_digits(std::string_view s, std::size_t at) {
  return (s[at] - '0') * 10 + (s[at + 1] - '0');
}

// "2026-03-05", "2026-03-05T14:30" or "2026-03-05 14:30:15" as an Excel date; nullopt otherwise.
std::optional<lxw_datetime> iso_datetime(std::string_view s, bool with_time) {
  if (s.size() != 10 && !(with_time && (s.size() == 16 || s.size() == 19))) return std::nullopt;
  if (s.size() > 10 && s[10] != 'T' && s[10] != ' ') return std::nullopt;
  auto d = parse_date(s.substr(0, 10));
  if (!d || s[4] != '-' || s[7] != '-') return std::nullopt;
  lxw_datetime dt{d->year, d->month, d->day, 0, 0, 0};
  if (s.size() > 10) {
    auto minutes = parse_time_of_day(s.substr(11, 5));
    if (!minutes) return std::nullopt;
    dt.hour = *minutes / 60;
    dt.min = *minutes % 60;
    if (s.size() == 19) {
      if (s[16] != ':' || !std::isdigit(static_cast<unsigned char>(s[17])) ||
          !std::isdigit(static_cast<unsigned char>(s[18])))
        return std::nullopt;
      dt.sec = two_digits(s, 17);
    }
  }
  return dt;
}

}  // namespace

struct XlsxWriter::State {
  std::string path;
  lxw_workbook* book = nullptr;
  lxw_worksheet* sheet = nullptr;
  lxw_format* bold = nullptr;
  lxw_format* large = nullptr;
  lxw_format* text = nullptr;
  lxw_format* date = nullptr;
  lxw_format* datetime = nullptr;
  bool streaming = false;
  std::vector<std::string> sheet_names;
  lxw_row_t row = 0;  // next row to write on this sheet
  bool frozen = false;
  std::vector<XlsxKind> kinds;
  std::vector<double> widths;  // per column of this sheet, in characters

  void widen(std::size_t col, std::size_t chars) {
    if (col >= widths.size()) widths.resize(col + 1, 0);
    widths[col] = std::max(widths[col], std::min<double>(static_cast<double>(chars), kMaxColumnWidth));
  }
  void set_widths() {
    for (std::size_t c = 0; c < widths.size(); ++c)
      if (widths[c] > 0)
        check(lxw().worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                                         widths[c] + 2, nullptr));
  }
  lxw_row_t next_row() {
    if (!sheet) throw std::logic_error("xlsx: a row before the first sheet");
    if (row >= kMaxRows)
      throw Error(Exit::data, tr_format("more than {} rows: too many for one Excel sheet; write CSV",
                                        "超过 {} 行，一个 Excel 工作表放不下；请改用 CSV", kMaxRows));
    return row++;
  }
  void string(lxw_row_t r, std::size_t col, std::string_view s, lxw_format* f, bool measure = true) {
    if (code_points(s) > kMaxCellChars)
      throw Error(Exit::data, tr_format("row {}: a value longer than Excel's {} characters",
                                        "第 {} 行：内容超过 Excel 单元格上限 {} 个字符", r + 1, kMaxCellChars));
    check(lxw().worksheet_write_string(sheet, r, static_cast<lxw_col_t>(col), std::string(s).c_str(), f));
    if (measure) widen(col, display_width(s));
  }
  void number(lxw_row_t r, std::size_t col, double v, std::size_t shown_width) {
    check(lxw().worksheet_write_number(sheet, r, static_cast<lxw_col_t>(col), v, nullptr));
    widen(col, shown_width);
  }
  void cell(lxw_row_t r, std::size_t col, const Cell& c, XlsxKind kind) {
    if (std::holds_alternative<std::monostate>(c)) return;
    if (kind != XlsxKind::text) {
      if (const auto* i = std::get_if<std::int64_t>(&c))
        return number(r, col, static_cast<double>(*i), std::to_string(*i).size());
      if (const auto* d = std::get_if<double>(&c)) return number(r, col, *d, cell_text(c).size());
    }
    std::string s = cell_text(c);
    if (kind == XlsxKind::date || kind == XlsxKind::datetime) {
      if (auto dt = iso_datetime(s, kind == XlsxKind::datetime)) {
        bool timed = kind == XlsxKind::datetime && s.size() > 10;
        check(lxw().worksheet_write_datetime(sheet, r, static_cast<lxw_col_t>(col), &*dt,
                                             timed ? datetime : date));
        widen(col, timed ? 19 : 10);
        return;
      }
    }
    string(r, col, s, text);
  }
};

XlsxWriter::XlsxWriter(std::ostream& out, bool streaming) : s_(std::make_unique<State>()), out_(out) {
  const Lxw& api = lxw();
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/shequ-xlsx-XXXXXX";
  int fd = ::mkstemp(pattern.data());  // mode 0600: the workbook usually holds personal data
  if (fd < 0)
    throw Error(Exit::io, tr_format("cannot create a temporary file in {}: {}", "无法在 {} 创建临时文件：{}",
                                    pattern.substr(0, pattern.rfind('/')), errno_text(errno)));
  ::close(fd);
  s_->path = pattern;
  s_->streaming = streaming;
  lxw_workbook_options options{};
  options.constant_memory = streaming;
  options.use_zip64 = streaming;  // a million rows may pass 4 GiB of XML before compression
  s_->book = api.workbook_new_opt(s_->path.c_str(), &options);
  if (!s_->book) throw Error(Exit::io, std::string(tr("cannot start the workbook", "无法创建工作簿")));
  s_->bold = api.workbook_add_format(s_->book);
  api.format_set_bold(s_->bold);
  s_->large = api.workbook_add_format(s_->book);
  api.format_set_bold(s_->large);
  api.format_set_font_size(s_->large, 14);
  s_->text = api.workbook_add_format(s_->book);
  api.format_set_num_format(s_->text, "@");
  s_->date = api.workbook_add_format(s_->book);
  api.format_set_num_format(s_->date, "yyyy-mm-dd");
  s_->datetime = api.workbook_add_format(s_->book);
  api.format_set_num_format(s_->datetime, "yyyy-mm-dd hh:mm:ss");
}

XlsxWriter::~XlsxWriter() {
  if (s_->book) {
    // An unfinished workbook still holds its temporary files; closing writes and frees them.
    lxw().workbook_close(s_->book);
  }
  if (!s_->path.empty()) ::unlink(s_->path.c_str());
}

void XlsxWriter::sheet(std::string_view name) {
  if (s_->sheet) s_->set_widths();
  std::string n = sheet_name(name, s_->sheet_names);
  s_->sheet_names.push_back(n);
  s_->sheet = lxw().workbook_add_worksheet(s_->book, n.c_str());
  if (!s_->sheet) throw Error(Exit::io, fmt::format("xlsx: cannot add the sheet \"{}\"", n));
  s_->row = 0;
  s_->frozen = false;
  s_->kinds.clear();
  s_->widths.clear();
}

void XlsxWriter::title(std::string_view text, bool large) {
  // Titles may run over the columns to their right: they do not widen the first column.
  s_->string(s_->next_row(), 0, text, large ? s_->large : s_->bold, false);
}

void XlsxWriter::line(std::string_view text) { s_->string(s_->next_row(), 0, text, nullptr, false); }

void XlsxWriter::skip_row() { s_->next_row(); }

void XlsxWriter::header(const std::vector<std::string>& labels, std::vector<XlsxKind> kinds) {
  lxw_row_t r = s_->next_row();
  for (std::size_t c = 0; c < labels.size(); ++c) s_->string(r, c, labels[c], s_->bold);
  kinds.resize(labels.size(), XlsxKind::value);
  s_->kinds = std::move(kinds);
  if (!s_->frozen) {
    lxw().worksheet_freeze_panes(s_->sheet, r + 1, 0);
    s_->frozen = true;
  }
}

void XlsxWriter::row(const std::vector<Cell>& cells) {
  lxw_row_t r = s_->next_row();
  for (std::size_t c = 0; c < cells.size(); ++c)
    s_->cell(r, c, cells[c], c < s_->kinds.size() ? s_->kinds[c] : XlsxKind::value);
}

void XlsxWriter::chart(const BarChart& c) {
  if (s_->streaming || c.bars.empty()) return;
  const Lxw& api = lxw();
  const std::string& sheet = s_->sheet_names.back();
  if (!c.title.empty()) title(c.title);
  lxw_row_t first = s_->row;
  for (const auto& [label, value] : c.bars) {
    lxw_row_t r = s_->next_row();
    s_->string(r, 0, label, s_->text);
    s_->number(r, 1, value, cell_text(value).size());
  }
  lxw_row_t last = s_->row - 1;
  lxw_chart* chart = api.workbook_add_chart(s_->book, LXW_CHART_BAR);
  lxw_chart_series* series = api.chart_add_series(chart, nullptr, nullptr);
  api.chart_series_set_categories(series, sheet.c_str(), first, 0, last, 0);
  api.chart_series_set_values(series, sheet.c_str(), first, 1, last, 1);
  if (!c.title.empty()) api.chart_title_set_name(chart, c.title.c_str());
  api.chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
  // Beside its data, tall enough for every bar (about 20 px each).
  lxw_chart_options opt{};
  opt.x_scale = 1.2;
  opt.y_scale = std::max(1.0, static_cast<double>(c.bars.size()) * 20.0 / 288.0);
  check(api.worksheet_insert_chart_opt(s_->sheet, first > 0 ? first - 1 : 0, 3, chart, &opt));
  // The chart covers about 15 rows: what follows starts below it.
  s_->row = std::max<lxw_row_t>(s_->row, first + static_cast<lxw_row_t>(15 * opt.y_scale));
}

void XlsxWriter::close() {
  if (!s_->sheet) sheet("");
  s_->set_widths();
  lxw_workbook* book = s_->book;
  s_->book = nullptr;
  check(lxw().workbook_close(book));
  int fd = ::open(s_->path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(Exit::io, std::string(tr("cannot read the finished workbook", "无法读取生成的工作簿")));
  char buf[1 << 16];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) out_.write(buf, n);
  int err = n < 0 ? errno : 0;
  ::close(fd);
  if (err) throw Error(Exit::io, fmt::format("xlsx: {}", errno_text(err)));
  if (!out_) throw Error(Exit::io, std::string(tr("cannot write the output", "无法写入输出")));
}

namespace {

// A column of text cells that all read as ISO dates (or date-times) is written as dates.
XlsxKind column_kind(const Table& t, std::size_t col) {
  if (col < t.columns.size() && t.columns[col].numeric) return XlsxKind::value;
  bool any = false, dates = true, datetimes = true;
  for (const auto& row : t.rows) {
    if (col >= row.size()) continue;
    const auto* s = std::get_if<std::string>(&row[col]);
    if (!s) {
      if (!std::holds_alternative<std::monostate>(row[col])) return XlsxKind::value;
      continue;
    }
    if (s->empty()) continue;
    any = true;
    dates = dates && s->size() == 10 && iso_datetime(*s, false);
    datetimes = datetimes && s->size() > 10 && iso_datetime(*s, true);
    if (!dates && !datetimes) return XlsxKind::value;
  }
  if (!any) return XlsxKind::value;
  return dates ? XlsxKind::date : XlsxKind::datetime;
}

void write_table(XlsxWriter& w, const Table& t, const std::vector<std::size_t>& sel,
                 const std::vector<std::string>& headers) {
  std::vector<XlsxKind> kinds;
  for (std::size_t i : sel) kinds.push_back(column_kind(t, i));
  w.header(headers, std::move(kinds));
  std::vector<Cell> cells(sel.size());
  for (const auto& row : t.rows) {
    for (std::size_t j = 0; j < sel.size(); ++j) cells[j] = sel[j] < row.size() ? row[sel[j]] : Cell{};
    w.row(cells);
  }
  if (t.rows.empty()) w.line(tr("(no rows)", "（无记录）"));
  for (const auto& note : t.notes) w.line(note);
}

}  // namespace

void write_xlsx(const Table& table, const std::vector<std::size_t>& sel,
                const std::vector<std::string>& headers, std::ostream& out) {
  XlsxWriter w(out, true);
  w.sheet(table.title);
  if (!table.title.empty()) w.title(table.title, true);
  write_table(w, table, sel, headers);
  w.close();
}

void write_xlsx(std::string_view title, std::string_view subtitle,
                const std::vector<XlsxSection>& sections, std::ostream& out) {
  XlsxWriter w(out, false);
  for (const XlsxSection& xs : sections) {
    const Section& s = *xs.section;
    w.sheet(!s.heading.empty() ? s.heading : !s.key.empty() ? s.key : title);
    if (!title.empty()) w.title(title, true);
    if (!subtitle.empty()) w.line(subtitle);
    if (!s.heading.empty()) w.title(s.heading);
    w.skip_row();
    if (!xs.sel.empty()) {
      if (!s.table.title.empty()) w.title(s.table.title);
      write_table(w, s.table, xs.sel, xs.headers);
    }
    if (s.chart && !s.chart->bars.empty()) {
      w.skip_row();
      w.chart(*s.chart);
    }
  }
  w.close();
}

}  // namespace shequ
