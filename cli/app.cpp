#include "app.h"

#include <pwd.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "domain/operators.h"
#include "records/choices.h"
#include "core/i18n.h"
#include "io/paths.h"
#include "storage/schema.h"
#include "storage/server.h"
#include "terminal.h"
#include "core/text.h"
#include "records/validate.h"

namespace shequ::cli {
namespace {

std::string login_name() {
  if (const char* u = std::getenv("USER"); u && *u) return u;
  if (passwd* pw = getpwuid(getuid())) return pw->pw_name;
  return "unknown";
}

}  // namespace

Config& App::config() {
  if (!config_) {
    ConfigSources src;
    if (!config_path.empty()) src.explicit_path = config_path;
    src.overrides = overrides;
    config_ = Config::load(src);
    if (lang.empty()) set_language(config_->string("ui.lang") == "en" ? Lang::en : Lang::zh);
    for (const auto& w : config_->warnings()) std::cerr << "shequ: warning: " << w << "\n";
  }
  return *config_;
}

std::string App::data_path() {
  if (!db_path.empty()) return db_path;
  if (const char* env = std::getenv("SHEQU_DB"); env && *env) return env;
  if (std::string url = config().string("database.url"); !url.empty()) return url;
  std::string p = config().string("database.path");
  if (!p.empty()) {
    std::filesystem::path path(p);
    if (path.is_relative() && !config().path().empty()) path = std::filesystem::path(config().dir()) / path;
    return path.string();
  }
  return "shequ.sqlite";
}

std::string App::community() {
  if (!community_code.empty()) return community_code;
  if (const char* env = std::getenv("SHEQU_COMMUNITY"); env && *env) return env;
  return config().string("database.community");
}

Context& App::adopt(std::unique_ptr<Db> db) {
  db_ = std::move(db);
  std::string op = as;
  if (db_->on_server()) {  // the operator is the database role: the server knows who connected
    if (!as.empty())
      throw Error(Exit::usage,
                  fmt::format(fmt::runtime(T("--as: on a server the operator is the database role you connect as ({})",
                                             "--as：在服务器上，操作人就是连接所用的数据库角色（{}）")),
                              db_->session_role()),
                  T("connect as the operator: PGUSER=NAME, or postgresql://NAME@HOST/DATABASE (docs/guide/street.md)",
                    "请以该操作人身份连接：PGUSER=名称，或 postgresql://名称@主机/数据库（见 docs/guide/zh/street.md）"));
    if (reveal && !db_->operator_role().empty() && !operator_role(db_->operator_role()).reveal)
      throw Error(Exit::not_permitted,
                  fmt::format(fmt::runtime(T("--reveal: the role {} may not reveal personal data", "--reveal：角色 {} 不能显示脱敏的个人信息")),
                              db_->operator_role()),
                  operator_may(db_->operator_role()));
    op = db_->session_role();
  }
  if (op.empty()) if (const char* env = std::getenv("SHEQU_OPERATOR"); env && *env) op = env;
  if (op.empty()) op = config().string("operator.name");
  if (op.empty()) op = login_name();
  ctx_ = std::make_unique<Context>(Context{*db_, config(), op, command_line, reveal});
  ctx_->progress = &progress();
  return *ctx_;
}

int App::busy_timeout_ms() { return static_cast<int>(config().integer("database.busy_timeout_ms")); }
Sync App::sync() { return config().string("database.sync") == "normal" ? Sync::normal : Sync::full; }

Context& App::context() {
  if (ctx_) return *ctx_;
  std::string location = data_path();
  adopt(is_server_url(location) ? open_community(location, community(), busy_timeout_ms())
                                : open_data_file(location, busy_timeout_ms(), sync()));
  return *ctx_;
}

Context& App::street_context() {
  if (ctx_) return *ctx_;
  return adopt(open_street(data_path(), busy_timeout_ms()));
}

std::string App::refusal_hint() const {
  return db_ && db_->on_server() ? operator_may(db_->operator_role()) : std::string();
}

Format App::output_format(Format default_when_piped) const {
  if (!format.empty()) return parse_format(format);
  if (!out.empty()) {
    if (auto f = format_from_extension(out)) return *f;
  }
  return isatty(STDOUT_FILENO) && out.empty() ? Format::table : default_when_piped;
}

RenderOptions App::render_options() const {
  RenderOptions o;
  o.headers = !no_headers;
  o.bom = bom || (config_ && config_->boolean("csv.bom"));
  bool tty = out.empty() && isatty(STDOUT_FILENO);
  std::string c = color == "auto" && config_ ? config_->string("ui.color") : color;
  o.color = c == "always" || (c == "auto" && tty && !std::getenv("NO_COLOR"));
  if (!tty) o.max_cell_width = 0;  // no truncation in files and pipes
  else o.line_width = terminal_columns();
  if (!fields.empty()) {
    for (auto& f : split(fields, ',')) o.fields.push_back(trim(f));
  }
  return o;
}

void App::check_output_target() const {
  if (!format.empty()) {
    parse_format(format);  // an unknown --format fails before any work
    return;
  }
  if (out.empty() || out == "-" || !has_extension(out) || format_from_extension(out)) return;
  throw Error(Exit::usage,
              fmt::format(fmt::runtime(T("-o {}: shequ cannot write this kind of file (it writes {})",
                                         "-o {}：shequ 不能写这种文件（可写：{}）")),
                          out, known_extensions()),
              T("pick one of those extensions, or give --format", "请换用以上扩展名之一，或指定 --format"));
}

void App::refuse_binary_on_terminal(Format f) const {
  if (f == Format::xlsx && (out.empty() || out == "-") && isatty(STDOUT_FILENO))
    throw Error(Exit::usage, T("xlsx is a binary workbook: not written to a terminal",
                               "xlsx 是二进制工作簿，不输出到终端"),
                T("write it to a file: -o FILE.xlsx (or redirect: > FILE.xlsx)",
                  "请写入文件：-o 文件.xlsx（或重定向：> 文件.xlsx）"));
}

void App::write_output(const std::function<void(std::ostream&)>& body) {
  if ((out.empty() || out == "-") && stdout_is_terminal()) {  // a long listing goes through the pager
    std::ostringstream text;
    body(text);
    show(text.str());
    std::cout.flush();
    return;
  }
  if (out.empty() || out == "-") {
    body(std::cout);
    std::cout.flush();
    if (!std::cout) throw Error(Exit::io, std::string(T("cannot write to standard output", "无法写入标准输出")));
    return;
  }
  protect_data_file(data_path());  // also when this command did not open it
  AtomicFile file(out);
  body(file.stream());
  file.commit();
}

// Phone and ID numbers that free text quotes are masked in every output unless --reveal. The
// community's own contact number (community.contact_phone, printed on certificates and notices)
// is public and stays as written.
template <class Report>
void App::emit_report(const Report& report) {
  Format f = output_format();
  refuse_binary_on_terminal(f);
  if (!reveal) {
    Report masked = report;
    const std::vector<std::string> public_numbers{config().string("community.contact_phone")};
    map_text(masked, [&](std::string_view text) { return mask_personal_numbers(text, public_numbers); });
    return write_output([&](std::ostream& os) { render(masked, f, render_options(), os); });
  }
  write_output([&](std::ostream& os) { render(report, f, render_options(), os); });
}

void App::emit(const Table& t) { emit_report(t); }

void App::emit(const Document& d) { emit_report(d); }

void App::emit_record(const Table& t) {
  Format f = output_format();
  if ((f != Format::table && f != Format::md) || t.rows.size() != 1) return emit(t);
  const Table shown = with_labels(t);  // field/value lines are for people: codes as labels
  Table v;
  v.title = t.title;
  v.columns = {{"field", "Field", "字段"}, {"value", "Value", "内容"}};
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    const Column& c = t.columns[i];
    v.rows.push_back({std::string(T(c.en, c.zh)), shown.rows[0][i]});
  }
  v.notes = t.notes;
  std::string keep = fields;
  fields.clear();
  emit(v);
  fields = keep;
}

