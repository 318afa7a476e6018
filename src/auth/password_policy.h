#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"

namespace zq::auth {

// The password rules (GB/T 22239-2019 8.1.4.1 a 口令复杂度), in order, each answering
// kInvalidArgument with field "password":
//  1. at least `min_length` characters (code points);
//  2. three of the four classes: upper-case, lower-case, digits, symbols;
//  3. not containing the user name, ignoring case;
//  4. not a guessable shape: a common password or word (NIST SP 800-63B §5.1.1.2's blocklist,
//     kept small: the most used passwords and words of leaked lists) in any case, with digits or
//     symbols before or after it, or with the usual substitutions (P@ssw0rd); a capitalised word
//     followed by digits and at most one symbol (Password123, Welcome2024!); keyboard runs and
//     sequences (1qaz2wsx, abcd1234); three or fewer distinct characters.
Status CheckPasswordStrength(std::string_view password, std::string_view username,
                             std::size_t min_length);

// A one-time password that meets the policy (upper, lower, digits and a symbol, 23 characters),
// for a new user or a reset: shown once, changed at the first sign-in.
std::string OneTimePassword();

}  // namespace zq::auth
