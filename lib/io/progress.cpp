#include "io/progress.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/i18n.h"
#include "core/text.h"

namespace shequ {

void Progress::begin(std::string_view, std::uint64_t, ProgressUnit) {}
void Progress::update(std::uint64_t) {}
void Progress::end() {}

Progress& Progress::none() {
  static Progress silent;
  return silent;
}

namespace {

std::string rate_text(double per_second, ProgressUnit unit) {
  if (unit == ProgressUnit::bytes) {
    if (per_second >= 1e6) return fmt::format("{:.1f} MB/s", per_second / 1e6);
    return fmt::format("{:.0f} kB/s", per_second / 1e3);
  }
  return fmt::format("{:.0f}{}", per_second, tr("/s", "/秒"));
}

std::string duration_text(double seconds) {
  auto s = static_cast<long>(std::lround(seconds));
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace

std::string progress_line(std::string_view what, std::uint64_t done, std::uint64_t total, ProgressUnit unit,
                          double elapsed_seconds, int width) {
  std::string tail;
  const double rate = elapsed_seconds > 0 ? static_cast<double>(done) / elapsed_seconds : 0;
  if (total > 0) {
    done = std::min(done, total);
    tail += fmt::format(" {:3}%", done * 100 / total);
  } else {
    tail += fmt::format(" {}", done);
  }
  if (rate > 0) tail += "  " + rate_text(rate, unit);
  if (total > 0 && rate > 0 && done < total)
    tail += "  " + tr_format("{} left", "剩余 {}", duration_text(static_cast<double>(total - done) / rate));
  // The name gets at most a third of the line; the bar takes what is left, up to 30 columns.
  const auto w = static_cast<std::size_t>(std::max(width, 20));
  std::string name = truncate_to_width(what, w / 3);
  std::string line = name;
  if (total > 0) {
    std::size_t room = w > display_width(name) + display_width(tail) + 3
                           ? w - display_width(name) - display_width(tail) - 3 : 0;
    std::size_t bar = std::min<std::size_t>(room, 30);
    if (bar >= 5) {
      auto filled = static_cast<std::size_t>(bar * done / total);
      line += " [" + std::string(filled, '#') + std::string(bar - filled, '-') + "]";
    }
  }
  line += tail;
  return truncate_to_width(line, w);
}

}  // namespace shequ
