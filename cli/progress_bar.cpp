#include "progress_bar.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "core/text.h"

namespace shequ::cli {
namespace {

// Work that ends sooner than this shows no bar at all (no flicker on small files).
// SHEQU_PROGRESS_DELAY_MS changes it (the tests draw at once).
std::chrono::milliseconds first_draw_after() {
  if (const char* v = std::getenv("SHEQU_PROGRESS_DELAY_MS"); v && *v) return std::chrono::milliseconds(std::atol(v));
  return std::chrono::milliseconds(300);
}
constexpr std::chrono::milliseconds kRedrawEvery{100};

int terminal_width() {
  winsize ws{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
  return 80;
}

}  // namespace

void ProgressBar::begin(std::string_view what, std::uint64_t total, ProgressUnit unit) {
  if (depth_++ > 0) return;  // part of the outer stage
  what_ = sanitize_for_terminal(what);  // a file name may hold control characters
  total_ = total;
  done_ = 0;
  unit_ = unit;
  started_ = Clock::now();
  drawn_at_ = started_;
}

void ProgressBar::update(std::uint64_t done) {
  if (depth_ != 1) return;
  done_ = done;
  auto now = Clock::now();
  if (now - started_ < first_draw_after() || (drawn_ && now - drawn_at_ < kRedrawEvery)) return;
  drawn_at_ = now;
  draw();
}

void ProgressBar::end() {
  if (depth_ == 0 || --depth_ > 0) return;
  erase();
}

void ProgressBar::erase() {
  if (!drawn_) return;
  std::cerr << "\r\x1b[K" << std::flush;
  drawn_ = false;
}

void ProgressBar::draw() {
  double elapsed = std::chrono::duration<double>(Clock::now() - started_).count();
  // One column short of the width: a full line would wrap on some terminals.
  std::cerr << "\r" << progress_line(what_, done_, total_, unit_, elapsed, terminal_width() - 1) << "\x1b[K"
            << std::flush;
  drawn_ = true;
}

}  // namespace shequ::cli
