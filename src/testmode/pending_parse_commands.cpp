// pending_parse_commands.cpp -- TEMPORARY: /parse /try /sender /header
// print nothing until testmode/parse_commands.cpp exists.
#include "testmode/session.hpp"

namespace smcf {

void TestSession::sender_command(std::string_view) {}
void TestSession::try_command(std::string_view) {}
void TestSession::parse_command(std::string_view) {}
void TestSession::header_command(std::string_view) {}

}  // namespace smcf
