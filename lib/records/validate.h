// Personal data rules (DOMAIN.md, "Personal information"): phone numbers, resident ID numbers
// (GB 11643-1999) and how both are masked. Checks return a problem message, or nullopt when
// the value is fine; the caller adds where the value came from ("residents.csv:17: phone: …").
#pragma once
#include <optional>
#include <string>
#include <vector>
#include <string_view>

#include "core/date.h"

namespace shequ {

/// Checks a phone number and writes its normal form to `out`: a mainland mobile as 11 digits
/// ("13800138000", from "+86 138-0013-8000" too), a landline as "027-84561234" or
/// "027-84561234-12" with an extension (from "(027)84561234", "02784561234",
/// "027-8456-1234 转 12" …). Returns the problem, localised, or nullopt; `out` is untouched
/// on a problem.
std::optional<std::string> normalize_phone(std::string_view in, std::string& out);

/// What an ID number tells about its holder.
struct IdNumberInfo {
  Date birth;
  char gender = 'M';  // 'M' or 'F', from the parity of the sequence digits
};

/// Checks an 18-character resident ID number (lowercase x accepted) against GB 11643-1999:
/// digits, a real birth date not after today(), the check character. Writes the normal form
/// (uppercase X) to `out` and, if `info` is given, the birth date and gender. Returns the
/// problem, localised, or nullopt. Problems never repeat the number itself.
std::optional<std::string> check_id_number(std::string_view in, std::string& out,
                                           IdNumberInfo* info = nullptr);

/// A phone number masked for display: mobile "138****1234", landline "027-****1234"
/// (an extension is kept), anything else all but its last 2 characters replaced by '*'.
std::string mask_phone(std::string_view phone);

/// An ID number masked for display: its first 6 characters (the area) and '*' for the rest
/// ("420113************" for 18 characters); values of 10 characters or fewer keep only their
/// last 2. Birth date, sequence and check character are all hidden, so the mask stays a mask
/// beside a birth year, an age and a gender.
std::string mask_id_number(std::string_view id_number);

/// A birth date masked for display: the year only, "1952-**-**" (the birth date is part of
/// the ID number).
std::string mask_birth_date(std::string_view iso_date);

/// Free text with the phone and ID numbers in it masked as those fields are: 11-digit mobiles,
/// 18-character ID numbers and landlines written with their area code ("027-84561234").
/// Longer or shorter digit runs (volunteer numbers, dates) are left alone, and so is any number
/// written exactly as one of `public_numbers` (the community office's own phone).
std::string mask_personal_numbers(std::string_view text, const std::vector<std::string>& public_numbers = {});

/// Whether text holds a number masked by mask_phone or mask_id_number ("138****1234"): an
/// import reads such a value from a masked export as "leave the stored value as it is".
bool has_masked_number(std::string_view text);

/// A valid 18-character ID number for `area6` (6 digits), `birth` and `seq3` (0–999), with its
/// check character computed; for tests and generated sample data. Bad arguments throw
/// Error(Exit::usage).
std::string make_test_id_number(std::string_view area6, Date birth, int seq3);

}  // namespace shequ
