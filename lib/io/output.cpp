#include "io/output.h"

#include <fmt/format.h>

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "io/csv.h"
#include "core/error.h"
#include "io/html_page.h"
#include "core/i18n.h"
#include "core/text.h"
#include "io/xlsx_writer.h"

namespace shequ {
namespace {

using Json = nlohmann::ordered_json;  // keeps the column order

constexpr std::array<std::string_view, 8> kFormatNames = {"table", "csv", "tsv", "json",
                                                          "jsonl", "md",  "html", "xlsx"};

// File extensions and the format each implies.
constexpr std::array<std::pair<std::string_view, Format>, 10> kExtensions = {{
    {"csv", Format::csv}, {"tsv", Format::tsv}, {"json", Format::json}, {"jsonl", Format::jsonl},
    {"md", Format::md}, {"markdown", Format::md}, {"html", Format::html}, {"htm", Format::html},
    {"xlsx", Format::xlsx}, {"txt", Format::table}}};

void rstrip_spaces(std::string& s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
}

// Reals: fixed notation with 2 decimals (locale-independent), trailing zeros trimmed.
std::string format_real(double v) {
  char buf[512];
  auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 2);
  std::string s(buf, res.ptr);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

const Cell& cell_at(const std::vector<Cell>& row, std::size_t i) {
  static const Cell kNull;
  return i < row.size() ? row[i] : kNull;
}

// The label in the current language, falling back to the other language, then the key.
const std::string& label(const Column& c) {
  bool en = language() == Lang::en;
  const std::string& first = en ? c.en : c.zh;
  const std::string& second = en ? c.zh : c.en;
  if (!first.empty()) return first;
  if (!second.empty()) return second;
  return c.key;
}

// The labels of the selected columns, for people (md, html, xlsx).
std::vector<std::string> labels(const Table& t, const std::vector<std::size_t>& sel) {
  std::vector<std::string> out;
  for (std::size_t i : sel) out.push_back(label(t.columns[i]));
  return out;
}

const std::string& zh_label(const Column& c) {
  if (!c.zh.empty()) return c.zh;
  if (!c.en.empty()) return c.en;
  return c.key;
}

std::vector<std::string> all_keys(const std::vector<const Table*>& tables) {
  std::vector<std::string> keys;
  for (const Table* t : tables)
    for (const Column& c : t->columns)
      if (std::find(keys.begin(), keys.end(), c.key) == keys.end()) keys.push_back(c.key);
  return keys;
}

// Throws unless every requested field is a key of at least one of the tables.
void check_fields(const std::vector<std::string>& fields, const std::vector<const Table*>& tables) {
  std::vector<std::string> keys = all_keys(tables);
  for (const std::string& f : fields) {
    if (std::find(keys.begin(), keys.end(), f) != keys.end()) continue;
    std::string valid = join(keys, ", ");
    throw Error(Exit::usage, std::string(tr("unknown field \"", "未知的字段“")) + f +
                                 std::string(tr("\"; valid fields: ", "”；可用的字段：")) + valid);
  }
}

// Indices of the columns to show, in the order of `fields` (keys absent from this table skipped).
std::vector<std::size_t> selected_columns(const Table& t, const std::vector<std::string>& fields) {
  std::vector<std::size_t> sel;
  if (fields.empty()) {
    for (std::size_t i = 0; i < t.columns.size(); ++i) sel.push_back(i);
    return sel;
  }
  for (const std::string& f : fields) {
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      if (t.columns[i].key != f) continue;
      if (std::find(sel.begin(), sel.end(), i) == sel.end()) sel.push_back(i);
      break;
    }
  }
  return sel;
}

std::string_view no_rows() { return tr("(no rows)", "（无记录）"); }

// ---- table (terminal) ----

void write_text_table(const Table& t, const std::vector<std::size_t>& sel, const RenderOptions& o,
                      std::ostream& out) {
  if (!t.title.empty()) out << sanitize_for_terminal(t.title) << '\n';
  std::vector<std::size_t> widths(sel.size());
  std::vector<std::string> header(sel.size());
  for (std::size_t j = 0; j < sel.size(); ++j) {
    header[j] = sanitize_for_terminal(label(t.columns[sel[j]]));
    widths[j] = o.headers ? display_width(header[j]) : 0;
  }
  std::vector<std::vector<std::string>> cells;
  cells.reserve(t.rows.size());
  for (const auto& row : t.rows) {
    std::vector<std::string>& line = cells.emplace_back(sel.size());
    for (std::size_t j = 0; j < sel.size(); ++j) {
      std::string s = sanitize_for_terminal(cell_text(cell_at(row, sel[j])));
      std::size_t w = display_width(s);
      if (o.max_cell_width && w > o.max_cell_width) {
        s = truncate_to_width(s, o.max_cell_width);
        w = display_width(s);
      }
      widths[j] = std::max(widths[j], w);
      line[j] = std::move(s);
    }
  }
  if (o.line_width) {
    std::vector<bool> text(sel.size());
    for (std::size_t j = 0; j < sel.size(); ++j) text[j] = !t.columns[sel[j]].numeric;
    widths = fit_widths(widths, text, o.line_width);
    for (std::size_t j = 0; j < sel.size(); ++j) {
      header[j] = truncate_to_width(header[j], widths[j]);
      for (auto& line : cells) line[j] = truncate_to_width(line[j], widths[j]);
    }
  }
  auto format_line = [&](const std::vector<std::string>& values) {
    std::string s;
    for (std::size_t j = 0; j < values.size(); ++j) {
      if (j) s += "  ";
      s += pad_to_width(values[j], widths[j], t.columns[sel[j]].numeric);
    }
    rstrip_spaces(s);
    return s;
  };
  if (o.headers && !sel.empty()) {
    std::string h = format_line(header);
    out << (o.color ? "\x1b[1m" + h + "\x1b[0m" : h) << '\n';
    std::string rule;
    for (std::size_t j = 0; j < sel.size(); ++j) {
      if (j) rule += "  ";
      for (std::size_t k = 0; k < widths[j]; ++k) rule += "─";
    }
    out << rule << '\n';
  }
  for (const auto& line : cells) out << format_line(line) << '\n';
  if (t.rows.empty()) out << no_rows() << '\n';
  for (const std::string& note : t.notes) out << sanitize_for_terminal(note) << '\n';
}

constexpr std::size_t kTextBarWidth = 30;
constexpr std::size_t kChartLabelWidth = 24;

// Positive finite values scale against the largest; anything else draws no bar.
double chart_max(const BarChart& c) {
  double max = 0;
  for (const auto& [name, v] : c.bars)
    if (std::isfinite(v) && v > max) max = v;
  return max;
}

double bar_fraction(double v, double max) {
  if (!(max > 0) || !std::isfinite(v) || v <= 0) return 0;
  return v / max;
}

void write_text_chart(const BarChart& c, std::ostream& out) {
  if (!c.title.empty()) out << sanitize_for_terminal(c.title) << '\n';
  std::vector<std::string> labels;
  std::size_t width = 0;
  for (const auto& [name, v] : c.bars) {
    std::string s = truncate_to_width(sanitize_for_terminal(name), kChartLabelWidth);
    width = std::max(width, display_width(s));
    labels.push_back(std::move(s));
  }
  double max = chart_max(c);
  for (std::size_t i = 0; i < c.bars.size(); ++i) {
    auto n = static_cast<std::size_t>(std::lround(bar_fraction(c.bars[i].second, max) * kTextBarWidth));
    std::string line = pad_to_width(labels[i], width) + "  ";
    for (std::size_t k = 0; k < n; ++k) line += "█";
    if (n) line += ' ';
    line += cell_text(c.bars[i].second);
    out << line << '\n';
  }
}

// ---- csv / tsv ----

void write_csv(const Table& t, const std::vector<std::size_t>& sel, const RenderOptions& o,
               std::ostream& out) {
  if (o.headers) {
    for (std::size_t j = 0; j < sel.size(); ++j) {
      if (j) out << ',';
      const Column& c = t.columns[sel[j]];
      out << csv_quote(o.zh_headers ? zh_label(c) : c.key);
    }
    out << "\r\n";
  }
  for (const auto& row : t.rows) {
    for (std::size_t j = 0; j < sel.size(); ++j) {
      if (j) out << ',';
      out << csv_quote(cell_text(cell_at(row, sel[j])));
    }
    out << "\r\n";
  }
}

std::string tsv_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\\': out += "\\\\"; break;
      default:
        // Other control characters (ESC, DEL, …) never reach a terminal raw.
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
        else out += c;
    }
  }
  return out;
}

