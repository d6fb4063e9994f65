#include "io/encoding.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <iconv.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <streambuf>
#include <utility>

#include "core/error.h"
#include "core/i18n.h"
#include "io/interrupt.h"
#include "io/paths.h"
#include "core/text.h"

namespace shequ {
namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;  // also the size of the detection sample
// GB18030 → UTF-8 grows at most 3/2 (two bytes become three), so this holds any chunk.
constexpr std::size_t kDecodedBytes = kChunkBytes * 3 / 2 + 16;
constexpr std::string_view kUtf8Bom = "\xef\xbb\xbf";

Error not_gb18030(std::string_view prefix, std::uint64_t offset) {
  return Error(
      Exit::data,
      fmt::format("{}{}", prefix,
                  tr_format("byte offset {}: not valid GB18030", "字节偏移 {}: 不是有效的 GB18030 编码", offset)),
      std::string(
          tr("The file may be in another encoding; save it as UTF-8", "文件可能是别的编码；请把它另存为 UTF-8")));
}

// True if the end of `s` (at most 3 bytes) is the start of a multi-byte UTF-8 character that
// the sample boundary cut off.
bool is_cut_utf8_tail(std::string_view tail) {
  if (tail.empty() || tail.size() > 3) return false;
  auto lead = static_cast<unsigned char>(tail[0]);
  std::size_t need = lead >= 0xf0 && lead <= 0xf4   ? 4
                     : lead >= 0xe0 && lead <= 0xef ? 3
                     : lead >= 0xc2 && lead <= 0xdf ? 2
                                                    : 0;
  if (need <= tail.size()) return false;
  for (std::size_t i = 1; i < tail.size(); ++i) {
    if ((static_cast<unsigned char>(tail[i]) & 0xc0) != 0x80) return false;
  }
  return true;
}

// True if `sample` is UTF-8; when `truncated`, a character cut at its end is allowed.
bool looks_like_utf8(std::string_view sample, bool truncated) {
  if (is_valid_utf8(sample)) return true;
  if (!truncated) return false;
  for (std::size_t cut = 1; cut <= 3 && cut <= sample.size(); ++cut) {
    if (is_cut_utf8_tail(sample.substr(sample.size() - cut)) &&
        is_valid_utf8(sample.substr(0, sample.size() - cut))) {
      return true;
    }
  }
  return false;
}

// How many bytes of `sample` convert from `from` before the first that does not (all of them,
// also when only a character cut at the end is left and `cut_ok`).
std::size_t convertible_prefix(std::string_view sample, const char* from, bool cut_ok) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return 0;
  std::string in(sample), out(sample.size() * 2 + 16, '\0');
  char* src = in.data();
  char* dst = out.data();
  std::size_t left = in.size(), room = out.size();
  bool ok = iconv(cd, &src, &left, &dst, &room) != static_cast<std::size_t>(-1) || (cut_ok && errno == EINVAL);
  iconv_close(cd);
  return ok ? sample.size() : in.size() - left;
}

// True if the bytes that break UTF-8 in `sample` read as GB18030: a GBK file, even one with a
// bad byte further on (reported by its offset). Bytes neither encoding reads stay UTF-8, so
// the CSV reader names their line and column.
bool looks_like_gb18030(std::string_view sample, bool truncated) {
  return convertible_prefix(sample, "GB18030", true) > convertible_prefix(sample, "UTF-8", truncated);
}

iconv_t open_gb18030_converter() {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) {
    throw Error(Exit::config, tr_format("this system's iconv cannot convert GB18030 to UTF-8",
                                        "本系统的 iconv 无法把 GB18030 转换为 UTF-8"));
  }
  return cd;
}

}  // namespace

Encoding parse_encoding(std::string_view name) {
  std::string n = to_lower_ascii(trim(name));
  if (n == "auto") return Encoding::auto_detect;
  if (n == "utf-8" || n == "utf8") return Encoding::utf8;
  if (n == "gb18030" || n == "gbk" || n == "gb2312") return Encoding::gb18030;
  throw Error(Exit::usage, tr_format("unknown encoding \"{}\"", "未知的编码“{}”", sanitize_for_terminal(name)),
              std::string(tr("Use auto, utf-8 or gb18030 (gbk and gb2312 mean gb18030)",
                             "可用 auto、utf-8 或 gb18030（gbk、gb2312 按 gb18030 处理）")));
}

std::string_view encoding_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::auto_detect: return "auto";
    case Encoding::utf8: return "utf-8";
    case Encoding::gb18030: return "gb18030";
  }
  return "auto";
}

// Reads raw bytes from a file descriptor in chunks and hands them out as UTF-8: passed through
// for UTF-8, converted by iconv for GB18030. Memory stays at two fixed buffers.
class TextInput::Decoder : public std::streambuf {
 public:
  explicit Decoder(std::string source_name)
      : source_name_(std::move(source_name)), raw_(new char[kChunkBytes]) {}

