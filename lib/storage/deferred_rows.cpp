#include "storage/deferred_rows.h"

#include <cctype>
#include <cstdlib>

#include <fmt/format.h>

namespace shequ::engine {
namespace {

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Reads SQL text token by token: names, "$N" parameters, punctuation; spaces skipped.
class Tokens {
 public:
  explicit Tokens(std::string_view sql) : sql_(sql) {}
  std::string_view next() {
    while (i_ < sql_.size() && std::isspace(static_cast<unsigned char>(sql_[i_]))) ++i_;
    if (i_ >= sql_.size()) return {};
    std::size_t start = i_;
    if (sql_[i_] == '"') {
      std::size_t close = sql_.find('"', i_ + 1);
      i_ = close == std::string_view::npos ? sql_.size() : close + 1;
    } else if (word_char(sql_[i_]) || sql_[i_] == '$') {
      ++i_;
      while (i_ < sql_.size() && word_char(sql_[i_])) ++i_;
    } else {
      ++i_;
    }
    return sql_.substr(start, i_ - start);
  }

 private:
  std::string_view sql_;
  std::size_t i_ = 0;
};

bool is(std::string_view token, std::string_view keyword) {
  if (token.size() != keyword.size()) return false;
  for (std::size_t i = 0; i < token.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(token[i])) != keyword[i]) return false;
  return true;
}

std::string unquoted(std::string_view name) {
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') return std::string(name.substr(1, name.size() - 2));
  return std::string(name);
}

bool is_name(std::string_view token) { return !token.empty() && (token[0] == '"' || word_char(token[0])); }

}  // namespace

void append_copy_text(std::string& out, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
}

std::optional<InsertShape> insert_shape(std::string_view sql) {
  Tokens t(sql);
  if (!is(t.next(), "insert") || !is(t.next(), "into")) return std::nullopt;
  InsertShape shape;
  std::string_view table = t.next();
  if (!is_name(table)) return std::nullopt;
  shape.table = unquoted(table);
  if (t.next() != "(") return std::nullopt;
  for (;;) {
    std::string_view column = t.next();
    if (!is_name(column)) return std::nullopt;
    shape.columns.push_back(unquoted(column));
    std::string_view sep = t.next();
    if (sep == ")") break;
    if (sep != ",") return std::nullopt;
  }
  if (!is(t.next(), "values") || t.next() != "(") return std::nullopt;
  for (std::size_t n = 1; n <= shape.columns.size(); ++n) {
    if (t.next() != fmt::format("${}", n)) return std::nullopt;
    if (t.next() != (n == shape.columns.size() ? ")" : ",")) return std::nullopt;
  }
  if (!t.next().empty()) return std::nullopt;  // RETURNING, ON CONFLICT, a second row…
  return shape;
}

bool names_table(std::string_view sql, std::string_view table) {
  if (table.empty()) return false;
  for (std::size_t at = sql.find(table); at != std::string_view::npos; at = sql.find(table, at + 1)) {
    bool starts = at == 0 || !word_char(sql[at - 1]);
    bool ends = at + table.size() >= sql.size() || !word_char(sql[at + table.size()]);
    if (starts && ends) return true;
  }
  return false;
}

void DeferredRows::add(const InsertShape& shape, const std::vector<const std::string*>& values, std::int64_t tag) {
  std::string key = shape.table;
  for (const auto& c : shape.columns) key += "\t" + c;
  auto [at, fresh] = group_of_.try_emplace(key, groups_.size());
  if (fresh) groups_.push_back({shape.table, shape.columns, {}, {}});
  Batch& b = groups_[at->second];
  std::size_t before = b.data.size();
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) b.data += '\t';
    if (values[i]) append_copy_text(b.data, *values[i]);
    else b.data += "\\N";
  }
  b.data += '\n';
  b.tags.push_back(tag);
  bytes_ += b.data.size() - before;
}

void DeferredRows::affects(const std::string& table, std::vector<std::string> tables) {
  tables.push_back(table);
  affected_[table] = std::move(tables);
}

bool DeferredRows::seen_by(std::string_view sql) const {
  for (const Batch& b : groups_) {
    auto affected = affected_.find(b.table);
    if (affected == affected_.end()) return true;  // not told: any read may see its rows
    for (const auto& t : affected->second)
      if (t == "*" || names_table(sql, t)) return true;
  }
  return false;
}

std::vector<DeferredRows::Batch> DeferredRows::take() {
  std::vector<Batch> out = std::move(groups_);
  clear();
  return out;
}

void DeferredRows::clear() {
  groups_.clear();
  group_of_.clear();
  bytes_ = 0;
}

std::size_t copy_line_of(std::string_view context) {
  std::size_t at = context.find(", line ");
  if (at == std::string_view::npos) return 0;
  return static_cast<std::size_t>(std::strtoull(std::string(context.substr(at + 7, 20)).c_str(), nullptr, 10));
}

}  // namespace shequ::engine
