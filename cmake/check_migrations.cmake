# Reads lib/migrations/sqlite (or -DMIGRATIONS_DIR=DIR when run as `cmake -P`) into
# MIGRATION_FILES, in order, and stops on a misnamed file, a gap or a duplicate: a migration's
# version is the number in its name, 0001, 0002, …, and that number is the data file's schema version.
if(NOT MIGRATIONS_DIR)
  set(MIGRATIONS_DIR ${CMAKE_SOURCE_DIR}/lib/migrations/sqlite)
endif()
if(CMAKE_SCRIPT_MODE_FILE)  # `cmake -P`: the test of this check
  file(GLOB MIGRATION_FILES ${MIGRATIONS_DIR}/*.sql)
else()
  file(GLOB MIGRATION_FILES CONFIGURE_DEPENDS ${MIGRATIONS_DIR}/*.sql)
endif()
list(SORT MIGRATION_FILES)
set(expected 0)
foreach(f ${MIGRATION_FILES})
  math(EXPR expected "${expected} + 1")
  get_filename_component(name ${f} NAME)
  if(NOT name MATCHES "^([0-9][0-9][0-9][0-9])_[a-z0-9_]+\\.sql$")
    message(FATAL_ERROR "migration ${name}: the name must be NNNN_what_it_does.sql")
  endif()
  string(REGEX REPLACE "^0+" "" number "${CMAKE_MATCH_1}")
  if(NOT number EQUAL expected)
    message(FATAL_ERROR "migration ${name}: expected number ${expected} here (migrations are numbered "
                        "1, 2, 3, … with no gap and no duplicate; the number is the data file's schema version)")
  endif()
endforeach()
