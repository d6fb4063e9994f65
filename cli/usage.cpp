#include "usage.h"

#include <regex>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "app.h"
#include "records/choices.h"
#include "core/i18n.h"
#include "core/text.h"

namespace shequ::cli {
namespace {

// The command the parse reached: the last subcommand chosen at each level.
const CLI::App* reached(const CLI::App& root) {
  const CLI::App* app = &root;
  for (;;) {
    auto subs = app->get_subcommands();
    if (subs.empty()) return app;
    app = subs.back();
  }
}

// "shequ person add" for a command, as the user types it.
std::string command_text(const CLI::App* app) {
  std::string text;
  for (; app; app = app->get_parent()) text = app->get_name() + (text.empty() ? "" : " " + text);
  return text;
}

// The visible verbs of a command (hidden helpers such as __complete left out).
std::vector<std::string> verbs_of(const CLI::App* app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app->get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); }))
    names.push_back(sub->get_name());
  return names;
}

// Every option name the command accepts: its own and, since global options fall through, its
// parents'.
std::vector<std::string> options_of(const CLI::App* app) {
  std::vector<std::string> names;
  for (; app; app = app->get_parent())
    for (const CLI::Option* opt : app->get_options()) {
      for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
      for (const auto& s : opt->get_snames()) names.push_back("-" + s);
    }
  return names;
}

const CLI::Option* option_named(const CLI::App* app, const std::string& name) {
  for (; app; app = app->get_parent())
    if (const CLI::Option* opt = app->get_option_no_throw(name)) return opt;
  return nullptr;
}

// What a value of this option must be, by CLI11's type name ("INT", "FLOAT:…").
std::string type_phrase(const CLI::Option* opt) {
  std::string type = opt ? opt->get_type_name() : "";
  if (type.starts_with("INT")) return std::string(tr("a whole number", "整数"));
  if (type.starts_with("UINT")) return std::string(tr("a whole number of 0 or more", "非负整数"));
  if (type.starts_with("FLOAT")) return std::string(tr("a number", "数字"));
  return std::string(tr("a valid value", "有效的值"));
}

// How to see the command's usage: "shequ person add --help".
std::string help_hint(const CLI::App* app) {
  return tr_format("see: {} --help", "用法见：{} --help", command_text(app));
}

// The words the parse left over, in command-line order (extras, and the word an unknown
// command was).
std::vector<std::string> leftovers(const CLI::App& root) {
  std::vector<std::string> words = root.remaining(true);
  return words;
}

Error unknown_word(const CLI::App* app, const std::string& word) {
  std::string path = command_text(app);
  std::string shown = app->get_parent() ? path.substr(path.find(' ') + 1) + " " : "";
  if (word.starts_with("-")) {
    std::string name = word.substr(0, word.find('='));
    std::string near = nearest_word(name, options_of(app));
    std::string text = tr_format("unknown option \"{}\"", "未知选项“{}”", name);
    if (!near.empty()) text += tr_format("; did you mean {}?", "；是否想输入 {}？", near);
    return Error(Exit::usage, text, help_hint(app));
  }
  std::vector<std::string> verbs = verbs_of(app);
  if (verbs.empty())
    return Error(Exit::usage, tr_format("unexpected argument \"{}\"", "多余的参数“{}”", word), help_hint(app));
  std::string near = nearest_word(word, verbs);
  std::string text = tr_format("unknown command \"{}{}\"", "未知命令“{}{}”", shown, word);
  if (!near.empty()) text += tr_format("; did you mean {}{}?", "；是否想输入 {}{}？", shown, near);
  return Error(Exit::usage, text,
               near.empty() ? tr_format("commands: {}", "可用命令：{}", join(verbs, ", ")) : help_hint(app));
}

// An option's name as the user typed it (CLI11 says "--title" or, for a positional, "REF").
std::string named_in(const std::string& what) {
  static const std::regex name("^(-{1,2}[A-Za-z0-9][A-Za-z0-9_-]*|[A-Z][A-Z_]*)");
  std::smatch m;
  return std::regex_search(what, m, name) ? m.str(1) : std::string();
}

}  // namespace

