// line_handlers.hpp -- one handler per cf line type.  Each receives the
// line after preprocessing (read/preprocess.hpp), without its first byte
// unless noted, and records what it read into ctx.cf, reporting problems
// through ctx.rep exactly as sendmail does.
#pragma once
#include <string_view>

namespace smcf {

struct ReadContext;

// R: the whole line, including the leading 'R' (messages quote it).
void read_rule_line(ReadContext& ctx, std::string_view line);
// S: the text after 'S'; the whole line for the duplicate warning.
void read_ruleset_line(ReadContext& ctx, std::string_view rest);
// F: the text after 'F'.
void read_class_file_line(ReadContext& ctx, std::string_view rest);
// O: the byte after 'O' and the rest (sendmail's setoption(bp[1], &bp[2])).
void read_option_line(ReadContext& ctx, unsigned char opt, std::string_view value);
// M, Q, X: the text after the letter.
void read_mailer_line(ReadContext& ctx, std::string_view rest);
void read_queue_line(ReadContext& ctx, std::string_view rest);
void read_milter_line(ReadContext& ctx, std::string_view rest);
// H: the text after 'H'.
void read_header_line(ReadContext& ctx, std::string_view rest);
// K: the text after 'K', already macro-expanded.
void read_map_line(ReadContext& ctx, std::string_view expanded);
// F key@class:spec -- one map lookup whose value fills the class.
void load_class_from_map(ReadContext& ctx, int class_id, std::string_view spec, bool optional);

// Start-up and after-read steps owned by the modules above, called by
// read/defaults.cpp at the points where sendmail performs them.
void set_command_line_option(ReadContext& ctx, unsigned char opt, std::string_view value);  // options
void add_builtin_mailers(ReadContext& ctx);      // mailers: prog, *file*, *include*
void finish_mailers_after_read(ReadContext& ctx);  // mailers: checks and level tweaks
void add_default_maps(ReadContext& ctx);         // maps: host, aliases, ... if not declared

}  // namespace smcf
