#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "core/i18n.h"
#include "io/progress.h"
#include "core/text.h"

using namespace shequ;

TEST_CASE("progress_line: bar, percentage, rate and time left within the width") {
  set_language(Lang::en);
  // 45 MB of 100 MB in 3 s: 15 MB/s, 55 MB left → 0:04.
  std::string l = progress_line("persons.csv", 45'000'000, 100'000'000, ProgressUnit::bytes, 3.0, 79);
  CHECK(l.starts_with("persons.csv ["));
  CHECK(l.find(" 45%") != std::string::npos);
  CHECK(l.find("15.0 MB/s") != std::string::npos);
  CHECK(l.find("0:04 left") != std::string::npos);
  CHECK(display_width(l) <= 79);
  // The bar is filled in proportion: 45 % of its cells.
  auto open = l.find('['), close = l.find(']');
  std::string bar = l.substr(open + 1, close - open - 1);
  CHECK(std::count(bar.begin(), bar.end(), '#') == static_cast<long>(bar.size() * 45 / 100));
}

TEST_CASE("progress_line: unknown totals, items, the end, narrow terminals, Chinese") {
  set_language(Lang::en);
  std::string stdin_line = progress_line("stdin", 5'000'000, 0, ProgressUnit::bytes, 2.0, 80);
  CHECK(stdin_line.find('%') == std::string::npos);  // no percentage without a total
  CHECK(stdin_line.find("2.5 MB/s") != std::string::npos);
  CHECK(progress_line("checking", 3, 12, ProgressUnit::items, 1.0, 80).find("3/s") != std::string::npos);
  std::string done = progress_line("grids.csv", 120, 100, ProgressUnit::bytes, 1.0, 80);
  CHECK(done.find("100%") != std::string::npos);  // never past 100 %
  CHECK(done.find("left") == std::string::npos);
  CHECK(display_width(progress_line("a-very-long-file-name-indeed.csv", 1, 2, ProgressUnit::bytes, 1.0, 20)) <= 20);
  set_language(Lang::zh);
  std::string zh = progress_line("居民.csv", 1, 4, ProgressUnit::bytes, 1.0, 60);
  CHECK(zh.find("剩余") != std::string::npos);
  CHECK(display_width(zh) <= 60);
  set_language(Lang::en);
}
