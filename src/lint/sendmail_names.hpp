// sendmail_names.hpp -- the macros and classes sendmail 8.17.1.9 defines
// itself, so that a config using them is not told they are undefined.
//
// Names are given without braces: "w", "client_addr".  The lists come from
// sendmail's sources (every macdefine()/setclass() of a fixed name, the
// TLS, SASL, milter and daemon macros) and from its start-up sequence
// (read/defaults.cpp).
#pragma once
#include <string_view>

namespace smcf::lint {

// Defined before the first cf line is read (so `$x` in an R line works).
bool macro_defined_before_cf(std::string_view name);

// Defined by sendmail at some point: at start-up, after the cf, or while
// it processes a connection or a message (so `$&x`, and `$x` in headers,
// mailer argv and macro values, can refer to it).
bool macro_set_by_sendmail(std::string_view name);

// Classes sendmail fills itself ($=w, $=k, ... and the MIME classes).
bool class_filled_by_sendmail(std::string_view name);

// sendmail's m4 framework (cf/m4/proto.m4, cf/feature, cf/mailer) refers
// to these classes and macros in the rules it writes, and defines them
// only when the .mc asks for the feature that fills them: an empty one is
// how the framework says "not configured", and its rules handle it.  Only
// exempted in configs the framework generated.
bool m4_optional_class(std::string_view name);
bool m4_optional_macro(std::string_view name);

}  // namespace smcf::lint
