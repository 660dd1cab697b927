// queue_line.cpp -- Q lines: sendmail's makequeue().
//
// "Qname, P=path, F=flags, I=interval, N=nice, R=runners, J=maxlist,
// r=maxrcpt" defines (or redefines) a queue group.  The group "mqueue"
// exists before the cf is read (builtin_mailers.cpp).  Nothing here affects
// rewriting; the messages and the group table (for mailers' Q=) do.
#include <fmt/format.h>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "grammar/mailer_fields.hpp"
#include "read/context.hpp"
#include "read/line_handlers.hpp"
#include "read/munch.hpp"
#include "read/options.hpp"

namespace smcf {
namespace {

// MaxQueueChildren as last set (0, sendmail's default, means no limit).
int max_queue_children(const OptionSettings& o) {
  int v = 0;
  for (const auto& s : o.settings)
    if (s.name == "MaxQueueChildren" && !s.ignored) v = parse_atoi(s.value);
  return v;
}

}  // namespace

void read_queue_line(ReadContext& ctx, std::string_view rest) {
  std::string_view line = c_str_view(rest);
  // Unlike M and X lines, only a completely empty line lacks a name; " x"
  // defines a group with an empty name.
  if (line.empty()) {
    ctx.rep.syserr("queue-no-name", "name required for queue");
    return;
  }
  MailerReadState scratch;
  MailerReadState& st = mailer_read_state(ctx, scratch);

  grammar::EquateName name;
  grammar::parse_equate_name(line, name);
  QueueGroup qg;
  qg.name = name.name;
  qg.pos = ctx.pos();
  bool have_path = false;
  int runners = -1;   // R=; -1: not given
  std::string flags;  // every F= byte, for the F=f check

  std::size_t p = name.rest;
  while (p < line.size()) {
    grammar::EquateField f;
    grammar::parse_equate_field(line.substr(p), grammar::EquateList::Fields, f);
    if (!f.assigned) {
      ctx.rep.syserr("queue-syntax", fmt::format("queue {}: `=' expected", qg.name));
      return;
    }
    Munched v = munch_string(line.substr(p + f.value), ',');
    st.munch.store(v.value);
    p += f.value + v.end;
    bool known = true;
    switch (f.code) {
      case 'P':
        if (v.value.empty()) {
          ctx.rep.syserr("queue-empty-path", fmt::format("queue {}: empty path name", qg.name));
          known = false;
        } else {
          have_path = true;
        }
        break;
      case 'F':
        for (char c : v.value)
          if (!is_space(static_cast<unsigned char>(c))) flags.push_back(c);
        break;
      case 'I': convert_time(v.value, 'm', ctx.rep); break;
      case 'R': {
        // No more runners than allowed in total.
        runners = parse_atoi(v.value);
        int cap = max_queue_children(ctx.cf.options);
        if (cap > 0 && runners > cap) {
          ctx.rep.plain("queue-runners-capped", Severity::Warning,
                        fmt::format("Q={}: R={} exceeds MaxQueueChildren={}, set to MaxQueueChildren", qg.name,
                                    runners, cap));
          runners = cap;
        }
        break;
      }
      case 'N':
      case 'J':
      case 'r':
        break;
      default:
        ctx.rep.syserr("queue-unknown-field",
                       fmt::format("Q{}: unknown queue equate {}=", qg.name, static_cast<char>(f.code)));
        known = false;
        break;
    }
    if (known) qg.fields.emplace_back(static_cast<char>(f.code), v.value);
  }

  auto& groups = ctx.cf.queue_groups;
  // Checked before looking for an existing group of that name.
  if (groups.size() >= static_cast<std::size_t>(limits::kMaxQueueGroups)) {
    ctx.rep.syserr("queue-too-many", fmt::format("too many queue groups defined ({} max)", limits::kMaxQueueGroups));
    return;
  }
  if (!have_path) {
    const auto& qdir = ctx.cf.options.queue_directory;
    if (!qdir || qdir->empty()) {
      ctx.rep.syserr("queue-no-queuedir", "QueueDir must be defined before queue groups");
      return;
    }
  }
  if (runners > 1 && flags.find('f') == std::string::npos)
    ctx.rep.plain("queue-runners-without-fork", Severity::Warning,
                  fmt::format("Warning: Q={}: R={}: multiple queue runners specified\n\tbut flag 'f' is not set",
                              qg.name, runners));

  for (auto& g : groups)
    if (equals_nocase(g.name, qg.name)) {
      g = std::move(qg);
      return;
    }
  groups.push_back(std::move(qg));
}

}  // namespace smcf
