// stub_options.cpp -- TEMPORARY: records O lines until read/options.cpp exists.
#include "read/context.hpp"
#include "read/line_handlers.hpp"

namespace smcf {

void read_option_line(ReadContext& ctx, unsigned char opt, std::string_view value) {
  OptionSetting s;
  s.name = std::string(1, static_cast<char>(opt));
  s.value = std::string(value);
  s.pos = ctx.pos();
  ctx.cf.options.settings.push_back(std::move(s));
}
void set_command_line_option(ReadContext& ctx, unsigned char opt, std::string_view value) {
  read_option_line(ctx, opt, value);
}

}  // namespace smcf
