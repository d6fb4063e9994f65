#include "storage/totals_check.h"

#include <cstdint>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "records/entity.h"
#include "records/references.h"

namespace shequ {
namespace {

// A period as a number: YYYYMM for a month, YYYY for a year, 0 for all time, -1 for a text that
// is none of these (which then differs from every entry).
int period_code(std::string_view p) {
  auto digits = [&](std::size_t from, std::size_t n) {
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (p[i] < '0' || p[i] > '9') return -1;
      v = v * 10 + (p[i] - '0');
    }
    return v;
  };
  if (p.empty()) return 0;
  if (p.size() == 4) return digits(0, 4);
  if (p.size() == 7 && p[4] == '-' && digits(0, 4) >= 0 && digits(5, 2) >= 0) return digits(0, 4) * 100 + digits(5, 2);
  return -1;
}

std::string period_text(int code) {
  if (code == 0) return "";
  if (code < 10000) return fmt::format("{:04}", code);
  return fmt::format("{:04}-{:02}", code / 100, code % 100);
}

struct Counts {
  std::int64_t ve = 0, vm = 0, pe = 0, pm = 0, volunteers = 0;
  bool operator==(const Counts&) const = default;
  bool zero() const { return ve == 0 && vm == 0 && pe == 0 && pm == 0 && volunteers == 0; }
};

struct Key {
  int period;
  std::int64_t project, team, volunteer;
  bool operator==(const Key&) const = default;
};

struct KeyHash {
  std::size_t operator()(const Key& k) const {
    std::uint64_t h = static_cast<std::uint64_t>(k.period) * 0x9E3779B97F4A7C15ull;
    for (std::int64_t x : {k.project, k.team, k.volunteer}) h = (h ^ static_cast<std::uint64_t>(x)) * 0xBF58476D1CE4E5B9ull;
    return static_cast<std::size_t>(h ^ (h >> 31));
  }
};

using Totals = std::unordered_map<Key, Counts, KeyHash>;

// Compares the rows a query gives (key columns, then the counts) with the expected totals; a row
// whose counts are all zero is as good as none. What is expected and not found is missing.
template <typename Spell>
void compare(Db& db, const std::string& sql, int key_columns, Totals expected, Spell spell,
             std::vector<std::string>& out) {
  Stmt st(db, sql);
  while (st.step()) {
    const std::string period = st.text(0);
    Key k{period_code(period), 0, 0, 0};
    std::int64_t* parts[] = {&k.project, &k.team, &k.volunteer};
    for (int c = 1; c < key_columns; ++c) *parts[3 - key_columns + c] = st.integer(c);
    Counts found{st.integer(key_columns), st.integer(key_columns + 1), st.integer(key_columns + 2),
                 st.integer(key_columns + 3), st.column_count() > key_columns + 4 ? st.integer(key_columns + 4) : 0};
    auto it = expected.find(k);
    if (it == expected.end()) {
      if (!found.zero()) out.push_back(spell(period, k));
      continue;
    }
    if (!(it->second == found)) out.push_back(spell(period, k));
    expected.erase(it);
  }
  for (const auto& [k, counts] : expected) out.push_back(spell(period_text(k.period), k));
}

}  // namespace

