#include "domain/numbering.h"

#include <cctype>

#include <fmt/format.h>

#include "core/i18n.h"

namespace shequ {
namespace {

// The sequence to try first: the year's largest stored one plus one, or one more than the
// numbers sharing the pattern's text before the sequence (the year's numbers, for ZY-{year}-…).
std::int64_t first_candidate(Context& ctx, const NumberSeries& s, const std::string& pattern, int year) {
  if (s.stores_parts) {
    auto next = ctx.db.cached(fmt::format("SELECT coalesce(max(seq), 0) + 1 FROM {} WHERE year = ?", s.table));
    next.bind(1, year);
    return next.step() ? next.integer(0) : 1;
  }
  std::string lo = format_number(s.setting, pattern, year, 0), hi = format_number(s.setting, pattern, year, 99999999);
  std::size_t common = 0;
  while (common < lo.size() && common < hi.size() && lo[common] == hi[common]) ++common;
  auto count = ctx.db.cached(fmt::format("SELECT count(*) FROM {} WHERE substr(number, 1, ?1) = ?2", s.table));
  count.bind(1, static_cast<std::int64_t>(common)).bind(2, lo.substr(0, common));
  return count.step() ? count.integer(0) + 1 : 1;
}

}  // namespace

std::string format_number(std::string_view setting, const std::string& pattern, int year, std::int64_t seq) {
  try {
    return fmt::format(fmt::runtime(pattern), fmt::arg("year", year), fmt::arg("seq", seq));
  } catch (const fmt::format_error& e) {
    throw Error(Exit::config, tr_format("{} \"{}\": {}", "{}“{}”：{}", setting, pattern, e.what()));
  }
}

Numbered next_number(Context& ctx, const NumberSeries& s, int year) {
  const std::string pattern = ctx.config.string(std::string(s.setting));
  Numbered n{"", first_candidate(ctx, s, pattern, year)};
  const std::string taken_sql = fmt::format("SELECT 1 FROM {} WHERE number = ?", s.table);
  for (;; ++n.seq) {  // a number imported in another shape may already hold this text
    n.number = format_number(s.setting, pattern, year, n.seq);
    auto taken = ctx.db.cached(taken_sql);
    taken.bind(1, n.number);
    if (!taken.step()) return n;
  }
}

std::pair<int, std::optional<std::int64_t>> number_parts(std::string_view setting, const std::string& pattern,
                                                         const std::string& number, int fallback_year) {
  std::size_t end = number.size();
  while (end > 0 && !std::isdigit(static_cast<unsigned char>(number[end - 1]))) --end;
  std::size_t begin = end;
  while (begin > 0 && std::isdigit(static_cast<unsigned char>(number[begin - 1]))) --begin;
  if (begin < end && end - begin <= 9) {
    std::int64_t seq = std::stoll(number.substr(begin, end - begin));
    for (int y : {fallback_year, fallback_year - 1, fallback_year + 1})
      if (format_number(setting, pattern, y, seq) == number) return {y, seq};
  }
  return {fallback_year, std::nullopt};
}

}  // namespace shequ
