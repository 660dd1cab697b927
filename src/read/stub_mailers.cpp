// stub_mailers.cpp -- TEMPORARY: until read/mailer_line.cpp and friends exist.
#include "read/context.hpp"
#include "read/line_handlers.hpp"

namespace smcf {

void read_mailer_line(ReadContext&, std::string_view) {}
void read_queue_line(ReadContext&, std::string_view) {}
void read_milter_line(ReadContext&, std::string_view) {}
void add_builtin_mailers(ReadContext&) {}
void finish_mailers_after_read(ReadContext&) {}

}  // namespace smcf
