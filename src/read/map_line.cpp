// map_line.cpp -- K lines: map declarations (sendmail's makemapentry()).
// The work is done by read/map_declare.cpp, shared with the maps sendmail
// declares itself; this is the reader's entry point.
#include "read/map_declare.hpp"
#include "read/context.hpp"
#include "read/line_handlers.hpp"

namespace smcf {

void read_map_line(ReadContext& ctx, std::string_view expanded) {
  maps::make_map_entry(ctx.cf, ctx.rep, expanded, ctx.pos());
}

}  // namespace smcf
