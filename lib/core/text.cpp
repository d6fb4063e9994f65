#include "core/text.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <cstring>

namespace shequ {
namespace {

constexpr std::int32_t kInvalid = -1;  // one byte that does not start valid UTF-8

// Decodes the code point at `p` (advancing past it); an invalid byte gives kInvalid and
// advances by one, so every byte of a broken sequence is reported on its own.
std::int32_t next_code_point(const char*& p, const char* end) {
  auto byte = static_cast<unsigned char>(*p);
  if (byte < 0x80) {
    ++p;
    return byte;
  }
  utf8proc_int32_t cp = 0;
  utf8proc_ssize_t n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(p), end - p, &cp);
  if (n <= 0) {
    ++p;
    return kInvalid;
  }
  p += n;
  return cp;
}

std::size_t code_point_width(std::int32_t cp) {
  if (cp == kInvalid) return 1;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;  // C0, DEL, C1 controls
  if (cp < 0x7f) return 1;
  return static_cast<std::size_t>(utf8proc_charwidth(cp));
}

bool is_bidi_control(std::int32_t cp) {
  return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e ||
         cp == 0x200f || cp == 0x061c;
}

void append_hex_escape(std::string& out, unsigned value) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\x";
  out += kHex[(value >> 4) & 0xf];
  out += kHex[value & 0xf];
}

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

constexpr std::string_view kIdeographicSpace = "\xe3\x80\x80";  // U+3000

}  // namespace

std::size_t display_width(std::string_view utf8) {
  std::size_t width = 0;
  const char* p = utf8.data();
  const char* end = p + utf8.size();
  while (p < end) {
    auto byte = static_cast<unsigned char>(*p);
    if (byte < 0x80) {  // fast path for ASCII
      width += (byte >= 0x20 && byte != 0x7f) ? 1 : 0;
      ++p;
      continue;
    }
    width += code_point_width(next_code_point(p, end));
  }
  return width;
}

std::string pad_to_width(std::string_view s, std::size_t width, bool right_align) {
  std::size_t w = display_width(s);
  if (w >= width) return std::string(s);
  std::string out;
  out.reserve(s.size() + (width - w));
  if (right_align) out.append(width - w, ' ');
  out += s;
  if (!right_align) out.append(width - w, ' ');
  return out;
}

std::string truncate_to_width(std::string_view s, std::size_t width) {
  if (display_width(s) <= width) return std::string(s);
  if (width == 0) return {};
  const std::size_t budget = width - 1;  // one column for the ellipsis
  const char* begin = s.data();
  const char* end = begin + s.size();
  const char* p = begin;
  const char* kept_end = begin;  // end of the last whole cluster that fits
  std::size_t used = 0;
  std::size_t cluster_width = 0;
  std::int32_t prev = kInvalid;
  utf8proc_int32_t state = 0;
  while (p < end) {
    const char* start = p;
    std::int32_t cp = next_code_point(p, end);
    // A cluster boundary lies before `cp`: at the start, around invalid bytes, or where
    // Unicode's grapheme rules say so.
    bool boundary = start == begin || cp == kInvalid || prev == kInvalid ||
                    utf8proc_grapheme_break_stateful(prev, cp, &state);
    if (boundary) {
      if (start != begin) {
        if (used + cluster_width > budget) break;
        used += cluster_width;
        kept_end = start;
      }
      cluster_width = 0;
      if (cp == kInvalid || prev == kInvalid) state = 0;
    }
    cluster_width += code_point_width(cp);
    prev = cp;
  }
  // The input is wider than `width`, so the loop always stops before the last cluster is
  // committed; kept_end marks what fits.
  std::string out(begin, kept_end);
  out += "\xe2\x80\xa6";  // …
  return out;
}

bool is_valid_utf8(std::string_view s) {
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) {
    // Skip ASCII eight bytes at a time: most of our data is ASCII digits and separators.
    while (end - p >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p, sizeof word);
      if (word & 0x8080808080808080ULL) break;
      p += 8;
    }
    if (p == end) break;
    if (static_cast<unsigned char>(*p) < 0x80) {
      ++p;
      continue;
    }
    if (next_code_point(p, end) == kInvalid) return false;
  }
  return true;
}

std::string sanitize_for_terminal(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const char* p = s.data();
  const char* end = p + s.size();
  while (p < end) {
    auto byte = static_cast<unsigned char>(*p);
    if (byte >= 0x20 && byte < 0x7f) {
      out += static_cast<char>(byte);
      ++p;
      continue;
    }
    const char* start = p;
    std::int32_t cp = next_code_point(p, end);
    if (cp == '\t') {
      out += "\\t";
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp == kInvalid) {
      out += "\xef\xbf\xbd";  // U+FFFD
    } else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
      append_hex_escape(out, static_cast<unsigned>(cp));
    } else if (is_bidi_control(cp)) {
      char buf[16];
      int n = std::snprintf(buf, sizeof buf, "<U+%04X>", static_cast<unsigned>(cp));
      out.append(buf, static_cast<std::size_t>(n));
    } else {
      out.append(start, p);
    }
  }
  return out;
}

std::string sanitize_lines_for_terminal(std::string_view s) {
  std::string out;
  for (;;) {
    auto nl = s.find('\n');
    out += sanitize_for_terminal(s.substr(0, nl));
    if (nl == std::string_view::npos) return out;
    out += '\n';
    s.remove_prefix(nl + 1);
  }
}

std::string trim(std::string_view s) {
  for (;;) {
    if (!s.empty() && is_ascii_space(s.front())) {
      s.remove_prefix(1);
    } else if (s.substr(0, kIdeographicSpace.size()) == kIdeographicSpace) {
      s.remove_prefix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  for (;;) {
    if (!s.empty() && is_ascii_space(s.back())) {
      s.remove_suffix(1);
    } else if (s.size() >= kIdeographicSpace.size() &&
               s.substr(s.size() - kIdeographicSpace.size()) == kIdeographicSpace) {
      s.remove_suffix(kIdeographicSpace.size());
    } else {
      break;
    }
  }
  return std::string(s);
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> parts;
  for (;;) {
    std::size_t at = s.find(sep);
    parts.emplace_back(s.substr(0, at));
    if (at == std::string_view::npos) return parts;
    s.remove_prefix(at + 1);
  }
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

std::string to_lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string capitalised(std::string_view s) {
  std::string out(s);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

std::string nfkc(std::string_view s) {
  if (std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
    return std::string(s);
  utf8proc_uint8_t* out = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                                    static_cast<utf8proc_ssize_t>(s.size()), &out,
                                    static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT));
  if (n < 0) return std::string(s);
  std::string result(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
  std::free(out);
  return result;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string nearest_word(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::clamp<std::size_t>(word.size() / 3, 1, 3) + 1;
  for (const std::string& c : candidates) {
    std::size_t d = edit_distance(to_lower_ascii(word), to_lower_ascii(c));
    if (d < best_distance) best = c, best_distance = d;
  }
  if (!best.empty() || word.size() < 2) return best;
  for (const std::string& c : candidates)
    if (c.starts_with(word)) return c;
  return {};
}

}  // namespace shequ
