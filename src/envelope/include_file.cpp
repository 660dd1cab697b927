// include_file.cpp -- sendmail's include() (:include: lists and .forward
// files) and forward() (trying each ForwardPath entry).
//
// include() reads the file as the controlling user (the alias's default
// user, or the local user for a .forward), after sendmail's safety checks;
// what it learns about the file (owner, writability, the owner's shell)
// decides whether program and file addresses in it may be used.  Each line
// is a comma-separated list; messages about its addresses carry
// "FILE: line N: ".
#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>

#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "base/limits.hpp"
#include "host/system.hpp"
#include "ir/config.hpp"
#include "ir/mailer.hpp"
#include "envelope/file_safety.hpp"
#include "envelope/recipient_list.hpp"
#include "envelope/runtime.hpp"
#include "envelope/user_db.hpp"

namespace smcf::envelope {
namespace {

// sm_io_fgets(buf, MAXLINE) pieces of a file, each cut at its first LF
// (and a CR before it), as fixcrlf() does.
std::vector<std::string> include_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  const std::size_t piece = limits::kMaxLine - 1;
  while (i < text.size()) {
    std::size_t nl = text.find('\n', i);
    std::size_t end = nl == std::string::npos ? text.size() : nl + 1;
    if (end - i > piece) end = i + piece;
    std::string line = text.substr(i, end - i);
    i = end;
    if (auto lf = line.find('\n'); lf != std::string::npos) {
      if (lf > 0 && line[lf - 1] == '\r') --lf;
      line.erase(lf);
    }
    out.push_back(std::string(c_str_view(line)));
  }
  return out;
}

// " #@# " starts a comment anywhere in a line (for Japanese character sets).
void cut_jp_comment(std::string& buf) {
  for (std::size_t p = buf.find('#', 1); p != std::string::npos; p = buf.find('#', p + 1)) {
    auto at = [&](std::size_t k) -> unsigned char { return k < buf.size() ? static_cast<unsigned char>(buf[k]) : 0; };
    if (at(p + 1) == '@' && at(p + 2) == '#' && is_space(at(p - 1)) && (at(p + 3) == 0 || is_space(at(p + 3)))) {
      std::size_t q = p - 1;
      while (q > 0 && is_space(static_cast<unsigned char>(buf[q - 1]))) --q;
      buf.erase(q);
      return;
    }
  }
}

}  // namespace

