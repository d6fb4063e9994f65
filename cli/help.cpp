#include <array>
#include <functional>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "commands.h"
#include "records/entity.h"
#include "core/i18n.h"
#include "manpage.h"
#include "core/text.h"

namespace shequ::cli {

namespace {

// The exit-code table of SPEC §2: `shequ help exit-codes` and the man page.
Table exit_code_table() {
  Table t;
  t.columns = {{"code", "Code", "退出码", true}, {"meaning", "Meaning", "含义"}};
  auto add = [&](Exit c, std::string_view en, std::string_view zh) {
    t.rows.push_back({std::int64_t{static_cast<int>(c)}, std::string(T(en, zh))});
  };
  add(Exit::ok, "ok", "成功");
  add(Exit::refused, "refused by a rule: state transition, balance, duplicate", "被规则拒绝：状态流转、余额、重复");
  add(Exit::usage, "usage error: unknown command or option, bad argument", "用法错误：未知命令或选项、参数有误");
  add(Exit::data, "invalid input data (also: a file that is not a shequ data file, or is newer)",
      "输入数据无效（含：非 shequ 数据文件或版本更新的文件）");
  add(Exit::not_found, "not found: record, input file or data file", "未找到：记录、输入文件或数据文件");
  add(Exit::io, "I/O error or damaged data file (see `shequ check`)", "读写错误或数据文件损坏（见 `shequ check`）");
  add(Exit::busy, "data file busy: another process is writing; retry later", "数据文件忙：其他进程正在写入，请稍后重试");
  add(Exit::not_permitted, "not permitted", "无权限");
  add(Exit::config, "configuration error (file, line and key are named)", "配置错误（会指出文件、行号与键）");
  add(Exit::interrupted, "interrupted (Ctrl-C); nothing was half-written", "被中断（Ctrl-C）；不会留下半写入的数据");
  t.rows.push_back({std::int64_t{143}, std::string(T("terminated (SIGTERM); nothing was half-written",
                                                     "被终止（SIGTERM）；不会留下半写入的数据"))});
  t.rows.push_back({std::int64_t{70}, std::string(T("internal error: a bug, please report it", "内部错误：程序缺陷，请报告"))});
  return t;
}


// A reference page of two text columns.
Table two_columns(std::string_view en1, std::string_view zh1, std::string_view en2, std::string_view zh2,
                  std::initializer_list<std::array<std::string_view, 3>> rows) {
  Table t;
  t.columns = {{"item", std::string(en1), std::string(zh1)}, {"meaning", std::string(en2), std::string(zh2)}};
  for (const auto& [item, en, zh] : rows) t.rows.push_back({std::string(item), std::string(T(en, zh))});
  return t;
}

Table formats_table() {
  return two_columns("Format", "格式", "What it is", "说明", {
      {"table", "aligned columns for the terminal (the default there); fits the window, long text cut with …",
       "终端里的对齐表格（终端默认）；按窗口宽度排版，过长的文字以 … 截断"},
      {"csv", "comma-separated, UTF-8 (--bom for Excel); the default when piped or written with -o x.csv",
       "逗号分隔，UTF-8（--bom 便于 Excel 打开）；管道输出或 -o x.csv 时的默认格式"},
      {"tsv", "tab-separated", "制表符分隔"},
      {"json", "one JSON array of objects; codes stay ASCII, tags an array", "JSON 数组；代码保持英文，标签为数组"},
      {"jsonl", "one JSON object a line", "每行一个 JSON 对象"},
      {"md", "a Markdown table (labels, not codes)", "Markdown 表格（显示中文标签）"},
      {"html", "a printable page (labels, not codes)", "可打印的网页（显示中文标签）"},
      {"xlsx", "an Excel workbook: only to a file (-o x.xlsx)", "Excel 工作簿：只能写入文件（-o x.xlsx）"},
      {"import", "reads CSV (UTF-8 or GBK), .xlsx and JSON/JSONL, told by content: shequ help fields KIND",
       "导入可读 CSV（UTF-8 或 GBK）、.xlsx 与 JSON/JSONL，按内容识别：见 shequ help fields 类别"},
  });
}

Table periods_table() {
  return two_columns("Period", "时段", "Means", "含义", {
      {"2026", "the year", "全年"},
      {"2026-Q3", "a quarter (July–September)", "季度（7—9 月）"},
      {"2026-11", "a month", "月份"},
      {"2026-W48", "an ISO week (Monday first; reports.week_start = \"sunday\" moves it a day earlier)",
       "ISO 周（周一起；reports.week_start = \"sunday\" 则提前一天）"},
      {"2026-01-01..2026-07-01", "from the first date up to, not including, the second", "从前一日起，至后一日（不含）止"},
      {"this-month, last-month", "relative to today (SHEQU_TODAY)", "相对于今天（SHEQU_TODAY）"},
      {"this-year, last-year", "relative to today", "相对于今天"},
      {"this-quarter, last-quarter, this-week, last-week", "relative to today", "相对于今天"},
  });
}

Table dates_table() {
  return two_columns("Written as", "写法", "Read as", "理解为", {
      {"2026-03-05", "ISO, as shequ writes dates", "ISO 格式，shequ 输出的写法"},
      {"2026-3-5, 2026/3/5, 2026.3.5", "the same day", "同一天"},
      {"20260305", "the same day", "同一天"},
      {"2026年3月5日", "the same day", "同一天"},
      {"09:00, 9:30", "a time of day (volunteer log-hours --start/--end)", "时刻（volunteer log-hours --start/--end）"},
      {"SHEQU_TODAY=2026-11-28", "what \"today\" is for the rules (ages, due dates, no future dates)",
       "业务规则所用的“今天”（年龄、期限、不得晚于今天）"},
  });
}

Table references_table() {
  Table t;
  t.columns = {{"kind", "Kind", "类别"}, {"id", "Id", "编号"}, {"also", "Also found by", "也可用"}};
  for (const Entity* e : all_entities()) {
    if (!e->prefix) continue;
    std::vector<std::string> keys;
    for (const auto& key : e->natural_keys) {
      std::vector<std::string> labels;
      for (std::string k : key) {
        if (k.ends_with('?')) k.pop_back();
        if (const Field* f = e->field(k)) labels.push_back(std::string(T(f->en, f->zh)));
      }
      if (!labels.empty()) keys.push_back(join(labels, " + "));
    }
    t.rows.push_back({std::string(T(e->en, e->zh)), ref_text(*e, 42), join(keys, T("; ", "；"))});
  }
  return t;
}

std::string type_text(const Field& f) {
  switch (f.type) {
    case FieldType::text: return std::string(T("text", "文本"));
    case FieldType::integer: return std::string(T("integer", "整数"));
    case FieldType::real: return std::string(T("number", "数字"));
    case FieldType::date: return std::string(T("date", "日期"));
    case FieldType::datetime: return std::string(T("date and time", "日期时间"));
    case FieldType::boolean: return std::string(T("yes/no", "是/否"));
    case FieldType::phone: return std::string(T("phone", "电话"));
    case FieldType::id_number: return std::string(T("ID number", "身份证号"));
    case FieldType::ref: return fmt::format("{} {}", T("reference:", "引用："), f.target);
    case FieldType::vocab: return fmt::format("{} {}", T("vocab", "词表"), f.target);
    case FieldType::tags: return fmt::format("{} {}", T("tags, vocab", "标签，词表"), f.target);
    case FieldType::choice: return join(f.choices, "|");
  }
  return {};
}

// The columns an import of `kind` reads: the entity description itself, never a copy.
Table fields_table(const std::string& kind) {
  const Entity& e = entity_named(kind);
  Table t;
  t.title = fmt::format("{} ({})", e.plural, T(e.en, e.zh));
  t.columns = {{"column", "Column", "列名"}, {"zh_header", "Chinese header", "中文表头"},
               {"type", "Type", "类型"}, {"required", "Required", "必填"}};
  for (const Field& f : e.fields) {
    if (f.column.empty() && !f.hook) continue;
    if (!f.exported) continue;
    t.rows.push_back({f.key, f.zh, type_text(f), std::string(f.required ? T("yes", "是") : T("", ""))});
  }
  return t;
}

Table environment_table() {
  return two_columns("Variable", "变量", "What it does", "作用", {
      {"SHEQU_DB", "the data file (or a postgresql:// server), unless --db is given", "数据文件（或 postgresql:// 服务器），未给 --db 时"},
      {"SHEQU_COMMUNITY", "on a server: the community to work in (before database.community)", "使用服务器时：要操作的社区（优先于 database.community）"},
      {"SHEQU_CONFIG", "the settings file, unless --config is given", "配置文件（未给 --config 时）"},
      {"XDG_CONFIG_HOME, HOME", "where the settings file is looked for ($XDG_CONFIG_HOME/shequ/config.toml)",
       "查找配置文件的位置（$XDG_CONFIG_HOME/shequ/config.toml）"},
      {"SHEQU_OPERATOR", "the operator in the audit log, unless --as is given", "审计日志中的操作人（未给 --as 时）"},
      {"USER", "the operator when neither --as, SHEQU_OPERATOR nor operator.name is set", "未设置其他操作人时使用的登录名"},
      {"SHEQU_TODAY", "the date the rules take as today (never the audit log's clock)", "业务规则所用的今天（不改变审计时间）"},
      {"SHEQU_SAMPLE_DIR", "where init --sample finds the sample", "init --sample 查找示例数据的目录"},
      {"SHEQU_PAGER, PAGER", "the pager for listings longer than the screen (default less -FRX; empty or cat: none)",
       "超过一屏的列表所用的分页程序（默认 less -FRX；为空或 cat 则不分页）"},
      {"COLUMNS, LINES", "the terminal's size, when the window does not say", "终端宽度与高度（窗口未给出时）"},
      {"NO_COLOR", "no colour on the terminal (--color always still colours)", "终端不用颜色（--color always 仍着色）"},
      {"SHEQU_PROGRESS_DELAY_MS", "how long work runs before a progress bar appears (default 1000)",
       "多久后显示进度条（默认 1000 毫秒）"},
      {"TMPDIR", "where an .xlsx is assembled before it is written", "写 .xlsx 前的临时目录"},
  });
}

Table cron_table() {
  return two_columns("Crontab line", "crontab 行", "What it does", "作用", {
      {"30 2 * * *  cd /srv/shequ && shequ -q backup backups/ningkang-$(date +\\%F).sqlite",
       "a consistent copy of the data file every night (cron needs % written \\%)", "每晚备份数据文件（cron 中 % 须写作 \\%）"},
      {"0 7 * * *  cd /srv/shequ && shequ report run daily-due", "the day's inbox: cases and needs due",
       "每天的待办：到期的案件与诉求"},
      {"30 2 1 * * cd /srv/shequ && shequ -q points expire", "points past points.expiry_years expire", "积分到期清理"},
      {"0 6 1 * *  cd /srv/shequ && shequ report summary --period last-month -o summary.xlsx",
       "last month's figures for the street office", "上月数据报街道"},
      {"exit codes", "75 busy: retry later; 74 damaged: run shequ check (shequ help exit-codes)",
       "75 忙：稍后重试；74 损坏：运行 shequ check（见 shequ help exit-codes）"},
  });
}

struct Topic {
  const char* name;
  std::string_view en, zh;
};
const Topic kTopics[] = {
    {"formats", "Output formats and the files import reads", "输出格式与可导入的文件"},
    {"periods", "How a report period is written", "报表时段的写法"},
    {"dates", "How dates are written", "日期的写法"},
    {"references", "How a record is named: ids and natural keys", "如何指明一条记录：编号与自然键"},
    {"fields", "The columns of an import kind: shequ help fields KIND", "某类导入的各列：shequ help fields 类别"},
    {"environment", "Every environment variable shequ reads", "shequ 读取的所有环境变量"},
    {"cron", "Scheduled work: crontab lines", "定时任务：crontab 示例"},
    {"exit-codes", "What each exit code means", "各退出码的含义"},
};

Table topics_table() {
  Table t;
  t.columns = {{"topic", "Topic", "主题"}, {"about", "About", "内容"}};
  for (const Topic& topic : kTopics) t.rows.push_back({fmt::format("shequ help {}", topic.name), std::string(T(topic.en, topic.zh))});
  return t;
}

std::string topic_help(std::string_view name) {
  for (const Topic& topic : kTopics)
    if (name == topic.name) return std::string(T(topic.en, topic.zh));
  return {};
}

}  // namespace

void setup_help(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand("help", T("Reference pages: shequ help TOPIC", "参考说明：shequ help 主题"));
  noun->require_subcommand(0, 1);
  examples(*noun, "shequ help\nshequ help dates\nshequ help fields persons");
  // Alone: what `shequ --help` says, then the topics.
  noun->callback([&root, &app, noun] {
    if (!noun->get_subcommands().empty()) return;
    // root.help() would follow the parsed subcommand (help itself): ask the formatter for the root's.
    std::cout << root.get_formatter()->make_help(&root, root.get_name(), CLI::AppFormatMode::Normal) << "\n";
    app.emit(topics_table());
  });
  auto topic = [&](const char* name, std::function<Table()> table) {
    CLI::App* cmd = verb(*noun, name, std::string(topic_help(name)), fmt::format("shequ help {}", name));
    cmd->callback([&app, table] { app.emit(table()); });
  };
  topic("formats", formats_table);
  topic("periods", periods_table);
  topic("dates", dates_table);
  topic("references", references_table);
  topic("environment", environment_table);
  topic("cron", cron_table);
  topic("exit-codes", exit_code_table);
  auto kind = std::make_shared<std::string>();
  CLI::App* fields = verb(*noun, "fields", std::string(topic_help("fields")), "shequ help fields persons\nshequ help fields hours");
  offer(fields->add_option("KIND", *kind, T("Import kind", "导入类别"))->required(), {entity_kinds(), {}});
  fields->callback([&app, kind] { app.emit(fields_table(*kind)); });

  // The man page, in roff (the build writes shequ.1 with it; `man -l <(shequ help man)` shows it).
  CLI::App* man = noun->add_subcommand("man", T("The manual page, in roff", "roff 格式的手册页"));
  man->group("");
  man->callback([&root] { write_man_page(describe(root), exit_code_table(), std::cout); });
}

}  // namespace shequ::cli
