// Output of listings and reports in every format of SPEC §2 (files: atomic_file.h).
//
// The library builds a Table (or a Document of several sections) and the caller picks the format
// and the stream; nothing here looks at the terminal or writes to std::cout.
//
// csv, tsv, json and jsonl are a stable contract: column keys as headers, plain numbers, no
// truncation, the same in every language. table, md and html are for people and may change.
//
// A Document (a report with several sections) is rendered as:
//   table  each section in turn: its heading, its table, its chart as text bars; blank line between
//   md     "# title", the subtitle, then "## heading" and a pipe table per section
//   html   one self-contained A4 page (html_page.h: print rules, running footer, CJK fonts) with each
//          section's table and an inline SVG bar chart, or the document's own print_body
//   json   {"title": …, "sections": [{"section": key, "heading": …, "rows": [{…}, …]}, …]}
//   jsonl  one object per row, its first key "section" holding the section's key (else its heading)
//   csv    the sections one after another, each with its own header row, separated by one blank
//   tsv    line (the BOM, if asked for, only once at the very start)
//   xlsx   a workbook of one sheet per section, the title and subtitle on top of each, the charts
//          as native Excel bar charts (lib/io/xlsx_writer.h)
// Charts appear only in html, xlsx and table. A section whose table has no (selected) columns is left out
// of csv/tsv/json/jsonl; in table/md/html only its table part is left out.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace shequ {

/// Every output format; csv, tsv, json and jsonl are the stable, language-independent ones.
/// xlsx is binary (a workbook) and is never written to a terminal.
enum class Format { table, csv, tsv, json, jsonl, md, html, xlsx };

/// Parses a format name ("table", "csv", …; ASCII case ignored); throws Error(Exit::usage) naming the valid ones.
Format parse_format(std::string_view name);
/// The lowercase name of a format, exactly as parse_format accepts it.
std::string_view format_name(Format format);
/// The formats scripts read (csv, tsv, json, jsonl): codes, never translated text.
bool for_machines(Format format);
/// The format a file name implies (.csv .tsv .json .jsonl .md .html/.htm .xlsx, .txt → table; any case), or nullopt.
std::optional<Format> format_from_extension(std::string_view path);
/// The extensions format_from_extension knows, as ".csv, .tsv, …" for messages.
std::string known_extensions();
/// Whether `path` has an extension (a dot in its last component, not leading it).
bool has_extension(std::string_view path);

/// One value: null (shown empty), an integer, a real number or UTF-8 text.
using Cell = std::variant<std::monostate, std::int64_t, double, std::string>;

/// Codes and their labels in the current language.
using CodeLabels = std::map<std::string, std::string, std::less<>>;

/// A column: `key` is the stable ASCII snake_case name used by csv/tsv/json; en/zh are display labels.
struct Column {
  std::string key;
  std::string en;
  std::string zh;
  bool numeric = false;  ///< right-aligned in table, md and html
  /// Codes face machines, labels face people: a column of codes shows each code's label in
  /// table, md, html and xlsx, the code itself in csv, tsv, json and jsonl.
  std::shared_ptr<const CodeLabels> labels = {};
  /// The cell is a comma-separated list (of codes): a JSON array in json and jsonl.
  bool list = false;
};

/// A listing; a row shorter than `columns` reads as nulls. title and notes appear only in table/md/html.
struct Table {
  std::string title;
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;
  std::vector<std::string> notes;
};

/// The table as people read it: every coded cell replaced by its label (Column::labels); the
/// table itself when no column has labels.
Table with_labels(const Table& table);
/// Whether some column of the table holds codes with labels.
bool has_codes(const Table& table);

/// Replaces every text of a table — title, text cells, notes — by `fn` of it.
void map_text(Table& table, const std::function<std::string(std::string_view)>& fn);

/// A cell as plain text: integers as they are, reals with at most 2 decimals (trailing zeros trimmed, never an exponent), null as "".
std::string cell_text(const Cell& cell);

/// How to render; the defaults suit an interactive table.
struct RenderOptions {
  bool headers = true;              ///< header row in table, csv and tsv (md and html always have one)
  bool zh_headers = false;          ///< csv header row of Chinese labels instead of keys (export --zh-headers)
  bool color = false;               ///< ANSI bold header (and headings) in the table format
  bool bom = false;                 ///< UTF-8 byte order mark before csv output, for Excel
  std::size_t max_cell_width = 48;  ///< table format cuts wider cells to this many columns with "…"; 0 = never
  std::size_t line_width = 0;       ///< table format: lines fit this many columns (the terminal's), the widest
                                    ///< text columns shortened with "…"; 0 = never (files, pipes, csv/tsv/json)
  std::vector<std::string> fields;  ///< column keys to show, in this order; empty = all (--fields)
};

/// Column widths (display columns) that fit one line of `line_width` with `gap` columns between
/// them: the widest column that may shrink (`shrinkable`, text not numbers) loses a column at a
/// time, none below `min_width`; when nothing more can shrink the line stays wider. 0 = as given.
std::vector<std::size_t> fit_widths(std::vector<std::size_t> widths, const std::vector<bool>& shrinkable,
                                    std::size_t line_width, std::size_t gap = 2, std::size_t min_width = 6);

/// Writes a table in a format; throws Error(Exit::usage) for an unknown key in options.fields and Error(Exit::io) if the stream fails.
void render(const Table& table, Format format, const RenderOptions& options, std::ostream& out);

/// A table as an html <table> (caption, a header that repeats on printed pages, escaped cells), for documents.
void render_html_table(const Table& table, std::ostream& out);

/// A horizontal bar chart: one bar per (label, value), scaled to the largest value.
struct BarChart {
  std::string title;
  std::vector<std::pair<std::string, double>> bars;
};

/// A chart as inline SVG (labels and values at 10.5 pt, grey bars with the value beside each), for documents.
void render_svg_chart(const BarChart& chart, std::ostream& out);

/// One part of a report: a heading, its table and an optional chart.
struct Section {
  std::string heading;
  Table table;
  std::optional<BarChart> chart;
  std::string key;  ///< stable ASCII name for json/jsonl ("section"); the heading is used when empty
};

/// A report of several sections (see the top of this file for how each format lays it out).
struct Document {
  std::string title;
  std::string subtitle;
  std::vector<Section> sections;
  std::string footer;      ///< html: the foot of every printed page beside its number (community · period · date)
  std::string print_body;  ///< html: a document's own printed layout (html_page.h), shown instead of the sections
  /// json: the period the document covers as --period FROM..TO spells it (`to` is the day after
  /// the last) and when it was made (ISO, now_iso()); written only when set, as every report does.
  std::string from, to, generated_at;
};

/// Replaces every text of a report — titles, headings, tables, chart labels, footer, printed body — by `fn` of it.
void map_text(Document& document, const std::function<std::string(std::string_view)>& fn);

/// Writes a report; options.fields applies to each section, and a key found in no section is Error(Exit::usage).
void render(const Document& document, Format format, const RenderOptions& options, std::ostream& out);

}  // namespace shequ
