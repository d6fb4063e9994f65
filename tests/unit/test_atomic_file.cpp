// Unit tests for lib/atomic_file and lib/paths: whole files or none, modes that follow the umask,
// devices and FIFOs written directly, and protected files never replaced.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "io/atomic_file.h"
#include "core/i18n.h"
#include "core/error.h"
#include "io/paths.h"

using namespace shequ;
namespace fs = std::filesystem;

namespace {

// A fresh empty folder (its canonical path), removed with everything in it afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "shequ-test-output.XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path = fs::canonical(tmpl);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
};

// Sets the umask for one test and restores it afterwards.
struct UmaskGuard {
  mode_t saved;
  explicit UmaskGuard(mode_t mask) : saved(::umask(mask)) {}
  ~UmaskGuard() { ::umask(saved); }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

void write_file(const std::string& path, const std::string& text, std::optional<unsigned> mode = std::nullopt) {
  AtomicFile file(path, mode);
  file.stream() << text;
  file.commit();
}

}  // namespace

TEST_CASE("AtomicFile: commit puts the whole file in place; the temporary file is beside it") {
  TempDir dir;
  UmaskGuard mask(022);
  const fs::path target = dir.path / "out.csv";
  {
    AtomicFile file(target.string());
    const fs::path temp = file.temp_path();
    CHECK(temp.parent_path() == dir.path);
    CHECK(temp.filename().string().starts_with(".out.csv.tmp." + std::to_string(::getpid()) + "."));
    file.stream() << "a,b\r\n" << std::string(200000, 'x');
    CHECK_FALSE(fs::exists(target));
    file.commit();
    CHECK_FALSE(fs::exists(temp));
  }
  CHECK(slurp(target) == "a,b\r\n" + std::string(200000, 'x'));
  CHECK(dir.names() == std::vector<std::string>{"out.csv"});

  write_file(target.string(), "new");  // replaces an existing file
  CHECK(slurp(target) == "new");
  CHECK(dir.names() == std::vector<std::string>{"out.csv"});
}

TEST_CASE("AtomicFile: a new file follows the umask, a replaced one keeps its mode, an explicit mode is exact") {
  TempDir dir;
  for (auto [mask, expected] : {std::pair{0022u, 0644u}, {0027u, 0640u}, {0077u, 0600u}}) {
    UmaskGuard guard(mask);
    const fs::path target = dir.path / ("new-" + std::to_string(mask) + ".csv");
    write_file(target.string(), "x");
    CHECK(mode_of(target) == expected);
  }
  UmaskGuard guard(022);
  const fs::path kept = dir.path / "kept.csv";
  std::ofstream(kept) << "old";
  fs::permissions(kept, fs::perms(0600));
  write_file(kept.string(), "new");
  CHECK(slurp(kept) == "new");
  CHECK(mode_of(kept) == 0600);

  const fs::path shared = dir.path / "shared.html";
  write_file(shared.string(), "<p>", 0640);
  CHECK(mode_of(shared) == 0640);
  fs::permissions(shared, fs::perms(0600));
  write_file(shared.string(), "<p>2", 0640);  // the explicit mode wins over the old one
  CHECK(mode_of(shared) == 0640);
}

TEST_CASE("AtomicFile: without commit nothing changes and the temporary file is gone") {
  TempDir dir;
  const fs::path target = dir.path / "report.html";
  {
    AtomicFile file(target.string());
    file.stream() << "half written";
  }
  CHECK_FALSE(fs::exists(target));
  CHECK(dir.names().empty());

  std::ofstream(target) << "old";
  {
    AtomicFile file(target.string());
    file.stream() << "new";
  }
  CHECK(slurp(target) == "old");
  CHECK(dir.names() == std::vector<std::string>{"report.html"});
}

TEST_CASE("AtomicFile: failures are I/O errors naming the absolute path") {
  TempDir dir;
  const std::string missing = (dir.path / "no-such-dir" / "out.csv").string();
  try {
    AtomicFile file(missing);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::io);
    CHECK(std::string(e.what()).find(missing) != std::string::npos);
  }

  fs::create_directory(dir.path / "taken");  // a folder where the file should go
  try {
    AtomicFile file((dir.path / "taken").string());
    file.stream() << "x";
    file.commit();
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::io);
    CHECK(std::string(e.what()).find((dir.path / "taken").string()) != std::string::npos);
  }
  CHECK(dir.names() == std::vector<std::string>{"taken"});
}

