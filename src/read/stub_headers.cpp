// stub_headers.cpp -- TEMPORARY: until read/header_line.cpp exists.
#include "read/context.hpp"
#include "read/line_handlers.hpp"

namespace smcf {

void read_header_line(ReadContext&, std::string_view) {}

}  // namespace smcf