void App::note(const std::string& text) {
  if (quiet) return;
  bar_.erase();
  std::cerr << sanitize_lines_for_terminal(reveal ? text : mask_personal_numbers(text)) << "\n";
}

void App::problem(const std::string& text) {
  bar_.erase();
  std::cerr << sanitize_lines_for_terminal(reveal ? text : mask_personal_numbers(text)) << "\n";
}

Progress& App::progress() {
  static const bool terminal = isatty(STDERR_FILENO);
  if (quiet || !terminal) return Progress::none();
  return bar_;
}

CLI::Validator choice_of(std::vector<std::string> choices) {
  std::string described = "{" + join(choices, ",") + "}";
  return CLI::Validator(
      [choices](std::string& value) -> std::string {
        if (auto code = choice_code(choices, nfkc(value))) {
          value = *code;
          return {};
        }
        return value + " not in {" + join(choices, ",") + "}";  // said again by usage_error()
      },
      described);
}

std::string examples_footer(const std::string& examples) {
  std::vector<std::string> lines;
  for (const std::string& line : split(examples, '\n'))
    if (!trim(line).empty()) lines.push_back("  " + trim(line));
  return fmt::format("{}\n{}", lines.size() > 1 ? T("Examples:", "示例：") : T("Example:", "示例："), join(lines, "\n"));
}

void examples(CLI::App& cmd, const std::string& lines) { cmd.footer(examples_footer(lines)); }

std::string command_path(const CLI::App& cmd) {
  std::string path;
  for (const CLI::App* c = &cmd; c && c->get_parent(); c = c->get_parent()) path = c->get_name() + (path.empty() ? "" : " " + path);
  return "shequ " + path;
}

