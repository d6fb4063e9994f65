// Interruption by SIGINT (Ctrl-C) and SIGTERM: a command stops at the next safe point, its
// transaction rolls back and its temporary files go, and shequ exits 130 (143 for SIGTERM).
//
// The handler does only async-signal-safe things: it records the signal and calls
// Db::interrupt() on every open connection, so a long statement stops within a few VM
// steps. Between statements, check_interrupt() (called by every statement step, every exec and
// every flush of an output file) turns the recorded signal into Error(Exit::interrupted); the
// unwinding rolls back (Txn) and removes temporary files (AtomicFile). A second signal means the
// unwinding is stuck (a blocked read of a terminal): the handler then unlinks every registered
// temporary file itself, writes the one line and leaves with _exit(); SQLite drops the
// uncommitted transaction on the next open, as after a power cut.
#pragma once

namespace shequ {

class Db;

/// Installs the SIGINT and SIGTERM handlers (once, from main).
void install_interrupt_handlers();

/// The signal that interrupted this run (SIGINT or SIGTERM), or 0.
int interrupt_signal();

/// Throws Error(Exit::interrupted) if a signal has arrived; cheap enough for every row.
void check_interrupt();

/// Records that an output file is complete and in place (AtomicFile::commit): a signal that
/// arrives after the last check before it can no longer stop what was written.
void note_output_in_place();
/// Whether a run that ended without an error was stopped by a signal: one arrived and no output
/// was put in place (a signal that lands after `-o FILE` is in place is too late: exit 0).
bool interrupted_run();

/// Ends an interrupted run's handling: prints the one line ("shequ: interrupted", localised) once
/// on stderr, gives SIGINT and SIGTERM their default action back (a further Ctrl-C while exit
/// flushes a stuck stdout ends the process) and returns the exit code, 128 + the signal.
int finish_interrupted();

/// Connections the handler interrupts; at most a few are open at once (the data file, a backup).
void register_connection(Db* db);
void unregister_connection(Db* db);

/// Temporary files the handler removes on a second signal. `path` must stay valid and unchanged
/// until unregistered (it is read from the handler).
void register_temp_file(const char* path);
void unregister_temp_file(const char* path);

}  // namespace shequ
