// import KIND FILE and export KIND: the generic path for every entity.
#include <unistd.h>

#include <iostream>

#include <fmt/format.h>

#include "command_tree.h"
#include "commands.h"
#include "io/csv.h"
#include "core/i18n.h"
#include "records/import.h"
#include "records/record_writer.h"
#include "core/text.h"

namespace shequ::cli {
namespace {

std::vector<std::string> kinds() { return entity_kinds(); }

}  // namespace

void setup_import(CLI::App& root, App& app) {
  struct Opts { std::string kind, file, encoding = "auto", rejects, sheet; bool dry_run = false, skip_bad = false; };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = verb(root, "import",
                       T("Import a CSV file (UTF-8 or GBK), an Excel workbook (.xlsx) or JSON (.json/.jsonl); "
                         "all-or-nothing, idempotent",
                         "导入 CSV（UTF-8 或 GBK）、Excel 工作簿（.xlsx）或 JSON（.json/.jsonl）；全部成功才写入，可重复导入"),
                       "shequ export persons --zh-headers -o 居民.xlsx\nshequ import persons 居民.xlsx --sheet 1 --dry-run");
  offer(cmd->add_option("KIND", o->kind, join(kinds(), ", "))->required(), {kinds(), {}});
  cmd->add_option("FILE", o->file, T("CSV, .xlsx or JSON file (told by content), or - for CSV on standard input",
                                     "CSV、.xlsx 或 JSON 文件（按内容识别），- 表示从标准输入读 CSV"))->required();
  cmd->add_option("--encoding", o->encoding, "auto|utf-8|gb18030")->check(CLI::IsMember({"auto", "utf-8", "utf8", "gb18030", "gbk"}));
  cmd->add_option("--sheet", o->sheet, T("Sheet of a workbook: its name or number (default: the first)",
                                         "工作簿中的工作表：名称或序号（默认第一个）"));
  cmd->add_flag("--dry-run", o->dry_run, T("Check everything, write nothing", "只检查，不写入"));
  cmd->add_flag("--skip-bad", o->skip_bad, T("Import the good rows; bad rows go to --rejects", "导入正确的行，错误行写入 --rejects"));
  cmd->add_option("--rejects", o->rejects, T("File for bad rows, in the input's format, with a reason column",
                                             "错误行输出文件（与输入同格式，含原因列）"));
  cmd->callback([&app, o] {
    if (o->skip_bad && o->rejects.empty())
      throw Error(Exit::usage, std::string(T("--skip-bad needs --rejects FILE", "--skip-bad 需要 --rejects FILE")));
    const Entity& e = entity_named(o->kind);
    ImportOptions opt;
    opt.path = o->file;
    opt.encoding = parse_encoding(o->encoding);
    opt.sheet = o->sheet;
    opt.dry_run = o->dry_run;
    opt.skip_bad = o->skip_bad;
    opt.rejects_path = o->rejects;
    opt.rejects_bom = app.render_options().bom;
    opt.on_problem = [&app](const std::string& p) { app.problem(p); };
    ImportResult r = import_file(app.context(), e, opt);
    std::string kind = r.kind == InputKind::text ? std::string(encoding_name(r.encoding))
                       : r.kind == InputKind::xlsx ? "xlsx" : r.kind == InputKind::json ? "json" : "jsonl";
    app.note(fmt::format(fmt::runtime(T("{}{}: {} inserted, {} updated, {} unchanged, {} rejected ({})",
                                         "{}{}：新增 {}，更新 {}，未变 {}，拒绝 {}（{}）")),
                         o->dry_run ? std::string(T("dry run: ", "试运行：")) : "", e.plural, r.inserted, r.updated,
                         r.unchanged, r.rejected, kind));
    if (r.wrote_rejects)
      app.note(fmt::format(fmt::runtime(T("rejected rows written to {}", "被拒绝的行已写入 {}")), o->rejects));
    else if (o->skip_bad)
      app.note(fmt::format(fmt::runtime(T("no rows rejected: {} not written", "没有被拒绝的行：未写 {}")), o->rejects));
  });
}

void setup_export(CLI::App& root, App& app) {
  auto kind = std::make_shared<std::string>();
  auto zh = std::make_shared<bool>(false);
  CLI::App* cmd = verb(root, "export",
                       T("Export records that `import` reads back: csv (default), xlsx, json or jsonl",
                         "导出可再次导入的记录：csv（默认）、xlsx、json 或 jsonl"),
                       "shequ export persons --zh-headers -o 居民.xlsx");
  offer(cmd->add_option("KIND", *kind, join(kinds(), ", "))->required(), {kinds(), {}});
  cmd->add_flag("--zh-headers", *zh, T("Chinese column names (for Excel users)", "中文列名（便于 Excel 编辑）"));
  cmd->callback([&app, kind, zh] {
    const Entity& e = entity_named(*kind);
    // csv unless --format or the -o extension names another format export writes.
    Format f = Format::csv;
    if (!app.format.empty()) f = parse_format(app.format);
    else if (auto ext = format_from_extension(app.out)) f = *ext;
    if (f != Format::csv && f != Format::json && f != Format::jsonl && f != Format::xlsx)
      throw Error(Exit::usage,
                  fmt::format(fmt::runtime(T("export does not write {}: it writes {}", "export 不能写 {}：可写 {}")),
                              format_name(f), record_formats()));
    app.refuse_binary_on_terminal(f);
    Context& ctx = app.context();
    RenderOptions ro = app.render_options();
    auto body = [&](std::ostream& os) {
      RecordWriter w(os, f, Encoding::utf8, ro.bom, e.plural);
      bool header = ro.headers || f != Format::csv;  // json keys and the workbook's header stay
      export_rows(
          ctx, e,
          [&](const std::vector<const Field*>& fields) {
            std::vector<std::string> names;
            std::vector<XlsxKind> kinds;
            for (const Field* fd : fields) {
              names.push_back(*zh ? fd->zh : fd->key);
              kinds.push_back(fd->type == FieldType::date       ? XlsxKind::date
                              : fd->type == FieldType::datetime ? XlsxKind::datetime
                              : fd->type == FieldType::integer || fd->type == FieldType::real || fd->numeric
                                  ? XlsxKind::value
                                  : XlsxKind::text);
            }
            if (header) w.header(names, kinds);
          },
          [&](const std::vector<Cell>& cells) { w.row(cells); });
      w.finish();
    };
    app.write_output(body);
  });
}

}  // namespace shequ::cli