void write_tsv(const Table& t, const std::vector<std::size_t>& sel, const RenderOptions& o,
               std::ostream& out) {
  if (o.headers) {
    for (std::size_t j = 0; j < sel.size(); ++j) {
      if (j) out << '\t';
      out << tsv_escape(t.columns[sel[j]].key);
    }
    out << '\n';
  }
  for (const auto& row : t.rows) {
    for (std::size_t j = 0; j < sel.size(); ++j) {
      if (j) out << '\t';
      out << tsv_escape(cell_text(cell_at(row, sel[j])));
    }
    out << '\n';
  }
}

// ---- json ----

Json cell_json(const Cell& cell) {
  return std::visit(
      [](const auto& v) -> Json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          return nullptr;
        else
          return v;
      },
      cell);
}

// A list column's text "a,b" as ["a", "b"] (empty: []).
Json list_json(const Cell& cell) {
  Json items = Json::array();
  if (auto text = std::get_if<std::string>(&cell))
    for (const std::string& item : split(*text, ','))
      if (!item.empty()) items.push_back(item);
  return items;
}

Json row_json(const Table& t, const std::vector<std::size_t>& sel, const std::vector<Cell>& row) {
  Json obj = Json::object();
  for (std::size_t i : sel)
    obj[t.columns[i].key] = t.columns[i].list ? list_json(cell_at(row, i)) : cell_json(cell_at(row, i));
  return obj;
}

