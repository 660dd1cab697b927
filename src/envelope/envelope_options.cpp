// envelope_options.cpp -- option values for recipient processing.
#include "envelope/envelope_options.hpp"

#include <algorithm>

#include "base/bytes.hpp"
#include "host/system.hpp"
#include "ir/config.hpp"

namespace smcf::envelope {

bool option_true(std::string_view v) {
  return v.empty() || v[0] == 't' || v[0] == 'T' || v[0] == 'y' || v[0] == 'Y';
}

bool EnvelopeOptions::blame(std::string_view word) const {
  return std::find(dont_blame.begin(), dont_blame.end(), word) != dont_blame.end();
}

EnvelopeOptions envelope_options(const Config& cf, const System& sys) {
  EnvelopeOptions o;
  if (auto v = option_value(cf.options, "MeToo")) o.me_too = option_true(*v);
  if (auto v = option_value(cf.options, "MaxAliasRecursion")) o.max_alias_recursion = parse_atoi(*v);
  if (auto v = option_value(cf.options, "MaxForwardEntries")) o.max_forward_entries = parse_atoi(*v);
  if (auto v = option_value(cf.options, "ForwardPath")) o.forward_path = *v;
  if (auto v = option_value(cf.options, "MatchGECOS")) o.match_gecos = option_true(*v);
  if (auto v = option_value(cf.options, "FastSplit")) o.fast_split = parse_atoi(*v);
  if (auto v = option_value(cf.options, "HoldExpensive")) o.no_connect = option_true(*v);
  if (auto v = option_value(cf.options, "HostStatusDirectory")) o.host_status_directory = *v;
  o.use_msp = cf.options.use_msp;
  o.run_as_uid = cf.options.run_as_uid;
  o.dont_blame = cf.options.dont_blame_flags;
  o.config_level = cf.config_level;
  o.queue_directory = cf.options.queue_directory.value_or("");

  // setdefaults(): the first of mailnull, sendmail, daemon that is not root.
  bool found = false;
  for (const char* name : {"mailnull", "sendmail", "daemon"}) {
    auto pw = sys.user_by_name(name);
    if (pw && pw->uid != 0) {
      o.def_uid = pw->uid;
      o.def_gid = pw->gid;
      o.def_user = pw->name;
      found = true;
      break;
    }
  }
  if (!found) {
    o.def_uid = o.def_gid = 1;
    auto pw = sys.user_by_uid(1);
    o.def_user = pw ? pw->name : "nobody";
  }
  if (cf.options.default_uid) {
    o.def_uid = *cf.options.default_uid;
    if (cf.options.default_user) o.def_user = *cf.options.default_user;
  }
  if (cf.options.default_gid) o.def_gid = *cf.options.default_gid;
  return o;
}

}  // namespace smcf::envelope
