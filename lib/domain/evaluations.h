// The opinion barometer (民意晴雨表): residents' scores for projects, needs, events and teams,
// and the outcomes published on the notice board. Anonymous by design: no evaluator is stored and
// nothing here returns a person's name.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "records/entity.h"
#include "domain/needs.h"

namespace shequ {

/// The evaluation entity (import kind "evaluations"): subject (J3, N5, E2, T1), date, score 1–5,
/// count (how many residents gave that score: a paper-ballot tally), comment.
const Entity& evaluation_entity();

/// `shequ evaluate`: one resident's score for a subject; the same subject, day, score and comment
/// add up into one tally row. Score outside 1–5 is 65; an unknown subject is 66. Returns the row id.
std::int64_t evaluate(Context& ctx, std::string_view subject, std::string_view score, std::string_view comment,
                      std::string_view date);


/// One subject's scores in a period.
struct SubjectScore {
  KindRef subject;
  std::string label;                  // "J3 帮帮龙助老": prefixed id and name or need title
  std::int64_t count = 0;             // residents who scored it
  double average = 0;                 // mean score, 2 decimals
  std::array<std::int64_t, 5> by_score{};  // how many gave 1, 2, 3, 4, 5
};

/// Per-subject averages and counts of evaluations dated in the period, best average first.
std::vector<SubjectScore> barometer_scores(Context& ctx, const Period& period);

/// A published outcome: a public need closed in the period.
struct PublishedOutcome {
  std::string need;  // "N5"
  std::string title, category, status, resolution, closed_on, assignee;
  std::optional<std::int64_t> satisfaction;
};

/// Public needs resolved or declined in the period, oldest first (no names of residents).
std::vector<PublishedOutcome> published_outcomes(Context& ctx, const Period& period);

/// Needs by category in a period: raised, resolved, declined, still open, mean satisfaction.
struct CategoryFigures {
  std::string category;
  std::int64_t raised = 0, resolved = 0, declined = 0, open = 0;
  std::optional<double> satisfaction;
};

/// Needs raised in the period by category (all 12 categories, zero rows included).
std::vector<CategoryFigures> need_category_figures(Context& ctx, const Period& period);

/// barometer_scores as a table, for `evaluate --summary`.
Table barometer_table(Context& ctx, const Period& period);

}  // namespace shequ
