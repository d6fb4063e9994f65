// Writing .xlsx workbooks with libxlsxwriter: listings, exports, rejects and reports.
//
// libxlsxwriter is loaded with dlopen() the first time a workbook is written (Debian ships it
// only as a shared library, and linking it would load libcrypto into every command); a missing
// library is Error(Exit::config) naming the package.
//
// Cells: text stays text (a "@" text-formatted cell, so ID numbers, phone numbers and codes with
// leading zeros are never numbers, not even after an edit), integers and reals are numbers, and
// columns of kind date/datetime hold real Excel dates. The header row is bold and frozen, and
// each column is as wide as its widest cell in display columns (CJK characters count two).
#pragma once
#include <cstddef>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "io/output.h"

namespace shequ {

/// How the cells of one column are written.
enum class XlsxKind {
  value,     ///< by the cell's type: integers and reals as numbers, text as text
  text,      ///< always text, numbers included
  date,      ///< "2026-03-05" as an Excel date; other text as text
  datetime,  ///< "2026-03-05T14:30" (or a plain date) as an Excel date and time
};

/// One workbook written row by row; the bytes go to `out` when close() succeeds.
///
/// With `streaming` (libxlsxwriter's constant-memory mode) each row is written out as soon as
/// the next one starts, so memory stays flat for a million rows; rows must then come strictly
/// in order and charts are not available. Without it, charts may be added.
class XlsxWriter {
 public:
  /// Starts a workbook in a private temporary file (mode 0600); throws Error(Exit::io) if it
  /// cannot be created and Error(Exit::config) if libxlsxwriter cannot be loaded.
  XlsxWriter(std::ostream& out, bool streaming);
  /// Removes the temporary file; never throws.
  ~XlsxWriter();
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;

  /// Starts a new sheet; `name` is made a valid, unique Excel sheet name (31 characters, no
  /// []:*?/\), an empty one becomes "Sheet N".
  void sheet(std::string_view name);
  /// A line of bold text in the first column (a title, 14 pt when `large`).
  void title(std::string_view text, bool large = false);
  /// A line of plain text in the first column (a subtitle or a note).
  void line(std::string_view text);
  /// An empty row.
  void skip_row();
  /// The bold header row of a table whose columns are written as `kinds`; the first header of
  /// a sheet is frozen (it and everything above it stay in view).
  void header(const std::vector<std::string>& labels, std::vector<XlsxKind> kinds);
  /// One row of the table under the last header; a short row leaves the rest empty.
  void row(const std::vector<Cell>& cells);
  /// A native bar chart of `chart`, with its data written as a two-column table here.
  /// Not with `streaming`.
  void chart(const BarChart& chart);
  /// Sets the column widths, finishes the workbook and copies it to the stream; throws
  /// Error(Exit::io) if the workbook or the stream fails.
  void close();

 private:
  struct State;
  std::unique_ptr<State> s_;
  std::ostream& out_;
};

/// A listing as a workbook of one sheet; `sel` are the columns to show, `headers` their labels.
void write_xlsx(const Table& table, const std::vector<std::size_t>& sel,
                const std::vector<std::string>& headers, std::ostream& out);

/// One section of a report as write_xlsx lays it out.
struct XlsxSection {
  const Section* section;
  std::vector<std::size_t> sel;      ///< the columns to show (none: only the heading and chart)
  std::vector<std::string> headers;  ///< their labels
};

/// A report as a workbook: one sheet per section, each with the report's title and subtitle
/// (the period) on top, the section's heading, its table and notes, and its bar chart as a
/// native Excel chart beside the chart's data.
void write_xlsx(std::string_view title, std::string_view subtitle,
                const std::vector<XlsxSection>& sections, std::ostream& out);

}  // namespace shequ
