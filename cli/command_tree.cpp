#include "command_tree.h"

#include <map>
#include <regex>

#include "records/entity.h"
#include "core/text.h"

namespace shequ::cli {
namespace {

std::map<const CLI::Option*, Offer>& offers() {
  static std::map<const CLI::Option*, Offer> m;
  return m;
}

// The words of a `a|b|c` list.
std::vector<std::string> bar_list(const std::string& s) {
  static const std::regex word_list("[a-z0-9][a-z0-9-]*(\\|[a-z0-9][a-z0-9-]*)+");
  if (!std::regex_match(s, word_list)) return {};
  return split(s, '|');
}

// The entity whose record the command `noun` adds, lists or changes, if any.
const Entity* entity_of(const std::vector<std::string>& path) {
  if (path.empty()) return nullptr;
  for (const Entity* e : all_entities())
    if (e->name == path[0]) return e;
  return nullptr;
}

Offer values_of(const CLI::Option& opt, const std::vector<std::string>& path) {
  if (auto it = offers().find(&opt); it != offers().end()) return it->second;
  Offer o;
  // CLI::IsMember describes itself as "{a,b,c}".
  for (int i = 0;; ++i) {
    CLI::Validator* v = nullptr;
    try {
      v = const_cast<CLI::Option&>(opt).get_validator(i);
    } catch (const CLI::OptionNotFound&) {
      break;
    }
    if (!v) break;
    std::string d = v->get_description();
    if (d.size() > 2 && d.front() == '{' && d.back() == '}') {
      o.words = split(d.substr(1, d.size() - 2), ',');
      return o;
    }
  }
  const std::string& help = opt.get_description();
  if (auto w = bar_list(help); !w.empty()) return {w, {}};
  if (auto open = help.rfind(" ["); open != std::string::npos && help.back() == ']')
    if (auto w = bar_list(help.substr(open + 2, help.size() - open - 3)); !w.empty()) return {w, {}};
  // An option named after a field of the noun's entity (--category, --tag for tags).
  if (const Entity* e = entity_of(path)) {
    std::string key = opt.get_name().substr(2);
    std::replace(key.begin(), key.end(), '-', '_');
    for (const std::string& k : {key, key + "s"}) {
      int i = e->index(k);
      if (i < 0) continue;
      const Field& f = e->fields[static_cast<std::size_t>(i)];
      if (f.type == FieldType::choice) return {f.choices, {}};
      if (f.type == FieldType::vocab || f.type == FieldType::tags) return {{}, "vocab:" + f.target};
    }
  }
  return o;
}

CommandInfo describe(const CLI::App& app, std::vector<std::string> path) {
  CommandInfo c;
  c.path = path;
  c.help = app.get_description();
  // CLI11 gives a subcommand its parent's footer: only a footer of its own is its example.
  if (!app.get_parent() || app.get_footer() != app.get_parent()->get_footer()) c.footer = app.get_footer();
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_group().empty() || opt == app.get_help_ptr() || opt == app.get_help_all_ptr()) continue;
    OptionInfo o;
    o.positional = opt->get_positional() && !opt->nonpositional();
    if (o.positional) {
      o.names = {opt->get_name()};
    } else {
      for (const auto& s : opt->get_snames()) o.names.push_back("-" + s);
      for (const auto& l : opt->get_lnames()) o.names.push_back("--" + l);
    }
    o.help = opt->get_description();
    o.takes_value = opt->get_type_size() != 0;
    if (o.takes_value) o.values = values_of(*opt, path);
    c.options.push_back(std::move(o));
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
    std::vector<std::string> p = path;
    p.push_back(sub->get_name());
    c.subcommands.push_back(describe(*sub, p));
  }
  return c;
}

}  // namespace

CLI::Option* offer(CLI::Option* opt, Offer values) {
  offers()[opt] = std::move(values);
  return opt;
}

std::string CommandInfo::path_text() const { return join(path, " "); }

CommandInfo describe(const CLI::App& app) { return describe(app, {}); }

}  // namespace shequ::cli
