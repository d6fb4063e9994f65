#include "records/forget_text.h"

#include <algorithm>
#include <cctype>
#include <utility>

#include "storage/db.h"

namespace shequ {
namespace {

constexpr std::string_view kNameGone = "(已删除)";
constexpr std::string_view kNumberGone = "***";

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// A written number matches with spaces or hyphens between its digits (139-1234-5678).
bool is_separator(char c) { return c == ' ' || c == '-'; }

// The length of `number` written at `at` in `text`, separators included, or 0.
std::size_t number_at(std::string_view text, std::size_t at, std::string_view number) {
  std::size_t i = at;
  for (std::size_t k = 0; k < number.size(); ++k) {
    if (k > 0)
      while (i < text.size() && is_separator(text[i]) && i + 1 < text.size() && !is_separator(text[i + 1])) ++i;
    if (i >= text.size()) return 0;
    char c = text[i], want = number[k];
    bool same = c == want || (std::isalpha(static_cast<unsigned char>(want)) &&
                              std::tolower(static_cast<unsigned char>(c)) == std::tolower(static_cast<unsigned char>(want)));
    if (!same) return 0;
    ++i;
  }
  return i - at;
}

struct Match {
  std::size_t at = std::string_view::npos, size = 0;
};

}  // namespace

ForgottenText::ForgottenText(std::string name, std::string phone, std::string id_number,
                             const std::vector<std::string>& others) {
  if (code_points(name) >= 2) {
    name_ = name;
    secrets_.push_back(name);
    for (const auto& other : others) {
      if (other.size() <= name.size()) continue;
      for (auto at = other.find(name); at != std::string::npos; at = other.find(name, at + 1))
        guards_.push_back({other, at});
    }
  }
  if (phone.size() >= 5) secrets_.push_back(std::move(phone));
  if (id_number.size() >= 2) secrets_.push_back(std::move(id_number));
  // A wildcard stands for LIKE's special characters (and PostgreSQL's escape, the backslash);
  // a number may be written with separators, an ID's x in either case.
  for (const auto& secret : secrets_) {
    const bool is_name = !name_.empty() && &secret == &secrets_.front();
    std::string p = "%";
    for (char c : secret) {
      bool special = c == '%' || c == '_' || c == '\\';
      if (is_name) p += special ? '_' : c;
      else p += std::string(special || std::isalpha(static_cast<unsigned char>(c)) ? "_" : std::string(1, c)) + "%";
    }
    if (is_name) p += "%";
    patterns_.push_back(std::move(p));
  }
}

std::size_t ForgottenText::next_match(std::string_view text, std::string_view name, std::size_t from) const {
  for (auto at = text.find(name, from); at != std::string_view::npos; at = text.find(name, at + 1)) {
    bool inside_longer = std::any_of(guards_.begin(), guards_.end(), [&](const Guard& g) {
      return at >= g.offset && text.substr(at - g.offset, g.name.size()) == g.name;
    });
    if (!inside_longer) return at;
  }
  return std::string_view::npos;
}

std::string ForgottenText::scrub(std::string_view text) const {
  std::string out(text);
  for (const auto& secret : secrets_) {
    const bool is_name = !name_.empty() && &secret == &secrets_.front();
    std::string next;
    std::size_t last = 0;
    std::string_view in(out);
    for (std::size_t i = 0; i < in.size();) {
      Match m;
      if (is_name) {
        m.at = next_match(in, secret, i);
        m.size = secret.size();
      } else {
        for (std::size_t at = in.find(secret.front(), i); at != std::string_view::npos; at = in.find(secret.front(), at + 1))
          if (std::size_t n = number_at(in, at, secret)) {
            m = {at, n};
            break;
          }
      }
      if (m.at == std::string_view::npos) break;
      next.append(in.substr(last, m.at - last));
      next += is_name ? kNameGone : kNumberGone;
      last = i = m.at + m.size;
    }
    next.append(in.substr(last));
    out = std::move(next);
  }
  return out;
}

bool ForgottenText::found_in(std::string_view bytes) const { return scrub(bytes) != bytes; }

std::string ForgottenText::may_hold(std::string_view column, int first) const {
  if (patterns_.empty()) return "1 = 0";
  std::string out = "(";
  for (std::size_t i = 0; i < patterns_.size(); ++i)
    out += (i ? " OR " : "") + std::string(column) + " LIKE ?" + std::to_string(first + static_cast<int>(i));
  return out + ")";
}

void ForgottenText::bind_patterns(Stmt& st, int first) const {
  for (std::size_t i = 0; i < patterns_.size(); ++i) st.bind(first + static_cast<int>(i), patterns_[i]);
}

std::int64_t ForgottenText::scrub_column(Db& db, const std::string& table, const std::string& column) const {
  if (patterns_.empty()) return 0;
  std::vector<std::pair<std::string, std::string>> changes;  // old text, new text
  {
    Stmt st(db, "SELECT DISTINCT \"" + column + "\" FROM \"" + table + "\" WHERE " + may_hold("\"" + column + "\"", 1));
    bind_patterns(st, 1);
    while (st.step()) {
      std::string old = st.text(0), now = scrub(old);
      if (now != old) changes.emplace_back(std::move(old), std::move(now));
    }
  }
  std::int64_t changed = 0;
  Stmt update(db, "UPDATE \"" + table + "\" SET \"" + column + "\" = ?2 WHERE \"" + column + "\" = ?1");
  for (const auto& [old, now] : changes) {
    update.bind(1, old).bind(2, now).run();
    changed += db.changes();
  }
  return changed;
}

}  // namespace shequ
