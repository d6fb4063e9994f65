// Saved reports: `[reports.NAME]` tables of the config that `report run NAME` writes for cron.
#include "reports/saved_reports.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "io/atomic_file.h"
#include "core/error.h"
#include "core/i18n.h"
#include "io/paths.h"
#include "reports/report_run.h"
#include "storage/db.h"
#include "core/text.h"

namespace shequ {

using report::L;
using report::option_problem;

std::vector<std::string> saved_report_names(const Config& config) { return config.table_keys("reports"); }

namespace {

[[noreturn]] void bad_saved(std::string_view name, std::string_view key, const std::string& why) {
  throw Error(Exit::config, fmt::format("reports.{}.{}: {}", name, key, why));
}

const std::vector<std::string> kSavedKeys = {"kind", "period", "grid", "by", "compare", "format", "out", "lang"};

// Fills {period}, {date}, {year}, {month}, {name}, {kind}; anything else in braces is refused.
std::string fill_placeholders(std::string_view name, const std::string& pattern, const std::map<std::string, std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      out += pattern[i];
      continue;
    }
    auto close = pattern.find('}', i);
    if (close == std::string::npos) bad_saved(name, "out", L("a \"{\" without its \"}\"", "“{”缺少配对的“}”"));
    std::string key = pattern.substr(i + 1, close - i - 1);
    auto it = values.find(key);
    if (it == values.end())
      bad_saved(name, "out", fmt::format(fmt::runtime(L("unknown placeholder {{{}}}; use {{period}}, {{date}}, {{year}}, {{month}}, {{name}} or {{kind}}",
                                                        "未知占位符 {{{}}}；可用 {{period}}、{{date}}、{{year}}、{{month}}、{{name}}、{{kind}}")),
                                         key));
    out += it->second;
    i = close;
  }
  return out;
}

}  // namespace

SavedReport saved_report(const Config& config, std::string_view name) {
  auto names = saved_report_names(config);
  if (std::find(names.begin(), names.end(), name) == names.end())
    throw Error(Exit::not_found, fmt::format(fmt::runtime(L("no saved report \"{}\" in the config", "配置中没有名为“{}”的报表")), name),
                names.empty() ? L("add a [reports.NAME] table to the config (see docs/guide/reports.md)",
                                  "请在配置文件中添加 [reports.NAME]（见 docs/guide/reports.md）")
                              : L("saved reports: ", "已保存的报表：") + join(names, ", "));
  std::string prefix = fmt::format("reports.{}", name);
  for (const std::string& key : config.table_keys(prefix))
    if (std::find(kSavedKeys.begin(), kSavedKeys.end(), key) == kSavedKeys.end())
      bad_saved(name, key, L("unknown key; use ", "未知的键；可用：") + join(kSavedKeys, ", "));
  auto get = [&](std::string_view key) { return config.get_string(prefix + "." + std::string(key)); };
  SavedReport r;
  r.name = std::string(name);
  auto kind = get("kind");
  if (!kind) bad_saved(name, "kind", L("missing; say which report, e.g. kind = \"due\"", "缺少；请写明报表种类，如 kind = \"due\""));
  const ReportKind* k = nullptr;
  for (const ReportKind& each : report_table())
    if (each.kind == *kind) k = &each;
  if (!k) bad_saved(name, "kind", tr_format("\"{}\" is not a report; use {}", "“{}”不是报表种类；可用：{}", *kind, join(report_kinds(), ", ")));
  r.options.kind = *kind;
  r.options.period = get("period").value_or("");
  r.options.grid = get("grid").value_or("");
  r.options.by = get("by").value_or("");
  r.options.compare = config.get_boolean(prefix + ".compare").value_or(false);
  // What the report does not take is refused here, naming the key, not when cron runs it.
  if (auto p = option_problem(*k, r.options)) bad_saved(name, p->option, p->message);
  auto out = get("out");
  if (!out || out->empty()) bad_saved(name, "out", L("missing; say where to write, e.g. out = \"reports/due-{date}.html\"",
                                                     "缺少；请写明输出文件，如 out = \"reports/due-{date}.html\""));
  r.out = *out;
  if (auto f = get("format")) {
    try {
      r.format = parse_format(*f);
    } catch (const Error& e) {
      bad_saved(name, "format", e.what());
    }
  } else if (auto f2 = format_from_extension(r.out)) {
    r.format = *f2;
  } else {
    bad_saved(name, "format", L("missing, and the out file's extension names no format", "缺少，且输出文件的扩展名不对应任何格式"));
  }
  r.lang = get("lang").value_or("");
  if (!r.lang.empty() && r.lang != "zh" && r.lang != "en") bad_saved(name, "lang", L("use zh or en", "可用：zh、en"));
  r.options.codes = r.format == Format::csv || r.format == Format::tsv || r.format == Format::json || r.format == Format::jsonl;
  if (!r.options.period.empty()) {
    try {
      parse_period(r.options.period, today());
    } catch (const Error& e) {
      bad_saved(name, "period", e.what());
    }
  }
  return r;
}