Json rows_json(const Table& t, const std::vector<std::size_t>& sel) {
  Json rows = Json::array();
  for (const auto& row : t.rows) rows.push_back(row_json(t, sel, row));
  return rows;
}

// Invalid UTF-8 becomes U+FFFD instead of throwing.
std::string dump(const Json& j, int indent = -1) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

// ---- md ----

// Escapes a value for a GitHub table cell: \\ | and < are backslash-escaped, line breaks become
// <br>; control and bidirectional formatting characters and invalid bytes are made visible as on
// a terminal (sanitize_for_terminal), so a pasted table shows what is there.
std::string md_escape(std::string_view s, std::string_view newline = "<br>") {
  std::string out;
  out.reserve(s.size());
  auto append = [&out](std::string_view piece) {
    for (char c : sanitize_for_terminal(piece)) {
      switch (c) {
        case '\\': out += "\\\\"; break;
        case '|': out += "\\|"; break;
        case '<': out += "\\<"; break;
        default: out += c;
      }
    }
  };
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\r' && s[i] != '\n') continue;
    append(s.substr(start, i - start));
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
    out += newline;
    start = i + 1;
  }
  append(s.substr(start));
  return out;
}

std::string md_heading(std::string_view marks, std::string_view text) {
  return std::string(marks) + " " + md_escape(text, " ");
}

std::string md_table(const Table& t, const std::vector<std::size_t>& sel) {
  std::string s = "|";
  for (std::size_t i : sel) s += " " + md_escape(label(t.columns[i])) + " |";
  s += "\n|";
  for (std::size_t i : sel) s += t.columns[i].numeric ? " ---: |" : " --- |";
  for (const auto& row : t.rows) {
    s += "\n|";
    for (std::size_t i : sel) {
      std::string v = md_escape(cell_text(cell_at(row, i)));
      s += v.empty() ? " |" : " " + v + " |";
    }
  }
  return s;
}

// Blocks of markdown: the table with its "no rows" line and notes.
void md_table_blocks(const Table& t, const std::vector<std::size_t>& sel,
                     std::vector<std::string>& blocks) {
  if (sel.empty()) return;
  blocks.push_back(md_table(t, sel));
  if (t.rows.empty()) blocks.emplace_back(no_rows());
  for (const std::string& note : t.notes) blocks.push_back(md_escape(note));
}

void write_blocks(const std::vector<std::string>& blocks, std::ostream& out) {
  out << join(blocks, "\n\n");
  if (!blocks.empty()) out << '\n';
}

// ---- html ----

// Labels and values at 14px (10.5pt, readable printed); a column is ~7.5px (a CJK character
// takes two). Bars are grey with the value beside each, so a black-and-white print reads the same.
constexpr int kFontPx = 14;
constexpr int kPxPerColumn = 8;
constexpr int kBarArea = 300;
constexpr int kRowHeight = 24;
constexpr int kBarHeight = 16;