  ~Decoder() override {
    if (cd_ != reinterpret_cast<iconv_t>(-1)) iconv_close(cd_);
    if (owns_fd_) ::close(fd_);
  }

  // Opens `path`, or takes stdin for "-".
  void open(const std::string& path) {
    if (path == "-") {
      fd_ = 0;
      return;
    }
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw cannot_open(path, errno);
    fd_ = fd;
    owns_fd_ = true;
    struct stat st {};
    if (::fstat(fd_, &st) == 0 && S_ISDIR(st.st_mode)) throw cannot_open(path, EISDIR);
  }

  std::uint64_t bytes_read() const { return bytes_read_; }

  // Reads the first chunk and settles the encoding.
  Encoding start(Encoding requested) {
    raw_end_ = read_raw(raw_.get(), kChunkBytes);
    std::string_view sample(raw_.get(), raw_end_);
    if (sample.substr(0, kUtf8Bom.size()) == kUtf8Bom) {
      raw_begin_ = kUtf8Bom.size();
      raw_offset_ = kUtf8Bom.size();
      encoding_ = Encoding::utf8;
      return encoding_;
    }
    // Files are told apart before they get here (input_kind.h); a workbook on stdin is not.
    if (sample.starts_with("PK\x03\x04") || sample.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
      throw Error(Exit::data, tr_format("{}: a workbook, not CSV text", "{}：这是工作簿，不是 CSV 文本", source_name_),
                  std::string(tr("pass it as a file: shequ import KIND FILE.xlsx",
                                 "请以文件方式传入：shequ import 类型 文件.xlsx")));
    }
    if (sample.substr(0, 2) == "\xff\xfe" || sample.substr(0, 2) == "\xfe\xff") {
      throw Error(Exit::data,
                  tr_format("{}: UTF-16 text is not supported", "{}: 不支持 UTF-16 编码的文本", source_name_),
                  std::string(tr("Save the file as CSV UTF-8", "请把文件另存为 CSV UTF-8")));
    }
    encoding_ = requested;
    if (requested == Encoding::auto_detect) {
      // Neither UTF-8 nor GB18030: read as UTF-8, so the CSV reader names the line and column.
      bool gb = !looks_like_utf8(sample, !raw_eof_) && looks_like_gb18030(sample, !raw_eof_);
      encoding_ = gb ? Encoding::gb18030 : Encoding::utf8;
    }
    if (encoding_ == Encoding::gb18030) {
      cd_ = open_gb18030_converter();
      decoded_.reset(new char[kDecodedBytes]);
    }
    return encoding_;
  }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    return encoding_ == Encoding::gb18030 ? underflow_gb18030() : underflow_utf8();
  }

 private:
  Error cannot_open(const std::string& path, int err) const {
    std::string why;
    switch (err) {
      case ENOENT: why = tr("no such file", "文件不存在"); break;
      case EACCES: why = tr("permission denied", "没有读取权限"); break;
      case EISDIR: why = tr("it is a directory", "这是一个目录"); break;
      default: why = errno_text(err);
    }
    return Error(Exit::not_found, tr_format("cannot open {}: {}", "无法打开 {}：{}", absolute_path(path), why));
  }

  // Reads until `n` bytes or the end of input; sets raw_eof_ when the input ends.
  std::size_t read_raw(char* dst, std::size_t n) {
    std::size_t got = 0;
    while (got < n && !raw_eof_) {
      ssize_t r = ::read(fd_, dst + got, n - got);
      if (r > 0) {
        got += static_cast<std::size_t>(r);
        bytes_read_ += static_cast<std::uint64_t>(r);
      } else if (r == 0) {
        raw_eof_ = true;
      } else if (errno != EINTR) {
        throw Error(Exit::io, tr_format("{}: read error: {}", "{}：读取出错：{}", source_name_, errno_text(errno)));
      } else {
        check_interrupt();  // Ctrl-C while reading a terminal or a slow pipe
      }
    }
    return got;
  }

  int_type underflow_utf8() {
    if (raw_begin_ == raw_end_) {
      raw_begin_ = 0;
      raw_end_ = read_raw(raw_.get(), kChunkBytes);
      if (raw_end_ == 0) return traits_type::eof();
    }
    char* base = raw_.get();
    setg(base + raw_begin_, base + raw_begin_, base + raw_end_);
    raw_begin_ = raw_end_;
    return traits_type::to_int_type(*gptr());
  }

  int_type underflow_gb18030() {
    bool need_input = raw_begin_ == raw_end_;
    for (;;) {
      if (need_input && !raw_eof_) {
        // Keep the unconverted tail (an incomplete character) at the front and read on.
        std::size_t left = raw_end_ - raw_begin_;
        std::memmove(raw_.get(), raw_.get() + raw_begin_, left);
        raw_begin_ = 0;
        raw_end_ = left + read_raw(raw_.get() + left, kChunkBytes - left);
      }
      if (raw_begin_ == raw_end_) return traits_type::eof();
      char* in = raw_.get() + raw_begin_;
      std::size_t in_left = raw_end_ - raw_begin_;
      char* out = decoded_.get();
      std::size_t out_left = kDecodedBytes;
      std::size_t rc = iconv(cd_, &in, &in_left, &out, &out_left);
      int err = errno;
      std::size_t consumed = static_cast<std::size_t>(in - (raw_.get() + raw_begin_));
      raw_begin_ += consumed;
      raw_offset_ += consumed;
      need_input = false;
      if (rc == static_cast<std::size_t>(-1)) {
        if (err == EILSEQ) throw not_gb18030(source_name_ + ": ", raw_offset_);
        if (err == EINVAL) {  // a character continues past the buffer
          if (raw_eof_) throw not_gb18030(source_name_ + ": ", raw_offset_);
          need_input = true;
        }
      }
      std::size_t produced = static_cast<std::size_t>(out - decoded_.get());
      if (produced == 0) {
        need_input = true;
        continue;
      }
      std::size_t skip = 0;
      if (first_output_) {  // the GB18030 byte-order mark decodes to a UTF-8 one
        first_output_ = false;
        if (std::string_view(decoded_.get(), produced).substr(0, 3) == kUtf8Bom) skip = 3;
        if (skip == produced) continue;
      }
      setg(decoded_.get(), decoded_.get() + skip, decoded_.get() + produced);
      return traits_type::to_int_type(*gptr());
    }
  }

  std::string source_name_;
  int fd_ = -1;
  bool owns_fd_ = false;
  Encoding encoding_ = Encoding::utf8;
  std::unique_ptr<char[]> raw_;
  std::size_t raw_begin_ = 0;  // raw_[raw_begin_, raw_end_) is read but not yet handed out
  std::size_t raw_end_ = 0;
  bool raw_eof_ = false;
  std::uint64_t bytes_read_ = 0;
  std::uint64_t raw_offset_ = 0;  // input offset of raw_[raw_begin_]
  iconv_t cd_ = reinterpret_cast<iconv_t>(-1);
  std::unique_ptr<char[]> decoded_;
  bool first_output_ = true;
};

