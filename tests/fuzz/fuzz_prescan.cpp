// fuzz_prescan.cpp -- the tokenizer on any bytes, with every table and
// delimiter: no crash, tokens within sendmail's limits.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "base/diag.hpp"
#include "base/limits.hpp"
#include "token/prescan.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  static const smcf::CharTables tabs = smcf::make_char_tables(".:%@!^/[]+");
  const smcf::TableKind kinds[] = {smcf::TableKind::External, smcf::TableKind::Internal, smcf::TableKind::NoComment};
  const int delims[] = {'\0', ',', '\t', ' '};
  smcf::PrescanRequest req;
  req.table = &tabs.get(kinds[data[0] % 3]);
  req.delim = delims[(data[0] >> 2) % 4];
  req.ignore_errors = (data[1] & 1) != 0;
  req.buffer_size = (data[1] & 2) ? smcf::limits::kPrescanBuf : smcf::limits::kRulePrescanBuf;
  std::string input(reinterpret_cast<const char*>(data + 2), size - 2);
  req.input = input;
  smcf::Reporter rep(nullptr);
  smcf::TokenList sink;
  smcf::PrescanResult r = smcf::prescan(req, sink, &rep);
  if (sink.tokens.size() > smcf::limits::kMaxAtom) std::abort();
  for (const auto& t : sink.tokens)
    if (t.empty()) std::abort();
  if (r.delim_pos > input.size()) std::abort();
  return 0;
}