void write_svg_chart(const BarChart& c, std::ostream& out) {
  if (c.bars.empty()) return;
  std::vector<std::string> labels;
  std::vector<std::string> values;
  std::size_t label_cols = 1;
  std::size_t value_chars = 1;
  for (const auto& [name, v] : c.bars) {
    std::string l = name;
    std::replace(l.begin(), l.end(), '\n', ' ');
    l = truncate_to_width(l, kChartLabelWidth);
    label_cols = std::max(label_cols, display_width(l));
    labels.push_back(std::move(l));
    values.push_back(cell_text(v));
    value_chars = std::max(value_chars, values.back().size());
  }
  const int label_w = static_cast<int>(label_cols) * kPxPerColumn + 12;
  const int value_w = static_cast<int>(value_chars) * kPxPerColumn + 12;
  const int top = c.title.empty() ? 4 : 28;
  const int width = label_w + kBarArea + value_w;
  const int height = top + static_cast<int>(c.bars.size()) * kRowHeight + 4;
  const double max = chart_max(c);
  const std::string title = html_escape(c.title);
  const std::string w = std::to_string(width);
  const std::string h = std::to_string(height);

  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" << w << "\" height=\"" << h
      << "\" viewBox=\"0 0 " << w << ' ' << h << "\" role=\"img\"";
  if (!c.title.empty()) out << " aria-label=\"" << title << '"';
  out << ">\n";
  if (!c.title.empty()) {
    out << "<title>" << title << "</title>\n";
    out << "<text x=\"0\" y=\"18\" font-size=\"15\" font-weight=\"bold\" fill=\"#000\">" << title
        << "</text>\n";
  }
  for (std::size_t i = 0; i < c.bars.size(); ++i) {
    const int y = top + static_cast<int>(i) * kRowHeight;
    const std::string text_y = std::to_string(y + kRowHeight / 2 + 4);
    const double bar = bar_fraction(c.bars[i].second, max) * kBarArea;
    out << "<text x=\"" << label_w - 6 << "\" y=\"" << text_y
        << "\" font-size=\"" << kFontPx << "\" text-anchor=\"end\" fill=\"#000\">" << html_escape(labels[i])
        << "</text>\n";
    out << "<rect x=\"" << label_w << "\" y=\"" << y + (kRowHeight - kBarHeight) / 2 << "\" width=\""
        << format_real(bar) << "\" height=\"" << kBarHeight << "\" fill=\"#8c8c8c\" stroke=\"#000\" stroke-width=\"0.5\"/>\n";
    out << "<text x=\"" << format_real(label_w + bar + 6) << "\" y=\"" << text_y
        << "\" font-size=\"" << kFontPx << "\" font-weight=\"bold\" fill=\"#000\">" << html_escape(values[i]) << "</text>\n";
  }
  out << "</svg>\n";
}

void write_html_table(const Table& t, const std::vector<std::size_t>& sel, bool caption,
                      std::ostream& out) {
  if (sel.empty()) return;
  out << (sel.size() > 8 ? "<table class=\"wide\">\n" : "<table>\n");
  if (caption && !t.title.empty()) out << "<caption>" << html_escape(t.title) << "</caption>\n";
  out << "<thead>\n<tr>";
  for (std::size_t i : sel)
    out << (t.columns[i].numeric ? "<th class=\"num\">" : "<th>") << html_escape(label(t.columns[i]))
        << "</th>";
  out << "</tr>\n</thead>\n";
  if (!t.rows.empty()) {
    out << "<tbody>\n";
    for (const auto& row : t.rows) {
      out << "<tr>";
      for (std::size_t i : sel)
        out << (t.columns[i].numeric ? "<td class=\"num\">" : "<td>")
            << html_escape(cell_text(cell_at(row, i))) << "</td>";
      out << "</tr>\n";
    }
    out << "</tbody>\n";
  }
  out << "</table>\n";
  if (t.rows.empty()) out << "<p class=\"empty\">" << html_escape(no_rows()) << "</p>\n";
  for (const std::string& note : t.notes) out << "<p class=\"note\">" << html_escape(note) << "</p>\n";
}

// What one part of an html page shows; a lone Table is a page with one untitled section.
struct HtmlSection {
  std::string_view heading;
  const Table* table;
  std::vector<std::size_t> sel;
  bool caption;  // show table->title as the table's caption
  const BarChart* chart;
};

