// checks_options.cpp -- O lines: deprecated options, and values that
// sendmail's converters read differently from what they say.
//
// setoption() converts with atobool() (true when empty or starting with
// t/T/y/Y, false otherwise -- so "on" is false), atoi()/atol() (leading
// digits, "10k" is 10, "ten" is 0) and atooct() (file modes).  Unknown,
// ambiguous and abbreviated names are sendmail's own diagnostics
// (option-unknown, option-ambiguous, option-abbreviation).
#include <fmt/format.h>

#include "base/bytes.hpp"
#include "lint/check_context.hpp"
#include "lint/line_fields.hpp"
#include "read/option_table.hpp"

namespace smcf::lint {
namespace {

enum class ValueType { Bool, Int, Octal };

struct TypedOption {
  std::string_view name;
  ValueType type;
};

// From setoption() in readcf.c.  Options whose value has more syntax than
// one converter (SuperSafe, DontProbeInterfaces, MinFreeBlocks "n/m",
// MaxMimeHeaderLength "n/m", users, times, lists) are not listed.
constexpr TypedOption kTyped[] = {
    {"SevenBitInput", ValueType::Bool},       {"HoldExpensive", ValueType::Bool},
    {"SaveFromLine", ValueType::Bool},        {"MatchGECOS", ValueType::Bool},
    {"IgnoreDots", ValueType::Bool},          {"SendMimeErrors", ValueType::Bool},
    {"UseErrorsTo", ValueType::Bool},         {"MeToo", ValueType::Bool},
    {"CheckAliases", ValueType::Bool},        {"OldStyleHeaders", ValueType::Bool},
    {"DontPruneRoutes", ValueType::Bool},     {"Verbose", ValueType::Bool},
    {"TryNullMXList", ValueType::Bool},       {"ForkEachJob", ValueType::Bool},
    {"ColonOkInAddr", ValueType::Bool},       {"DontExpandCnames", ValueType::Bool},
    {"DontInitGroups", ValueType::Bool},      {"SingleLineFromHeader", ValueType::Bool},
    {"AllowBogusHELO", ValueType::Bool},      {"UnsafeGroupWrites", ValueType::Bool},
    {"SingleThreadDelivery", ValueType::Bool}, {"RrtImpliesDsn", ValueType::Bool},
    {"DontLockReadFiles", ValueType::Bool},   {"TLSFallbacktoClear", ValueType::Bool},
    {"UseMSP", ValueType::Bool},              {"SoftBounce", ValueType::Bool},
    {"RequiresDirfsync", ValueType::Bool},    {"RejectNUL", ValueType::Bool},
    {"UseCompressedIPv6Addresses", ValueType::Bool}, {"SetCertAltnames", ValueType::Bool},
    {"CheckpointInterval", ValueType::Int},   {"MaxHopCount", ValueType::Int},
    {"ConnectionCacheSize", ValueType::Int},  {"LogLevel", ValueType::Int},
    {"QueueFactor", ValueType::Int},          {"QueueLA", ValueType::Int},
    {"RefuseLA", ValueType::Int},             {"DelayLA", ValueType::Int},
    {"RecipientFactor", ValueType::Int},      {"ClassFactor", ValueType::Int},
    {"RetryFactor", ValueType::Int},          {"MaxQueueRunSize", ValueType::Int},
    {"MaxDaemonChildren", ValueType::Int},    {"MaxQueueChildren", ValueType::Int},
    {"MaxRunnersPerQueue", ValueType::Int},   {"NiceQueueRun", ValueType::Int},
    {"ConnectionRateThrottle", ValueType::Int}, {"MaxRecipientsPerMessage", ValueType::Int},
    {"BadRcptThrottle", ValueType::Int},      {"MaxAliasRecursion", ValueType::Int},
    {"MaxHeadersLength", ValueType::Int},     {"AuthMaxBits", ValueType::Int},
    {"DataFileBufferSize", ValueType::Int},   {"XscriptFileBufferSize", ValueType::Int},
    {"FastSplit", ValueType::Int},            {"MaxNOOPCommands", ValueType::Int},
    {"BadRcptShutdown", ValueType::Int},      {"BadRcptShutdownGood", ValueType::Int},
    {"MaxMessageSize", ValueType::Int},       {"SharedMemoryKey", ValueType::Int},
    {"TempFileMode", ValueType::Octal},       {"QueueFileMode", ValueType::Octal},
};

// cf/README: "deprecated and will be removed".
constexpr std::string_view kDeprecated[] = {"MeToo", "UnsafeGroupWrites", "DefaultAuthInfo"};

const TypedOption* typed(std::string_view name) {
  for (const auto& t : kTyped)
    if (t.name == name) return &t;
  return nullptr;
}

bool all_digits(std::string_view s, bool octal) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  if (s.empty()) return false;
  for (char c : s)
    if (!is_digit(static_cast<unsigned char>(c)) || (octal && c > '7')) return false;
  return true;
}

// The reading atobool() gives, when the text does not say it plainly.
std::optional<std::string> odd_bool(std::string_view v) {
  static constexpr std::string_view kPlain[] = {"true", "false", "yes", "no", "t", "f", "y", "n"};
  if (v.empty()) return std::nullopt;
  for (auto p : kPlain)
    if (equals_nocase(v, p)) return std::nullopt;
  bool value = std::string_view("tTyY").find(v[0]) != std::string_view::npos;
  return fmt::format("sendmail reads \"{}\" as {}", v, value ? "true" : "false");
}

std::optional<std::string> odd_number(std::string_view v, bool octal) {
  std::string_view t = v;
  while (!t.empty() && is_space(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
  if (all_digits(t, octal)) return std::nullopt;
  if (octal) return fmt::format("\"{}\" is not an octal file mode", v);
  std::size_t used = 0;
  long n = parse_long(t, &used, 10);
  return fmt::format("\"{}\" is not a number: sendmail reads it as {}", v, used == 0 ? 0 : n);
}

}  // namespace

void check_options(LintContext& ctx) {
  for (const ScannedLine& l : ctx.scan.lines()) {
    if (l.comment || l.kind != 'O') continue;
    auto o = parse_option_text(l.clean.text);
    if (!o) continue;
    const OptionInfo* info = nullptr;
    if (o->long_form) {
      OptionNameMatch m = find_option(o->name);
      if (m.kind == OptionNameMatch::Kind::Exact || m.kind == OptionNameMatch::Kind::Abbreviation) info = m.option;
    } else {
      info = option_by_code(static_cast<unsigned char>(o->name[0]));
    }
    if (!info || info->name.empty()) continue;

    for (auto d : kDeprecated)
      if (info->name == d)
        ctx.report_at("option-deprecated", l, o->name_begin,
                      fmt::format("option {} is deprecated (cf/README: it will be removed in a future version)", d));

    const TypedOption* t = typed(info->name);
    if (!t || !o->sub_option.empty() || o->value_begin == std::string::npos) continue;
    std::optional<std::string> problem;
    switch (t->type) {
      case ValueType::Bool: problem = odd_bool(o->value); break;
      case ValueType::Int: problem = odd_number(o->value, false); break;
      case ValueType::Octal: problem = odd_number(o->value, true); break;
    }
    if (!problem) continue;
    const char* expects = t->type == ValueType::Bool ? "true or false"
                          : t->type == ValueType::Int ? "a number"
                                                      : "an octal mode";
    ctx.report_at("option-value-type", l, o->value_begin,
                  fmt::format("option {} expects {}: {}", info->name, expects, *problem));
  }
}

}  // namespace smcf::lint
