#include "io/json_reader.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include <fmt/format.h>

#include "core/error.h"
#include "core/i18n.h"

namespace shequ {
namespace {

using Json = nlohmann::ordered_json;

std::string value_text(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return {};
  return v.dump();  // numbers as written, true/false
}

}  // namespace

struct JsonReader::State {
  std::string path;
  bool lines = false;
  std::ifstream in;
  Json array;  // a whole .json file
  std::size_t index = 0, line = 0;
  std::vector<std::string> keys;
  std::optional<Json> pending;  // the first object: header first, then its values
  std::size_t pending_line = 0;
  bool started = false;  // the header was given

  [[noreturn]] void bad(std::size_t at, std::string_view what) const {
    throw Error(Exit::data, fmt::format("{}:{}: {}", path, at, what),
                std::string(tr("write one JSON object per record, as export --format json|jsonl does",
                               "每条记录写成一个 JSON 对象，与 export --format json|jsonl 的输出相同")));
  }

  // The next object and where it is, or nullopt at the end.
  std::optional<Json> read(std::size_t& at) {
    if (!lines) {
      if (index >= array.size()) return std::nullopt;
      at = ++index;
      return array[index - 1];
    }
    std::string text;
    while (std::getline(in, text)) {
      ++line;
      if (line == 1 && text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
      if (text.find_first_not_of(" \t\r") == std::string::npos) continue;
      at = line;
      try {
        return Json::parse(text);
      } catch (const Json::parse_error& e) {
        bad(line, tr_format("not JSON: {}", "不是 JSON：{}", e.what()));
      }
    }
    if (in.bad()) throw Error(Exit::io, fmt::format("{}: {}", path, tr("read error", "读取出错")));
    return std::nullopt;
  }
};

JsonReader::JsonReader(const std::string& path, bool lines) : s_(std::make_unique<State>()) {
  s_->path = path;
  s_->lines = lines;
  s_->in.open(path, std::ios::binary);
  if (!s_->in) throw Error(Exit::not_found, tr_format("cannot open {}", "无法打开 {}", path));
  if (!lines) {
    try {
      s_->array = Json::parse(s_->in);
    } catch (const Json::parse_error& e) {
      s_->bad(1, tr_format("not JSON: {}", "不是 JSON：{}", e.what()));
    }
    if (!s_->array.is_array()) s_->bad(1, tr("expected an array of objects", "应为对象数组"));
  }
}

JsonReader::~JsonReader() = default;

bool JsonReader::next(CsvRecord& rec) {
  State& s = *s_;
  rec.fields.clear();
  rec.cell_problems.clear();
  std::optional<Json> obj;
  std::size_t at = 0;
  if (s.pending) {
    obj = std::move(s.pending);
    s.pending.reset();
    at = s.pending_line;
  } else {
    obj = s.read(at);
    if (!obj) return false;
    if (!obj->is_object()) s.bad(at, tr("expected an object", "应为 JSON 对象"));
    if (!s.started) {  // the first object: its keys are the header
      s.started = true;
      for (const auto& [k, v] : obj->items()) s.keys.push_back(k);
      s.pending = std::move(obj);
      s.pending_line = at;
      rec.fields = s.keys;
      rec.line = at;
      return true;
    }
  }
  rec.line = at;
  rec.fields.assign(s.keys.size(), std::string());
  for (const auto& [k, v] : obj->items()) {
    auto it = std::find(s.keys.begin(), s.keys.end(), k);
    if (it == s.keys.end()) {
      rec.cell_problems.emplace_back(std::string::npos,
                                     tr_format("key \"{}\" is not in the first record", "键“{}”不在第一条记录中", k));
      continue;
    }
    std::size_t i = static_cast<std::size_t>(it - s.keys.begin());
    if (v.is_object() || v.is_array())
      rec.cell_problems.emplace_back(i, std::string(tr("a nested value; expected text or a number",
                                                       "嵌套的值；应为文本或数字")));
    else
      rec.fields[i] = value_text(v);
  }
  return true;
}

std::string JsonReader::where(std::size_t line, std::optional<std::size_t>) const {
  return s_->path + ":" + std::to_string(line);
}

}  // namespace shequ