void write_html_page(std::string_view title, std::string_view subtitle, std::string_view footer,
                     const std::vector<HtmlSection>& sections, std::ostream& out) {
  PageFrame frame{std::string(title), std::string(footer)};
  write_page_open(out, frame);
  if (!title.empty()) out << "<h1>" << html_escape(title) << "</h1>\n";
  if (!subtitle.empty()) out << "<p class=\"subtitle\">" << html_escape(subtitle) << "</p>\n";
  for (const HtmlSection& s : sections) {
    out << "<section>\n";
    if (!s.heading.empty()) out << "<h2>" << html_escape(s.heading) << "</h2>\n";
    if (s.chart) write_svg_chart(*s.chart, out);
    write_html_table(*s.table, s.sel, s.caption, out);
    out << "</section>\n";
  }
  write_page_close(out, frame);
}

void check_stream(std::ostream& out) {
  if (!out) throw Error(Exit::io, std::string(tr("cannot write the output", "无法写入输出")));
}

std::string bold_if(bool color, std::string s) { return color ? "\x1b[1m" + s + "\x1b[0m" : s; }

}  // namespace

// ---- formats ----

Format parse_format(std::string_view name) {
  std::string lower = to_lower_ascii(name);
  for (std::size_t i = 0; i < kFormatNames.size(); ++i)
    if (lower == kFormatNames[i]) return static_cast<Format>(i);
  std::string valid;
  for (std::string_view n : kFormatNames) {
    if (!valid.empty()) valid += ", ";
    valid += n;
  }
  throw Error(Exit::usage,
              std::string(tr("unknown output format \"", "未知的输出格式“")) + std::string(name) +
                  std::string(tr("\"; valid formats: ", "”；可用的格式：")) + valid);
}

std::string_view format_name(Format format) { return kFormatNames.at(static_cast<std::size_t>(format)); }

namespace {

// The extension of the last path component, or "" (none, or a hidden file's leading dot).
std::string_view extension(std::string_view path) {
  std::string_view base = path.substr(path.find_last_of('/') + 1);  // npos + 1 == 0
  std::size_t dot = base.find_last_of('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return base.substr(dot + 1);
}

}  // namespace

std::optional<Format> format_from_extension(std::string_view path) {
  std::string ext = to_lower_ascii(extension(path));
  for (const auto& [name, format] : kExtensions)
    if (ext == name) return format;
  return std::nullopt;
}

bool has_extension(std::string_view path) { return !extension(path).empty(); }

std::string known_extensions() {
  std::string s;
  for (const auto& [name, format] : kExtensions) s += (s.empty() ? "." : ", .") + std::string(name);
  return s;
}

std::string cell_text(const Cell& cell) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>)
          return {};
        else if constexpr (std::is_same_v<T, std::int64_t>)
          return std::to_string(v);
        else if constexpr (std::is_same_v<T, double>)
          return format_real(v);
        else
          return v;
      },
      cell);
}

bool has_codes(const Table& table) {
  return std::any_of(table.columns.begin(), table.columns.end(), [](const Column& c) { return c.labels; });
}

Table with_labels(const Table& table) {
  if (!has_codes(table)) return table;
  auto shown = [](const CodeLabels& labels, const std::string& code) {
    auto it = labels.find(code);
    return it == labels.end() ? code : it->second;
  };
  Table t = table;
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    if (!t.columns[i].labels) continue;
    const CodeLabels& labels = *t.columns[i].labels;
    for (auto& row : t.rows) {
      if (i >= row.size()) continue;
      // a yes/no stored as 1/0 is coded by its digit: its label is text, shown left-aligned
      if (auto number = std::get_if<std::int64_t>(&row[i])) {
        auto it = labels.find(std::to_string(*number));
        if (it == labels.end()) continue;
        row[i] = it->second;
        t.columns[i].numeric = false;
        continue;
      }
      auto text = std::get_if<std::string>(&row[i]);
      if (!text) continue;
      if (!t.columns[i].list) {
        *text = shown(labels, *text);
        continue;
      }
      std::vector<std::string> items;
      for (const std::string& code : split(*text, ','))
        if (!code.empty()) items.push_back(shown(labels, code));
      *text = join(items, tr(", ", "、"));
    }
  }
  return t;
}

