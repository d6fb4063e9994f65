// Text helpers for UTF-8 strings: display width, padding, truncation, terminal safety.
// Widths come from utf8proc's Unicode tables, never from the locale (cron runs with LANG=C).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace shequ {

/// Terminal columns `utf8` occupies: wide and fullwidth characters 2, combining marks and
/// control characters 0, everything else 1; each byte of invalid UTF-8 counts as 1.
std::size_t display_width(std::string_view utf8);

/// `s` padded with spaces to `width` columns (on the left when right_align); a wider `s` is
/// returned unchanged, never cut.
std::string pad_to_width(std::string_view s, std::size_t width, bool right_align = false);

/// `s` if it fits in `width` columns, else its longest prefix of whole characters (grapheme
/// clusters) that fits together with a closing "…"; width 0 gives "".
std::string truncate_to_width(std::string_view s, std::size_t width);

/// True if `s` is well-formed UTF-8 (no overlong forms, surrogates or code points > U+10FFFF).
bool is_valid_utf8(std::string_view s);

/// `s` made harmless to print on a terminal: control characters become visible escapes
/// (`\t`, `\n`, `\r`, `\x1b`; C1 controls as `\x9b`), bidirectional formatting characters
/// become `<U+202E>`, invalid bytes become U+FFFD; other text, Chinese included, is unchanged.
std::string sanitize_for_terminal(std::string_view s);

/// Like sanitize_for_terminal but keeps line breaks: for messages of several lines that may
/// quote user input (errors, import problems).
std::string sanitize_lines_for_terminal(std::string_view s);

/// `s` without leading and trailing ASCII whitespace and U+3000 ideographic spaces.
std::string trim(std::string_view s);

/// The pieces of `s` between occurrences of `sep`, empty pieces kept; "" gives one empty piece.
std::vector<std::string> split(std::string_view s, char sep);

/// The parts joined with `sep` between them; no parts give "".
std::string join(const std::vector<std::string>& parts, std::string_view sep);

/// True if `a` and `b` are equal ignoring the case of ASCII letters (other bytes must match).
bool iequals_ascii(std::string_view a, std::string_view b);

/// `s` with ASCII letters lowered; other bytes, UTF-8 included, unchanged.
std::string to_lower_ascii(std::string_view s);

/// `s` with its first character upper-cased when it is an ASCII letter: a label that opens a
/// line or a sentence ("applicant" → "Applicant"); Chinese text is unchanged.
std::string capitalised(std::string_view s);

/// `s` in Unicode normalisation form NFKC: full-width digits, letters and punctuation as their
/// ASCII forms (`３栋２单元１０２室` → `3栋2单元102室`, `１３８…` → `138…`); Chinese characters
/// unchanged. Invalid UTF-8 is returned as it is. ASCII text is returned without work.
std::string nfkc(std::string_view s);

/// Levenshtein distance between two byte strings (insertions, deletions, substitutions).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate `word` was most probably meant to be ("persn" → "person"): the nearest by
/// edit distance, if within a third of the word's length (at least 1, at most 3), else one
/// that starts with `word`; "" when none is near.
std::string nearest_word(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace shequ
