// `report barometer`: the public, anonymous opinion barometer for the notice board.
#include "reports/report_run.h"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <set>

#include "io/barometer_page.h"
#include "domain/evaluations.h"
#include "core/i18n.h"
#include "core/text.h"

namespace shequ::report {
namespace {

// "清洁家园" from "J3 清洁家园": the notice board names things, never their internal ids.
std::string plain_name(std::string_view label) {
  std::size_t i = 0;
  if (i < label.size() && label[i] >= 'A' && label[i] <= 'Z') ++i;
  std::size_t digits = i;
  while (i < label.size() && label[i] >= '0' && label[i] <= '9') ++i;
  if (digits == 1 && i > 1 && (i == label.size() || label[i] == ' '))
    return std::string(i == label.size() ? std::string_view() : label.substr(i + 1));
  return std::string(label);
}

// The barometer's view of one subject's scores: its plain name and whether it may show an average.
struct BoardItem {
  std::string name, kind;
  SubjectScore score;
  bool enough = false;  // at least barometer.min_count evaluations
};

}  // namespace

Document report_barometer(Context& ctx, const ReportOptions& o) {
  Run r(ctx, o);
  Document d;
  d.title = r.title("Opinion barometer", "民意晴雨表");
  d.subtitle = r.subtitle();
  Period p{to_iso(r.period.start), to_iso(r.period.last())};
  const Int min_count = ctx.config.integer("barometer.min_count");
  const std::string too_few = L("too few responses", "评价人数过少");

  // Needs the coordinator has not published are not named on the board.
  std::set<Int> unpublished;
  {
    Stmt st(ctx.db, "SELECT id FROM need WHERE public = 0 AND id IN (SELECT subject_id FROM evaluation WHERE subject_kind = 'need' "
                    "AND voided_at IS NULL)");
    while (st.step()) unpublished.insert(st.integer(0));
  }
  // code, the category's name, one item's kind
  static const std::vector<std::array<std::string, 5>> kKinds = {{"project", "Projects", "服务项目", "Project", "项目"},
                                                                 {"need", "Residents' needs", "居民诉求", "Need", "诉求"},
                                                                 {"event", "Events", "活动", "Event", "活动"},
                                                                 {"team", "Teams", "志愿服务队", "Team", "队伍"}};
  auto kind_label = [&](const std::string& kind) {
    for (const auto& k : kKinds)
      if (k[0] == kind) return r.label(kind, k[3], k[4]);
    return kind;
  };
  std::vector<BoardItem> items;
  Int residents = 0, score_sum = 0;
  std::array<Int, 5> by_score{};
  for (const auto& sc : barometer_scores(ctx, p)) {
    BoardItem it;
    it.score = sc;
    it.kind = sc.subject.kind;
    it.enough = sc.count >= min_count;
    it.name = sc.subject.kind == "need" && unpublished.count(sc.subject.id) ? r.label("need", "a resident's need (not published)", "未公开的居民诉求")
                                                                            : plain_name(sc.label);
    if (it.name.empty()) it.name = kind_label(it.kind);
    residents += sc.count;
    for (std::size_t i = 0; i < 5; ++i) {
      by_score[i] += sc.by_score[i];
      score_sum += sc.by_score[i] * static_cast<Int>(i + 1);
    }
    items.push_back(std::move(it));
  }
  auto average_cell = [&](Int count, double average) -> Cell {
    if (count >= min_count) return round2(average);
    return r.o.codes ? Cell{} : Cell{too_few};
  };
  auto share = [&](Int n, Int of) -> Cell { return percent_for_people(r, of ? round2(static_cast<double>(n) / static_cast<double>(of)) : 0.0); };

  std::vector<PublishedOutcome> outcomes = published_outcomes(ctx, p);
  Section overview{L("At a glance", "总体情况"), {}, std::nullopt, "overview"};
  overview.table.columns = {{"figure", "Figure", "指标"}, {"value", "Value", "数值", true}};
  const double overall = residents ? static_cast<double>(score_sum) / static_cast<double>(residents) : 0.0;
  overview.table.rows = {
      {r.label("residents", "Evaluations by residents", "参与评价（人次）"), residents},
      {r.label("satisfaction", "Overall satisfaction (1–5)", "总体满意度（1–5 分）"), average_cell(residents, overall)},
      {r.label("satisfied_share", "Satisfied (4 or 5)", "满意（4–5 分）占比"), share(by_score[3] + by_score[4], residents)},
      {r.label("items", "Items evaluated", "参与评价的项目、诉求、活动和队伍"), static_cast<Int>(items.size())},
      {r.label("outcomes", "Outcomes published", "公示的诉求办理结果"), static_cast<Int>(outcomes.size())}};
  d.sections.push_back(std::move(overview));

  Section dist{L("How residents scored", "评分分布"), {}, std::nullopt, "distribution"};
  dist.table.columns = {{"score", "Score", "评分"}, {"residents", "Residents", "人次", true}, {"share", "Share", "占比", true}};
  static const std::array<std::array<const char*, 2>, 5> kScores = {{{"1 very dissatisfied", "1 分 很不满意"},
                                                                     {"2 dissatisfied", "2 分 不满意"},
                                                                     {"3 fair", "3 分 一般"},
                                                                     {"4 satisfied", "4 分 满意"},
                                                                     {"5 very satisfied", "5 分 非常满意"}}};
  BarChart dist_chart{L("Residents per score", "各分值人次"), {}};
  for (std::size_t i = 5; i-- > 0;) {
    std::string label = r.o.codes ? std::to_string(i + 1) : L(kScores[i][0], kScores[i][1]);
    dist.table.rows.push_back({label, by_score[i], share(by_score[i], residents)});
    dist_chart.bars.emplace_back(L(kScores[i][0], kScores[i][1]) + " (" + cell_text(percent_for_people(r, dist.table.rows.back()[2])) + ")",
                                 static_cast<double>(by_score[i]));
  }
  dist.chart = std::move(dist_chart);
  d.sections.push_back(std::move(dist));

  Section cats{L("Average by category", "各类别平均分"), {}, std::nullopt, "categories"};
  cats.table.columns = {{"category", "Category", "类别"}, {"items", "Items", "评价对象", true},
                        {"residents", "Votes", "人次", true}, {"average", "Average", "平均分（1–5）", true}};
  for (const auto& k : kKinds) {
    Int n = 0, count = 0, sum = 0;
    for (const BoardItem& it : items) {
      if (it.kind != k[0]) continue;
      ++n;
      count += it.score.count;
      for (std::size_t i = 0; i < 5; ++i) sum += it.score.by_score[i] * static_cast<Int>(i + 1);
    }
    cats.table.rows.push_back({r.label(k[0], k[1], k[2]), n, count,
                               average_cell(count, count ? static_cast<double>(sum) / static_cast<double>(count) : 0.0)});
  }
  d.sections.push_back(std::move(cats));

  constexpr std::size_t kAttention = 5;
  Section attention{L("Needing attention (lowest rated)", "需要改进（评分最低）"), {}, std::nullopt, "attention"};
  attention.table.columns = {{"item", "Item", "评价对象"}, {"category", "Category", "类别"},
                             {"residents", "Votes", "人次", true}, {"average", "Average", "平均分（1–5）", true}};
  std::vector<const BoardItem*> rated;
  for (const BoardItem& it : items)
    if (it.enough) rated.push_back(&it);
  std::stable_sort(rated.begin(), rated.end(), [](const BoardItem* a, const BoardItem* b) { return a->score.average < b->score.average; });
  for (std::size_t i = 0; i < rated.size() && i < kAttention; ++i)
    attention.table.rows.push_back({rated[i]->name, kind_label(rated[i]->kind), rated[i]->score.count, round2(rated[i]->score.average)});
  Int few = static_cast<Int>(items.size() - rated.size());
  if (few > 0)
    attention.table.notes.push_back(fmt::format(fmt::runtime(L("{} items with fewer than {} evaluations show no average (too few responses).",
                                                               "另有 {} 项评价人数少于 {} 人，不显示平均分（评价人数过少）。")),
                                                few, min_count));
  d.sections.push_back(std::move(attention));

  constexpr std::size_t kOutcomesOnPage = 6;
  Section done{L("What we did: published outcomes", "我们做了什么：诉求办理结果公示"), {}, std::nullopt, "outcomes"};
  done.table.columns = {{"title", "Need", "诉求"}, {"category", "Category", "类别"}, {"status", "Outcome", "结果"},
                        {"resolution", "What was done", "办理情况"}, {"closed_on", "Closed on", "办结日期"},
                        {"assignee", "Handled by", "承办方"}};
  auto need_cats = r.vocab("need-category");
  const std::size_t shown = o.detail ? outcomes.size() : std::min(outcomes.size(), kOutcomesOnPage);
  for (std::size_t i = outcomes.size() - shown; i < outcomes.size(); ++i) {  // the latest, on the board
    const PublishedOutcome& po = outcomes[i];
    done.table.rows.push_back({po.title, need_cats.count(po.category) ? need_cats[po.category] : po.category,
                               status_label(r, po.status), po.resolution, po.closed_on, plain_name(po.assignee)});
  }
  if (shown < outcomes.size())
    done.table.notes.push_back(fmt::format(fmt::runtime(L("The latest {} of {} outcomes; the full list is kept at the community office.",
                                                          "以上为最近 {} 项，共 {} 项；完整清单存社区居委会备查。")),
                                           shown, outcomes.size()));
  d.sections.push_back(std::move(done));

  if (o.detail) {
    Section all{L("Every item evaluated", "全部评价对象"), {}, std::nullopt, "evaluations"};
    all.table.columns = {{"item", "Item", "评价对象"},   {"category", "Category", "类别"},
                         {"residents", "Votes", "人次", true}, {"average", "Average (1–5)", "平均分（1–5）", true},
                         {"score_1", "1", "1分", true},  {"score_2", "2", "2分", true}, {"score_3", "3", "3分", true},
                         {"score_4", "4", "4分", true},  {"score_5", "5", "5分", true}};
    for (const BoardItem& it : items) {
      std::vector<Cell> row{it.name, kind_label(it.kind), it.score.count, average_cell(it.score.count, it.score.average)};
      for (auto n : it.score.by_score) row.push_back(it.enough ? Cell{n} : Cell{});  // a few scores could name who gave them
      all.table.rows.push_back(std::move(row));
    }
    d.sections.push_back(std::move(all));
    ReportOptions by_category = o;
    by_category.by = "category";
    Run rc(ctx, by_category);
    d.sections.push_back(need_breakdown(rc));
  }
  d.print_body = barometer_page(d);
  return d;
}

}  // namespace shequ::report
