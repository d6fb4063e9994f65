// init, check, backup, migrate: the data file (or a server's community) as a whole.
#include <iostream>

#include <fmt/format.h>

#include "commands.h"
#include "core/i18n.h"
#include "io/paths.h"
#include "domain/points.h"
#include "domain/operators.h"
#include "domain/sample.h"
#include "storage/move_community.h"
#include "storage/schema.h"
#include "storage/server.h"
#include "records/vocab.h"

namespace shequ::cli {

namespace {

// A move's copy that `check` found problems in was not kept: its problems, then 74.
void require_whole(const MoveResult& r) {
  if (r.problems.empty()) return;
  for (const auto& p : r.problems) std::cerr << "shequ: " << p.what << "\n";
  throw Error(Exit::io,
              fmt::format(fmt::runtime(T("{}: the copy has {} problems; nothing was kept", "{}：副本有 {} 个问题；未保留任何数据")),
                          r.target, r.problems.size()),
              T("run `shequ check` on the source and fix what it finds first", "请先对源数据运行 `shequ check` 并修复所发现的问题"));
}

std::string copied(const CopyCount& n) {
  return fmt::format(fmt::runtime(T("{} rows of {} tables", "{1} 张表共 {0} 行")), n.rows, n.tables);
}

void setup_migrate(CLI::App& root, App& app) {
  auto to = std::make_shared<std::string>();
  auto from = std::make_shared<std::string>();
  auto community = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  CLI::App* migrate = verb(
      root, "migrate",
      T("Move a community's data file onto a PostgreSQL server, or a server's community into a new data file",
        "把社区的数据文件迁移到 PostgreSQL 服务器，或把服务器上的社区导出为新数据文件"),
      "shequ migrate --to postgresql:///shequ --community ningkangyuan --name 宁康园社区\n"
      "shequ migrate --from postgresql:///shequ --community ningkangyuan --to ningkang-copy.sqlite");
  migrate->add_option("--to", *to,
                      T("Where the copy goes: a server's URL (the data file in use is copied there as a new community), "
                        "or with --from a new data file",
                        "副本的去处：服务器 URL（把当前数据文件复制为服务器上的新社区），或与 --from 同用时为新数据文件"))
      ->required();
  migrate->add_option("--from", *from,
                      T("The server whose community is copied into the new data file --to",
                        "要导出社区的服务器，社区复制到 --to 指定的新数据文件"));
  migrate->add_option("--community", *community,
                      T("The community's code on the server (default: database.community)",
                        "服务器上的社区代码（默认：database.community）"));
  migrate->add_option("--name", *name,
                      T("With --to a server: the new community's name (default: community.name)",
                        "迁移到服务器时：新社区的名称（默认：community.name）"));
  migrate->callback([&app, to, from, community, name] {
    const std::string code = community->empty() ? app.community() : *community;
    CopyCount count;
    if (from->empty()) {  // the data file in use → a new community on the server --to
      if (!is_server_url(*to))
        throw Error(Exit::usage,
                    fmt::format(fmt::runtime(T("--to {}: name a server (postgresql://…), or copy a server's community "
                                               "into a file with --from URL --to FILE",
                                               "--to {}：请指定服务器（postgresql://…）；把服务器上的社区导出为文件请用 "
                                               "--from URL --to FILE")),
                                *to),
                    T("a data file is copied with `shequ backup FILE`", "复制数据文件请用 `shequ backup FILE`"));
      if (is_server_url(app.data_path()))
        throw Error(Exit::usage, T("migrate --to copies a data file; --db names a server",
                                   "migrate --to 复制的是数据文件；--db 指定的是服务器"),
                    T("give --db FILE.sqlite (or database.path)", "请用 --db FILE.sqlite（或 database.path）"));
      const std::string community_name = name->empty() ? app.config().string("community.name") : *name;
      MoveResult r = move_onto_server(app.context().db, *to, code, community_name, app.busy_timeout_ms(), app.progress());
      require_whole(r);
      welcome_community(*open_community(*to, code, app.busy_timeout_ms(), "--community"), code);
      app.note(fmt::format(fmt::runtime(T("copied {} of {} into community {} on {}; check: no problems",
                                          "已将 {1} 的 {0} 复制到 {3} 上的社区 {2}；检查：未发现问题")),
                           copied(r.count), r.source, code, r.target));
      return;
    }
    // A server's community → the new data file --to
    if (!is_server_url(*from))
      throw Error(Exit::usage,
                  fmt::format(fmt::runtime(T("--from {}: name the server the community is on (postgresql://…)",
                                             "--from {}：请指定社区所在的服务器（postgresql://…）")),
                              *from));
    if (is_server_url(*to))
      throw Error(Exit::usage,
                  T("--from and --to both name servers; copy through a data file", "--from 与 --to 都是服务器；请经由数据文件复制"),
                  T("shequ migrate --from URL --community C --to FILE, then shequ --db FILE migrate --to URL2",
                    "先 shequ migrate --from URL --community C --to FILE，再 shequ --db FILE migrate --to URL2"));
    if (!name->empty())
      throw Error(Exit::usage, T("--name names a new community on a server; a data file holds one community",
                                 "--name 用于服务器上的新社区；一个数据文件只有一个社区"));
    MoveResult r = move_into_file(*from, code, *to, app.busy_timeout_ms(), app.sync(), app.progress());
    require_whole(r);
    app.note(fmt::format(fmt::runtime(T("copied {} of community {} on {} into {}; check: no problems",
                                        "已将 {2} 上社区 {1} 的 {0} 复制到 {3}；检查：未发现问题")),
                         copied(r.count), code, r.source, r.target));
  });
}

}  // namespace

void setup_init(CLI::App& root, App& app) {
  auto sample = std::make_shared<bool>(false);
  auto sample_dir = std::make_shared<std::string>();
  auto community = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  CLI::App* init = verb(root, "init",
                        T("Create a new data file (mode 0600), or a new community on a PostgreSQL server",
                          "新建数据文件（权限 0600），或在 PostgreSQL 服务器上新建社区"),
                        "shequ --db ningkang.sqlite init --sample");
  init->add_flag("--sample", *sample, T("Load the bundled sample community", "载入自带的示例社区"));
  init->add_option("--sample-dir", *sample_dir,
                   T("Folder of the sample CSV files (default: the installed share/shequ/sample-data)",
                     "示例 CSV 所在目录（默认：安装目录下的 share/shequ/sample-data）"));
  init->add_option("--community", *community,
                   T("On a server: the new community's code, its schema (default: database.community)",
                     "使用服务器时：新社区的代码，即其 schema（默认：database.community）"));
  init->add_option("--name", *name,
                   T("On a server: the new community's name (default: community.name)",
                     "使用服务器时：新社区的名称（默认：community.name）"));
  init->callback([&app, sample, sample_dir, community, name] {
    // Found before the data file is made: a missing sample leaves no file behind.
    std::string dir;
    if (*sample) {
      const char* env = std::getenv("SHEQU_SAMPLE_DIR");
      dir = find_sample_dir(!sample_dir->empty() ? std::vector{*sample_dir}
                            : env && *env        ? std::vector<std::string>{env}
                                                 : default_sample_dirs());
    }
    std::string path = app.data_path();
    const bool server = is_server_url(path);
    if (!server && (!community->empty() || !name->empty()))
      throw Error(Exit::usage, T("--community and --name make a community on a PostgreSQL server; "
                                 "a data file holds one community",
                                 "--community 与 --name 用于在 PostgreSQL 服务器上新建社区；一个数据文件只有一个社区"),
                  T("give --db postgresql://… (or database.url), or leave both out",
                    "请用 --db postgresql://…（或 database.url），或去掉这两个选项"));
    std::string code = community->empty() ? app.community() : *community;
    Context& ctx = app.adopt(
        server ? create_community(path, code, name->empty() ? app.config().string("community.name") : *name,
                                  app.busy_timeout_ms())
               : create_data_file(path, app.busy_timeout_ms(), app.sync()));
    try {
      seed_vocab(ctx);
      if (*sample) {
        app.note(fmt::format(fmt::runtime(T("loading the sample from {}", "正在从 {} 载入示例数据")), dir));
        SampleLoad load = load_sample(ctx, dir);
        for (const auto& [kind, r] : load.imported)
          app.note(fmt::format("{}: {} {}", kind, r.inserted, T("inserted", "条已导入")));
        app.note(fmt::format(fmt::runtime(T("service hours: {} entries verified, {} points earned",
                                            "服务时长：已确认 {} 条，产生积分 {}")),
                             load.verified.entries, round_points(load.verified.points)));
      }
    } catch (...) {
      if (server) {  // a half-made community is worse than none
        drop_new_community(ctx.db, code);
      } else {
        remove_new_data_file(path);
      }
      throw;
    }
    if (server) welcome_community(ctx.db, code);
    app.note(server ? fmt::format(fmt::runtime(T("created community {} on {}", "已在 {1} 上创建社区 {0}")), code,
                                  ctx.db.path())
                    : fmt::format(fmt::runtime(T("created {}", "已创建 {}")), path));
  });

  auto full = std::make_shared<bool>(false);
  CLI::App* check = verb(root, "check", T("Check the data file: integrity, references, domain rules",
                                           "检查数据文件：完整性、引用关系、业务规则"),
                         "shequ check\nshequ check --full");
  check->add_flag("--full", *full,
                  T("Also compare every index with its table (SQLite's integrity_check: several times slower; "
                    "weekly, or after a crash)",
                    "同时逐一核对每个索引与其数据表（SQLite 的 integrity_check：慢数倍；每周一次或崩溃后使用）"));
  check->callback([&app, full] {
    auto problems =
        check_data_file(app.context().db, *full ? Integrity::full : Integrity::quick, app.progress());
    if (problems.empty()) {
      app.note(std::string(T("ok: no problems found", "正常：未发现问题")));
      return;
    }
    for (const auto& p : problems) std::cerr << "shequ: " << p.what << "\n";
    throw Error(Exit::io,
                fmt::format(fmt::runtime(T("{}: {} problems found", "{}：发现 {} 个问题")), app.data_path(), problems.size()),
                app.context().db.on_server()
                    ? std::string(T("restore the community from its dump (docs/guide/server.md, \"Backups: pg_dump\"), "
                                    "or ask for help before writing more",
                                    "请从该社区的备份恢复（见 docs/guide/zh/server.md「备份：pg_dump」），或先求助再继续写入"))
                    : std::string(T("restore a copy made by `shequ backup`, or ask for help before writing more",
                                    "请用 `shequ backup` 生成的备份恢复，或先求助再继续写入")));
  });

  auto target = std::make_shared<std::string>();
  CLI::App* backup = verb(root, "backup", T("Copy the data file consistently, even while others write",
                                             "在他人写入时也能一致地备份数据文件"),
                          "shequ backup backups/shequ-$(date +%F).sqlite");
  backup->add_option("FILE", *target, T("Backup file to create (mode 0600; a missing folder is made, mode 0700)",
                                        "要创建的备份文件（权限 0600；文件夹不存在时自动创建，权限 0700）"))->required();
  backup->callback([&app, target] {
    backup_data_file(app.context().db, *target);
    app.note(fmt::format(fmt::runtime(T("backup written to {}", "备份已写入 {}")), absolute_path(*target)));
  });

  setup_migrate(root, app);
}

}  // namespace shequ::cli
