// pending_map_commands.cpp -- TEMPORARY: /mx /canon /map print nothing
// until the maps module provides them (testmode/map_commands.cpp).
#include "testmode/session.hpp"

namespace smcf {

void TestSession::mx_command(std::string_view) {}
void TestSession::canon_command(std::string_view) {}
void TestSession::map_command(std::string_view) {}

}  // namespace smcf
