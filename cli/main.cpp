// shequ: the command-line entry point. Parses global options, dispatches to the noun table,
// and is the one place where errors become exit codes.
#include <algorithm>
#include <iostream>
#include <string_view>

#include <fmt/format.h>

#include "app.h"
#include "commands.h"
#include "core/i18n.h"
#include "domain/operators.h"
#include "io/interrupt.h"
#include "core/text.h"
#include "storage/server.h"
#include "usage.h"
#include "records/validate.h"
#include "core/version.h"

namespace {

using namespace shequ;
using namespace shequ::cli;

struct Noun {
  const char* name;
  void (*setup)(CLI::App&, App&);
  bool whole_tree = false;  // its pages describe every command: all nouns are built when it runs
};

// The command table: every noun and the file that defines it (cli/NOUN.cpp).
const Noun kNouns[] = {
    {"init/check/backup/migrate", setup_init},
    {"config", setup_config},
    {"help", setup_help, true},
    {"completion", setup_completion, true},
    {"__complete", setup_completion_values},
    {"audit", setup_audit},
    {"vocab", setup_vocab},
    {"grid", setup_grid},
    {"building", setup_building},
    {"household", setup_household},
    {"person", setup_person},
    {"import", setup_import},
    {"export", setup_export},
    {"undo", setup_undo},
    {"void", setup_void},
    {"case", setup_case},
    {"partner", setup_partner},
    {"party", setup_party},
    {"role", setup_role},
    {"need", setup_need},
    {"meeting", setup_meeting},
    {"programme", setup_programme},
    {"event", setup_event},
    {"evaluate", setup_evaluate},
    {"volunteer", setup_volunteer},
    {"team", setup_team},
    {"project", setup_project},
    {"points", setup_points},
    {"reward", setup_reward},
    {"award", setup_award},
    {"report", setup_report},
    {"street", setup_street},
    {"operator", setup_operator},
};

std::string quote_arg(std::string_view a) {
  if (!a.empty() && a.find_first_of(" \t\n'\"\\$`") == std::string_view::npos) return std::string(a);
  std::string q = "'";
  for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// --lang or ui.lang must be in force before messages are written; read them early.
void apply_language(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    std::string_view v;
    if (a == "--lang" && i + 1 < argc) v = argv[i + 1];
    else if (a.starts_with("--lang=")) v = a.substr(7);
    if (v == "en") set_language(Lang::en);
    if (v == "zh") set_language(Lang::zh);
  }
}

// Global options (--format, --db, …) are accepted after the noun and verb too.
void allow_global_options_anywhere(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands({})) {
    sub->fallthrough();
    allow_global_options_anywhere(*sub);
  }
}

// Whether the command line names one of the noun's words ("init/check/backup/migrate" has four).
bool named(const Noun& n, int argc, char** argv) {
  std::string_view words = n.name;
  while (!words.empty()) {
    std::string_view word = words.substr(0, words.find('/'));
    for (int i = 1; i < argc; ++i)
      if (word == argv[i]) return true;
    words.remove_prefix(std::min(words.size(), word.size() + 1));
  }
  return false;
}

// `hint` stands in for an error without one (a server's refusal: what the operator's role may do).
int fail(const Error& e, bool reveal, const std::string& hint = {}) {
  // An interrupted run ends with one line and 130 (SIGINT) or 143 (SIGTERM), whatever error the
  // unwinding raised on its way out.
  if (interrupt_signal() != 0) return finish_interrupted();
  // Messages quote user input (names, file contents): never send it raw to the terminal, and
  // mask the phone and ID numbers they quote as every output does.
  auto shown = [reveal](std::string_view text) {
    return sanitize_lines_for_terminal(reveal ? std::string(text) : mask_personal_numbers(text));
  };
  std::cerr << "shequ: error: " << shown(e.what()) << "\n";
  if (!e.hint().empty()) std::cerr << "shequ: hint: " << shown(e.hint()) << "\n";
  else if (!hint.empty()) std::cerr << "shequ: hint: " << shown(hint) << "\n";
  return static_cast<int>(e.code());
}

}  // namespace

