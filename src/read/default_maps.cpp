// default_maps.cpp -- the maps sendmail declares itself after reading the
// cf (conf.c inithostmaps()), when the cf did not declare them:
//   host           "host host -a. -D" (config level >= 2, else "host host")
//   aliases.files  "aliases.files null" when the service switch lists
//                  "files" for aliases (the AliasFile option normally
//                  declared it already, as a sequence)
//   aliases.nis, aliases.nisplus  likewise for "nis" / "nisplus"
//   aliases        "aliases switch aliases"
#include "base/diag.hpp"
#include "ir/config.hpp"
#include "read/map_declare.hpp"
#include "maps/service_switch.hpp"
#include "read/context.hpp"
#include "read/line_handlers.hpp"

namespace smcf {

void add_default_maps(ReadContext& ctx) {
  Config& cf = ctx.cf;
  // Until the options module declares the AliasFile maps as the option is
  // set (maps::declare_alias_map), declare the entries it accepted here,
  // with the position of the (last) AliasFile setting for the messages.
  if (!maps::find_map(cf, "Alias0") && !cf.options.alias_maps.empty()) {
    const OptionSetting* at = nullptr;
    for (const auto& o : cf.options.settings)
      if (o.name == "AliasFile" && !o.ignored) at = &o;
    auto saved_file = ctx.rep.file();
    int saved_line = ctx.rep.line();
    if (at && !at->pos.file.empty()) {
      ctx.rep.set_file(at->pos.file);
      ctx.rep.set_line(at->pos.line);
    }
    for (const auto& a : cf.options.alias_maps) maps::declare_alias_map(ctx, a.map_class, a.spec);
    ctx.rep.set_file(saved_file);
    ctx.rep.set_line(saved_line);
  }

  if (!maps::find_map(cf, "host"))
    maps::make_map_entry(cf, ctx.rep, cf.config_level >= 2 ? "host host -a. -D" : "host host", ctx.pos(), true);

  auto sw = maps::ServiceSwitch::read(
      ctx.sys, cf.options.service_switch_file ? *cf.options.service_switch_file
                                              : std::string(maps::kDefaultServiceSwitchFile));
  if (auto types = sw.find("aliases")) {
    for (const auto& t : *types) {
      if (t == "files" && !maps::find_map(cf, "aliases.files"))
        maps::make_map_entry(cf, ctx.rep, "aliases.files null", ctx.pos(), true);
      else if (t == "nisplus" && !maps::find_map(cf, "aliases.nisplus"))
        maps::make_map_entry(cf, ctx.rep, "aliases.nisplus nisplus -kalias -vexpansion mail_aliases.org_dir",
                             ctx.pos(), true);
      else if (t == "nis" && !maps::find_map(cf, "aliases.nis"))
        maps::make_map_entry(cf, ctx.rep, "aliases.nis nis mail.aliases", ctx.pos(), true);
    }
  }
  if (!maps::find_map(cf, "aliases"))
    maps::make_map_entry(cf, ctx.rep, "aliases switch aliases", ctx.pos(), true);
}

}  // namespace smcf
