// builtin_mailers.cpp -- what sendmail does to mailers (and queue groups)
// around reading the cf: the built-in definitions before it (conf.c
// setupqueues/setupmailers) and the checks and compatibility tweaks after
// it (main.c, right after readcf).
#include <fmt/format.h>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "host/system.hpp"
#include "read/context.hpp"
#include "read/line_handlers.hpp"

namespace smcf {

MailerReadState MailerReadState::from_table(const std::array<std::optional<Mailer>, 25>& table) {
  MailerReadState st;
  for (std::size_t i = 0; i < table.size(); ++i)
    if (table[i]) {
      st.slot_by_name[lower_ascii(table[i]->name)] = static_cast<int>(i);
      ++st.next_slot;
    }
  // Unknown contents: fill with a byte that ends every scan, so no
  // overflow is reproduced.
  st.munch.bytes.fill('/');
  st.munch.known = false;
  return st;
}

void add_builtin_mailers(ReadContext& ctx) {
  // The default queue group comes first: mailers may name it in Q=.
  read_queue_line(ctx, "mqueue, P=/var/spool/mqueue");
  // "\201u" is $u in internal form.
  read_mailer_line(ctx, "prog, P=/bin/sh, F=lsouDq9, T=X-Unix/X-Unix/X-Unix, A=sh -c \201u");
  read_mailer_line(ctx, "*file*, P=[FILE], F=lsDFMPEouq9, T=X-Unix/X-Unix/X-Unix, A=FILE \201u");
  read_mailer_line(ctx, "*include*, P=/dev/null, F=su, A=INCLUDE \201u");
  // They come from no file.
  for (auto& m : ctx.cf.mailers)
    if (m) m->pos = {};
  for (auto& q : ctx.cf.queue_groups) q.pos = {};
}

namespace {

// sendmail finds these mailers by name in its symbol table.  A name can
// outlive its slot (after a U= overflow another mailer may sit there): then
// the name still counts as defined, but the tweaks reach no listed mailer.
struct Found {
  bool defined = false;
  Mailer* mailer = nullptr;
};

Found find_mailer(ReadContext& ctx, MailerReadState& st, std::string_view name) {
  Found f;
  auto it = st.slot_by_name.find(lower_ascii(name));
  if (it == st.slot_by_name.end()) return f;
  f.defined = true;
  auto& slot = ctx.cf.mailers[static_cast<std::size_t>(it->second)];
  if (slot && equals_nocase(slot->name, name)) f.mailer = &*slot;
  return f;
}

void set_flags(Mailer* m, std::string_view flags) {
  if (m)
    for (char c : flags) m->set_flag(c);
}

}  // namespace

void finish_mailers_after_read(ReadContext& ctx) {
  MailerReadState scratch;
  MailerReadState& st = mailer_read_state(ctx, scratch);
  Reporter& rep = ctx.rep;

  bool have_mqueue = false;
  for (const auto& q : ctx.cf.queue_groups) have_mqueue = have_mqueue || equals_nocase(q.name, "mqueue");
  if (!have_mqueue) rep.syserr("queue-no-default", "No default queue (mqueue) defined");

  Found local = find_mailer(ctx, st, "local");
  // In test mode sendmail is silent about it only for a non-root user who
  // gave -C (main.c's warn_C_flag).
  if (!local.defined && !(ctx.test_mode && ctx.sys.real_uid() != 0 && ctx.config_given))
    rep.syserr("mailer-no-local", "No local mailer defined");

  Found prog = find_mailer(ctx, st, "prog");
  if (!prog.defined) rep.syserr("mailer-no-prog", "No prog mailer defined");
  if (prog.mailer) prog.mailer->clear_flag('m');

  Found file = find_mailer(ctx, st, "*file*");
  if (!file.defined) rep.syserr("mailer-no-file", "No *file* mailer defined");
  if (file.mailer) file.mailer->clear_flag('m');

  Found include = find_mailer(ctx, st, "*include*");
  if (!include.defined) rep.syserr("mailer-no-include", "No *include* mailer defined");

  // Old configs relied on behaviour that later became mailer flags.
  if (ctx.cf.config_level < 6) {
    set_flags(local.mailer, "Aw5:|/@");
    set_flags(prog.mailer, "o");
    set_flags(file.mailer, "o");
  }
  if (ctx.cf.config_level < 7) {
    set_flags(local.mailer, "q");
    set_flags(prog.mailer, "q");
    set_flags(file.mailer, "q");
  }
}

}  // namespace smcf
