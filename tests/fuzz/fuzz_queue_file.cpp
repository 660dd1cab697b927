// fuzz_queue_file.cpp -- libFuzzer target: the qf reader on any bytes.
// Never a crash; and whatever it accepts, the writer writes back in a
// form the reader accepts again and that is stable from then on
// (write(parse(write(q))) == write(q)).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "queue/queue_file_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  smcf::queue::ParsedQueueFile parsed = smcf::queue::parse_queue_file(bytes, "./qfFUZZ");
  if (!parsed.file) return 0;
  std::string once = smcf::queue::write_queue_file(*parsed.file);
  smcf::queue::ParsedQueueFile again = smcf::queue::parse_queue_file(once, "./qfFUZZ");
  if (!again.file) std::abort();
  if (smcf::queue::write_queue_file(*again.file) != once) std::abort();
  return 0;
}