Table saved_reports_table(const Config& config) {
  Table t;
  t.columns = {{"name", "Name", "名称"}, {"kind", "Report", "报表"}, {"period", "Period", "统计期"},
               {"format", "Format", "格式"}, {"out", "Writes to", "输出文件"}, {"problem", "Problem", "问题"}};
  for (const auto& n : saved_report_names(config)) {
    try {
      SavedReport r = saved_report(config, n);
      t.rows.push_back({r.name, r.options.kind, r.options.period, std::string(format_name(r.format)), r.out, Cell{}});
    } catch (const Error& e) {
      t.rows.push_back({n, Cell{}, Cell{}, Cell{}, Cell{}, std::string(e.what())});
    }
  }
  return t;
}

std::string reports_folder(const Config& config, const std::string& data_file) {
  // A server has no folder: the settings file's stands in for it, as for database.path.
  std::filesystem::path data_dir = is_server_url(data_file) ? std::filesystem::path(config.dir())
                                                            : std::filesystem::path(absolute_path(data_file)).parent_path();
  std::filesystem::path dir = config.string("reports.dir");
  if (dir.empty()) return data_dir.string();
  return dir.is_relative() ? (data_dir / dir).lexically_normal().string() : dir.string();
}

std::string saved_report_path(const Config& config, const std::string& data_file, const SavedReport& r,
                              const ReportPeriod& period, Date day) {
  // The period's own year and month: December's report, run on 1 January, belongs to December's
  // year. A week counts from its middle day, so an ISO week that begins in December but is week 1
  // of the new year lands in the new year, as its label says.
  Date first = period.unit == PeriodUnit::week ? add_days(period.start, 3) : period.start;
  std::map<std::string, std::string> values = {
      {"period", period.label}, {"date", to_iso(day)}, {"year", fmt::format("{:04}", first.year)},
      {"month", fmt::format("{:04}-{:02}", first.year, first.month)}, {"name", r.name}, {"kind", r.options.kind}};
  std::filesystem::path p = fill_placeholders(r.name, r.out, values);
  if (p.is_relative()) p = std::filesystem::path(reports_folder(config, data_file)) / p;
  return p.lexically_normal().string();
}

std::optional<unsigned> reports_mode(const Config& config) {
  std::string text = config.string("reports.mode");
  if (text.empty()) return std::nullopt;
  return static_cast<unsigned>(std::stoul(text, nullptr, 8));  // checked by the registry ("mode")
}

std::string run_saved_report(Context& ctx, std::string_view name) {
  SavedReport r = saved_report(ctx.config, name);
  if (r.lang == "en") set_language(Lang::en);
  if (r.lang == "zh") set_language(Lang::zh);
  ReportPeriod period = report_period(ctx, r.options);
  Document doc = make_report(ctx, r.options);
  std::string path = saved_report_path(ctx.config, ctx.db.path(), r, period, today());
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec)
      throw Error(Exit::io, fmt::format(fmt::runtime(L("cannot create the folder {}: {}", "无法创建文件夹 {}：{}")), parent.string(),
                                        errno_text(ec.value())));
  }
  RenderOptions opts;
  opts.max_cell_width = 0;
  opts.bom = r.format == Format::csv && ctx.config.boolean("csv.bom");
  AtomicFile file(path, reports_mode(ctx.config));
  render(doc, r.format, opts, file.stream());
  file.commit();
  return path;
}

}  // namespace shequ
