// A hand-written RFC 4180 reader rather than libcsv. libcsv reports neither the line nor the
// byte offset of what it parses, so every "file:line:" message would need the input cut at
// each CR/LF and fed to csv_parse a line at a time; it trims spaces around unquoted fields
// unless a space callback is called on every byte; and its header <csv.h> is shadowed by this
// lib/io/csv.h whenever lib/ is on the include path. The state machine below is as strict (a quote
// in an unquoted field, text after a closing quote and an unclosed quote are all errors),
// counts physical lines itself, and copies each run of plain bytes in one append.
#include "io/csv.h"

#include <fmt/format.h>

#include <utility>

#include "core/error.h"
#include "core/i18n.h"
#include "core/text.h"

namespace shequ {
namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;
constexpr std::size_t kMaxRecordBytes = 4 * kMaxCsvFieldBytes;  // fields plus their overhead

std::string quoting_hint() {
  return std::string(
      tr("A field that contains quotes must be enclosed in double quotes, with each quote "
         "inside doubled: \"say \"\"hi\"\"\"",
         "含引号的字段须整体用双引号括起，其中每个引号写成两个，例如 \"说\"\"好\"\"\""));
}

}  // namespace

CsvReader::CsvReader(std::istream& in, std::string source_name, char delimiter)
    : in_(in),
      source_name_(std::move(source_name)),
      delimiter_(delimiter),
      buf_(new char[kChunkBytes]) {
  if (delimiter == '"' || delimiter == '\r' || delimiter == '\n') {
    throw Error(Exit::usage,
                tr_format("a quote or line break cannot be the CSV delimiter", "引号或换行符不能用作 CSV 分隔符"));
  }
  stop_[static_cast<unsigned char>(delimiter)] = true;
  stop_[static_cast<unsigned char>('"')] = true;
  stop_[static_cast<unsigned char>('\r')] = true;
  stop_[static_cast<unsigned char>('\n')] = true;
}

bool CsvReader::fill() {
  if (eof_) return false;
  in_.read(buf_.get(), static_cast<std::streamsize>(kChunkBytes));
  auto n = static_cast<std::size_t>(in_.gcount());
  if (in_.bad()) {
    throw Error(Exit::io, tr_format("{}: read error", "{}: 读取出错", source_name_));
  }
  pos_ = 0;
  end_ = n;
  if (n == 0) {
    eof_ = true;
    return false;
  }
  if (at_start_) {
    at_start_ = false;
    if (n >= 3 && buf_[0] == '\xef' && buf_[1] == '\xbb' && buf_[2] == '\xbf') pos_ = 3;
    if (pos_ == end_) return fill();
  }
  return true;
}

inline int CsvReader::peek() {
  if (pos_ == end_ && !fill()) return -1;
  return static_cast<unsigned char>(buf_[pos_]);
}

// `first` (CR or LF) has been consumed; a CR LF pair counts as one line end. Inside a quoted
// field the line end is part of the value and is appended to `field`.
void CsvReader::consume_line_end(char first, std::string* field) {
  ++line_;
  if (field) *field += first;
  if (first == '\r' && peek() == '\n') {
    ++pos_;
    if (field) *field += '\n';
  }
}

void CsvReader::fail(std::size_t line, std::string message, std::string hint) const {
  throw Error(Exit::data, fmt::format("{}:{}: {}", source_name_, line, message), std::move(hint));
}

CsvReader::FieldEnd CsvReader::read_unquoted(std::string& field, std::size_t column) {
  for (;;) {
    if (pos_ == end_ && !fill()) return FieldEnd::input_end;
    const char* b = buf_.get();
    std::size_t i = pos_;
    while (i < end_ && !stop_[static_cast<unsigned char>(b[i])]) ++i;
    field.append(b + pos_, i - pos_);
    pos_ = i;
    if (field.size() > kMaxCsvFieldBytes) {
      fail(line_, tr_format("column {} is longer than 16 MiB", "第 {} 列超过 16 MiB", column));
    }
    if (i == end_) continue;
    char c = b[pos_++];
    if (c == delimiter_) return FieldEnd::delimiter;
    if (c == '"') {
      fail(line_,
           tr_format("quote inside column {}, which does not start with a quote",
                     "第 {} 列不以引号开头，其中却出现了引号", column),
           quoting_hint());
    }
    consume_line_end(c, nullptr);
    return FieldEnd::line_end;
  }
}

