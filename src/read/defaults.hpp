// defaults.hpp -- what sendmail sets up around reading the cf: before it
// (meta macros, $v $n, host-name macros $w $j $m $k, class w, built-in
// mailers and macro names) and after it (default maps, version warnings,
// $j checks, post-read classes and mailer flag tweaks).
#pragma once

namespace smcf {

struct ReadContext;
struct CommandLineOption;

void apply_startup_defaults(ReadContext& ctx);
void apply_command_line_option(ReadContext& ctx, const CommandLineOption& opt);
void apply_after_read(ReadContext& ctx);

}  // namespace smcf
