// The progress bar on stderr: draws what the library reports (lib/io/progress.h) on one line that
// is rewritten in place and erased at the end. Only on a terminal and without --quiet.
#pragma once
#include <chrono>
#include <string>

#include "io/progress.h"

namespace shequ::cli {

class ProgressBar : public Progress {
 public:
  void begin(std::string_view what, std::uint64_t total, ProgressUnit unit) override;
  void update(std::uint64_t done) override;
  void end() override;
  /// Erases the bar for a message line; the next update draws it again.
  void erase();

 private:
  using Clock = std::chrono::steady_clock;
  void draw();
  int depth_ = 0;
  std::string what_;
  std::uint64_t total_ = 0, done_ = 0;
  ProgressUnit unit_ = ProgressUnit::items;
  Clock::time_point started_, drawn_at_;
  bool drawn_ = false;
};

}  // namespace shequ::cli
