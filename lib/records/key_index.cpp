#include "records/key_index.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/text.h"
#include "records/values.h"

namespace shequ {

KeyIndex::KeyIndex(Db& db, const Entity& e, const std::vector<std::vector<std::size_t>>& keys) {
  for (const auto& key : keys)
    for (std::size_t f : key)
      if (std::find(fields_.begin(), fields_.end(), f) == fields_.end()) fields_.push_back(f);
  for (const auto& key : keys) {
    std::vector<std::size_t> at;
    for (std::size_t f : key) at.push_back(static_cast<std::size_t>(std::find(fields_.begin(), fields_.end(), f) - fields_.begin()));
    keys_.push_back(std::move(at));
  }
  by_key_.resize(keys_.size());
  if (db.scalar(fmt::format("SELECT count(*) FROM {}", e.table)) > static_cast<std::int64_t>(kMaxRows)) {
    usable_ = false;
    return;
  }
  std::vector<std::string> columns;
  for (std::size_t f : fields_) columns.push_back(e.fields[f].column);
  {  // the key columns a row not given them takes a default for
    Stmt st(db, db.on_server() ? "SELECT a.attname::text FROM pg_attribute a JOIN pg_attrdef d ON d.adrelid = a.attrelid "
                                 "AND d.adnum = a.attnum WHERE a.attrelid = to_regclass(quote_ident(?))"
                               : "SELECT name FROM pragma_table_info(?) WHERE dflt_value IS NOT NULL");
    st.bind(1, e.table);
    while (st.step()) {
      auto at = std::find(columns.begin(), columns.end(), st.text(0));
      if (at != columns.end()) defaulted_.push_back(fields_[static_cast<std::size_t>(at - columns.begin())]);
    }
  }
  Stmt st(db, fmt::format("SELECT id, {} FROM {}", join(columns, ", "), e.table));
  while (st.step()) {
    std::vector<Value> row;
    row.reserve(fields_.size());
    for (std::size_t i = 0; i < fields_.size(); ++i) row.push_back(column_value(st, static_cast<int>(i + 1)));
    std::int64_t id = st.integer(0);
    for (std::size_t k = 0; k < keys_.size(); ++k) by_key_[k].emplace(encode(k, row), id);
    rows_.emplace(id, std::move(row));
  }
}

// A key's values as one exact string: each value's type, then its text with its length.
std::string KeyIndex::encode(std::size_t k, const std::vector<Value>& row) const {
  std::string out;
  for (std::size_t at : keys_[k]) {
    const Value& v = row[at];
    out += static_cast<char>('0' + v.index());
    std::string text = std::holds_alternative<std::string>(v) ? std::get<std::string>(v) : cell_text(v);
    out += std::to_string(text.size());
    out += ':';
    out += text;
  }
  return out;
}

const Value& KeyIndex::value_of(const Record& r, std::size_t field) const {
  static const Value null;
  return r.present[field] ? r.values[field] : null;
}

std::vector<std::int64_t> KeyIndex::probe(std::size_t k, std::uint32_t stronger, const Record& r) const {
  std::vector<Value> given;
  given.reserve(fields_.size());
  for (std::size_t f : fields_) given.push_back(value_of(r, f));
  std::vector<std::int64_t> found;
  auto [from, to] = by_key_[k].equal_range(encode(k, given));
  for (auto it = from; it != to && found.size() < 2; ++it) {
    const std::vector<Value>& row = rows_.at(it->second);
    bool told_apart = false;  // a stronger key, complete in both, differs
    for (std::size_t j = 0; j < keys_.size() && !told_apart; ++j) {
      if (!(stronger & (1u << j))) continue;
      const auto& at = keys_[j];
      bool all_set = std::all_of(at.begin(), at.end(), [&](std::size_t p) { return !std::holds_alternative<std::monostate>(row[p]); });
      told_apart = all_set && std::any_of(at.begin(), at.end(), [&](std::size_t p) { return row[p] != given[p]; });
    }
    if (!told_apart) found.push_back(it->second);
  }
  return found;
}

void KeyIndex::learn(std::int64_t id, const Record& r, bool inserted) {
  if (!usable_) return;
  auto [at, added] = rows_.try_emplace(id, std::vector<Value>(fields_.size()));
  // A row it never held (it was not whole), or one whose key a column's default completes.
  bool defaulted = inserted && std::any_of(defaulted_.begin(), defaulted_.end(), [&](std::size_t f) { return !r.present[f]; });
  if ((added && !inserted) || defaulted) return give_up();
  std::vector<Value>& row = at->second;
  if (!added) {
    for (std::size_t k = 0; k < keys_.size(); ++k) {  // its entries under the old values go
      auto [from, to] = by_key_[k].equal_range(encode(k, row));
      for (auto it = from; it != to; ++it)
        if (it->second == id) {
          by_key_[k].erase(it);
          break;
        }
    }
  }
  for (std::size_t i = 0; i < fields_.size(); ++i)
    if (inserted || r.present[fields_[i]]) row[i] = value_of(r, fields_[i]);
  for (std::size_t k = 0; k < keys_.size(); ++k) by_key_[k].emplace(encode(k, row), id);
  if (rows_.size() > kMaxRows) give_up();
}

void KeyIndex::give_up() {
  usable_ = false;
  rows_.clear();
  by_key_.assign(by_key_.size(), {});
}

}  // namespace shequ
