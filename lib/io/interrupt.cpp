#include "io/interrupt.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <string>

#include "storage/db.h"
#include "core/error.h"
#include "core/i18n.h"

namespace shequ {
namespace {

volatile sig_atomic_t g_signal = 0;
bool g_output_in_place = false;

// Fixed slots of lock-free atomics: the handler may read them at any moment.
constexpr int kConnectionSlots = 8;
constexpr int kTempSlots = 16;
std::atomic<Db*> g_connections[kConnectionSlots];
std::atomic<const char*> g_temp_files[kTempSlots];
static_assert(std::atomic<Db*>::is_always_lock_free && std::atomic<const char*>::is_always_lock_free);

template <class T, std::size_t N>
void put(std::atomic<T*> (&slots)[N], T* value) {
  for (auto& slot : slots) {
    T* empty = nullptr;
    if (slot.compare_exchange_strong(empty, value)) return;
  }
  // All slots taken: the value is not registered; the first-signal path (unwinding) still works.
}

template <class T, std::size_t N>
void take(std::atomic<T*> (&slots)[N], T* value) {
  for (auto& slot : slots) {
    T* expected = value;
    if (slot.compare_exchange_strong(expected, nullptr)) return;
  }
}

void write_line() {
  const char* line = language() == Lang::en ? "shequ: interrupted\n" : "shequ: 已中断\n";
  ssize_t ignored = ::write(STDERR_FILENO, line, std::strlen(line));
  (void)ignored;
}

void on_signal(int sig) {
  if (g_signal != 0) {  // second signal: the unwinding is stuck; clean up here and leave
    for (auto& slot : g_temp_files)
      if (const char* path = slot.load()) ::unlink(path);
    write_line();
    ::_exit(128 + g_signal);
  }
  g_signal = sig;
  for (auto& slot : g_connections)
    if (Db* db = slot.load()) db->interrupt();
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a blocked read or write returns EINTR and sees the signal
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

int interrupt_signal() { return g_signal; }

int finish_interrupted() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigprocmask(SIG_BLOCK, &set, nullptr);  // the handler must not print the line a second time
  write_line();
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  sigprocmask(SIG_UNBLOCK, &set, nullptr);
  return 128 + g_signal;
}

void check_interrupt() {
  if (g_signal != 0) throw Error(Exit::interrupted, std::string(tr("interrupted", "已中断")));
}

void note_output_in_place() { g_output_in_place = true; }
bool interrupted_run() { return g_signal != 0 && !g_output_in_place; }

void register_connection(Db* db) { put(g_connections, db); }
void unregister_connection(Db* db) { take(g_connections, db); }
void register_temp_file(const char* path) { put(g_temp_files, path); }
void unregister_temp_file(const char* path) { take(g_temp_files, path); }

}  // namespace shequ