std::vector<std::string> hours_totals_differences(Db& db) {
  Totals project, volunteer, all;
  {
    Stmt st(db, "SELECT date, volunteer_id, coalesce(project_id, 0), coalesce(team_id, 0), status = 'verified', minutes "
                "FROM service_hours WHERE status IN ('verified', 'pending')");
    while (st.step()) {
      const std::string date = st.text(0);
      const int month = period_code(std::string_view(date).substr(0, 7));
      const int year = month > 0 ? month / 100 : -1;
      const std::int64_t v = st.integer(1), j = st.integer(2), t = st.integer(3), minutes = st.integer(5);
      const bool verified = st.integer(4) != 0;
      auto add = [&](Counts& c) {
        (verified ? c.ve : c.pe) += 1;
        (verified ? c.vm : c.pm) += minutes;
      };
      for (int p : {month, year}) {
        add(project[{p, j, t, v}]);
        add(volunteer[{p, 0, 0, v}]);
        add(all[{p, 0, 0, 0}]);
      }
      add(volunteer[{0, 0, 0, v}]);
    }
  }
  for (const auto& [k, c] : volunteer)  // volunteers who served in each period
    if (k.period != 0 && c.ve > 0) ++all[{k.period, 0, 0, 0}].volunteers;

  const Entity &projects = entity_named("project"), &teams = entity_named("team"), &volunteers = entity_named("volunteer");
  std::vector<std::string> out;
  compare(db, "SELECT period, project_id, team_id, volunteer_id, verified_entries, verified_minutes, pending_entries, "
              "pending_minutes FROM project_hours_totals", 4, std::move(project),
          [&](const std::string& p, const Key& k) {
            return fmt::format("project_hours_totals {} {} {} {} differs from the entries", p, ref_text(projects, k.project),
                               ref_text(teams, k.team), ref_text(volunteers, k.volunteer));
          }, out);
  compare(db, "SELECT period, volunteer_id, verified_entries, verified_minutes, pending_entries, pending_minutes "
              "FROM volunteer_hours_totals", 2, std::move(volunteer),
          [&](const std::string& p, const Key& k) {
            return fmt::format("volunteer_hours_totals {} {} differs from the entries", p.empty() ? "all time" : p,
                               ref_text(volunteers, k.volunteer));
          }, out);
  compare(db, "SELECT period, verified_entries, verified_minutes, pending_entries, pending_minutes, volunteers "
              "FROM hours_totals", 1, std::move(all),
          [&](const std::string& p, const Key&) { return fmt::format("hours_totals {} differs from the entries", p); }, out);
  return out;
}

std::vector<std::string> points_totals_differences(Db& db) {
  // the kind of each entry so far, by id (a code into `kinds`), for the reversals, which count
  // under the kind of the entry they reverse
  std::vector<std::string> kinds;
  std::vector<std::uint8_t> kind_of;
  auto code_of = [&](const std::string& kind) {
    for (std::size_t i = 0; i < kinds.size(); ++i)
      if (kinds[i] == kind) return static_cast<std::uint8_t>(i + 1);
    kinds.push_back(kind);
    return static_cast<std::uint8_t>(kinds.size());
  };
  std::unordered_map<std::int64_t, std::unordered_map<std::string, std::int64_t>> cents;
  {
    Stmt st(db, "SELECT id, volunteer_id, kind, CAST(round(amount * 100) AS INTEGER), reverses_id FROM points_ledger ORDER BY id");
    while (st.step()) {
      const std::int64_t id = st.integer(0);
      std::string kind = st.text(2);
      const std::uint8_t own = code_of(kind);
      if (kind == "reversal" && !st.is_null(4)) {
        const std::int64_t reversed = st.integer(4);
        if (reversed > 0 && reversed < static_cast<std::int64_t>(kind_of.size()) && kind_of[reversed])
          kind = kinds[kind_of[reversed] - 1];
      }
      if (id > 0) {
        if (id >= static_cast<std::int64_t>(kind_of.size())) kind_of.resize(static_cast<std::size_t>(id) + 1 + kind_of.size() / 2);
        kind_of[id] = own;
      }
      cents[st.integer(1)][kind] += st.integer(3);
    }
  }
  const Entity& volunteers = entity_named("volunteer");
  std::vector<std::string> out;
  auto differs = [&](std::int64_t v, const std::string& kind) {
    return fmt::format("volunteer_points_totals {} {} differs from the ledger", ref_text(volunteers, v), kind);
  };
  Stmt st(db, "SELECT volunteer_id, kind, cents FROM volunteer_points_totals");
  while (st.step()) {
    const std::int64_t v = st.integer(0), found = st.integer(2);
    const std::string kind = st.text(1);
    auto it = cents.find(v);
    std::int64_t expected = 0;
    if (it != cents.end()) {
      auto k = it->second.find(kind);
      if (k != it->second.end()) {
        expected = k->second;
        it->second.erase(k);
      }
    }
    if (expected != found) out.push_back(differs(v, kind));
  }
  for (const auto& [v, kinds] : cents)
    for (const auto& [kind, c] : kinds)
      if (c != 0) out.push_back(differs(v, kind));
  return out;
}

}  // namespace shequ
