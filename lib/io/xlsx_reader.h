// Reading the rows of one sheet of an .xlsx/.xlsm workbook: minizip for the zip container,
// expat for the XML, the sheet streamed chunk by chunk (only the shared strings are held).
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "io/csv.h"

namespace shequ {

/// The spreadsheet letters of a 0-based column: 0 → "A", 3 → "D", 27 → "AB".
std::string column_letters(std::size_t column);

/// The rows of one sheet as text records, like CsvReader's: `line` is the row number, a cell
/// absent from the file (r="C5" after A5) or empty is "", rows with no value are skipped, and
/// every row after the header is as wide as the header (more cells with values: wider).
/// Cell values: shared and inline strings as they are; numbers as written in the file (so an
/// ID number that Excel turned into 4.20191195609085E+17 reaches validation as such); a number
/// in a date format as "2026-03-05" (or "2026-03-05 14:30:00"), 1900 and 1904 date systems;
/// booleans as "true"/"false"; a formula's saved result, or a cell problem when there is none.
/// Errors are Error(Exit::data) "FILE: problem": not a workbook, no such sheet (listing them),
/// merged cells in the header row (naming them).
class XlsxReader : public RecordSource {
 public:
  /// Opens sheet `sheet` of `path`: a name, or a 1-based number; empty: the first sheet.
  XlsxReader(const std::string& path, const std::string& sheet = {});
  ~XlsxReader() override;
  XlsxReader(const XlsxReader&) = delete;
  XlsxReader& operator=(const XlsxReader&) = delete;

  bool next(CsvRecord& rec) override;
  /// "FILE:ROW (D)" with the column's letter, or "FILE:ROW".
  std::string where(std::size_t line, std::optional<std::size_t> column) const override;
  /// The name of the sheet being read.
  const std::string& sheet_name() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace shequ
