#include "io/paths.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "core/error.h"
#include "core/i18n.h"

namespace shequ {
namespace {

namespace fs = std::filesystem;

struct Protected {
  std::string path;  // absolute, as given
  FileRole role;
};

std::vector<Protected>& registry() {
  static std::vector<Protected> files;
  return files;
}

std::string_view role_text(FileRole role) {
  switch (role) {
    case FileRole::data_file: return tr("it is the data file", "这是数据文件");
    case FileRole::wal: return tr("it is the data file's write-ahead log", "这是数据文件的预写日志");
    case FileRole::shm: return tr("it is the data file's shared-memory index", "这是数据文件的共享内存索引");
    case FileRole::settings: return tr("it is the settings file", "这是配置文件");
    case FileRole::input: return tr("it is the file being imported", "这是正在导入的文件");
  }
  return {};
}

}  // namespace

std::string absolute_path(std::string_view path) {
  std::error_code ec;
  fs::path p = fs::absolute(fs::path(path), ec);
  return ec ? std::string(path) : p.lexically_normal().string();
}

std::string resolved_path(std::string_view path) {
  std::error_code ec;
  fs::path p = fs::absolute(fs::path(path), ec);
  if (ec) return std::string(path);
  for (int hops = 0; hops < 40; ++hops) {  // as many as the kernel follows (ELOOP)
    fs::path parent = fs::weakly_canonical(p.parent_path(), ec);
    if (!ec) p = parent / p.filename();
    if (!fs::is_symlink(fs::symlink_status(p, ec))) break;
    fs::path target = fs::read_symlink(p, ec);
    if (ec) break;
    p = target.is_absolute() ? target : p.parent_path() / target;
  }
  return p.lexically_normal().string();
}

void protect_file(std::string_view path, FileRole role) {
  registry().push_back({absolute_path(path), role});
}

void protect_data_file(std::string_view path) {
  protect_file(path, FileRole::data_file);
  protect_file(std::string(path) + "-wal", FileRole::wal);
  protect_file(std::string(path) + "-shm", FileRole::shm);
}

void refuse_protected(std::string_view target) {
  std::string wanted(target);
  std::string resolved = resolved_path(target);
  struct stat t {};
  bool exists = ::stat(wanted.c_str(), &t) == 0;
  for (const Protected& p : registry()) {
    struct stat s {};
    bool same = exists && ::stat(p.path.c_str(), &s) == 0 && s.st_dev == t.st_dev && s.st_ino == t.st_ino;
    if (!same && resolved_path(p.path) != resolved) continue;
    throw Error(Exit::usage,
                tr_format("will not write {}: {} ({})", "不会写入 {}：{}（{}）", absolute_path(target),
                          role_text(p.role), p.path),
                std::string(tr("an output never replaces the data file, its -wal or -shm, the settings file or "
                               "the input; choose another file",
                               "输出不会覆盖数据文件及其 -wal、-shm、配置文件或正在导入的文件；请换一个文件")));
  }
}

std::string errno_text(int err) {
  switch (err) {
    case ENOSPC:
    case EDQUOT: return std::string(tr("disk full", "磁盘已满"));
    case ENOENT: return std::string(tr("no such file or folder", "文件或文件夹不存在"));
    case EACCES:
    case EPERM: return std::string(tr("permission denied", "没有权限"));
    case EROFS: return std::string(tr("the disk is read-only", "磁盘为只读"));
    case EISDIR: return std::string(tr("it is a folder", "这是一个文件夹"));
    case ENOTDIR: return std::string(tr("a part of the path is not a folder", "路径中有一部分不是文件夹"));
    case EEXIST: return std::string(tr("it already exists", "已存在"));
    case ENAMETOOLONG: return std::string(tr("the name is too long", "名称过长"));
    case EIO: return std::string(tr("input/output error (the disk may be failing)", "读写错误（磁盘可能有故障）"));
    case EXDEV: return std::string(tr("it is on another disk", "位于另一块磁盘"));
    default: return language() == Lang::en ? std::strerror(err) : fmt::format("系统错误 {}（{}）", err, std::strerror(err));
  }
}

}  // namespace shequ