Error usage_error(const CLI::App& root, const CLI::ParseError& e) {
  const CLI::App* app = reached(root);
  const std::string what = e.what();
  std::smatch m;
  std::vector<std::string> extra = leftovers(root);

  if (dynamic_cast<const CLI::RequiredError*>(&e) && what.starts_with("A subcommand")) {
    if (!extra.empty()) return unknown_word(app, extra.front());
    std::string text = app->get_parent() ? tr_format("{} needs a command: {}", "{} 后面需要一个命令：{}",
                                                     command_text(app).substr(6), join(verbs_of(app), ", "))
                                         : tr_format("a command is needed, such as: shequ person list",
                                                     "需要给出命令，例如：shequ person list");
    return Error(Exit::usage, text, help_hint(app));
  }
  if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
    if (!extra.empty()) return unknown_word(app, extra.front());
    return Error(Exit::usage, T("unexpected arguments", "多余的参数"), help_hint(app));
  }
  // CLI11 checks required options before unknown words; the unknown word is said first, since
  // a misspelt option is often the required one.
  if (dynamic_cast<const CLI::RequiredError*>(&e) && !extra.empty()) return unknown_word(app, extra.front());
  if (dynamic_cast<const CLI::RequiredError*>(&e)) {
    std::string name = named_in(what);
    const CLI::Option* opt = option_named(app, name);
    std::string text = tr_format("{} is required", "{} 为必填项", name.empty() ? what : name);
    if (opt && opt->get_positional() && !opt->get_description().empty())
      text += tr_format(" ({})", "（{}）", opt->get_description());
    return Error(Exit::usage, text, help_hint(app));
  }
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) {
    std::string name = named_in(what);
    return Error(Exit::usage, tr_format("{} needs a value", "{} 需要一个值", name.empty() ? what : name),
                 help_hint(app));
  }
  static const std::regex convert("^Could not convert: (\\S+) = (.*)$");
  static const std::regex not_allowed("^The value (.*) is not an allowed value for (\\S+)$");
  static const std::regex flag_value("^(\\S+): (Should be true/false or a number|too many inputs for a flag)$");
  if (std::regex_match(what, m, convert)) {
    std::string name = m.str(1);
    if (const CLI::Option* opt = option_named(app, name); opt && opt->get_expected_max() == 0)
      return Error(Exit::usage, tr_format("{} is a switch: it takes no value", "{} 是开关选项，不接受取值", name),
                   help_hint(app));
    return Error(
        Exit::usage,
        tr_format("{}: \"{}\" is not {}", "{}：“{}”不是{}", name, m.str(2), type_phrase(option_named(app, name))),
        help_hint(app));
  }
  if (std::regex_match(what, m, not_allowed))
    return Error(Exit::usage,
                 tr_format("{}: \"{}\" is not {}", "{}：“{}”不是{}", m.str(2), m.str(1),
                           type_phrase(option_named(app, m.str(2)))),
                 help_hint(app));
  if (std::regex_match(what, m, flag_value))
    return Error(Exit::usage, tr_format("{} is a switch: it takes no value", "{} 是开关选项，不接受取值", m.str(1)),
                 help_hint(app));
  static const std::regex member("^(\\S+): (.*) not in \\{(.*)\\}$");
  if (std::regex_match(what, m, member))
    return Error(Exit::usage,
                 tr_format("{}: \"{}\" is not one of: {}", "{}：“{}”不是可选值；可选：{}", m.str(1), m.str(2),
                           choices_with_labels(split(m.str(3), ','))),
                 help_hint(app));
  static const std::regex excludes("^(\\S+) excludes (\\S+)$");
  if (std::regex_match(what, m, excludes))
    return Error(Exit::usage,
                 tr_format("{} cannot be given together with {}", "{} 与 {} 不能同时使用", m.str(1), m.str(2)),
                 help_hint(app));
  static const std::regex requires_("^(\\S+) requires (\\S+)$");
  if (std::regex_match(what, m, requires_))
    return Error(Exit::usage, tr_format("{} needs {} as well", "{} 需要同时给出 {}", m.str(1), m.str(2)),
                 help_hint(app));
  // A message CLI11 has no pattern above for: said as it is, still with shequ's prefix and 64.
  return Error(Exit::usage, what, help_hint(app));
}

