#include <iostream>

#include <fmt/format.h>

#include "commands.h"
#include "detail.h"
#include "core/i18n.h"
#include "domain/programmes.h"

namespace shequ::cli {
namespace {

// --programme/--site/--type/--from/--to/--month on a command that filters deliveries.
std::shared_ptr<DeliveryFilter> delivery_filter_options(CLI::App& cmd, std::shared_ptr<std::string> month) {
  auto f = std::make_shared<DeliveryFilter>();
  cmd.add_option("--site", f->site, T("Only this site", "只看该站点"));
  cmd.add_option("--service-type", f->service_type, T("Only this service type (meal, recreation, medical, …)",
                                                      "只看该服务类型（meal、recreation、medical 等）"));
  cmd.add_option("--type", f->service_type)->group("");  // the first spelling, hidden: scripts keep working
  cmd.add_option("--from", f->from, T("On or after this date", "不早于该日期"));
  cmd.add_option("--to", f->to, T("On or before this date", "不晚于该日期"));
  cmd.add_option("--month", *month, T("One calendar month, e.g. 2026-11", "某个月，如 2026-11"));
  return f;
}

}  // namespace

void setup_programme(CLI::App& root, App& app) {
  CLI::App* noun = root.add_subcommand("programme", T("Service programmes (the elderly-service circle…), their sites and deliveries",
                                                       "服务项目（如养老服务圈）、站点与服务记录"));
  examples(*noun, "shequ programme list\nshequ programme show Q1 --month 2026-11");
  noun->require_subcommand(1);
  add_list_verb(*noun, app, programme_entity());
  add_set_verb(*noun, app, programme_entity());

  auto in = std::make_shared<Input>();
  auto sites = std::make_shared<std::vector<std::string>>();
  CLI::App* add = verb(*noun, "add", T("Add a programme with its sites", "新增服务项目及其站点"),
                       "shequ programme add --name 社区助餐圈 --site centre:宁康园养老服务中心 --site 东区站点 --site 西区站点");
  add_field_options(*add, programme_entity(), *in, true);
  add->add_option("--site", *sites, T("A site: centre:NAME, station:NAME or NAME (repeatable)",
                                      "站点：centre:名称、station:名称 或 名称（可多次）"));
  add->callback([&app, in, sites] {
    std::cout << ref_text(programme_entity(), add_programme(app.context(), *in, *sites)) << "\n";
  });

  struct ShowOpts { std::string ref, month; };
  auto so = std::make_shared<ShowOpts>();
  auto month_holder = std::make_shared<std::string>();
  CLI::App* show = verb(*noun, "show", T("Show a programme: its sites and what they delivered", "查看服务项目：站点及服务统计"),
                        "shequ programme show Q1 --month 2026-11");
  show->add_option("PROGRAMME", so->ref, T("Programme: Q1 or its name", "服务项目：Q1 或名称"))->required();
  auto sf = delivery_filter_options(*show, month_holder);
  show->callback([&app, so, sf, month_holder] {
    Context& ctx = app.context();
    std::int64_t id = resolve(ctx, programme_entity(), so->ref);
    DeliveryFilter f = *sf;
    if (!month_holder->empty()) set_month(f, *month_holder);
    f.programme = ref_text(programme_entity(), id);
    emit_detail(app, programme_record(ctx, id, f), {programme_sites(ctx, id, f), delivery_totals(ctx, f)});
  });

  auto site_in = std::make_shared<Input>();
  CLI::App* site = verb(*noun, "site", T("Add a site to a programme", "为服务项目增加站点"),
                        "shequ programme site add --programme Q1 --name 北区站点 --kind station --grid 05");
  site->require_subcommand(1);
  add_record_verbs(*site, app, site_entity(), "shequ programme site add --programme Q1 --name 北区站点 --kind station --grid 05");

  auto d = std::make_shared<Input>();
  auto dprog = std::make_shared<std::string>();
  CLI::App* deliver = verb(*noun, "deliver", T("Record services delivered at a site (meals are priced by tier)",
                                                "登记站点服务（助餐按补贴档次计价）"),
                           "shequ programme deliver Q1 --site 东区站点 --service-type meal --count 35 --mode dine-in --tier aged-60");
  deliver->add_option("PROGRAMME", *dprog, T("Programme: Q1 or its name", "服务项目：Q1 或名称"))->required();
  add_field_options(*deliver, delivery_entity(), *d, true);
  deliver->remove_option(deliver->get_option("--programme"));
  deliver->callback([&app, d, dprog] {
    Input in = *d;
    in.set("programme", *dprog);
    if (!in.get("recipient")) in.set("recipient", "");
    Context& ctx = app.context();
    std::int64_t id = add_record(ctx, delivery_entity(), in);
    std::cout << ref_text(delivery_entity(), id) << "\n";
  });

  auto lmonth = std::make_shared<std::string>();
  auto lprog = std::make_shared<std::string>();
  CLI::App* deliveries = verb(*noun, "deliveries", T("List deliveries", "列出服务记录"),
                              "shequ programme deliveries Q1 --month 2026-11 --service-type meal --format csv");
  deliveries->add_option("PROGRAMME", *lprog, T("Programme (default: all)", "服务项目（默认全部）"));
  auto lf = delivery_filter_options(*deliveries, lmonth);
  auto totals = std::make_shared<bool>(false);
  deliveries->add_flag("--totals", *totals, T("Totals by site, service, mode and tier instead of lines",
                                              "按站点、服务类型、方式和档次汇总"));
  deliveries->callback([&app, lf, lmonth, lprog, totals] {
    DeliveryFilter f = *lf;
    f.programme = *lprog;
    if (!lmonth->empty()) set_month(f, *lmonth);
    Context& ctx = app.context();
    if (*totals) app.emit(delivery_totals(ctx, f));
    else app.emit(list_records(ctx, delivery_entity(), delivery_query(ctx, f)));
  });
}

}  // namespace shequ::cli
