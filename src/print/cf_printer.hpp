// cf_printer.hpp -- the IR printed back as a canonical sendmail.cf.
//
// One line per item (macro, class word, option, mailer, rule, ...), in the
// order the original file defined them, so that order-dependent behaviour
// (map key joining, ruleset auto-numbering, class listing order) is kept;
// TABs between LHS, RHS and comment; metasymbols spelled $*, ${name}, ...
// Reading the printed text gives the same IR (printing is a fixed point),
// and sendmail given the printed file behaves as with the original.
//
// What cannot be reproduced exactly is listed in docs/printing.md (e.g.
// literal 0x80-0x9f bytes inside class words read from F files).
#pragma once
#include <string>

namespace smcf {

struct Config;

std::string print_config(const Config& cf);

}  // namespace smcf
