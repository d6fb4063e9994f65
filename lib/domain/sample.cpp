#include "domain/sample.h"

#include <algorithm>
#include <filesystem>
#include <optional>

#include "core/date.h"
#include "core/error.h"
#include "core/i18n.h"
#include <fmt/format.h>

namespace shequ {

std::vector<std::string> default_sample_dirs() {
  std::vector<std::string> dirs;
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) dirs.push_back((exe.parent_path().parent_path() / "share/shequ/sample-data").lexically_normal().string());
  dirs.push_back(SHEQU_SAMPLE_DIR);
  return dirs;
}

std::string find_sample_dir(const std::vector<std::string>& dirs) {
  for (const auto& d : dirs) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(std::filesystem::path(d) / "grids.csv", ec)) return d;
  }
  std::string looked;
  for (const auto& d : dirs) looked += "\n  " + std::filesystem::absolute(d).string();
  throw Error(Exit::not_found, tr_format("sample data not found; looked in:{}", "找不到示例数据；已查找：{}", looked),
              std::string(tr("name the folder of the sample CSV files with --sample-dir DIR",
                             "请用 --sample-dir DIR 指明示例 CSV 所在目录")));
}

SampleLoad load_sample(Context& ctx, const std::string& dir) {
  SampleLoad load;
  load.imported = import_directory(ctx, dir);
  // Month by month, each month's entries verified in the week after it ended, so points are
  // earned over the year as they were (the points report of any month has figures in it).
  const Date last = add_days(today(), -14);
  Stmt first(ctx.db, "SELECT min(date) FROM service_hours WHERE status = 'pending'");
  std::optional<Date> d = first.step() && !first.is_null(0) ? parse_date(first.text(0)) : std::nullopt;
  if (!d) return load;
  int months = 0;
  for (Date m{d->year, d->month, 1}; m <= last; m = add_months(m, 1)) ++months;
  ProgressStage progress(*ctx.progress, tr("verifying hours", "确认服务时长"), static_cast<std::uint64_t>(months));
  int done = 0;
  for (Date month{d->year, d->month, 1}; month <= last; month = add_months(month, 1)) {
    HoursSelection one;
    one.pending = true;
    one.from = to_iso(month);
    one.until = to_iso(std::min(add_days(add_months(month, 1), -1), last));
    Date decided = std::min(add_days(add_months(month, 1), 6), today());
    Decision v = verify_hours(ctx, one, to_iso(decided) + "T18:00:00");
    load.verified.entries += v.entries;
    load.verified.minutes += v.minutes;
    load.verified.points += v.points;
    progress.update(static_cast<std::uint64_t>(++done));
  }
  return load;
}

}  // namespace shequ
