// What `person forget` removes from free text: the person's name, phone and ID number.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shequ {

class Db;
class Stmt;

/// The forgotten person's identifying strings and the rule for finding them in any text.
/// Phone and ID number are replaced wherever they occur (an ID's final x in either case).
/// Chinese names have no word boundaries, so a name is replaced wherever it occurs except
/// inside a longer name of another person on file: forgetting 王芳 leaves 王芳芳 whole.
class ForgottenText {
 public:
  /// `others` are the names of the other persons on file (those containing `name` matter).
  ForgottenText(std::string name, std::string phone, std::string id_number, const std::vector<std::string>& others);

  /// `text` with each occurrence replaced: the name by "(已删除)", phone and ID number by "***".
  std::string scrub(std::string_view text) const;
  /// Whether `bytes` (text or a changeset) holds any of them by the same rule.
  bool found_in(std::string_view bytes) const;
  /// The strings themselves, for callers that must check raw bytes (at least 2 bytes each).
  const std::vector<std::string>& secrets() const { return secrets_; }

  /// An SQL condition true for every value of `column` that may hold one of them: a cheap
  /// superset that scrub() then decides. Its LIKE patterns (one per string, wildcards between a
  /// number's characters for the ways it is written) are ?first, ?first+1, …, bound by
  /// bind_patterns(); the same on SQLite and PostgreSQL.
  std::string may_hold(std::string_view column, int first) const;
  void bind_patterns(Stmt& st, int first) const;
  /// Replaces them in every value of `table`.`column` that holds them (the same text, the same
  /// result: rows are found by their value); returns the number of rows changed.
  std::int64_t scrub_column(Db& db, const std::string& table, const std::string& column) const;

 private:
  struct Guard {  // a longer name of someone else, and where the forgotten name sits in it
    std::string name;
    std::size_t offset;
  };
  // The next occurrence of the name in `text` at or after `from` not inside a guard (npos if none).
  std::size_t next_match(std::string_view text, std::string_view name, std::size_t from) const;

  std::string name_;
  std::vector<std::string> secrets_;  // name (if any) first, then phone, ID number, ID lower-case
  std::vector<Guard> guards_;
  std::vector<std::string> patterns_;
};

}  // namespace shequ