void map_text(Table& table, const std::function<std::string(std::string_view)>& fn) {
  table.title = fn(table.title);
  for (auto& row : table.rows)
    for (Cell& c : row)
      if (auto* text = std::get_if<std::string>(&c)) *text = fn(*text);
  for (auto& n : table.notes) n = fn(n);
}

void map_text(Document& document, const std::function<std::string(std::string_view)>& fn) {
  document.title = fn(document.title);
  document.subtitle = fn(document.subtitle);
  document.footer = fn(document.footer);
  document.print_body = fn(document.print_body);
  for (Section& s : document.sections) {
    s.heading = fn(s.heading);
    map_text(s.table, fn);
    if (s.chart)
      for (auto& bar : s.chart->bars) bar.first = fn(bar.first);
  }
}

void render_svg_chart(const BarChart& chart, std::ostream& out) { write_svg_chart(chart, out); }

void render_html_table(const Table& table, std::ostream& out) {
  write_html_table(table, selected_columns(table, {}), true, out);
}

std::vector<std::size_t> fit_widths(std::vector<std::size_t> widths, const std::vector<bool>& shrinkable,
                                    std::size_t line_width, std::size_t gap, std::size_t min_width) {
  if (line_width == 0 || widths.empty()) return widths;
  std::size_t total = gap * (widths.size() - 1);
  for (std::size_t w : widths) total += w;
  while (total > line_width) {
    std::size_t widest = widths.size();
    for (std::size_t j = 0; j < widths.size(); ++j)
      if (shrinkable[j] && widths[j] > min_width && (widest == widths.size() || widths[j] > widths[widest])) widest = j;
    if (widest == widths.size()) break;  // nothing left to shorten
    --widths[widest];
    --total;
  }
  return widths;
}

// ---- render a Table ----

namespace {

// The formats people read, where codes show as labels.
bool for_people(Format format) {
  return format == Format::table || format == Format::md || format == Format::html || format == Format::xlsx;
}

}  // namespace

bool for_machines(Format format) { return !for_people(format); }

void render(const Table& coded, Format format, const RenderOptions& options, std::ostream& out) {
  std::optional<Table> labelled;  // a copy only when there are labels to show
  if (for_people(format) && has_codes(coded)) labelled = with_labels(coded);
  const Table& table = labelled ? *labelled : coded;
  check_fields(options.fields, {&table});
  const std::vector<std::size_t> sel = selected_columns(table, options.fields);
  switch (format) {
    case Format::table:
      write_text_table(table, sel, options, out);
      break;
    case Format::csv:
      if (options.bom) out << "\xEF\xBB\xBF";
      write_csv(table, sel, options, out);
      break;
    case Format::tsv:
      write_tsv(table, sel, options, out);
      break;
    case Format::json:
      out << dump(rows_json(table, sel), 2) << '\n';
      break;
    case Format::jsonl:
      for (const auto& row : table.rows) out << dump(row_json(table, sel, row)) << '\n';
      break;
    case Format::md: {
      std::vector<std::string> blocks;
      if (!table.title.empty()) blocks.push_back(md_heading("##", table.title));
      md_table_blocks(table, sel, blocks);
      write_blocks(blocks, out);
      break;
    }
    case Format::html:
      write_html_page(table.title, {}, {}, {HtmlSection{{}, &table, sel, false, nullptr}}, out);
      break;
    case Format::xlsx:
      write_xlsx(table, sel, labels(table, sel), out);
      break;
  }
  check_stream(out);
}

// ---- render a Document ----

