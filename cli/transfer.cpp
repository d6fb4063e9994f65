// import KIND FILE and export KIND: the generic path for every entity.
#include <unistd.h>

#include <iostream>

#include <fmt/format.h>

#include "commands.h"
#include "csv.h"
#include "i18n.h"
#include "import.h"
#include "text.h"

namespace shequ::cli {
namespace {

std::string kinds_help() {
  std::vector<std::string> k;
  for (const Entity* e : all_entities()) k.push_back(e->plural);
  return join(k, ", ");
}

}  // namespace

void setup_import(CLI::App& root, App& app) {
  struct Opts { std::string kind, file, encoding = "auto", rejects; bool dry_run = false, skip_bad = false; };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = verb(root, "import", T("Import a CSV file (UTF-8 or GBK, from Excel); all-or-nothing, idempotent",
                                          "导入 CSV（UTF-8 或 Excel 的 GBK）；全部成功才写入，可重复导入"),
                       "shequ import persons 居民.csv --dry-run");
  cmd->add_option("KIND", o->kind, kinds_help())->required();
  cmd->add_option("FILE", o->file, T("CSV file, or - for standard input", "CSV 文件，- 表示标准输入"))->required();
  cmd->add_option("--encoding", o->encoding, "auto|utf-8|gb18030")->check(CLI::IsMember({"auto", "utf-8", "utf8", "gb18030", "gbk"}));
  cmd->add_flag("--dry-run", o->dry_run, T("Check everything, write nothing", "只检查，不写入"));
  cmd->add_flag("--skip-bad", o->skip_bad, T("Import the good rows; bad rows go to --rejects", "导入正确的行，错误行写入 --rejects"));
  cmd->add_option("--rejects", o->rejects, T("CSV file for bad rows, with a reason column", "错误行输出文件（含原因列）"));
  cmd->callback([&app, o] {
    if (o->skip_bad && o->rejects.empty())
      throw Error(Exit::usage, std::string(T("--skip-bad needs --rejects FILE", "--skip-bad 需要 --rejects FILE")));
    const Entity& e = entity_named(o->kind);
    ImportOptions opt;
    opt.path = o->file;
    opt.encoding = parse_encoding(o->encoding);
    opt.dry_run = o->dry_run;
    opt.skip_bad = o->skip_bad;
    opt.rejects_path = o->rejects;
    opt.on_problem = [](const std::string& p) { std::cerr << sanitize_lines_for_terminal(p) << "\n"; };
    if (isatty(STDERR_FILENO) && !app.quiet)
      opt.on_progress = [](std::size_t line) { std::cerr << "\r" << line << "…" << std::flush; };
    ImportResult r = import_file(app.context(), e, opt);
    if (opt.on_progress) std::cerr << "\r";
    app.note(fmt::format(fmt::runtime(T("{}{}: {} inserted, {} updated, {} unchanged, {} rejected ({})",
                                         "{}{}：新增 {}，更新 {}，未变 {}，拒绝 {}（{}）")),
                         o->dry_run ? std::string(T("dry run: ", "试运行：")) : "", e.plural, r.inserted, r.updated,
                         r.unchanged, r.rejected, encoding_name(r.encoding)));
  });
}

void setup_export(CLI::App& root, App& app) {
  auto kind = std::make_shared<std::string>();
  auto zh = std::make_shared<bool>(false);
  CLI::App* cmd = verb(root, "export", T("Export records as CSV that `import` reads back",
                                          "导出为可再次导入的 CSV"),
                       "shequ export persons --zh-headers --bom -o 居民.csv");
  cmd->add_option("KIND", *kind, kinds_help())->required();
  cmd->add_flag("--zh-headers", *zh, T("Chinese column names (for Excel users)", "中文列名（便于 Excel 编辑）"));
  cmd->callback([&app, kind, zh] {
    const Entity& e = entity_named(*kind);
    Context& ctx = app.context();
    RenderOptions ro = app.render_options();
    auto body = [&](std::ostream& os) {
      if (ro.bom) os << "\xEF\xBB\xBF";
      bool header = true;
      export_records(ctx, e, *zh, [&](const std::vector<std::string>& cells) {
        if (header && !ro.headers) { header = false; return; }
        header = false;
        for (std::size_t i = 0; i < cells.size(); ++i) os << (i ? "," : "") << csv_quote(cells[i]);
        os << "\r\n";
      });
    };
    app.write_output(body);
  });
}

}  // namespace shequ::cli