TEST_CASE("AtomicFile: a device or a FIFO is written directly, never renamed over") {
  write_file("/dev/null", "discarded");
  struct stat st {};
  REQUIRE(::stat("/dev/null", &st) == 0);
  CHECK(S_ISCHR(st.st_mode));
  {
    AtomicFile file("/dev/null");
    CHECK(file.temp_path().empty());
  }

  TempDir dir;
  const fs::path fifo = dir.path / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  std::string received;
  std::thread reader([&] { received = slurp(fifo); });
  write_file(fifo.string(), "through the pipe");
  reader.join();
  CHECK(received == "through the pipe");
  CHECK(fs::is_fifo(fifo));
  CHECK(dir.names() == std::vector<std::string>{"pipe"});

  try {  // a full disk says so
    write_file("/dev/full", std::string(1 << 17, 'x'));
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.code() == Exit::io);
    // "/dev/full: disk full" in English, "/dev/full：磁盘已满" in Chinese.
    CHECK(std::string(e.what()).find(std::string("/dev/full") + std::string(shequ::tr(": ", "：")) + errno_text(ENOSPC)) !=
          std::string::npos);
  }
  CHECK_THROWS_AS(write_file("/dev/shequ-no-such-device", "x"), Error);
  CHECK_FALSE(fs::exists("/dev/shequ-no-such-device"));
}

TEST_CASE("AtomicFile: a symlink is followed; the file it points to is replaced") {
  TempDir dir;
  const fs::path real = dir.path / "real.csv";
  const fs::path link = dir.path / "link.csv";
  std::ofstream(real) << "old";
  fs::create_symlink("real.csv", link);
  write_file(link.string(), "new");
  CHECK(fs::is_symlink(link));
  CHECK(slurp(real) == "new");
}

TEST_CASE("refuse_protected: the data file, its -wal and -shm, the settings and an input, by inode or resolved path") {
  TempDir dir;
  const fs::path data = dir.path / "data.sqlite";
  const fs::path settings = dir.path / "shequ.toml";
  const fs::path input = dir.path / "roster.csv";
  for (const auto& p : {data, settings, input}) std::ofstream(p) << "precious";
  protect_data_file(data.string());
  protect_file(settings.string(), FileRole::settings);
  protect_file(input.string(), FileRole::input);
  fs::create_symlink("data.sqlite", dir.path / "link.sqlite");
  fs::create_symlink("data.sqlite-wal", dir.path / "dangling-wal");
  fs::create_hard_link(input, dir.path / "hard.csv");

  const std::vector<std::string> refused = {
      data.string(),
      (dir.path / "." / "data.sqlite").string(),
      (dir.path / "sub" / ".." / "data.sqlite").string(),
      (dir.path / "link.sqlite").string(),
      data.string() + "-wal",                   // does not exist yet
      data.string() + "-shm",
      (dir.path / "dangling-wal").string(),     // a symlink to the -wal to be
      settings.string(),
      input.string(),
      (dir.path / "hard.csv").string(),         // another name of the input
  };
  for (const std::string& target : refused) {
    CAPTURE(target);
    std::string message;
    try {
      write_file(target, "clobbered");
    } catch (const Error& e) {
      CHECK(e.code() == Exit::usage);
      message = e.what();
    }
    CHECK(message.find(absolute_path(target)) != std::string::npos);
  }
  for (const auto& p : {data, settings, input}) CHECK(slurp(p) == "precious");
  CHECK_FALSE(fs::exists(data.string() + "-wal"));
  CHECK(dir.names() == std::vector<std::string>{"dangling-wal", "data.sqlite", "hard.csv", "link.sqlite",
                                                 "roster.csv", "shequ.toml"});

  write_file((dir.path / "data.sqlite.csv").string(), "fine");  // a neighbour is not protected
  CHECK(slurp(dir.path / "data.sqlite.csv") == "fine");
}

TEST_CASE("absolute_path and resolved_path") {
  const std::string cwd = fs::current_path().string();
  CHECK(absolute_path("a/./b/../c.csv") == cwd + "/a/c.csv");
  CHECK(absolute_path("/srv/x.csv") == "/srv/x.csv");
  TempDir dir;
  fs::create_directory(dir.path / "real");
  fs::create_directory_symlink("real", dir.path / "alias");
  fs::create_symlink("../real/target.csv", dir.path / "real" / "chain");
  CHECK(resolved_path((dir.path / "alias" / "x.csv").string()) == (dir.path / "real" / "x.csv").string());
  CHECK(resolved_path((dir.path / "alias" / "chain").string()) == (dir.path / "real" / "target.csv").string());
  CHECK(errno_text(ENOSPC) != std::string(std::strerror(ENOSPC)));
}
