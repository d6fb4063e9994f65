#include "io/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <streambuf>

#include <fmt/format.h>

#include "core/error.h"
#include "core/i18n.h"
#include "io/interrupt.h"
#include "io/paths.h"

namespace shequ {
namespace {

std::atomic<unsigned> g_temp_counter{0};

bool under_dev_or_proc(const std::string& absolute) {
  return absolute.starts_with("/dev/") || absolute.starts_with("/proc/");
}

}  // namespace

// A buffered stream buffer over a file descriptor that remembers the first write error; an
// interruption counts as one, so a long write stops at the next buffer.
class AtomicFile::FdBuf : public std::streambuf {
 public:
  FdBuf() { setp(buf_, buf_ + sizeof buf_); }
  int error() const { return error_; }
  void attach(int fd) { fd_ = fd; }

 protected:
  int_type overflow(int_type ch) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  bool drain() {
    const char* p = pbase();
    std::size_t left = static_cast<std::size_t>(pptr() - pbase());
    while (left > 0 && error_ == 0) {
      if (fd_ < 0) error_ = EBADF;
      if (interrupt_signal() != 0) error_ = EINTR;
      if (error_ != 0) break;
      ssize_t n = ::write(fd_, p, left);
      if (n <= 0) {
        if (n == 0 || errno != EINTR) error_ = n == 0 ? EIO : errno;
        continue;
      }
      p += n;
      left -= static_cast<std::size_t>(n);
    }
    setp(buf_, buf_ + sizeof buf_);
    return error_ == 0;
  }

  int fd_ = -1;
  int error_ = 0;
  char buf_[1 << 16];
};

AtomicFile::AtomicFile(std::string path, std::optional<unsigned> mode)
    : path_(std::move(path)), buf_(std::make_unique<FdBuf>()),
      stream_(std::make_unique<std::ostream>(buf_.get())) {
  refuse_protected(path_);
  std::string resolved = resolved_path(path_);
  struct stat st {};
  bool exists = ::stat(resolved.c_str(), &st) == 0;
  if (under_dev_or_proc(absolute_path(path_)) || (exists && !S_ISREG(st.st_mode))) {
    open_direct(resolved);
  } else {
    if (!mode && exists) mode = st.st_mode & 07777;  // a replaced file keeps its mode
    create_temporary(resolved, mode);
  }
  buf_->attach(fd_);
}

void AtomicFile::fail(std::string_view what, int err) const {
  throw Error(Exit::io, tr_format("{} {}: {}", "{} {}：{}", what, absolute_path(path_), errno_text(err)));
}

// A device, a FIFO or a terminal: written as it is (O_APPEND, so /dev/stdout opened on a file
// the shell appends to does not overwrite its start).
void AtomicFile::open_direct(const std::string& resolved) {
  if (::access(resolved.c_str(), F_OK) != 0 && errno == ENOENT)  // never create a file in /dev
    fail(tr("cannot write", "无法写入"), ENOENT);
  for (;;) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_NOCTTY | O_CLOEXEC);
    if (fd_ >= 0) return;
    if (errno != EINTR) fail(tr("cannot write", "无法写入"), errno);
    check_interrupt();  // a FIFO without a reader blocks in open()
  }
}

void AtomicFile::create_temporary(const std::string& resolved, std::optional<unsigned> mode) {
  final_path_ = resolved;
  std::size_t slash = resolved.find_last_of('/');
  std::string dir = resolved.substr(0, slash + 1);
  std::string base = resolved.substr(slash + 1);
  if (base.empty() || base == "." || base == "..") fail(tr("cannot write", "无法写入"), EISDIR);
  const std::string prefix = dir + "." + base + ".tmp." + std::to_string(::getpid()) + ".";
  const std::string_view cannot_create = tr("cannot create a temporary file for", "无法创建临时文件以写入");
  for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
    std::string temp = prefix + std::to_string(g_temp_counter++);
    int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);  // the umask applies
    if (fd >= 0) {
      fd_ = fd;
      temp_path_ = std::move(temp);
    } else if (errno != EEXIST) {
      fail(cannot_create, errno);
    }
  }
  if (fd_ < 0) fail(cannot_create, EEXIST);
  if (mode && ::fchmod(fd_, static_cast<mode_t>(*mode)) != 0) {
    int err = errno;  // the destructor does not run for a constructor that throws
    ::close(fd_);
    ::unlink(temp_path_.c_str());
    fail(cannot_create, err);
  }
  register_temp_file(temp_path_.c_str());
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_path_.empty()) {
    ::unlink(temp_path_.c_str());
    unregister_temp_file(temp_path_.c_str());
  }
}

std::ostream& AtomicFile::stream() { return *stream_; }

void AtomicFile::commit() {
  if (committed_) return;
  const std::string_view cannot_write = tr("cannot write", "无法写入");
  stream_->flush();
  check_interrupt();  // an interrupted output is never put in place
  if (buf_->error() != 0 || !*stream_) fail(cannot_write, buf_->error() ? buf_->error() : EIO);
  if (!temp_path_.empty() && ::fsync(fd_) != 0) fail(cannot_write, errno);
  buf_->attach(-1);
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) fail(cannot_write, errno);
  if (temp_path_.empty()) {  // written directly
    committed_ = true;
    note_output_in_place();
    return;
  }
  if (::rename(temp_path_.c_str(), final_path_.c_str()) != 0) fail(tr("cannot replace", "无法替换"), errno);
  committed_ = true;
  unregister_temp_file(temp_path_.c_str());
  note_output_in_place();

  // Make the rename itself durable. Some file systems cannot fsync a folder; the file is in place.
  std::size_t slash = final_path_.find_last_of('/');
  std::string dir = slash == 0 ? "/" : final_path_.substr(0, slash);
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return;
  int rc = ::fsync(dfd);
  int err = errno;
  ::close(dfd);
  if (rc != 0 && err != EINVAL && err != ENOTSUP) fail(cannot_write, err);
}

}  // namespace shequ
