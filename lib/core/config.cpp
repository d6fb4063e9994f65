#include "core/config.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <variant>

#include <toml++/toml.h>

#include "core/error.h"
#include "core/i18n.h"
#include "io/paths.h"
#include "core/text.h"

namespace shequ {
namespace {

namespace fs = std::filesystem;

enum class Type { string, integer, real, boolean, string_list, integer_list };

// One known setting. `value` is the default in -c syntax ("5000", "false", "100,300"); `check`
// holds space-separated rules: "a|b|c" (one of), ">=0", ">0", "ascending", "nonempty",
// "numfmt" (an fmt pattern taking {year} and {seq}), "mode" (empty, or an octal file mode such as "0640").
struct Row {
  std::string_view key;
  Type type;
  std::string_view value;
  std::string_view check;
  std::string_view en;
  std::string_view zh;
};

// The registry: add a setting by adding one row.
constexpr Row kRegistry[] = {
    {"database.path", Type::string, "", "", "Data file, relative to this file's folder (empty: ./shequ.sqlite)", "数据文件路径，相对于本配置文件所在目录（空：./shequ.sqlite）"},
    {"database.url", Type::string, "", "", "A PostgreSQL server instead of a file: postgresql://[user@]host/database (no password here: libpq reads ~/.pgpass and $PGPASSWORD)", "改用 PostgreSQL 服务器而非数据文件：postgresql://[用户@]主机/数据库（不要在此写密码：libpq 读取 ~/.pgpass 与 $PGPASSWORD）"},
    {"database.community", Type::string, "", "", "On a server: the community's code (its schema), as given to init --community", "使用服务器时：社区代码（即其 schema），与 init --community 相同"},
    {"database.sync", Type::string, "full", "full|normal", "full: each command is on disk when it returns; normal: a power cut may lose the last commands, never consistency (faster)", "full：每条命令返回时已写入磁盘；normal：断电可能丢失最后几条命令，但不会损坏文件（更快）"},
    {"database.busy_timeout_ms", Type::integer, "5000", ">=0", "How long to wait for a busy data file, in milliseconds", "数据文件被占用时的等待时间（毫秒）"},
    {"ui.lang", Type::string, "zh", "zh|en", "Language of labels and messages", "界面与消息的语言"},
    {"ui.color", Type::string, "auto", "auto|always|never", "Colour in table output", "表格输出是否使用颜色"},
    {"operator.name", Type::string, "", "", "Operator recorded in the audit log (--as overrides it)", "写入审计日志的操作人（--as 可覆盖）"},
    {"csv.bom", Type::boolean, "false", "", "Start CSV output with a UTF-8 BOM, for Excel", "CSV 输出以 UTF-8 BOM 开头（便于 Excel 打开）"},
    {"community.name", Type::string, "宁康园社区", "", "Community name on reports and certificates", "报表和证明上的社区名称"},
    {"community.person_in_charge", Type::string, "", "", "Person in charge named on certificates", "证明上的负责人"},
    {"community.contact_phone", Type::string, "", "", "Contact phone printed on certificates", "证明上的联系电话"},
    {"volunteer.number_format", Type::string, "NKY{year}{seq:04}", "numfmt", "Format of new volunteer numbers ({year}, {seq})", "新志愿者编号的格式（{year}、{seq}）"},
    {"volunteer.min_unit_minutes", Type::integer, "30", ">0", "Service time is counted in units of this many minutes", "服务时长的最小计量单位（分钟）"},
    {"volunteer.rounding", Type::string, "down", "down|nearest|up", "How service time is rounded to the unit", "服务时长按计量单位取整的方式"},
    {"volunteer.max_minutes_per_entry", Type::integer, "480", ">0", "Most minutes one service entry may record", "单条服务记录的最长时长（分钟）"},
    {"volunteer.max_minutes_per_day", Type::integer, "720", ">0", "Most minutes one volunteer may log per day", "每名志愿者每天的最长服务时长（分钟）"},
    {"volunteer.notice_days", Type::integer, "0", ">=0", "Days hours are posted publicly before they can be verified", "服务时长确认前的公示天数"},
    {"points.per_hour", Type::real, "1.0", ">=0", "Points per verified hour, before the project's coefficient", "每确认一小时服务的积分（未乘项目系数）"},
    {"points.expiry_years", Type::integer, "0", ">=0", "Points expire after this many years (0: never)", "积分有效年数（0：永不过期）"},
    {"stars.thresholds_hours", Type::integer_list, "100,300,600,1000,1500", ">0 ascending nonempty", "Cumulative verified hours for 1, 2, … stars", "评定一星、二星……所需的累计服务小时数"},
    {"cases.number_format", Type::string, "{year}-{seq:04}", "numfmt", "Format of new case numbers ({year}, {seq})", "新调解案件编号的格式（{year}、{seq}）"},
    {"cases.escalate_after_days", Type::integer, "7", ">=0", "A grid-level case older than this is due for escalation", "网格级案件超过此天数应上报"},
    {"cases.deadline_days", Type::integer, "30", ">0", "A case open longer than this is overdue", "案件超过此天数未结即为超期"},
    {"cases.followup_after_days", Type::integer, "30", ">=0", "A follow-up visit is due this many days after agreement", "达成协议后多少天应回访"},
    {"needs.default_due_days", Type::integer, "30", ">0", "Days a new need has until it is due", "新需求的默认办理期限（天）"},
    {"reports.week_start", Type::string, "monday", "monday|sunday", "First day of the week in reports", "报表中每周的第一天"},
    {"certificates.number_format", Type::string, "ZM{year}{seq:04}", "numfmt", "Format of service certificate numbers ({year}, {seq})", "志愿服务证明编号的格式（{year}、{seq}）"},
    {"reports.dir", Type::string, "", "", "Folder of saved reports whose out is relative (itself relative to the data file's folder, on a server the settings file's; empty: that folder)", "相对路径的定时报表输出目录（本身相对于数据文件所在目录，服务器上为本配置文件所在目录；空：即该目录）"},
    {"reports.mode", Type::string, "", "mode", "Mode of saved report files, e.g. \"0640\" for a shared folder (empty: follow the umask)", "定时报表文件的权限，如共享目录用 \"0640\"（空：按 umask）"},
    {"cases.committee", Type::string, "", "", "The people's mediation committee on the case file (empty: community.name + 人民调解委员会)", "卷宗上的人民调解委员会名称（空：社区名称 + 人民调解委员会）"},
    {"cases.file_number_format", Type::string, "（{year}）宁调字第 {seq:04} 号", "numfmt", "Case file number on the dossier's cover ({year}, {seq}: the case's year and sequence)", "卷宗封面上的卷号（{year}、{seq}：案件的年份和序号）"},
    {"cases.retention", Type::string, "长期", "", "Retention period printed on the case file's cover", "卷宗封面上的保管期限"},
    {"volunteer.notice_objection", Type::string, "如对公示内容有异议，请在公示期内向社区居委会书面或电话反映，逾期视为无异议。", "", "How to object, printed on the hours notice list", "服务时长公示名单上的异议方式"},
    {"certificates.handler", Type::string, "", "", "Handler named on certificates (empty: the operator who issues it)", "证明上的经办人（空：出具证明的操作人）"},
    {"barometer.min_count", Type::integer, "5", ">0", "Fewest evaluations an item needs before the barometer shows its average", "晴雨表显示平均分所需的最少评价数"},
    {"reports.points_expiry_warning_days", Type::integer, "30", ">=0", "report due lists points expiring within this many days", "今日待办列出多少天内将过期的积分"},
};

// Top-level tables whose contents are free-form (checked by the code that reads them).
constexpr std::string_view kFreeForm[] = {"reports", "vocab", "meals"};

using Value = std::variant<std::string, std::int64_t, double, bool, std::vector<std::string>,
                           std::vector<std::int64_t>>;

struct Entry {
  Value value;
  std::string origin;  // "default", "FILE:LINE", "-c"
};

}  // namespace

struct Config::Impl {
  std::string path;  // as found; empty if none
  std::string dir;
  std::vector<std::string> warnings;
  std::vector<Entry> entries;  // parallel to kRegistry
  toml::table doc;
};

namespace {

[[noreturn]] void config_error(std::string message, std::string hint = {}) {
  throw Error(Exit::config, std::move(message), std::move(hint));
}

const Row* find_row(std::string_view key) {
  for (const Row& row : kRegistry)
    if (row.key == key) return &row;
  return nullptr;
}

std::size_t row_index(const Row* row) { return static_cast<std::size_t>(row - kRegistry); }

// True if some registered key lies inside the table at `key`.
bool holds_registered(std::string_view key) {
  for (const Row& row : kRegistry)
    if (row.key.size() > key.size() && row.key.starts_with(key) && row.key[key.size()] == '.')
      return true;
  return false;
}

bool is_free_form(std::string_view key) {
  for (std::string_view prefix : kFreeForm)
    if (key == prefix || (key.starts_with(prefix) && key.size() > prefix.size() &&
                          key[prefix.size()] == '.'))
      return true;
  return false;
}

std::string_view type_phrase(Type type) {
  switch (type) {
    case Type::string: return tr("a string", "字符串");
    case Type::integer: return tr("an integer", "整数");
    case Type::real: return tr("a number", "数值");
    case Type::boolean: return tr("true or false", "布尔值（true 或 false）");
    case Type::string_list: return tr("a list of strings", "字符串列表");
    case Type::integer_list: return tr("a list of integers", "整数列表");
  }
  return {};
}

std::string_view node_phrase(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return tr("a string", "字符串");
    case toml::node_type::integer: return tr("an integer", "整数");
    case toml::node_type::floating_point: return tr("a decimal number", "小数");
    case toml::node_type::boolean: return tr("a boolean", "布尔值");
    case toml::node_type::date: return tr("a date", "日期");
    case toml::node_type::time: return tr("a time", "时间");
    case toml::node_type::date_time: return tr("a date-time", "日期时间");
    case toml::node_type::array: return tr("an array", "数组");
    case toml::node_type::table: return tr("a table", "表");
    case toml::node_type::none: break;
  }
  return tr("nothing", "空值");
}

std::string where(const std::string& file, const toml::node& node) {
  return fmt::format("{}:{}", file, node.source().begin.line);
}

[[noreturn]] void wrong_type(const std::string& file, const toml::node& node, std::string_view key,
                             std::string_view expected) {
  config_error(tr_format("{}: {}: expected {}, found {}", "{}: {}: 应为{}，实为{}", where(file, node), key, expected,
                         node_phrase(node)));
}

// Converts a file node to a value of `type`, or throws Error(config) naming file, line and key.
Value from_node(const toml::node& node, Type type, std::string_view key, const std::string& file) {
  switch (type) {
    case Type::string:
      if (auto v = node.value_exact<std::string>()) return *v;
      break;
    case Type::integer:
      if (auto v = node.value_exact<std::int64_t>()) return *v;
      break;
    case Type::real:
      if (auto v = node.value_exact<double>()) return *v;
      if (auto v = node.value_exact<std::int64_t>()) return static_cast<double>(*v);
      break;
    case Type::boolean:
      if (auto v = node.value_exact<bool>()) return *v;
      break;
    case Type::string_list:
    case Type::integer_list: {
      const toml::array* array = node.as_array();
      if (!array) break;
      std::vector<std::string> strings;
      std::vector<std::int64_t> integers;
      for (const toml::node& item : *array) {
        auto s = item.value_exact<std::string>();
        auto i = item.value_exact<std::int64_t>();
        if (type == Type::string_list && s) {
          strings.push_back(*s);
        } else if (type == Type::integer_list && i) {
          integers.push_back(*i);
        } else {
          config_error(tr_format("{}: {}: expected {}, found {} in the list", "{}: {}: 应为{}，列表中有{}",
                                 where(file, item), key, type_phrase(type), node_phrase(item)));
        }
      }
      if (type == Type::string_list) return strings;
      return integers;
    }
  }
  wrong_type(file, node, key, type_phrase(type));
}

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::string_view unquote(std::string_view s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') return s.substr(1, s.size() - 2);
  return s;
}

std::optional<std::int64_t> parse_integer(std::string_view s) {
  if (s.starts_with('+')) s.remove_prefix(1);
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<double> parse_real(std::string_view s) {
  if (s.starts_with('+')) s.remove_prefix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

// Parses -c (and default) text: strings as is (surrounding quotes dropped), lists as
// "a,b,c" (surrounding brackets dropped). nullopt if the text does not fit `type`.
std::optional<Value> parse_text(std::string_view text, Type type) {
  text = trim(text);
  switch (type) {
    case Type::string: return Value{std::string(unquote(text))};
    case Type::integer:
      if (auto v = parse_integer(text)) return Value{*v};
      return std::nullopt;
    case Type::real:
      if (auto v = parse_real(text)) return Value{*v};
      return std::nullopt;
    case Type::boolean:
      if (text == "true") return Value{true};
      if (text == "false") return Value{false};
      return std::nullopt;
    case Type::string_list:
    case Type::integer_list: {
      if (text.size() >= 2 && text.front() == '[' && text.back() == ']')
        text = trim(text.substr(1, text.size() - 2));
      std::vector<std::string> strings;
      std::vector<std::int64_t> integers;
      while (!text.empty()) {
        std::size_t comma = text.find(',');
        std::string_view item = trim(text.substr(0, comma));
        if (item.empty()) return std::nullopt;
        if (type == Type::string_list) {
          strings.emplace_back(unquote(item));
        } else if (auto v = parse_integer(item)) {
          integers.push_back(*v);
        } else {
          return std::nullopt;
        }
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
        if (trim(text).empty()) return std::nullopt;  // trailing comma
      }
      if (type == Type::string_list) return Value{strings};
      return Value{integers};
    }
  }
  return std::nullopt;
}

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f)
          out += fmt::format("\\u{:04X}", static_cast<unsigned>(c));
        else
          out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string render_real(double v) {
  std::string s = fmt::format("{}", v);
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";  // "n": inf, nan
  return s;
}

std::string render(const Value& value) {
  struct Visitor {
    std::string operator()(const std::string& v) const { return quote(v); }
    std::string operator()(std::int64_t v) const { return fmt::format("{}", v); }
    std::string operator()(double v) const { return render_real(v); }
    std::string operator()(bool v) const { return v ? "true" : "false"; }
    std::string operator()(const std::vector<std::string>& v) const {
      std::vector<std::string> items;
      for (const auto& s : v) items.push_back(quote(s));
      return fmt::format("[{}]", fmt::join(items, ", "));
    }
    std::string operator()(const std::vector<std::int64_t>& v) const {
      return fmt::format("[{}]", fmt::join(v, ", "));
    }
  };
  return std::visit(Visitor{}, value);
}

bool bare_key(std::string_view k) {
  return !k.empty() && std::all_of(k.begin(), k.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

std::string render_key(std::string_view k) { return bare_key(k) ? std::string(k) : quote(k); }

std::string render_node(const toml::node& node) {
  if (auto v = node.value_exact<std::string>()) return quote(*v);
  if (auto v = node.value_exact<std::int64_t>()) return fmt::format("{}", *v);
  if (auto v = node.value_exact<double>()) return render_real(*v);
  if (auto v = node.value_exact<bool>()) return *v ? "true" : "false";
  if (const toml::array* array = node.as_array()) {
    std::vector<std::string> items;
    for (const toml::node& item : *array) items.push_back(render_node(item));
    return fmt::format("[{}]", fmt::join(items, ", "));
  }
  if (const toml::table* table = node.as_table()) {
    std::vector<std::string> items;
    for (const auto& [k, v] : *table) items.push_back(render_key(k.str()) + " = " + render_node(v));
    return items.empty() ? "{}" : fmt::format("{{ {} }}", fmt::join(items, ", "));
  }
  std::ostringstream out;  // dates and times
  node.visit([&out](const auto& n) { out << n; });
  return out.str();
}

// Returns a problem with `value` per the row's check rules, or nullopt if it passes.
std::optional<std::string> check_value(const Row& row, const Value& value) {
  std::string_view rules = row.check;
  while (!rules.empty()) {
    std::size_t space = rules.find(' ');
    std::string_view rule = rules.substr(0, space);
    rules = space == std::string_view::npos ? std::string_view{} : rules.substr(space + 1);
    if (rule.empty()) continue;

    std::vector<double> numbers;
    if (auto* i = std::get_if<std::int64_t>(&value)) numbers.push_back(static_cast<double>(*i));
    if (auto* d = std::get_if<double>(&value)) numbers.push_back(*d);
    if (auto* l = std::get_if<std::vector<std::int64_t>>(&value))
      for (auto i : *l) numbers.push_back(static_cast<double>(i));
    const std::string* text = std::get_if<std::string>(&value);

    if (rule.find('|') != std::string_view::npos) {
      std::vector<std::string_view> allowed;
      for (std::string_view rest = rule;;) {
        std::size_t bar = rest.find('|');
        allowed.push_back(rest.substr(0, bar));
        if (bar == std::string_view::npos) break;
        rest.remove_prefix(bar + 1);
      }
      if (!text || std::find(allowed.begin(), allowed.end(), *text) == allowed.end())
        return tr_format("{} is not one of {}", "{} 不是可选值（{}）之一", render(value), fmt::join(allowed, ", "));
    } else if (rule == ">=0") {
      for (double n : numbers)
        if (n < 0) return tr_format("must not be negative", "不能为负数");
    } else if (rule == ">0") {
      for (double n : numbers)
        if (n <= 0) return tr_format("must be greater than zero", "必须大于零");
    } else if (rule == "ascending") {
      if (!std::is_sorted(numbers.begin(), numbers.end(), std::less_equal<>{}))
        return tr_format("must be in ascending order", "必须从小到大排列");
    } else if (rule == "nonempty") {
      auto* strings = std::get_if<std::vector<std::string>>(&value);
      auto* integers = std::get_if<std::vector<std::int64_t>>(&value);
      if ((strings && strings->empty()) || (integers && integers->empty()))
        return tr_format("must not be empty", "不能为空");
    } else if (rule == "numfmt") {
      if (!text) continue;
      try {
        std::string a = fmt::format(fmt::runtime(*text), fmt::arg("year", 2026), fmt::arg("seq", 1));
        std::string b = fmt::format(fmt::runtime(*text), fmt::arg("year", 2026), fmt::arg("seq", 2));
        if (a == b) return tr_format("must contain {{seq}}", "必须包含 {{seq}}");
      } catch (const fmt::format_error& e) {
        return tr_format("is not a valid number format ({}); use {{year}} and {{seq}}, e.g. \"{{year}}-{{seq:04}}\"",
                         "不是有效的编号格式（{}）；请用 {{year}} 和 {{seq}}，例如 \"{{year}}-{{seq:04}}\"", e.what());
      }
    } else if (rule == "mode") {
      if (!text || text->empty()) continue;
      bool octal = text->size() >= 3 && text->size() <= 4 &&
                   text->find_first_not_of("01234567") == std::string::npos;
      if (!octal || std::stoul(*text, nullptr, 8) > 0777)
        return tr_format("is not a file mode; use three or four octal digits such as \"0640\"",
                         "不是文件权限；请写三或四位八进制数，如 \"0640\"");
    } else {
      throw std::logic_error("config registry: unknown check rule in " + std::string(row.key));
    }
  }
  return std::nullopt;
}

std::string_view last_segment(std::string_view key) {
  std::size_t dot = key.rfind('.');
  return dot == std::string_view::npos ? key : key.substr(dot + 1);
}

// The registered key an unknown `key` was probably meant to be, if any is close.
std::optional<std::string_view> suggest(std::string_view key) {
  std::optional<std::string_view> best;
  std::size_t best_distance = std::min<std::size_t>(3, key.size() / 2) + 1;
  for (const Row& row : kRegistry) {
    std::size_t d = edit_distance(key, row.key);
    if (d < best_distance) best = row.key, best_distance = d;
  }
  if (best) return best;
  for (const Row& row : kRegistry)
    if (last_segment(row.key) == last_segment(key)) return row.key;
  return std::nullopt;
}

std::string did_you_mean(std::string_view key) {
  if (auto s = suggest(key)) return tr_format("; did you mean '{}'?", "；是否应为 '{}'？", *s);
  return {};
}

// Defaults parsed once from the registry's -c style text; a bad row is a programming error.
const std::vector<Entry>& default_entries() {
  static const std::vector<Entry> entries = [] {
    std::vector<Entry> out;
    for (const Row& row : kRegistry) {
      auto value = parse_text(row.value, row.type);
      if (!value || check_value(row, *value))
        throw std::logic_error("config registry: bad default for " + std::string(row.key));
      out.push_back({std::move(*value), "default"});
    }
    return out;
  }();
  return entries;
}

// Visits every leaf of the file: registered keys go to on_registered(row, node), leaves inside
// free-form tables to on_free(key, node) and the rest to on_unknown(key, node). Keys are shown
// as TOML writes them ("meals.tiers.\"低保\"").
template <typename Free, typename Registered, typename Unknown>
void walk(const toml::table& table, const std::string& path, const std::string& file, Free&& on_free,
          Registered&& on_registered, Unknown&& on_unknown) {
  for (const auto& [k, node] : table) {
    std::string key = path.empty() ? render_key(k.str()) : path + "." + render_key(k.str());
    auto descend = [&](const toml::table& sub) {
      walk(sub, key, file, on_free, on_registered, on_unknown);
    };
    if (const Row* row = find_row(key)) {
      on_registered(*row, node);
    } else if (holds_registered(key) || (is_free_form(key) && key.find('.') == std::string::npos)) {
      const toml::table* sub = node.as_table();
      if (!sub) wrong_type(file, node, key, tr("a table", "表"));
      descend(*sub);
    } else if (const toml::table* sub = node.as_table()) {
      descend(*sub);
    } else if (is_free_form(key)) {
      on_free(key, node);
    } else {
      on_unknown(key, node);
    }
  }
}

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  return std::string(v);
}

// SPEC §2 discovery; returns the path to read, or "" for none.
std::string discover(const ConfigSources& sources) {
  auto must_exist = [](const std::string& path, std::string_view from) {
    std::error_code ec;
    if (!fs::exists(path, ec))
      throw Error(
          Exit::not_found,
          tr_format("config file not found: {} (from {})", "找不到配置文件：{}（来自 {}）", absolute_path(path), from),
          std::string(tr("check the path, or leave it out to use ./shequ.toml or the defaults",
                         "请检查路径；不指定时使用 ./shequ.toml 或默认设置")));
    return path;
  };
  if (sources.explicit_path) return must_exist(*sources.explicit_path, "--config");
  if (auto path = env("SHEQU_CONFIG")) return must_exist(*path, "$SHEQU_CONFIG");
  std::error_code ec;
  if (fs::exists("shequ.toml", ec)) return "shequ.toml";
  std::optional<std::string> base = env("XDG_CONFIG_HOME");
  if (base && !fs::path(*base).is_absolute()) base.reset();  // XDG: relative paths are ignored
  if (!base) {
    if (auto home = env("HOME")) base = (fs::path(*home) / ".config").string();
  }
  if (base) {
    std::string path = (fs::path(*base) / "shequ" / "config.toml").string();
    if (fs::exists(path, ec)) return path;
  }
  return {};
}

std::string read_file(const std::string& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec))
    config_error(tr_format("{}: is a folder, not a config file", "{}：是文件夹，不是配置文件", path));
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad())
    throw Error(Exit::io, tr_format("cannot read config file {}: {}", "无法读取配置文件 {}：{}", path,
                                    std::generic_category().message(errno)));
  return std::move(text).str();
}

