// Fuzzes parse_date and parse_time_of_day: no crash, and every accepted value is in range and
// reads back the same from its canonical form.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/date.h"
#include "core/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto d = shequ::parse_date(text)) {
    if (d->year < 1900 || d->year > 2200 || d->month < 1 || d->month > 12 || d->day < 1 ||
        d->day > shequ::days_in_month(d->year, d->month))
      std::abort();
    auto again = shequ::parse_date(shequ::to_iso(*d));
    if (!again || *again != *d) std::abort();
    if (shequ::civil_from_days(shequ::days_from_civil(*d)) != *d) std::abort();
  }
  if (auto m = shequ::parse_time_of_day(text)) {
    if (*m < 0 || *m > 23 * 60 + 59) std::abort();
  }
  return 0;
}
