// Reading text files that may be UTF-8 or GB18030 (GBK, GB2312): Excel on Chinese Windows
// still saves CSV as GB18030. Everything past TextInput is UTF-8.
#pragma once
#include <cstdint>
#include <istream>
#include <memory>
#include <string>
#include <string_view>

namespace shequ {

/// The encodings shequ reads; auto_detect samples the input and picks one of the others.
enum class Encoding { auto_detect, utf8, gb18030 };

/// The encoding named by `name` ("auto", "utf-8"/"utf8", "gb18030"/"gbk"/"gb2312", any case);
/// any other name throws Error(Exit::usage).
Encoding parse_encoding(std::string_view name);

/// The canonical name of `encoding`: "auto", "utf-8" or "gb18030".
std::string_view encoding_name(Encoding encoding);

/// A text file (or stdin for "-") read as a UTF-8 stream in fixed-size chunks: a UTF-8 BOM is
/// dropped, GB18030 is converted with iconv. A UTF-8 BOM makes the input UTF-8 whatever
/// encoding was asked for. Errors while reading surface as Error from stream() operations.
class TextInput {
 public:
  /// Opens `path`; throws Error(Exit::not_found) naming the path if it cannot be read.
  /// With auto_detect the first 64 KiB decide: valid UTF-8 gives utf8, anything else gb18030.
  explicit TextInput(const std::string& path, Encoding encoding = Encoding::auto_detect);
  /// Closes the file (stdin is left open).
  ~TextInput();
  /// Not copyable: it owns the open file.
  TextInput(const TextInput&) = delete;
  TextInput& operator=(const TextInput&) = delete;

  /// The decoded UTF-8 text. Invalid GB18030 throws Error(Exit::data, "SOURCE: byte offset N:
  /// not valid GB18030") (N counts from 0 in the raw input); read failures Error(Exit::io).
  std::istream& stream();
  /// The encoding the input is read in (never auto_detect).
  Encoding detected() const { return detected_; }
  /// The path, or "stdin" for "-": what messages about this input should name.
  const std::string& source_name() const { return source_name_; }
  /// Bytes of the raw input read so far (for progress by bytes).
  std::uint64_t bytes_read() const;

 private:
  class Decoder;
  std::string source_name_;
  Encoding detected_ = Encoding::utf8;
  std::unique_ptr<Decoder> decoder_;
  std::unique_ptr<std::istream> stream_;
};

/// `gb18030` converted to UTF-8; invalid or truncated input throws
/// Error(Exit::data, "byte offset N: not valid GB18030").
std::string to_utf8_from_gb18030(std::string_view gb18030);

/// `utf8` converted to GB18030 (for files that go back to Excel users on GBK systems);
/// invalid UTF-8 throws Error(Exit::data).
std::string to_gb18030_from_utf8(std::string_view utf8);

}  // namespace shequ