CsvReader::FieldEnd CsvReader::read_quoted(std::string& field, std::size_t column) {
  const std::size_t open_line = line_;
  for (;;) {
    if (pos_ == end_ && !fill()) {
      fail(open_line,
           tr_format("the quote that opens column {} is never closed", "第 {} 列开头的引号直到文件末尾都没有闭合",
                     column),
           quoting_hint());
    }
    const char* b = buf_.get();
    std::size_t i = pos_;
    while (i < end_ && b[i] != '"' && b[i] != '\n' && b[i] != '\r') ++i;
    field.append(b + pos_, i - pos_);
    pos_ = i;
    if (field.size() > kMaxCsvFieldBytes) {
      fail(open_line, tr_format("column {} is longer than 16 MiB", "第 {} 列超过 16 MiB", column));
    }
    if (i == end_) continue;
    char c = b[pos_++];
    if (c != '"') {
      consume_line_end(c, &field);
      continue;
    }
    int after = peek();
    if (after == '"') {  // "" inside quotes stands for one quote
      field += '"';
      ++pos_;
    } else if (after == static_cast<unsigned char>(delimiter_)) {
      ++pos_;
      return FieldEnd::delimiter;
    } else if (after == '\n' || after == '\r') {
      ++pos_;
      consume_line_end(static_cast<char>(after), nullptr);
      return FieldEnd::line_end;
    } else if (after < 0) {
      return FieldEnd::input_end;
    } else {
      fail(line_,
           tr_format("unexpected text after the closing quote of column {}", "第 {} 列的结束引号后面还有多余的字符",
                     column),
           quoting_hint());
    }
  }
}

bool CsvReader::next(CsvRecord& rec) {
  for (;;) {  // skip empty lines
    int c = peek();
    if (c < 0) return false;
    if (c != '\n' && c != '\r') break;
    ++pos_;
    consume_line_end(static_cast<char>(c), nullptr);
  }
  rec.line = line_;
  std::size_t count = 0;
  std::size_t record_bytes = 0;
  for (;;) {
    if (count == rec.fields.size()) rec.fields.emplace_back();
    std::string& field = rec.fields[count];
    field.clear();
    ++count;
    const std::size_t field_line = line_;
    FieldEnd end;
    if (peek() == '"') {
      ++pos_;
      end = read_quoted(field, count);
    } else {
      end = read_unquoted(field, count);
    }
    if (!is_valid_utf8(field)) {
      fail(field_line,
           have_header_ && count <= header_.size()
               ? tr_format("{}: not valid UTF-8 (column {})", "{}：不是有效的 UTF-8（第 {} 列）",
                           sanitize_for_terminal(header_[count - 1]), count)
               : tr_format("not valid UTF-8 (column {})", "不是有效的 UTF-8（第 {} 列）", count),
           std::string(tr("Save the file as UTF-8, or read it as GB18030 (the usual encoding of "
                          "Excel files from Chinese Windows)",
                          "请把文件另存为 UTF-8，或按 GB18030 编码读取（中文 Windows 上 Excel "
                          "文件的常见编码）")));
    }
    record_bytes += field.size() + sizeof(std::string);
    if (record_bytes > kMaxRecordBytes) {
      fail(rec.line, tr_format("record is larger than 64 MiB", "这一行记录超过 64 MiB"));
    }
    if (end != FieldEnd::delimiter) break;
  }
  rec.fields.resize(count);
  if (!have_header_) {
    header_ = rec.fields;
    have_header_ = true;
  }
  return true;
}

std::string csv_quote(std::string_view field, char delimiter) {
  // A leading U+FEFF would be read back as the file's BOM and dropped (found by fuzz_csv).
  bool needs_quotes = !field.empty() && (field.front() == ' ' || field.front() == '\t' ||
                                         field.back() == ' ' || field.back() == '\t' ||
                                         field.starts_with("\xEF\xBB\xBF"));
  for (char c : field) {
    if (c == delimiter || c == '"' || c == '\r' || c == '\n') {
      needs_quotes = true;
      break;
    }
  }
  if (!needs_quotes) return std::string(field);
  std::string out;
  out.reserve(field.size() + 2);
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string CsvReader::where(std::size_t line, std::optional<std::size_t>) const {
  return source_name_ + ":" + std::to_string(line);
}

}  // namespace shequ