namespace {

// CLI11's formatter with its words in the chosen language: the labels it looks up, and the type
// names it prints after an option ("TEXT", "INT:{a,b}").
class LocalizedFormatter : public CLI::Formatter {
 public:
  LocalizedFormatter() {
    label("Usage", T("Usage", "用法"));
    label("OPTIONS", T("OPTIONS", "选项"));
    label("SUBCOMMAND", T("COMMAND", "命令"));
    label("SUBCOMMANDS", T("COMMANDS", "命令"));
    label("Positionals", T("Arguments", "参数"));
    label("REQUIRED", T("REQUIRED", "必填"));
    label("Needs", T("Needs", "需要"));
    label("Excludes", T("Excludes", "不可同用"));
    label("Env", T("Env", "环境变量"));
  }

  // Options keep CLI11's group "Options" (a command's own --help flag is made before it could
  // inherit another name); the heading is said in the language.
  std::string make_group(std::string group, bool is_positional, std::vector<const CLI::Option*> opts) const override {
    if (group == "Options") group = T("Options", "选项");
    return CLI::Formatter::make_group(std::move(group), is_positional, std::move(opts));
  }

  // CLI11 pads the name column by bytes; Chinese type names need it by display width.
  std::string make_option(const CLI::Option* opt, bool is_positional) const override {
    return help_line(make_option_name(opt, is_positional) + make_option_opts(opt), make_option_desc(opt));
  }
  std::string make_subcommand(const CLI::App* sub) const override {
    return help_line(sub->get_display_name(true), sub->get_description());
  }

  std::string make_option_opts(const CLI::Option* opt) const override {
    std::string type = opt->get_type_name();
    if (opt->get_option_text().empty() && opt->get_type_size() != 0 && !type.empty()) {
      // The shown copy differs from the option only in its type name.
      std::string shown = localized_type(type);
      std::string text = CLI::Formatter::make_option_opts(opt);
      if (auto at = text.find(get_label(type)); at != std::string::npos) text.replace(at, get_label(type).size(), shown);
      return text;
    }
    return CLI::Formatter::make_option_opts(opt);
  }

 private:
  std::string help_line(const std::string& name, const std::string& description) const {
    std::string line = "  " + name;
    std::size_t width = display_width(line);
    if (description.empty()) return line + "\n";
    if (width >= column_width_) line += "\n", width = 0;
    line += std::string(column_width_ - width, ' ');
    for (char c : description) {
      line += c;
      if (c == '\n') line += std::string(column_width_, ' ');
    }
    return line + "\n";
  }

  static std::string localized_type(const std::string& type) {
    std::string base = type.substr(0, type.find(':'));
    std::string rest = type.size() > base.size() ? type.substr(base.size() + 1) : "";
    std::string word = base == "TEXT"    ? T("TEXT", "文本")
                       : base == "INT"   ? T("INT", "整数")
                       : base == "UINT"  ? T("UINT", "非负整数")
                       : base == "FLOAT" ? T("NUMBER", "数字")
                                         : base;
    return rest.empty() ? word : rest;  // a member list ({zh,en}) says more than its type
  }
};

}  // namespace

void localize_help(CLI::App& root) {
  root.formatter(std::make_shared<LocalizedFormatter>());
  root.set_help_flag("-h,--help", T("Print this help and exit", "显示本帮助并退出"));
  root.group(T("Commands", "命令"));
}

}  // namespace shequ::cli
