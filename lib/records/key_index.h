// The natural keys of one entity's rows, held in memory while an import runs on a server: there
// each probe of find_existing() is a round trip, and an import makes two or three for every row.
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "records/entity.h"

namespace shequ {

class KeyIndex {
 public:
  /// Tables of more rows than this are probed by SQL, as on a file (the memory stays bounded).
  static constexpr std::size_t kMaxRows = 200'000;

  /// Reads the key columns (`keys`: per natural key, its field indexes) of every row of `e`'s
  /// table; usable() is false if the table holds more than kMaxRows.
  KeyIndex(Db& db, const Entity& e, const std::vector<std::vector<std::size_t>>& keys);

  /// Whether the index holds every row's keys: false once the table is written to other than
  /// through learn(), or grows past kMaxRows.
  bool usable() const { return usable_; }

  /// What `SELECT id FROM table WHERE <key k> = r's values AND NOT (<each key j in `stronger`
  /// set in the row> AND <it differs from r's>) LIMIT 2` returns (find_existing, records.cpp):
  /// nullable parts of a key match NULL to NULL.
  std::vector<std::int64_t> probe(std::size_t k, std::uint32_t stronger, const Record& r) const;

  /// The record `r` was written under `id` (inserted, or its given fields updated).
  void learn(std::int64_t id, const Record& r, bool inserted);

  /// While alive, the table's writes are the ones learn() is then told of (write_record's own
  /// statement); an index may be null.
  class OwnWrite {
   public:
    explicit OwnWrite(KeyIndex* index) : index_(index) {
      if (index_) index_->own_write_ = true;
    }
    ~OwnWrite() {
      if (index_) index_->own_write_ = false;
    }
    OwnWrite(const OwnWrite&) = delete;
    OwnWrite& operator=(const OwnWrite&) = delete;

   private:
    KeyIndex* index_;
  };
  /// The table was written to (Db::on_write): unless within an OwnWrite, the index is no longer whole.
  void table_written() {
    if (!own_write_) give_up();
  }

 private:
  void give_up();
  std::string encode(std::size_t k, const std::vector<Value>& row) const;
  const Value& value_of(const Record& r, std::size_t field) const;

  std::vector<std::vector<std::size_t>> keys_;  // per key: positions in a row's values
  std::vector<std::size_t> fields_;             // the entity's field index of each position
  std::vector<std::size_t> defaulted_;          // fields whose column has a default
  std::unordered_map<std::int64_t, std::vector<Value>> rows_;  // by id: the key fields' values
  std::vector<std::unordered_multimap<std::string, std::int64_t>> by_key_;  // per key: values → id
  bool usable_ = true, own_write_ = false;
};

/// The key index of `e` for the ResolveMemo alive on a server connection (made on first use), or
/// nullptr: no memo, a file (whose probes cost microseconds), or a table too large.
KeyIndex* key_index(Context& ctx, const Entity& e, const std::vector<std::vector<std::size_t>>& keys);

}  // namespace shequ
