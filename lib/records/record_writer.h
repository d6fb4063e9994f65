// Writing records in the formats import reads back: export's output and import's rejects.
#pragma once
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "io/encoding.h"
#include "io/output.h"
#include "io/xlsx_writer.h"

namespace shequ {

/// The formats a RecordWriter writes, as "csv, json, jsonl, xlsx" for messages.
std::string record_formats();

/// Streams a header and rows as csv (CRLF, quoted as needed; in UTF-8 or GB18030, a UTF-8 BOM
/// if asked), json (one array of objects keyed by the header), jsonl (one object a line) or
/// xlsx (one sheet, streamed; `kinds` say which columns hold dates). Constant memory.
class RecordWriter {
 public:
  /// Any other format throws Error(Exit::usage) naming these four.
  RecordWriter(std::ostream& out, Format format, Encoding encoding = Encoding::utf8, bool bom = false,
               std::string sheet = {});
  ~RecordWriter();
  RecordWriter(const RecordWriter&) = delete;
  RecordWriter& operator=(const RecordWriter&) = delete;

  /// The header row (column names, or an object's keys); write it first.
  void header(const std::vector<std::string>& names, std::vector<XlsxKind> kinds = {});
  /// One row under the header.
  void row(const std::vector<Cell>& cells);
  /// Completes the file (json's closing bracket, the workbook); throws Error(Exit::io).
  void finish();

 private:
  std::ostream& out_;
  Format format_;
  Encoding encoding_;
  bool bom_;
  std::string sheet_;
  std::vector<std::string> names_;
  std::unique_ptr<XlsxWriter> xlsx_;
  std::size_t rows_ = 0;
  void write_text(const std::string& utf8);
};

}  // namespace shequ
