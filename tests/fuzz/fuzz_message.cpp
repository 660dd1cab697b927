// fuzz_message.cpp -- libFuzzer target: the message reader (collect())
// on any input, with and without -i.  Never a crash; the parts it returns
// are never larger than the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "submit/message_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  for (bool dots : {true, false}) {
    smcf::submit::ReadOptions opts;
    opts.ignore_dots = dots;
    opts.max_headers_length = 4096;
    smcf::submit::CollectedMessage m = smcf::submit::read_message(input, opts);
    std::size_t total = m.body.size();
    for (const auto& h : m.header_lines) total += h.size();
    if (total > size || m.size < 0 || static_cast<std::size_t>(m.size) > size) std::abort();
  }
  return 0;
}
