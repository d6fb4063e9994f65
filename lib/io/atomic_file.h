// Output files that appear complete or not at all, and never destroy anything.
//
// A regular file (or a new one) is written to a temporary file beside it, `DIR/.NAME.tmp.PID.N`,
// which is renamed over it on commit(); without commit(), or when the run is interrupted, the
// temporary file is removed and the target is as it was. A symlink is followed: the file it
// points to is replaced, in that file's folder. A target that is not a regular file (/dev/null,
// /dev/stdout, a FIFO, a terminal) or any path under /dev or /proc is opened and written
// directly, never renamed over. Before anything is created, refuse_protected() refuses the data
// file, its -wal and -shm, the settings file and the input being imported (exit 64).
//
// Modes follow the umask, as a shell redirection does: a new file gets 0666 & ~umask, a replaced
// regular file keeps its mode, and an explicit mode (reports.mode) is set exactly.
#pragma once
#include <memory>
#include <optional>
#include <ostream>
#include <string>

namespace shequ {

/// One output file being written (see the top of this file).
class AtomicFile {
 public:
  /// Refuses a protected target (Error(Exit::usage)); opens the device or creates the temporary
  /// file (O_EXCL); throws Error(Exit::io) naming the absolute path. `mode`: see the top.
  explicit AtomicFile(std::string path, std::optional<unsigned> mode = std::nullopt);
  /// Removes the temporary file unless commit() succeeded; never throws.
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  /// The stream to write the contents to (buffered; errors surface in commit()).
  std::ostream& stream();
  /// Flushes, fsyncs, renames over the target and fsyncs its folder (a device: flushes and
  /// closes); throws Error(Exit::io) naming the path ("disk full" when it is).
  void commit();
  /// The target path as given.
  const std::string& path() const { return path_; }
  /// The temporary file's path (empty for a device; gone after commit or destruction).
  const std::string& temp_path() const { return temp_path_; }

 private:
  class FdBuf;
  void open_direct(const std::string& resolved);
  void create_temporary(const std::string& resolved, std::optional<unsigned> mode);
  [[noreturn]] void fail(std::string_view what, int err) const;

  std::string path_;
  std::string final_path_;  // what the rename replaces: the target with symlinks followed
  std::string temp_path_;
  int fd_ = -1;
  std::unique_ptr<FdBuf> buf_;
  std::unique_ptr<std::ostream> stream_;
  bool committed_ = false;
};

}  // namespace shequ
