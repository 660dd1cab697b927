// checksum.hpp -- the image checksum: XXH64 (seed 0), written here from its
// published specification.  Four independent lanes make it run at memory
// speed, so verifying a whole image costs little next to decoding it.
#pragma once
#include <cstddef>
#include <cstdint>

namespace smcf::image {

std::uint64_t xxh64(const unsigned char* data, std::size_t size, std::uint64_t seed = 0);

}  // namespace smcf::image
