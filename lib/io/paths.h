// Paths: how messages name them, and the files that no output of a run may replace.
//
// Every output (-o, --rejects, a saved report's out, backup) asks refuse_protected() before it
// writes. The data file and its -wal and -shm are protected when it is opened, the settings file
// when it is loaded, and an import's input while it is read. A target is the same file when it
// has the same device and inode, or, for a file that does not exist yet (a -wal before the first
// write), the same path once symlinks, `.`, `..` and the current folder are resolved.
#pragma once
#include <string>
#include <string_view>

namespace shequ {

/// `path` made absolute against the current folder (lexically; symlinks kept): what messages
/// name, since cron runs commands in `/`.
std::string absolute_path(std::string_view path);

/// `path` with every symlink followed, also a dangling one and one in the last part, made
/// absolute and normal: the file a write through `path` would create or replace.
std::string resolved_path(std::string_view path);

/// What a protected file is, for the refusal.
enum class FileRole { data_file, wal, shm, settings, input };

/// Protects a file for the rest of the run (it need not exist yet).
void protect_file(std::string_view path, FileRole role);
/// Protects a data file and its `-wal` and `-shm` companions.
void protect_data_file(std::string_view path);

/// Throws Error(Exit::usage) naming the absolute path and what it is if writing `target` would
/// replace a protected file; returns normally otherwise.
void refuse_protected(std::string_view target);

/// The text for an errno: "disk full" for ENOSPC and EDQUOT (localised), else strerror.
std::string errno_text(int err);

}  // namespace shequ
