// stub_maps.cpp -- TEMPORARY: until read/map_line.cpp and maps/ exist.
#include "read/context.hpp"
#include "read/line_handlers.hpp"

namespace smcf {

void read_map_line(ReadContext&, std::string_view) {}
void load_class_from_map(ReadContext&, int, std::string_view, bool) {}
void add_default_maps(ReadContext&) {}

}  // namespace smcf
