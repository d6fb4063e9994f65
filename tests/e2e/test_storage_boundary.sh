#!/usr/bin/env bash
# The storage layer is sealed: only lib/storage/ includes sqlite3.h or calls the SQLite C API
# (sqlite3_*, SQLITE_* codes); the domain (lib/), the CLI (cli/) and their SQL see Db, Stmt and
# Txn only. A new direct call anywhere else fails here, naming the file and line.
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
hits=$(grep -rnE 'sqlite3\.h|sqlite3_[a-z]|SQLITE_[A-Z]|sqlite3changeset|sqlite3session' \
         "$root/lib" "$root/cli" --include='*.cpp' --include='*.h' | grep -v "^$root/lib/storage/" || true)
check; [ -z "$hits" ] || fail "the SQLite API is used outside lib/storage/:
$hits"
# The storage layer's own files do use it (the check above would pass vacuously if they moved).
check; grep -q 'sqlite3_prepare' "$root/lib/storage/db.cpp" || fail "lib/storage/db.cpp no longer holds the SQLite calls"
finish
