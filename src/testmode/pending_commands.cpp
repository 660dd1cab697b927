// pending_commands.cpp -- TEMPORARY: the /commands whose modules are being
// written (/mx /canon /map: maps; /parse /try /sender /header: address
// parsing).  They print nothing until then.
#include "testmode/session.hpp"

namespace smcf {

void TestSession::mx_command(std::string_view) {}
void TestSession::canon_command(std::string_view) {}
void TestSession::map_command(std::string_view) {}
void TestSession::sender_command(std::string_view) {}
void TestSession::try_command(std::string_view) {}
void TestSession::parse_command(std::string_view) {}
void TestSession::header_command(std::string_view) {}

}  // namespace smcf
