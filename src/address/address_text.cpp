// address_text.cpp -- tokenizing, joining and the small string utilities
// of sendmail's address code.
#include "address/address_text.hpp"

#include <vector>

#include "address/parse_address.hpp"
#include "base/bytes.hpp"
#include "base/diag.hpp"
#include "engine/compiled.hpp"
#include "token/cataddr.hpp"

namespace smcf {

PrescanResult tokenize_into(AddressContext& ctx, std::string_view text, int delim, const CharTable& table,
                            bool ignore_errors, Workspace& ws, std::size_t buffer_size) {
  ws.clear();
  InternSink sink(ctx.syms(), ws);
  PrescanRequest req{text, delim, buffer_size, &table, ignore_errors};
  return prescan(req, sink, &ctx.rep());
}

std::string join_tokens(const AddressContext& ctx, const Workspace& ws, std::size_t first, std::size_t end,
                        std::size_t buffer_size, int separator, bool external) {
  std::vector<std::string_view> parts;
  if (end > ws.size()) end = ws.size();
  for (std::size_t i = first; i < end; ++i) parts.push_back(ctx.syms().text(ws[i]));
  if (separator == 0) separator = static_cast<unsigned char>(ctx.rw.env().space_sub);
  return cataddr(parts, buffer_size, separator, external, ctx.cc().tables().internal);
}

std::size_t enhanced_status_length(std::string_view s, int delim) {
  auto at = [&](std::size_t i) -> int { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0; };
  if (!((at(0) == '2' || at(0) == '4' || at(0) == '5') && at(1) == '.')) return 0;
  std::size_t l = 2, h = 0;
  while (h < 3 && is_digit(static_cast<unsigned char>(at(l + h)))) ++h;
  if (h == 0 || at(l + h) != '.') return 0;
  l += h + 1;
  h = 0;
  while (h < 3 && is_digit(static_cast<unsigned char>(at(l + h)))) ++h;
  if (h == 0 || at(l + h) != delim) return 0;
  return l + h;
}

int dsn_to_exit_status(std::string_view dsn) {
  auto at = [&](std::size_t i) -> char { return i < dsn.size() ? dsn[i] : '\0'; };
  if (at(0) == '2') return exitstat::kOk;
  if (at(0) == '4') return exitstat::kTempFail;
  if (at(0) != '5') return exitstat::kConfig;
  std::size_t p = 1;
  if (at(p) == '.') ++p;
  int code2 = parse_atoi(dsn.substr(std::min(p, dsn.size())));
  while (at(p) != '\0' && at(p) != '.') ++p;
  if (at(p) != '\0') ++p;
  int code3 = parse_atoi(dsn.substr(std::min(p, dsn.size())));
  switch (code2) {
    case 0: return exitstat::kUnavailable;
    case 1:
      switch (code3) {
        case 0: return exitstat::kDataErr;
        case 1: case 6: return exitstat::kNoUser;
        case 2: case 8: return exitstat::kNoHost;
        case 3: case 7: return exitstat::kUsage;
        case 4: return exitstat::kUnavailable;
        case 5: return exitstat::kConfig;
        default: break;
      }
      break;
    case 2:
      switch (code3) {
        case 0: case 1: case 2: case 4: return exitstat::kUnavailable;
        case 3: return exitstat::kDataErr;
        default: break;
      }
      break;
    case 3: return exitstat::kOsErr;
    case 4:
      switch (code3) {
        case 0: case 2: return exitstat::kIoErr;
        case 1: case 3: case 5: return exitstat::kTempFail;
        case 4: return exitstat::kProtocol;
        case 6: return exitstat::kConfig;
        case 7: return exitstat::kUnavailable;
        default: break;
      }
      break;
    case 5: return exitstat::kProtocol;
    case 6: return exitstat::kUnavailable;
    case 7: return exitstat::kDataErr;
    default: break;
  }
  return exitstat::kUnavailable;
}

bool starts_with_smtp_code(std::string_view s) {
  return s.size() >= 3 && is_digit(static_cast<unsigned char>(s[0])) && is_digit(static_cast<unsigned char>(s[1])) &&
         is_digit(static_cast<unsigned char>(s[2]));
}

void make_lower(std::string& s) {
  for (char& c : s) c = static_cast<char>(to_lower(static_cast<unsigned char>(c)));
}

}  // namespace smcf
