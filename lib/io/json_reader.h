// Reading records from JSON: the shape `export --format json|jsonl` writes.
#pragma once
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include "io/csv.h"

namespace shequ {

/// Records from a JSON array of objects (read whole: use jsonl for large files) or from JSON
/// lines (one object a line, streamed). The keys of the first object are the header; a later
/// object's missing key reads as "", a key the first lacked is a problem of that record.
/// Strings as they are, numbers as written, true/false, null as "". `line` is the line of a
/// jsonl file, the element number (from 1) of an array. Malformed JSON is Error(Exit::data).
class JsonReader : public RecordSource {
 public:
  JsonReader(const std::string& path, bool lines);
  ~JsonReader() override;
  bool next(CsvRecord& rec) override;
  /// "FILE:LINE".
  std::string where(std::size_t line, std::optional<std::size_t> column) const override;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

}  // namespace shequ
