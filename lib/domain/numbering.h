// Record numbers printed on paper (volunteer numbers, certificate numbers, case numbers): one
// allocator for every kind, each kind a row of data. A number is the kind's pattern (a setting,
// fmt syntax with {year} and {seq}) filled in with the year and the next sequence of that year;
// the sequence is counted inside the caller's write transaction, so numbers are gap-free and
// unique under concurrent writers, and a number already taken (imported in another shape) is
// skipped.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/context.h"

namespace shequ {

/// One kind of number: where its pattern is set and where its numbers are stored.
struct NumberSeries {
  std::string_view setting;  // the pattern's setting: "volunteer.number_format"
  std::string_view table;    // the table whose `number` column holds the numbers
  /// Whether the table stores each number's parts (`year`, `seq` columns): the next sequence is
  /// then the year's largest plus one; otherwise it is found by counting the numbers that share
  /// the pattern's text before the sequence.
  bool stores_parts = false;
};

inline constexpr NumberSeries kVolunteerNumbers{"volunteer.number_format", "volunteer", false};
inline constexpr NumberSeries kCertificateNumbers{"certificates.number_format", "certificate", false};
inline constexpr NumberSeries kCaseNumbers{"cases.number_format", "mediation_case", true};

/// A number and the sequence it was made of.
struct Numbered {
  std::string number;
  std::int64_t seq = 0;
};

/// The next free number of `series` in `year` (call inside the write transaction that stores it).
Numbered next_number(Context& ctx, const NumberSeries& series, int year);

/// `pattern` filled in with year and seq; 78 naming `setting` if the pattern is broken.
std::string format_number(std::string_view setting, const std::string& pattern, int year, std::int64_t seq);

/// The (year, seq) `number` was made of with `pattern`, trying fallback_year and the years either
/// side; seq is empty if the number does not follow the pattern.
std::pair<int, std::optional<std::int64_t>> number_parts(std::string_view setting, const std::string& pattern,
                                                         const std::string& number, int fallback_year);

}  // namespace shequ
