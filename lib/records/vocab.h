// Vocabularies: the coded lists (need categories, case types, skills, …) kept in the data file.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/context.h"
#include "records/entity.h"

namespace shequ {

/// The vocab entity: kind, code, Chinese and English labels, active flag.
const Entity& vocab_entity();

/// Seeds the built-in vocabularies and the config's `[vocab.KIND]` additions (code = "中文名").
/// Existing codes are left alone, so it is safe to run again.
void seed_vocab(Context& ctx);

/// `vocab retire KIND CODE`: the code stays on old records but is no longer accepted.
void retire_vocab(Context& ctx, std::string_view kind, std::string_view code);

/// Label of a code in the current language (the code itself if unknown).
std::string vocab_label(Context& ctx, std::string_view kind, std::string_view code);

/// Every code of a kind (retired ones too: old records keep them) with its label in the current language.
CodeLabels vocab_labels(Context& ctx, std::string_view kind);

/// The active codes of a vocabulary kind in the data file, sorted (completions).
std::vector<std::string> vocab_codes(Context& ctx, std::string_view kind);
/// The built-in codes of a kind, as seeded into a new data file (completions without one).
std::vector<std::string> default_vocab_codes(std::string_view kind);
/// The kinds of the built-in vocabularies.
std::vector<std::string> vocab_kinds();

}  // namespace shequ
