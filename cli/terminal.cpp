#include "terminal.h"

#include <sys/ioctl.h>
#include <sys/wait.h>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <optional>

#include "core/text.h"

namespace shequ::cli {
namespace {

std::optional<std::size_t> env_number(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  char* end = nullptr;
  long n = std::strtol(v, &end, 10);
  if (*end || n <= 0) return std::nullopt;
  return static_cast<std::size_t>(n);
}

std::optional<winsize> window() {
  winsize ws{};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0) return std::nullopt;
  return ws;
}

}  // namespace

bool stdout_is_terminal() { return isatty(STDOUT_FILENO); }

std::size_t terminal_columns() {
  if (auto n = env_number("COLUMNS")) return *n;
  if (auto ws = window()) return ws->ws_col;
  return 0;
}

std::size_t terminal_lines() {
  if (auto n = env_number("LINES")) return *n;
  if (auto ws = window()) return ws->ws_row;
  return 0;
}

std::string pager_command() {
  for (const char* name : {"SHEQU_PAGER", "PAGER"}) {
    const char* v = std::getenv(name);
    if (!v) continue;
    std::string p = trim(v);
    return p == "cat" ? std::string() : p;  // set but empty, or cat: no pager
  }
  return "less -FRX";
}

void show(const std::string& text) {
  const std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  const std::size_t screen = terminal_lines();
  std::string pager = stdout_is_terminal() && screen && lines >= screen ? pager_command() : std::string();
  if (!pager.empty()) {
    std::cout.flush();
    if (FILE* p = popen(pager.c_str(), "w")) {
      // Quitting the pager early closes the pipe: the rest is not wanted, not an error.
      auto old = std::signal(SIGPIPE, SIG_IGN);
      std::fwrite(text.data(), 1, text.size(), p);
      int rc = pclose(p);
      std::signal(SIGPIPE, old);
      if (rc != -1 && WIFEXITED(rc) && WEXITSTATUS(rc) != 127) return;
      // 127: the pager could not be started; the text goes out directly below.
    }
  }
  std::cout << text;
}

}  // namespace shequ::cli
