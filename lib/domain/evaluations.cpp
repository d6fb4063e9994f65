#include "domain/evaluations.h"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "records/audit.h"
#include "core/date.h"
#include "core/i18n.h"
#include "core/text.h"
#include "records/voids.h"

namespace shequ {
namespace {

const std::vector<std::string> kSubjectKinds = {"project", "need", "event", "team"};

std::optional<std::int64_t> parse_score(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 1 || v > 5) return std::nullopt;
  return v;
}

void prepare_evaluation(Context& ctx, Record& r, std::optional<std::int64_t>, std::vector<Problem>& problems) {
  const Entity& e = evaluation_entity();
  if (auto text = std::get_if<std::string>(&r.get(e, "subject"))) {
    try {
      KindRef ref = resolve_kind_ref(ctx, *text, kSubjectKinds);
      r.put(e, "subject", ref.id);
      r.put(e, "subject_kind", ref.kind);
    } catch (const Error& err) {
      problems.push_back({"subject", err.what()});
    }
  }
  if (!r.has(e, "date")) r.put(e, "date", to_iso(today()));
}

// One T per row of `sql`, made by `row`; the `{}` in `sql` is the condition that `column` (a
// date) lies in the period.
template <class T, class MakeRow>
std::vector<T> rows_in_period(Context& ctx, const Period& p, std::string_view sql, std::string_view column,
                              MakeRow row) {
  std::string in_period = "1 = 1";
  if (!p.from.empty()) in_period += fmt::format(" AND {} >= ?1", column);
  if (!p.to.empty()) in_period += fmt::format(" AND {} <= ?2", column);
  Stmt st(ctx.db, fmt::format(fmt::runtime(sql), in_period));
  if (!p.from.empty()) st.bind(1, p.from);
  if (!p.to.empty()) st.bind(2, p.to);
  std::vector<T> out;
  while (st.step()) out.push_back(row(st));
  return out;
}

double round2(double v) { return std::round(v * 100.0) / 100.0; }

}  // namespace

const Entity& evaluation_entity() {
  static const Entity e = [] {
    Entity e;
    e.name = "evaluation";
    e.plural = "evaluations";
    e.prefix = 'K';
    e.en = "evaluation";
    e.zh = "评价";
    e.table = "evaluation";
    e.order_by = "t.on_date, t.id";
    e.fields = {
        {.key = "subject", .en = "Subject", .zh = "评价对象", .column = "subject_id",
         .select = "%kind_ref(t.subject_kind, t.subject_id)", .required = true},
        {.key = "subject_kind", .en = "Subject kind", .zh = "对象类别", .column = "subject_kind", .listed = false,
         .exported = false},
        {.key = "date", .en = "Date", .zh = "日期", .type = FieldType::date, .column = "on_date", .past = true},
        {.key = "score", .en = "Score", .zh = "评分", .type = FieldType::integer, .column = "score", .required = true, .min = 1, .max = 5},
        {.key = "count", .en = "Residents", .zh = "人数", .type = FieldType::integer, .column = "count", .min = 1, .max = 1e6, .fallback = "1"},
        {.key = "comment", .en = "Comment", .zh = "意见", .column = "comment", .multiline = true},
        void_field(),
    };
    e.natural_keys = {{"subject_kind", "subject", "date", "score", "comment?"}};
    e.prepare = prepare_evaluation;
    return e;
  }();
  return e;
}

std::int64_t evaluate(Context& ctx, std::string_view subject, std::string_view score, std::string_view comment,
                      std::string_view date) {
  Change change(ctx);
  auto s = parse_score(trim(score));
  if (!s)
    throw Error(Exit::data, tr_format("SCORE: \"{}\" is not a score from 1 to 5", "评分：“{}”不是 1–5 的评分", score));
  KindRef ref = resolve_kind_ref(ctx, subject, kSubjectKinds);
  std::string on = date_or_today(date, "--date");
  std::optional<std::string> text;
  if (!trim(comment).empty()) text = trim(comment);
  auto find = ctx.db.cached(
      "SELECT id FROM evaluation WHERE subject_kind = ? AND subject_id = ? AND on_date = ? AND score = ? AND comment IS NOT DISTINCT FROM ? "
      "AND voided_at IS NULL");  // a voided tally stays as it was
  find.bind_all(ref.kind, ref.id, on, *s);
  find.bind(5, text);
  std::int64_t id = 0;
  if (find.step()) {
    id = find.integer(0);
    auto up = ctx.db.cached("UPDATE evaluation SET count = count + 1 WHERE id = ?");
    up.bind(1, id);
    up.run();
  } else {
    auto ins = ctx.db.cached(
        "INSERT INTO evaluation (subject_kind, subject_id, on_date, score, count, comment) VALUES (?, ?, ?, ?, 1, ?)");
    ins.bind_all(ref.kind, ref.id, on, *s);
    ins.bind(5, text);
    id = ins.insert();
  }
  change.subject(ref.kind, ref.id);
  change.commit();
  return id;
}