int RecipientList::include(const std::string& fname, bool forwarding, QueueAddress& ctladdr, int aliaslevel) {
  Reporter& rep = rt_.rep();
  const EnvelopeOptions& o = rt_.options();
  const System& sys = rt_.sys();
  const std::string kind = forwarding ? "forward" : "include";

  SafeFileRequest req;
  if (forwarding) {
    req.must_own = req.root_ok = true;
    req.no_group_writable = !o.blame("groupwritableforwardfile");
    req.no_world_writable = !o.blame("worldwritableforwardfile");
  } else {
    req.no_group_writable = !o.blame("groupwritableincludefile");
    req.no_world_writable = !o.blame("worldwritableincludefile");
  }
  // Without root (or with RunAsUser) programs and files cannot be run as
  // the user, so they are unsafe unless the administrator says otherwise.
  if ((sys.real_uid() != 0 || o.run_as_uid != 0) && !o.blame("nonrootsafeaddr")) ctladdr.flags |= qflag::kUnsafeAddr;

  const QueueAddress* ca = controlling_address(&ctladdr);
  if (ca == nullptr || (ca->uid == o.def_uid && ca->gid == 0)) {
    req.uid = o.def_uid;
    req.gid = o.def_gid;
  } else {
    req.uid = ca->uid;
    req.gid = ca->gid;
  }

  // A file in a safe directory may be a link and need not repeat the
  // directory checks.
  bool safedir = false;
  if (auto slash = fname.rfind('/'); slash != std::string::npos) {
    std::string dir = fname.substr(0, slash);
    const bool gw_ok = o.blame("groupwritabledirpathsafe");
    const bool sticky = o.blame("truststickybit");
    int ret = safe_dir_path(sys, dir, gw_ok, sticky);
    if (ret == 0) {
      safedir = true;
      req.path_check = false;
    } else {
      if (o.blame(kind == "forward" ? "forwardfileinunsafedirpath" : "includefileinunsafedirpath")) {
        req.path_check = false;
      } else if (o.blame(kind == "forward" ? "forwardfileingroupwritabledirpath" : "includefileingroupwritabledirpath") &&
                 ret == esm::kGroupWritableDir) {
        ret = safe_dir_path(sys, dir, true, sticky);
        req.path_check = ret != 0;
      }
      if (ret >= esm::kBase &&
          !o.blame(kind == "forward" ? "forwardfileinunsafedirpathsafe" : "includefileinunsafedirpathsafe"))
        ctladdr.flags |= qflag::kUnsafeAddr;
    }
  }
  if (!safedir && !o.blame(kind == "forward" ? "linkedforwardfileinwritabledir" : "linkedincludefileinwritabledir"))
    req.no_symlink = req.no_hardlink = true;
  req.trust_sticky = o.blame("truststickybit");

  FileInfo st;
  int rval = safe_file(sys, fname, req, &st);
  std::optional<std::string> text;
  if (rval == 0) {
    int err = 0;
    text = sys.read_file(fname, &err);
    if (!text) rval = err != 0 ? err : EIO;
  }
  if (!text) return rval;

  // Who the file's addresses run as, and whether they may run programs.
  const bool safechown = o.blame("assumesafechown") || safedir;
  if (safechown && (ca == nullptr || (ca->uid == o.def_uid && ca->gid == 0))) {
    ctladdr.uid = st.uid;
    ctladdr.gid = st.gid;
    ctladdr.flags |= qflag::kGoodUid;
  }
  if (ca != nullptr && ca->uid == st.uid) {
    ctladdr.flags |= ca->flags & qflag::kBogusShell;
    ctladdr.ruser = ca->ruser;
  } else if (!forwarding) {
    if (auto pw = sys.user_by_uid(st.uid); !pw) {
      ctladdr.uid = st.uid;
      ctladdr.flags |= qflag::kBogusShell;
    } else {
      ctladdr.ruser = pw->name;
      std::string sh = safechown ? pw->shell : std::string("/SENDMAIL/ANY/SHELL/");
      bool trusted = rt_.config().classes.contains('t', pw->name);
      if (!user_shell_ok(sys, sh, trusted, o.config_level))
        ctladdr.flags |= safechown ? qflag::kBogusShell : qflag::kUnsafeAddr;
    }
  }

  // A file others can write is unsafe.
  mode_t unsafe = S_IWOTH;
  if (!o.blame(forwarding ? "groupwritableforwardfilesafe" : "groupwritableincludefilesafe")) unsafe |= S_IWGRP;
  if (st.mode & unsafe) ctladdr.flags |= qflag::kUnsafeAddr;

  // Read the file: each line is a comma-separated list.
  auto oldto = rep.current_address();
  auto old_file = rep.file();
  int old_line = rep.line();
  rep.set_file(fname);
  ctladdr.flags &= ~qflag::kSelfRef;
  int nincludes = 0;
  int lineno = 0;
  for (std::string buf : include_lines(*text)) {
    ++lineno;
    rep.set_line(lineno);
    if (buf.empty() || buf[0] == '#') continue;
    cut_jp_comment(buf);
    if (buf.empty()) continue;
    rep.set_current_address(std::nullopt);
    rep.message("include-sending", fmt::format("{} to {}", forwarding ? "forwarding" : "sending", buf));
    nincludes += send_to_list(buf, &ctladdr, aliaslevel + 1);
    if (forwarding && o.max_forward_entries > 0 && nincludes >= o.max_forward_entries) {
      rep.syserr("forward-too-many", fmt::format("Attempt to forward to more than {} addresses (in {})!",
                                                 o.max_forward_entries, fname));
      break;
    }
  }
  if (nincludes > 0 && !(ctladdr.flags & qflag::kSelfRef)) {
    if (aliaslevel <= o.max_alias_recursion || ctladdr.state != QState::BadAddr)
      set_state(ctladdr, QState::DontSend);
  }
  rep.set_file(old_file);
  rep.set_line(old_line);
  rep.set_current_address(oldto);
  return rval;
}

void RecipientList::forward(QueueAddress& user, int aliaslevel) {
  Reporter& rep = rt_.rep();
  const EnvelopeOptions& o = rt_.options();
  if (user.mailer == nullptr || !user.mailer->has_flag('w') || user.state != QState::Ok) return;
  if (o.forward_path && o.forward_path->empty()) return;
  if (!user.home) {
    rep.syserr("forward-no-home", "554 5.3.0 forward: no home");
    user.home = "/no/such/directory";
  }

  rt_.macros().define('z', user.home);
  rt_.macros().define('u', user.user);
  rt_.macros().define('h', user.host);
  const std::string path = o.forward_path.value_or("\201z/.forward");

  bool got_transient = false;
  bool opened = false;
  std::size_t pp = 0;
  while (pp != std::string::npos) {
    std::size_t ep = path.find(':', pp);
    std::string entry = path.substr(pp, ep == std::string::npos ? std::string::npos : ep - pp);
    pp = ep == std::string::npos ? std::string::npos : ep + 1;
    std::string buf = rt_.expand(entry, 4096);  // MAXPATHLEN
    if (buf.empty()) continue;
    int err = include(buf, true, user, aliaslevel);
    if (err == 0) {
      opened = true;
      break;
    }
    if (transient_error(err)) {
      got_transient = true;
      continue;
    }
    if (err == ENOENT) continue;
    if (err == esm::kWorldWritableDir || err == esm::kGroupWritableDir) {
      // A missing file in an unsafe directory need not be reported.
      struct stat sb {};
      if (::stat(rt_.sys().real_path(buf).c_str(), &sb) < 0 && errno == ENOENT &&
          o.blame("dontwarnforwardfileinunsafedirpath"))
        continue;
    }
    if (rep.verbose()) rep.message("forward-error", fmt::format("forward: {}: {}", buf, error_text(err)));
  }
  if (!opened && got_transient) {
    rep.message("forward-transient", "transient .forward open error: message queued");
    set_state(user, QState::QueueUp);
  }
}

}  // namespace smcf::envelope
