#include <iostream>

#include "commands.h"
#include "i18n.h"
#include "manpage.h"

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

}  // namespace

void setup_help(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand("help", T("Reference pages", "参考说明"));
  noun->require_subcommand(1);
  CLI::App* codes = verb(*noun, "exit-codes", T("What each exit code means", "各退出码的含义"),
                         "shequ help exit-codes");
  codes->callback([&app] { app.emit(exit_code_table()); });

  // The man page, in roff (the build writes shequ.1 with it; `man -l <(shequ help man)` shows it).
  CLI::App* man = noun->add_subcommand("man", T("The manual page, in roff", "roff 格式的手册页"));
  man->group("");
  man->callback([&root] { write_man_page(describe(root), exit_code_table(), std::cout); });
}

}  // namespace shequ::cli
