// engine_part.hpp -- the part of an image that holds what the engine
// precomputes from the IR (engine/compiled.hpp): the symbol table, the
// tokenizer tables and the compiled rules with their prefilters.
//
// Decoding checks everything the matcher would index with (symbol ids,
// spelling bounds, wildcard counts, array lengths) and compiles every rule
// again from its tokens, so a decoded part is safe to hand to the engine
// even when its bytes were not made by smcf.
#pragma once
#include <array>
#include <memory>

#include "engine/compiled.hpp"
#include "image/byte_reader.hpp"
#include "image/byte_writer.hpp"

namespace smcf::image {

struct EnginePart {
  SymbolTable symbols;
  CharTables tables{};
  RuleStore rules;
};

void encode_engine_part(ByteWriter& w, const CompiledConfig& cc);
// Reads a part written by encode_engine_part; false (with r failed) when it
// is malformed.
bool decode_engine_part(ByteReader& r, EnginePart& out);

// Whether a decoded part is exactly what the engine computes for its IR
// (the tests and `smcf compile` check this; a difference means the engine
// changed without the image format).
bool engine_part_matches(const EnginePart& part, const CompiledConfig& cc);

// The CompiledConfig of cf with the engine's part decoded from `engine`
// (nothing is interned again).  nullptr (with `engine` failed) on a
// malformed part.
std::shared_ptr<const CompiledConfig> make_compiled(std::unique_ptr<Config> cf, ByteReader& engine);

}  // namespace smcf::image
