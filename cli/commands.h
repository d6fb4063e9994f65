// One setup function per noun; main.cpp lists them in its command table.
#pragma once
#include "app.h"

namespace shequ::cli {

void setup_init(CLI::App& root, App& app);      // init, check, backup, migrate
void setup_config(CLI::App& root, App& app);    // config show
void setup_help(CLI::App& root, App& app);      // help exit-codes (and the hidden help man)
void setup_completion(CLI::App& root, App& app); // completion bash|zsh|fish
void setup_completion_values(CLI::App& root, App& app);  // the hidden __complete the scripts call
void setup_audit(CLI::App& root, App& app);     // audit
void setup_vocab(CLI::App& root, App& app);     // vocab list|add|retire
void setup_grid(CLI::App& root, App& app);
void setup_building(CLI::App& root, App& app);
void setup_household(CLI::App& root, App& app);
void setup_person(CLI::App& root, App& app);
void setup_import(CLI::App& root, App& app);    // import KIND FILE
void setup_export(CLI::App& root, App& app);    // export KIND
void setup_undo(CLI::App& root, App& app);      // undo
void setup_void(CLI::App& root, App& app);      // void KIND REF --reason (lib/records/voids.h)
void setup_case(CLI::App& root, App& app);      // case open|list|show|… (mediation)
void setup_partner(CLI::App& root, App& app);   // partner add|list|show|set
void setup_party(CLI::App& root, App& app);     // party org|join|leave|member|tree|history
void setup_role(CLI::App& root, App& app);      // role assign|end|set|list|coverage
void setup_need(CLI::App& root, App& app);      // need add|list|show|set|assign|progress|resolve|decline|rate
void setup_meeting(CLI::App& root, App& app);   // meeting add|list|show|set
void setup_programme(CLI::App& root, App& app); // programme add|list|show|set|site|deliver|deliveries
void setup_event(CLI::App& root, App& app);     // event add|list|show|set|attend
void setup_evaluate(CLI::App& root, App& app);  // evaluate SUBJECT SCORE
void setup_volunteer(CLI::App& root, App& app);
void setup_team(CLI::App& root, App& app);
void setup_project(CLI::App& root, App& app);
void setup_points(CLI::App& root, App& app);
void setup_reward(CLI::App& root, App& app);
void setup_award(CLI::App& root, App& app);
void setup_report(CLI::App& root, App& app);    // report KIND (one per row of report_table())|run
void setup_operator(CLI::App& root, App& app);  // operator add|list|set|remove (on a server)
void setup_street(CLI::App& root, App& app);    // street communities|report KIND|cases (on a server)

}  // namespace shequ::cli