std::vector<SubjectScore> barometer_scores(Context& ctx, const Period& period) {
  return rows_in_period<SubjectScore>(
      ctx, period,
      "SELECT subject_kind, subject_id, sum(count), sum(score * count), "
      "sum(CASE score WHEN 1 THEN count END), sum(CASE score WHEN 2 THEN count END), "
      "sum(CASE score WHEN 3 THEN count END), sum(CASE score WHEN 4 THEN count END), "
      "sum(CASE score WHEN 5 THEN count END) FROM evaluation WHERE voided_at IS NULL AND {} "
      "GROUP BY subject_kind, subject_id "
      "ORDER BY CAST(sum(score * count) AS REAL) / sum(count) DESC, sum(count) DESC, subject_kind, subject_id",
      "on_date", [&](Stmt& st) {
        SubjectScore s;
        s.subject = {st.text(0), st.integer(1)};
        s.label = kind_ref_label(ctx, s.subject);
        s.count = st.integer(2);
        s.average = s.count ? round2(static_cast<double>(st.integer(3)) / static_cast<double>(s.count)) : 0;
        for (int i = 0; i < 5; ++i) s.by_score[static_cast<std::size_t>(i)] = st.is_null(4 + i) ? 0 : st.integer(4 + i);
        return s;
      });
}

std::vector<PublishedOutcome> published_outcomes(Context& ctx, const Period& period) {
  return rows_in_period<PublishedOutcome>(
      ctx, period,
      "SELECT id, title, category, status, coalesce(resolution, decline_reason), closed_on, "
      "assignee_kind, assignee_id, satisfaction FROM need "
      "WHERE public = 1 AND status IN ('resolved', 'declined') AND voided_at IS NULL AND {} ORDER BY closed_on, id",
      "closed_on", [&](Stmt& st) {
        PublishedOutcome o;
        o.need = ref_text(entity_named("need"), st.integer(0));
        o.title = st.text(1);
        o.category = st.text(2);
        o.status = st.text(3);
        o.resolution = st.opt_text(4).value_or("");
        o.closed_on = st.opt_text(5).value_or("");
        if (!st.is_null(6)) o.assignee = kind_ref_label(ctx, {st.text(6), st.integer(7)});
        if (!st.is_null(8)) o.satisfaction = st.integer(8);
        return o;
      });
}

std::vector<CategoryFigures> need_category_figures(Context& ctx, const Period& period) {
  return rows_in_period<CategoryFigures>(
      ctx, period,
      "SELECT v.code, count(n.id), count(CASE n.status WHEN 'resolved' THEN 1 END), "
      "count(CASE n.status WHEN 'declined' THEN 1 END), "
      "count(CASE WHEN n.status NOT IN ('resolved', 'declined') THEN 1 END), avg(n.satisfaction) "
      "FROM vocab v LEFT JOIN need n ON n.category = v.code AND n.voided_at IS NULL AND {} "
      "WHERE v.kind = 'need-category' GROUP BY v.code ORDER BY min(v.sort), v.code",
      "n.raised_on", [](Stmt& st) {
        CategoryFigures c;
        c.category = st.text(0);
        c.raised = st.integer(1);
        c.resolved = st.integer(2);
        c.declined = st.integer(3);
        c.open = st.integer(4);
        if (!st.is_null(5)) c.satisfaction = round2(st.real(5));
        return c;
      });
}

Table barometer_table(Context& ctx, const Period& period) {
  Table t;
  t.title = std::string(tr("Residents' evaluations", "居民评价"));
  t.columns = {{"subject", "Subject", "评价对象"}, {"kind", "Kind", "类别"},
               {"count", "Residents", "人数", true}, {"average", "Average", "平均分", true},
               {"score_1", "1", "1分", true}, {"score_2", "2", "2分", true}, {"score_3", "3", "3分", true},
               {"score_4", "4", "4分", true}, {"score_5", "5", "5分", true}};
  for (const auto& s : barometer_scores(ctx, period)) {
    std::vector<Cell> row{s.label, s.subject.kind, s.count, s.average};
    for (auto n : s.by_score) row.emplace_back(n);
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace shequ
