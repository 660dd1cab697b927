// options.hpp -- sendmail's setoption() and its helpers, for the reader and
// for the start-up code around it.
//
// The entry points for O lines and -O/-o are declared in line_handlers.hpp
// (read_option_line, set_command_line_option); this header adds what other
// start-up steps need: setting an option the way sendmail's main() does
// internally (e.g. setoption('d', "") after the cf in test mode, which a
// sticky -od setting overrides), and the value converters other modules
// share (convtime, atobool).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace smcf {

struct ReadContext;
class Reporter;

// Where a setting comes from.  Command-line settings are "sticky" (later cf
// settings of the same option are ignored); internal settings are the ones
// sendmail makes itself (never sticky, always privileged).
enum class OptionOrigin { Config, CommandLine, Internal };

// setoption() for an option code (legacy letter or 0x81.. code) with the
// value and an optional sub-option (Timeout.x, Milter.x).  Messages are
// reported through ctx.rep; a fatal error sets ctx.cf.fatal and exit 64.
void set_option(ReadContext& ctx, unsigned char code, std::string_view value, OptionOrigin origin,
                std::optional<std::string_view> sub_option = std::nullopt);

// Whether a command-line setting has stuck option `code`.
bool option_is_sticky(const ReadContext& ctx, unsigned char code);

// convtime(): "1h30m" etc. to seconds; `default_unit` (w d h m s) applies to
// numbers without a unit; "now" is -1.  A bad unit letter reports
// "Invalid time unit `X'" (usrerr) and counts with the default unit.
long convert_time(std::string_view text, char default_unit, Reporter& rep);

// atobool(): empty or starting with t/T/y/Y is true.
bool option_bool(std::string_view text);

// The value parsers options.cpp dispatches to, implemented beside their
// tables (option_table.cpp) or with the other values that have a syntax of
// their own (timeouts.cpp).  Each reports exactly what sendmail reports.
namespace option_detail {

inline constexpr int kMaxDaemons = 64;  // MAXDAEMONS of this build

// timeouts.cpp
void set_timeouts(ReadContext& ctx, std::string_view value, bool sticky);  // Timeout=a=1,b=2
void set_timeout(ReadContext& ctx, std::string_view name, std::string_view value, bool sticky);
void queue_timeout(ReadContext& ctx, std::string_view value, bool sticky);  // QueueTimeout (T)
// DaemonPortOptions (daemon) / ClientPortOptions: Name=value, ... fields.
void socket_address_options(ReadContext& ctx, std::string_view value, bool daemon);
void connect_only_to(ReadContext& ctx, std::string_view value);
// getmodifiers(): "Ea b" -> "EE a b" (upper-case flags doubled).
std::string daemon_modifiers(std::string_view value);

// option_table.cpp
void resolver_options(ReadContext& ctx, std::string_view value);
void privacy_options(ReadContext& ctx, std::string_view value);
void dont_blame_sendmail(ReadContext& ctx, std::string_view value);
void ssl_options(ReadContext& ctx, std::string_view option_name, std::string_view value);
// AuthOptions / TLSSrvOptions: single letters separated by ", \t".
void letter_flags(ReadContext& ctx, std::string_view option_name, std::string_view value,
                  std::string_view known);
void milter_option(ReadContext& ctx, std::optional<std::string_view> sub, std::string_view value,
                   bool sticky);

}  // namespace option_detail

}  // namespace smcf
