// Case numbers: the next of the year by cases.number_format, gap-free, and the parts of an
// imported one.
#include "case_internal.h"


#include <cctype>

#include <fmt/format.h>

#include "i18n.h"

namespace shequ {

namespace case_detail {

std::string format_number(const std::string& pattern, int year, std::int64_t seq) {
  try {
    return fmt::format(fmt::runtime(pattern), fmt::arg("year", year), fmt::arg("seq", seq));
  } catch (const fmt::format_error& e) {
    throw Error(Exit::config,
                tr_format("cases.number_format \"{}\": {}", "cases.number_format“{}”：{}", pattern, e.what()));
  }
}

// The (year, seq) a number was made of with this pattern, if it was.
std::pair<int, std::optional<std::int64_t>> number_parts(const std::string& pattern, const std::string& number,
                                                         int fallback_year) {
  std::size_t end = number.size();
  while (end > 0 && !std::isdigit(static_cast<unsigned char>(number[end - 1]))) --end;
  std::size_t begin = end;
  while (begin > 0 && std::isdigit(static_cast<unsigned char>(number[begin - 1]))) --begin;
  if (begin < end && end - begin <= 9) {
    std::int64_t seq = std::stoll(number.substr(begin, end - begin));
    for (int y : {fallback_year, fallback_year - 1, fallback_year + 1}) {
      if (format_number(pattern, y, seq) == number) return {y, seq};
    }
  }
  return {fallback_year, std::nullopt};
}

std::pair<std::string, std::int64_t> next_case_number(Context& ctx, int year) {
  std::string pattern = ctx.config.string("cases.number_format");
  auto next = ctx.db.cached("SELECT coalesce(max(seq), 0) + 1 FROM mediation_case WHERE year = ?");
  next.bind(1, year);
  std::int64_t seq = next.step() ? next.integer(0) : 1;
  std::string number = format_number(pattern, year, seq);
  for (;;) {  // an imported number of another shape may already hold this text
    auto taken = ctx.db.cached("SELECT 1 FROM mediation_case WHERE number = ?");
    taken.bind(1, number);
    bool used = taken.step();
    if (!used) break;
    number = format_number(pattern, year, ++seq);
  }
  return {number, seq};
}

}  // namespace case_detail

}  // namespace shequ
