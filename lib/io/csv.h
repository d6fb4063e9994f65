// Strict RFC 4180 reading and quoting of CSV (and, with a tab delimiter, TSV).
#pragma once
#include <cstddef>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shequ {

/// One CSV record: its fields (quotes removed) and the 1-based physical line where it starts
/// (a spreadsheet's row number for a workbook).
struct CsvRecord {
  std::vector<std::string> fields;
  std::size_t line = 0;
  /// Cells the source could not read as a value (field index, problem): a formula without a
  /// saved result. Always empty from a CSV file.
  std::vector<std::pair<std::size_t, std::string>> cell_problems;
};

/// Where import gets its rows: a CSV file (CsvReader), a workbook (XlsxReader) or JSON lines
/// (JsonReader). The first record is the header.
class RecordSource {
 public:
  virtual ~RecordSource() = default;
  /// Fills `rec` with the next record and returns true, or returns false at the end of input.
  virtual bool next(CsvRecord& rec) = 0;
  /// How messages name a place: "FILE:LINE", and for a workbook "FILE:LINE (D)" when the
  /// field index `column` is known.
  virtual std::string where(std::size_t line, std::optional<std::size_t> column) const = 0;
};

/// Largest field the reader accepts, in bytes.
inline constexpr std::size_t kMaxCsvFieldBytes = 16 * 1024 * 1024;

/// Streams records from `in` in fixed-size chunks (constant memory). Accepts LF, CRLF and CR
/// line ends, a last line without one, and a leading UTF-8 BOM; skips empty lines; keeps
/// empty fields and spaces. Malformed input throws Error(Exit::data, "SOURCE:LINE: problem")
/// naming the column: a quote in an unquoted field or text after a closing quote (LINE: where
/// that character is), an unclosed quote, a field over 16 MiB or not UTF-8 (LINE: where the
/// field starts; after the first record, also the column's header), a record over 64 MiB. A failing stream throws Error(Exit::io).
class CsvReader : public RecordSource {
 public:
  /// Reads from `in` (which must outlive the reader); `source_name` prefixes error messages.
  /// A quote, CR or LF as delimiter throws Error(Exit::usage).
  CsvReader(std::istream& in, std::string source_name, char delimiter = ',');
  /// Not copyable: the reader owns the read position in `in`.
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  /// Fills `rec` with the next record and returns true, or returns false at the end of input.
  /// Reuses the strings already in `rec`, so pass the same record on every call.
  bool next(CsvRecord& rec) override;
  /// "SOURCE:LINE".
  std::string where(std::size_t line, std::optional<std::size_t> column) const override;

 private:
  enum class FieldEnd { delimiter, line_end, input_end };

  bool fill();
  int peek();
  void consume_line_end(char first, std::string* field);
  FieldEnd read_unquoted(std::string& field, std::size_t column);
  FieldEnd read_quoted(std::string& field, std::size_t column);
  [[noreturn]] void fail(std::size_t line, std::string message, std::string hint = {}) const;

  std::istream& in_;
  std::string source_name_;
  char delimiter_;
  std::unique_ptr<char[]> buf_;
  std::size_t pos_ = 0;
  std::size_t end_ = 0;
  std::size_t line_ = 1;  // physical line of the byte at pos_
  bool at_start_ = true;  // nothing read yet (a BOM may follow)
  bool eof_ = false;
  bool stop_[256] = {};  // bytes that end a run inside an unquoted field
  std::vector<std::string> header_;  // the first record: names the column of a later problem
  bool have_header_ = false;
};

/// `field` ready to write as one CSV field: enclosed in quotes (inner quotes doubled) only if
/// it contains the delimiter, a quote, CR or LF, starts or ends with a space or tab, or starts
/// with U+FEFF (which would read back as a BOM).
std::string csv_quote(std::string_view field, char delimiter = ',');

}  // namespace shequ