void apply_override(Config::Impl& impl, std::string_view item) {
  std::size_t eq = item.find('=');
  std::string_view key = trim(item.substr(0, eq));
  if (eq == std::string_view::npos || key.empty())
    config_error(tr_format("-c {}: expected KEY=VALUE", "-c {}：应为 KEY=VALUE 的形式", item), "shequ -c ui.lang=en …");
  std::string_view text = item.substr(eq + 1);
  const Row* row = find_row(key);
  if (!row) {
    std::string hint;
    if (auto s = suggest(key))
      hint = tr_format("did you mean '{}'?", "是否应为 '{}'？", *s);
    else hint = tr("`shequ config show` lists every setting", "`shequ config show` 列出全部设置");
    config_error(tr_format("-c: unknown setting '{}'", "-c：未知设置 '{}'", key), std::move(hint));
  }
  std::optional<Value> value = parse_text(text, row->type);
  if (!value) config_error(tr_format("-c {}: expected {}", "-c {}：应为{}", item, type_phrase(row->type)));
  if (auto problem = check_value(*row, *value)) config_error(tr_format("-c {}: {}", "-c {}：{}", item, *problem));
  impl.entries[row_index(row)] = {std::move(*value), "-c"};
}

Config::Impl build(std::string path, std::string dir, std::optional<std::string_view> text,
                   const std::vector<std::string>& overrides) {
  Config::Impl impl;
  impl.path = std::move(path);
  impl.dir = std::move(dir);
  impl.entries = default_entries();
  if (text) {
    const std::string& file = impl.path;
    try {
      impl.doc = toml::parse(*text, file);
    } catch (const toml::parse_error& e) {
      // toml++ says what it expected in English: the Chinese message says where, the hint what.
      if (language() == Lang::en)
        config_error(fmt::format("{}:{}:{}: {}", file, e.source().begin.line, e.source().begin.column,
                                 e.description()));
      config_error(fmt::format("{}:{}:{}：TOML 语法错误（第 {} 行第 {} 列）", file, e.source().begin.line,
                               e.source().begin.column, e.source().begin.line, e.source().begin.column),
                   fmt::format("解析器的说明：{}", e.description()));
    }
    std::vector<std::pair<toml::source_position, std::string>> warnings;
    walk(
        impl.doc, "", file, [](const std::string&, const toml::node&) {},
        [&](const Row& row, const toml::node& node) {
          Value value = from_node(node, row.type, row.key, file);
          if (auto problem = check_value(row, value))
            config_error(fmt::format("{}: {}: {}", where(file, node), row.key, *problem));
          impl.entries[row_index(&row)] = {std::move(value), where(file, node)};
        },
        [&](const std::string& key, const toml::node& node) {
          warnings.emplace_back(node.source().begin, tr_format("{}: unknown setting '{}'{}", "{}: 未知设置 '{}'{}",
                                                               where(file, node), key, did_you_mean(key)));
        });
    std::stable_sort(warnings.begin(), warnings.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& w : warnings) impl.warnings.push_back(std::move(w.second));
  }
  for (const std::string& item : overrides) apply_override(impl, item);
  return impl;
}