CLI::App* verb(CLI::App& noun, const std::string& name, const std::string& help, const std::string& example) {
  CLI::App* sub = noun.add_subcommand(name, help);
  sub->footer(examples_footer(example));
  sub->fallthrough();
  return sub;
}

void add_field_options(CLI::App& cmd, const Entity& e, Input& in, bool creating) {
  for (const Field& f : e.fields) {
    if (f.column.empty() || !f.exported) continue;
    const std::string flag = option_name(f.key);
    std::string desc = std::string(T(f.en, f.zh));
    if (f.required && creating) desc += std::string(T(" (required)", "（必填）"));
    if (f.type == FieldType::choice) desc += " [" + join(f.choices, "|") + "]";
    if (f.type == FieldType::vocab || f.type == FieldType::tags) desc += " (shequ vocab list --kind " + f.target + ")";
    if (f.min && f.max) desc += fmt::format(" [{}–{}]", *f.min, *f.max);
    if (!f.fallback.empty()) desc += fmt::format(fmt::runtime(T(" (blank: {})", "（留空为 {}）")), f.fallback);
    if (f.past) desc += std::string(T(" (not in the future)", "（不晚于今天）"));
    std::string key = f.key;
    cmd.add_option_function<std::string>(flag, [&in, key](const std::string& v) { in.set(key, v); }, desc);
    for (const std::string& alias : f.aliases)  // the old spelling, hidden from help
      cmd.add_option_function<std::string>(option_name(alias), [&in, key](const std::string& v) { in.set(key, v); })
          ->group("");
  }
}

void add_add_verb(CLI::App& noun, App& app, const Entity& e, const std::string& example) {
  auto in = std::make_shared<Input>();
  CLI::App* add = verb(noun, "add", fmt::format("{} {}", T("Add a", "新增"), T(e.en, e.zh)), example);
  add_field_options(*add, e, *in, true);
  add->callback([&app, &e, in] {
    std::int64_t id = add_record(app.context(), e, *in);
    std::cout << ref_text(e, id) << "\n";
  });
}

void add_list_verb(CLI::App& noun, App& app, const Entity& e, const ListFilters& filters, std::string help,
                   std::string example) {
  if (help.empty()) help = fmt::format("{} {}", T("List", "列出"), T(e.en, e.zh));
  if (example.empty()) example = fmt::format("{} list --format csv -o {}.csv", command_path(noun), e.plural);
  auto query_fn = std::make_shared<std::function<void(Query&)>>();
  auto limit = std::make_shared<std::int64_t>(-1);
  CLI::App* list = verb(noun, "list", help, example);
  list->add_option("--limit", *limit, T("At most N rows", "最多显示 N 行"));
  if (filters) filters(*list, *query_fn);
  list->callback([&app, &e, query_fn, limit] {
    Query q;
    if (*query_fn) (*query_fn)(q);
    q.limit = *limit;
    app.emit(list_records(app.context(), e, q));
  });
}

void add_show_verb(CLI::App& noun, App& app, const Entity& e) {
  auto ref = std::make_shared<std::string>();
  CLI::App* show = verb(noun, "show", fmt::format("{} {}", T("Show one", "查看"), T(e.en, e.zh)),
                        fmt::format("{} show {}", command_path(noun), ref_text(e, 1)));
  show->add_option("REF", *ref, T("Prefixed id or natural key", "带前缀编号或自然键"))->required();
  show->callback([&app, &e, ref] {
    Context& ctx = app.context();
    app.emit_record(show_record(ctx, e, resolve(ctx, e, *ref)));
  });
}

void add_set_verb(CLI::App& noun, App& app, const Entity& e, std::string help, std::string example) {
  if (help.empty()) help = fmt::format("{} {}", T("Change a", "修改"), T(e.en, e.zh));
  if (example.empty()) example = fmt::format("{} set {} --note \"…\"", command_path(noun), ref_text(e, 1));
  auto ref = std::make_shared<std::string>();
  auto in = std::make_shared<Input>();
  CLI::App* set = verb(noun, "set", help, example);
  set->add_option("REF", *ref, T("Prefixed id or natural key", "带前缀编号或自然键"))->required();
  add_field_options(*set, e, *in, false);
  set->callback([&app, &e, ref, in] {
    if (in->values.empty())
      throw Error(Exit::usage, T("nothing to change: give at least one --FIELD", "没有要修改的内容：请至少给出一个 --字段"));
    Outcome o = set_record(app.context(), e, *ref, *in);
    app.note(o == Outcome::unchanged ? T("unchanged", "无变化") : T("updated", "已更新"));
  });
}

void add_record_verbs(CLI::App& noun, App& app, const Entity& e, const std::string& add_example,
                      const ListFilters& filters) {
  add_add_verb(noun, app, e, add_example);
  add_list_verb(noun, app, e, filters);
  add_show_verb(noun, app, e);
  add_set_verb(noun, app, e);
}

}  // namespace shequ::cli
