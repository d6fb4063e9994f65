// Fuzzes the CSV reader and TextInput's encoding detection and GB18030 conversion: any input
// either reads or fails with shequ::Error; records read, re-quoted with csv_quote, read back
// the same.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "io/csv.h"
#include "io/encoding.h"
#include "core/error.h"

namespace {

// TextInput reads a path: each input goes through one temporary file, rewritten per run.
const std::string& scratch_path() {
  static const std::string path = [] {
    char name[] = "/tmp/shequ-fuzz-csv-XXXXXX";
    int fd = mkstemp(name);
    if (fd < 0) std::abort();
    close(fd);
    return std::string(name);
  }();
  return path;
}

std::vector<std::vector<std::string>> read_all(std::istream& in, char delimiter) {
  std::vector<std::vector<std::string>> rows;
  shequ::CsvReader reader(in, "fuzz", delimiter);
  shequ::CsvRecord rec;
  while (reader.next(rec)) {
    if (rec.line == 0) std::abort();  // lines count from 1
    rows.push_back(rec.fields);
  }
  return rows;
}

void round_trip(const std::vector<std::vector<std::string>>& rows, char delimiter) {
  std::string text;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) text += delimiter;
      text += shequ::csv_quote(row[i], delimiter);
    }
    text += "\r\n";
  }
  std::istringstream in(text);
  auto again = read_all(in, delimiter);
  // Empty lines are skipped on reading: a record of one empty field does not survive.
  std::vector<std::vector<std::string>> expected;
  for (const auto& row : rows)
    if (!(row.size() == 1 && row[0].empty())) expected.push_back(row);
  if (again != expected) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  // The first byte picks the delimiter and the encoding; the rest is the file.
  char delimiter = size && (data[0] & 1) ? '\t' : ',';
  auto encoding = size && (data[0] & 2) ? shequ::Encoding::gb18030 : shequ::Encoding::auto_detect;
  std::string body = size ? input.substr(1) : input;
  try {
    std::istringstream in(body);
    auto rows = read_all(in, delimiter);
    round_trip(rows, delimiter);
  } catch (const shequ::Error&) {
  }
  try {
    (void)shequ::to_utf8_from_gb18030(body);
  } catch (const shequ::Error&) {
  }
  try {
    FILE* f = std::fopen(scratch_path().c_str(), "wb");
    if (!f) std::abort();
    std::fwrite(body.data(), 1, body.size(), f);
    std::fclose(f);
    shequ::TextInput text(scratch_path(), encoding);
    auto rows = read_all(text.stream(), delimiter);
    (void)rows;
  } catch (const shequ::Error&) {
  }
  return 0;
}
