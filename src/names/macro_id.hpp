// macro_id.hpp -- sendmail's macid_parse(): the id of a macro or class
// name written as one byte or as {name}, allocating ids for new long names
// and reporting every naming error sendmail reports.
#pragma once
#include <cstddef>
#include <string_view>

namespace smcf {

struct MacroNames;
class Reporter;

struct MacroIdResult {
  int id = 0;                // 0: error (already reported)
  std::size_t consumed = 0;  // bytes of the name, including braces
};

MacroIdResult parse_macro_id(std::string_view p, MacroNames& names, Reporter* rep);

// The ids sendmail allocates for its own long names before reading a cf
// ({opMode} = 0202 by binding, {deliveryMode}, {load_avg}).
void init_builtin_macro_names(MacroNames& names);

// macid() for a name known to be well formed (allocates if needed).
int macro_id_of(std::string_view name, MacroNames& names, Reporter* rep);

}  // namespace smcf
