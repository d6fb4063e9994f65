// How far long work has come (an import, a bulk verification, an export, `check`, the sample):
// the library reports, the CLI draws a bar on a terminal or nothing. The library never prints.
//
//   ProgressStage stage(ctx.progress, "persons.csv", file_bytes, ProgressUnit::bytes);
//   while (…) stage.advance(bytes_read);   // cheap: call it as often as convenient
//   // the stage ends (the bar is erased) when `stage` goes out of scope, on success or error
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace shequ {

/// What a stage counts: bytes of a file (shown as MB/s) or items (rows, entries, checks).
enum class ProgressUnit { bytes, items };

/// The receiver of progress reports. The default does nothing: work without a display costs a
/// virtual call per report. A stage begun inside another (each month's verification while the
/// sample loads) is part of the outer one: receivers show only the outermost.
class Progress {
 public:
  virtual ~Progress() = default;
  /// A stage named `what` (a file name, "verify") begins; `total` units, 0 when unknown.
  virtual void begin(std::string_view what, std::uint64_t total, ProgressUnit unit);
  /// `done` units of the current stage are finished (a running total, not an increment).
  virtual void update(std::uint64_t done);
  /// The current stage is over (finished or abandoned by an error).
  virtual void end();

  /// The receiver that ignores everything (what a Context holds unless the CLI gives another).
  static Progress& none();
};

/// One stage on a Progress, ended when it goes out of scope.
class ProgressStage {
 public:
  ProgressStage(Progress& p, std::string_view what, std::uint64_t total, ProgressUnit unit = ProgressUnit::items)
      : p_(p) {
    p_.begin(what, total, unit);
  }
  ~ProgressStage() { p_.end(); }
  ProgressStage(const ProgressStage&) = delete;
  ProgressStage& operator=(const ProgressStage&) = delete;
  void update(std::uint64_t done) { p_.update(done); }

 private:
  Progress& p_;
};

/// One line of a progress display, `width` columns at most: the stage's name, a bar and the
/// percentage when the total is known, the rate, and the time left; e.g.
/// `persons.csv [#########-----------]  45%  12.3 MB/s  0:03 left`.
std::string progress_line(std::string_view what, std::uint64_t done, std::uint64_t total, ProgressUnit unit,
                          double elapsed_seconds, int width);

}  // namespace shequ
