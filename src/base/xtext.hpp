// xtext.hpp -- RFC 3461 xtext, the encoding of DSN parameters (ENVID=,
// ORCPT=, AUTH=) in the queue file and on the SMTP command line:
// sendmail's xtextify(), xtextok() and xuntextify().
#pragma once
#include <string>
#include <string_view>

namespace smcf {

// xtextify(s, "="): bytes outside '!'..'~', '+' and '=' become "+XX".
std::string xtextify(std::string_view s);

// xtextok(): only '!'..'~' without '=', and every '+' followed by two hex
// digits (either case, as sendmail's isxdigit() check).
bool xtext_ok(std::string_view s);

// xuntextify(): "+XX" decoded; anything else kept as it is.
std::string xuntextify(std::string_view s);

}  // namespace smcf