std::string current_dir() {
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  return ec ? std::string(".") : cwd.string();
}

}  // namespace

Config Config::load(const ConfigSources& sources) {
  std::string path = discover(sources);
  if (path.empty())
    return Config(std::make_shared<const Impl>(build({}, current_dir(), std::nullopt, sources.overrides)));
  path = absolute_path(path);  // messages and origins name it so (cron runs in /)
  protect_file(path, FileRole::settings);  // no output of this run may replace it
  std::string text = read_file(path);
  std::string dir = fs::path(path).parent_path().string();
  return Config(std::make_shared<const Impl>(build(path, dir, text, sources.overrides)));
}

Config Config::from_text(std::string_view text, std::string name,
                         const std::vector<std::string>& overrides) {
  return Config(std::make_shared<const Impl>(build(std::move(name), current_dir(), text, overrides)));
}

Config Config::defaults() {
  return Config(std::make_shared<const Impl>(build({}, current_dir(), std::nullopt, {})));
}

const std::string& Config::path() const { return impl_->path; }
std::string Config::dir() const { return impl_->dir; }
const std::vector<std::string>& Config::warnings() const { return impl_->warnings; }

namespace {

const Value& registered(const Config::Impl& impl, std::string_view key, Type a, Type b) {
  const Row* row = find_row(key);
  if (!row) throw std::logic_error("config: unregistered setting " + std::string(key));
  if (row->type != a && row->type != b)
    throw std::logic_error("config: setting " + std::string(key) + " read with the wrong type");
  return impl.entries[row_index(row)].value;
}

}  // namespace