TextInput::TextInput(const std::string& path, Encoding encoding)
    : source_name_(path == "-" ? "stdin" : path),
      decoder_(std::make_unique<Decoder>(source_name_)) {
  decoder_->open(path);
  detected_ = decoder_->start(encoding);
  stream_ = std::make_unique<std::istream>(decoder_.get());
  // Let the Error thrown inside the decoder reach the caller instead of a silent badbit.
  stream_->exceptions(std::ios::badbit);
}

TextInput::~TextInput() = default;

std::uint64_t TextInput::bytes_read() const { return decoder_->bytes_read(); }

std::istream& TextInput::stream() {
  return *stream_;
}

std::string to_utf8_from_gb18030(std::string_view gb18030) {
  iconv_t cd = open_gb18030_converter();
  std::string out(gb18030.size() * 3 / 2 + 16, '\0');
  char* in = const_cast<char*>(gb18030.data());
  std::size_t in_left = gb18030.size();
  char* dst = out.data();
  std::size_t out_left = out.size();
  std::size_t rc = iconv(cd, &in, &in_left, &dst, &out_left);
  iconv_close(cd);
  if (rc == static_cast<std::size_t>(-1)) {  // EILSEQ or EINVAL: the output buffer is large enough
    throw not_gb18030("", static_cast<std::uint64_t>(in - gb18030.data()));
  }
  out.resize(static_cast<std::size_t>(dst - out.data()));
  return out;
}

std::string to_gb18030_from_utf8(std::string_view utf8) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1))
    throw Error(Exit::config, tr_format("this system's iconv cannot convert UTF-8 to GB18030",
                                        "本系统的 iconv 无法把 UTF-8 转换为 GB18030"));
  std::string out(utf8.size() * 2 + 16, '\0');  // GB18030 takes at most 4 bytes where UTF-8 takes 2+
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* dst = out.data();
  std::size_t out_left = out.size();
  std::size_t rc = iconv(cd, &in, &in_left, &dst, &out_left);
  iconv_close(cd);
  if (rc == static_cast<std::size_t>(-1))
    throw Error(Exit::data, tr_format("not valid UTF-8 text at byte {}", "第 {} 字节处不是有效的 UTF-8 文本",
                                      static_cast<std::uint64_t>(in - utf8.data())));
  out.resize(static_cast<std::size_t>(dst - out.data()));
  return out;
}

}  // namespace shequ