void render(const Document& coded, Format format, const RenderOptions& options, std::ostream& out) {
  std::optional<Document> labelled;
  if (for_people(format) && std::any_of(coded.sections.begin(), coded.sections.end(),
                                        [](const Section& s) { return has_codes(s.table); })) {
    labelled = coded;
    for (Section& s : labelled->sections) s.table = with_labels(s.table);
  }
  const Document& doc = labelled ? *labelled : coded;
  std::vector<const Table*> tables;
  for (const Section& s : doc.sections) tables.push_back(&s.table);
  check_fields(options.fields, tables);
  std::vector<std::vector<std::size_t>> sels;
  for (const Section& s : doc.sections) sels.push_back(selected_columns(s.table, options.fields));

  switch (format) {
    case Format::table: {
      std::vector<std::string> blocks;
      std::string head;
      if (!doc.title.empty()) head += bold_if(options.color, sanitize_for_terminal(doc.title)) + '\n';
      if (!doc.subtitle.empty()) head += sanitize_for_terminal(doc.subtitle) + '\n';
      if (!head.empty()) blocks.push_back(std::move(head));
      for (std::size_t i = 0; i < doc.sections.size(); ++i) {
        const Section& s = doc.sections[i];
        std::ostringstream block;
        if (!s.heading.empty()) block << bold_if(options.color, sanitize_for_terminal(s.heading)) << '\n';
        if (!sels[i].empty()) write_text_table(s.table, sels[i], options, block);
        if (s.chart && !s.chart->bars.empty()) {
          if (!sels[i].empty()) block << '\n';
          write_text_chart(*s.chart, block);
        }
        if (!block.str().empty()) blocks.push_back(block.str());
      }
      out << join(blocks, "\n");
      break;
    }
    case Format::csv:
    case Format::tsv: {
      if (format == Format::csv && options.bom) out << "\xEF\xBB\xBF";
      bool first = true;
      for (std::size_t i = 0; i < doc.sections.size(); ++i) {
        if (sels[i].empty()) continue;
        if (!first) out << (format == Format::csv ? "\r\n" : "\n");
        first = false;
        if (format == Format::csv)
          write_csv(doc.sections[i].table, sels[i], options, out);
        else
          write_tsv(doc.sections[i].table, sels[i], options, out);
      }
      break;
    }
    case Format::json: {
      Json sections = Json::array();
      for (std::size_t i = 0; i < doc.sections.size(); ++i) {
        if (sels[i].empty()) continue;
        Json s = Json::object();
        if (!doc.sections[i].key.empty()) s["section"] = doc.sections[i].key;
        s["heading"] = doc.sections[i].heading;
        s["rows"] = rows_json(doc.sections[i].table, sels[i]);
        sections.push_back(std::move(s));
      }
      Json root = Json::object();
      root["title"] = doc.title;
      if (!doc.from.empty()) root["from"] = doc.from;
      if (!doc.to.empty()) root["to"] = doc.to;
      if (!doc.generated_at.empty()) root["generated_at"] = doc.generated_at;
      root["sections"] = std::move(sections);
      out << dump(root, 2) << '\n';
      break;
    }
    case Format::jsonl:
      for (std::size_t i = 0; i < doc.sections.size(); ++i) {
        const Section& s = doc.sections[i];
        if (sels[i].empty()) continue;
        for (const auto& row : s.table.rows) {
          Json obj = Json::object();
          obj["section"] = s.key.empty() ? s.heading : s.key;
          obj.update(row_json(s.table, sels[i], row));
          out << dump(obj) << '\n';
        }
      }
      break;
    case Format::md: {
      std::vector<std::string> blocks;
      if (!doc.title.empty()) blocks.push_back(md_heading("#", doc.title));
      if (!doc.subtitle.empty()) blocks.push_back(md_escape(doc.subtitle));
      for (std::size_t i = 0; i < doc.sections.size(); ++i) {
        const Section& s = doc.sections[i];
        if (!s.heading.empty()) blocks.push_back(md_heading("##", s.heading));
        if (!sels[i].empty() && !s.table.title.empty()) blocks.push_back(md_heading("###", s.table.title));
        md_table_blocks(s.table, sels[i], blocks);
      }
      write_blocks(blocks, out);
      break;
    }
    case Format::html: {
      if (!doc.print_body.empty()) {
        PageFrame frame{doc.title, doc.footer};
        write_page_open(out, frame);
        out << doc.print_body;
        write_page_close(out, frame);
        break;
      }
      std::vector<HtmlSection> sections;
      for (std::size_t i = 0; i < doc.sections.size(); ++i) {
        const Section& s = doc.sections[i];
        sections.push_back(HtmlSection{s.heading, &s.table, sels[i], true, s.chart ? &*s.chart : nullptr});
      }
      write_html_page(doc.title, doc.subtitle, doc.footer, sections, out);
      break;
    }
    case Format::xlsx: {
      std::vector<XlsxSection> sections;
      for (std::size_t i = 0; i < doc.sections.size(); ++i)
        sections.push_back({&doc.sections[i], sels[i], labels(doc.sections[i].table, sels[i])});
      write_xlsx(doc.title, doc.subtitle, sections, out);
      break;
    }
  }
  check_stream(out);
}

}  // namespace shequ
