// The communities a street command covers, and `shequ street communities`.
#include <algorithm>
#include <exception>
#include <memory>
#include <thread>

#include "core/error.h"
#include "core/i18n.h"
#include "core/text.h"
#include "reports/street.h"
#include "storage/server.h"

namespace shequ {

std::vector<std::string> street_communities(Context& ctx, const std::vector<std::string>& only) {
  std::vector<std::string> registered;
  for (const Community& c : list_communities(ctx.db)) registered.push_back(c.code);
  if (registered.empty())
    throw Error(Exit::not_found, tr_format("no community on the server {} yet", "服务器 {} 上还没有社区", ctx.db.path()),
                std::string(tr("create one: shequ --db URL init --community CODE --name NAME (docs/guide/street.md)",
                               "请先创建：shequ --db URL init --community 代码 --name 社区名称（见 docs/guide/zh/street.md）")));
  if (only.empty()) return registered;
  for (const std::string& code : only)
    if (std::find(registered.begin(), registered.end(), code) == registered.end())
      throw Error(Exit::not_found,
                  tr_format("--communities: {} is not on the server (communities there: {})",
                            "--communities：服务器上没有社区 {}（已有社区：{}）", code, join(registered, ", ")));
  return only;
}

void for_each_community(Context& ctx, const std::vector<std::string>& codes,
                        const std::function<void(Context&, std::size_t)>& each) {
  const std::size_t workers = ctx.db.on_server() && codes.size() >= 8 ? 2 : 1;
  std::vector<std::unique_ptr<Db>> others;  // opened and closed here: connections are registered by the thread that owns them
  std::vector<Context> contexts{ctx};
  for (std::size_t w = 1; w < workers; ++w) {
    others.push_back(ctx.db.another());
    contexts.push_back(Context{*others.back(), ctx.config, ctx.operator_name, ctx.command_line, ctx.reveal});
  }
  std::vector<std::exception_ptr> errors(workers);
  auto run = [&](std::size_t w) {
    try {
      for (std::size_t i = w; i < codes.size(); i += workers) {
        enter_community(contexts[w].db, codes[i], "--communities");
        each(contexts[w], i);
      }
    } catch (...) {
      errors[w] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t w = 1; w < workers; ++w) threads.emplace_back(run, w);
  run(0);
  for (std::thread& t : threads) t.join();
  for (const std::exception_ptr& e : errors)
    if (e) std::rethrow_exception(e);
}

Table street_community_table(Context& ctx, bool codes) {
  Table t;
  t.title = std::string(tr("Communities on the server", "服务器上的社区"));
  t.columns = {{"community", "Community", "社区代码"}, {"name", "Name", "社区名称"},
               {"created_at", "Registered", "登记时间"}, {"grids", "Grids", "网格", true},
               {"residents", "Residents", "居民", true}, {"street_cases", "Active cases at the street", "街道在办案件", true},
               {"problem", "Problem", "问题"}};
  for (const Community& c : list_communities(ctx.db)) {
    std::vector<Cell> row{c.code, c.name, codes ? c.created_at : c.created_at.substr(0, 10)};
    try {
      enter_community(ctx.db, c.code);
    } catch (const Error& e) {
      if (e.code() == Exit::not_found) continue;  // removed from the server since it was listed
      row.resize(t.columns.size());  // listed with what is wrong, so one broken community hides no other
      row.back() = std::string(e.what());
      t.rows.push_back(std::move(row));
      continue;
    }
    row.push_back(ctx.db.scalar("SELECT count(*) FROM grid"));
    row.push_back(ctx.db.scalar("SELECT coalesce(sum(residents), 0) FROM grid_resident_totals"));
    row.push_back(ctx.db.scalar("SELECT count(*) FROM mediation_case WHERE level = 'street' AND status IN ('open', 'mediating')"));
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace shequ
