// One value of a field, inside the records path: the text a user typed converted and checked
// into what is stored, and a stored value read back and protected for output.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "records/entity.h"

namespace shequ {

/// A whole number, with an optional leading +; nullopt for anything else.
std::optional<std::int64_t> parse_int(std::string_view s);

/// Whether a value read back from an export made without --reveal is a mask, meaning "leave the
/// stored value as it is".
bool looks_masked(const Field& f, std::string_view s);

/// Whether `code` is a code of the vocabulary kind, retired ones too (old records keep them).
bool vocab_has(Context& ctx, const std::string& kind, std::string_view code);

/// The text rules every value meets before conversion (UTF-8, control characters, length); the
/// problem, never quoting the value, or nullopt.
std::optional<std::string> check_text(const Field& f, std::string_view text);

/// The field's limits on a converted value (numeric range, dates not in the future).
std::optional<std::string> check_limits(const Field& f, const Value& v);

/// Converts one field's text into `out`; the problem, or nullopt.
std::optional<std::string> convert_value(Context& ctx, const Field& f, std::string_view text, Value& out);

/// The id a reference value holds (an integer); nullopt when it is null or text.
std::optional<std::int64_t> as_id(const Value& v);

/// The text a value holds; "" when it is null or a number.
std::string as_text(const Value& v);

/// Column `col` of the current row as a Value.
Value column_value(const Stmt& st, int col);

/// Binds a Value (null, integer, real or text) to parameter `index`.
void bind_value(Stmt& st, int index, const Value& v);

/// The value masked or hidden for output according to the field's privacy; phone and ID numbers
/// written into free text are masked too. Unchanged when `reveal`.
Value protect(const Field& f, Value v, bool reveal);

}  // namespace shequ