int main(int argc, char** argv) {
  install_interrupt_handlers();
  on_community_migrated(regrant_after_migrations);  // a migration's new tables reach the operators' roles
  apply_language(argc, argv);
  App app;
  for (int i = 0; i < argc; ++i) app.command_line += (i ? " " : "") + quote_arg(i ? argv[i] : "shequ");

  CLI::App root{std::string(T("shequ — community coordination toolkit (社区工作台)",
                               "shequ —— 社区工作台：网格、居民、志愿服务、调解、诉求与报表"))};
  root.name("shequ");
  localize_help(root);
  root.set_version_flag("--version", version_text, T("Version, commit, data file schema and SQLite version",
                                                    "版本、提交、数据文件结构版本与 SQLite 版本"));
  root.require_subcommand(1);
  root.footer(std::string(T("Examples:\n  shequ init --sample\n  shequ grid list\n  shequ person list --grid 03 --age-min 60\n"
                             "Help topics (formats, periods, dates, fields of an import, …): shequ help\n"
                             "Exit codes: shequ help exit-codes",
                             "示例：\n  shequ init --sample\n  shequ grid list\n  shequ person list --grid 03 --age-min 60\n"
                             "参考说明（格式、时段、日期、导入各列等）：shequ help\n"
                             "退出码说明：shequ help exit-codes")));
  root.add_option("--config", app.config_path, T("Settings file (TOML)", "配置文件（TOML）"));
  root.add_option("--db", app.db_path, T("Data file (SQLite)", "数据文件（SQLite）"));
  root.add_option("--format", app.format, "table|csv|tsv|json|jsonl|md|html|xlsx");
  root.add_option("--lang", app.lang, T("Language of labels and messages", "界面语言"))->check(CLI::IsMember({"zh", "en"}));
  root.add_option("--community", app.community_code,
                  T("On a server: the community to work in (database.community)", "服务器上：要操作的社区（database.community）"));
  root.add_option("--as", app.as, T("Operator name for the audit log (a data file's; on a server the database role is the operator)",
                                    "操作人（记入审计日志；仅用于数据文件，服务器上操作人即数据库角色）"));
  root.add_flag("--reveal", app.reveal, T("Show masked personal data (audited)", "显示脱敏的个人信息（记入审计）"));
  root.add_flag("-q,--quiet", app.quiet, T("No messages on stderr", "不输出提示信息"));
  root.add_option("--fields", app.fields, T("Columns to show, by key: a,b", "只输出这些列（按键名）：a,b"));
  root.add_flag("--no-headers", app.no_headers, T("Leave out the header row", "不输出表头"));
  root.add_option("-o,--out", app.out, T("Write to FILE atomically (never over the data file, the settings or the input); "
                                          "its extension picks the format",
                                          "原子写入文件（不会覆盖数据文件、配置文件或导入的文件）；扩展名决定格式"));
  root.add_flag("--bom", app.bom, T("UTF-8 BOM in CSV (for Excel)", "CSV 加 BOM（便于 Excel 打开）"));
  root.add_option("--color", app.color, "auto|always|never")->check(CLI::IsMember({"auto", "always", "never"}));
  root.add_option("-c", app.overrides, T("Override a setting for this run: key=value", "本次运行覆盖配置：key=value"))
      ->allow_extra_args(false);

  // Only the nouns the command line names are built: constructing every noun's options costs a
  // one-row command about a third of its start-up. With none named (a typo), or one whose pages
  // describe every command (help, completion), all are built, so help texts, errors, the man
  // page and the completion scripts see the whole tree.
  bool some = false, all = false;
  for (const Noun& n : kNouns) {
    if (!named(n, argc, argv)) continue;
    (n.whole_tree ? all : some) = true;
  }
  for (const Noun& n : kNouns)
    if (all || !some || named(n, argc, argv)) n.setup(root, app);
  allow_global_options_anywhere(root);
  // After every option is parsed, before any command runs: `-o x.pdf` fails before
  // `volunteer certify` has used up a certificate number.
  root.parse_complete_callback([&app] { app.check_output_target(); });

  try {
    // Names and notes are stored as given: bytes that are not UTF-8 are refused, never stored.
    for (int i = 1; i < argc; ++i)
      if (!is_valid_utf8(argv[i]))
        throw Error(Exit::data,
                    fmt::format(fmt::runtime(T("argument {} is not valid UTF-8 text", "第 {} 个参数不是有效的 UTF-8 文本")), i),
                    std::string(T("check the terminal's encoding (e.g. LANG=zh_CN.UTF-8); convert GBK text with iconv",
                                  "请检查终端编码（如 LANG=zh_CN.UTF-8）；GBK 文本可先用 iconv 转换")));
    try {
      root.parse(argc, argv);
    } catch (const CLI::Success& e) {  // --help, --version (and their subclasses)
      return root.exit(e);
    } catch (const CLI::ParseError& e) {
      throw usage_error(root, e);
    }
  } catch (const Error& e) {
    return fail(e, app.reveal, e.code() == Exit::not_permitted ? app.refusal_hint() : std::string());
  } catch (const std::exception& e) {
    if (interrupt_signal() != 0) return finish_interrupted();
    std::cerr << "shequ: internal error: " << e.what() << "\n";
    return 70;
  }
  return interrupted_run() ? finish_interrupted() : 0;
}