std::string Config::string(std::string_view key) const {
  return std::get<std::string>(registered(*impl_, key, Type::string, Type::string));
}

std::int64_t Config::integer(std::string_view key) const {
  return std::get<std::int64_t>(registered(*impl_, key, Type::integer, Type::integer));
}

double Config::real(std::string_view key) const {
  const Value& v = registered(*impl_, key, Type::real, Type::integer);
  if (auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return std::get<double>(v);
}

bool Config::boolean(std::string_view key) const {
  return std::get<bool>(registered(*impl_, key, Type::boolean, Type::boolean));
}

std::vector<std::string> Config::string_list(std::string_view key) const {
  return std::get<std::vector<std::string>>(
      registered(*impl_, key, Type::string_list, Type::string_list));
}

std::vector<std::int64_t> Config::integer_list(std::string_view key) const {
  return std::get<std::vector<std::int64_t>>(
      registered(*impl_, key, Type::integer_list, Type::integer_list));
}

namespace {

std::vector<std::string_view> split_key(std::string_view key) {
  std::vector<std::string_view> parts;
  for (;;) {
    std::size_t dot = key.find('.');
    parts.push_back(key.substr(0, dot));
    if (dot == std::string_view::npos) break;
    key.remove_prefix(dot + 1);
  }
  return parts;
}

// The file node at a dotted key, or nullptr if absent; Error(config) if a part of the way is not
// a table.
const toml::node* lookup(const Config::Impl& impl, std::string_view key) {
  const toml::table* table = &impl.doc;
  std::string walked;
  const toml::node* node = &impl.doc;
  for (std::string_view part : split_key(key)) {
    if (!table) wrong_type(impl.path, *node, walked, tr("a table", "表"));
    node = table->get(part);
    if (!node) return nullptr;
    walked += (walked.empty() ? "" : ".") + std::string(part);
    table = node->as_table();
  }
  return node;
}

template <typename T>
std::optional<T> free_value(const Config::Impl& impl, std::string_view key, Type type) {
  const toml::node* node = lookup(impl, key);
  if (!node) return std::nullopt;
  Value v = from_node(*node, type, key, impl.path);
  if constexpr (std::is_same_v<T, double>) {
    if (auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  }
  return std::get<T>(std::move(v));
}

}  // namespace

std::vector<std::string> Config::table_keys(std::string_view prefix) const {
  std::vector<std::string> keys;
  const toml::table* table = &impl_->doc;
  if (!prefix.empty()) {
    const toml::node* node = lookup(*impl_, prefix);
    if (!node) return keys;
    table = node->as_table();
    if (!table) wrong_type(impl_->path, *node, prefix, tr("a table", "表"));
  }
  for (const auto& [k, node] : *table) {
    std::string full = prefix.empty() ? std::string(k.str()) : fmt::format("{}.{}", prefix, k.str());
    if (!find_row(full) && !holds_registered(full)) keys.emplace_back(k.str());
  }
  return keys;  // toml::table keeps its keys sorted
}

std::optional<std::string> Config::get_string(std::string_view key) const {
  if (find_row(key)) return string(key);
  return free_value<std::string>(*impl_, key, Type::string);
}

std::optional<std::int64_t> Config::get_integer(std::string_view key) const {
  if (find_row(key)) return integer(key);
  return free_value<std::int64_t>(*impl_, key, Type::integer);
}

std::optional<double> Config::get_real(std::string_view key) const {
  if (find_row(key)) return real(key);
  return free_value<double>(*impl_, key, Type::real);
}

std::optional<bool> Config::get_boolean(std::string_view key) const {
  if (find_row(key)) return boolean(key);
  return free_value<bool>(*impl_, key, Type::boolean);
}

std::optional<std::vector<std::string>> Config::get_string_list(std::string_view key) const {
  if (find_row(key)) return string_list(key);
  return free_value<std::vector<std::string>>(*impl_, key, Type::string_list);
}

std::optional<std::vector<std::int64_t>> Config::get_integer_list(std::string_view key) const {
  if (find_row(key)) return integer_list(key);
  return free_value<std::vector<std::int64_t>>(*impl_, key, Type::integer_list);
}

std::vector<Setting> Config::settings() const {
  std::vector<Setting> out;
  for (const Row& row : kRegistry) {
    const Entry& e = impl_->entries[row_index(&row)];
    out.push_back({std::string(row.key), render(e.value), e.origin, std::string(tr(row.en, row.zh))});
  }
  walk(
      impl_->doc, "", impl_->path,
      [&](const std::string& key, const toml::node& node) {
        out.push_back({key, render_node(node), where(impl_->path, node), {}});
      },
      [](const Row&, const toml::node&) {}, [](const std::string&, const toml::node&) {});
  return out;
}

std::string example_config() {
  std::string out =
      "# shequ settings: every setting with its default (written by `shequ config example`).\n"
      "# 每项设置及其默认值（由 `shequ config example` 生成）。Remove the # to change one; 去掉 # 即可修改。\n"
      "# Looked for at --config, $SHEQU_CONFIG, ./shequ.toml, $XDG_CONFIG_HOME/shequ/config.toml.\n";
  // Tables in the order they first appear in the registry (TOML allows each table once).
  std::vector<std::string_view> tables;
  for (const Row& r : kRegistry) {
    std::string_view t = r.key.substr(0, r.key.find('.'));
    if (std::find(tables.begin(), tables.end(), t) == tables.end()) tables.push_back(t);
  }
  const std::vector<Setting> defaults = Config::defaults().settings();
  for (std::string_view table : tables) {
    out += fmt::format("\n[{}]\n", table);
    for (std::size_t i = 0; i < std::size(kRegistry); ++i) {
      const Row& r = kRegistry[i];
      auto dot = r.key.find('.');
      if (r.key.substr(0, dot) != table) continue;
      out += fmt::format("# {}\n# {}\n#{} = {}\n", r.zh, r.en, r.key.substr(dot + 1), defaults[i].value);
    }
  }
  out += "\n# Saved reports for cron (`shequ report run daily-due`); 保存的报表（供 cron 使用）:\n"
         "#[reports.daily-due]\n#kind = \"due\"\n#out = \"reports/due-{date}.html\"\n";
  return out;
}

}  // namespace shequ
