// address_text.hpp -- small text helpers the address functions share:
// tokenizing into a workspace, joining workspace tokens back into text
// (cataddr with sendmail's buffer sizes), and the string utilities of
// sendmail's address code (stripquotes, isenhsc, dsntoexitstat).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "engine/rewrite.hpp"
#include "token/char_types.hpp"
#include "token/prescan.hpp"

namespace smcf {

struct AddressContext;

// Tokenizes text into ws (cleared first) with the given table and prescan
// buffer size, reporting errors through the context's reporter.
PrescanResult tokenize_into(AddressContext& ctx, std::string_view text, int delim, const CharTable& table,
                            bool ignore_errors, Workspace& ws, std::size_t buffer_size);

// sendmail's cataddr() over ws[first, end): buffer_size is the C buffer
// size (the text is cut to fit it), separator the byte put between atoms
// (0: the SpaceSub option), external: undo meta-quoting.
std::string join_tokens(const AddressContext& ctx, const Workspace& ws, std::size_t first, std::size_t end,
                        std::size_t buffer_size, int separator, bool external);

// The length of a leading enhanced status code ("5.1.1") followed by
// delim (0: the end of s), or 0 (sendmail's isenhsc()).
std::size_t enhanced_status_length(std::string_view s, int delim);

// sendmail's dsntoexitstat(): the exit status for an enhanced status code.
int dsn_to_exit_status(std::string_view dsn);

// sendmail's ISSMTPCODE(): three ASCII digits.
bool starts_with_smtp_code(std::string_view s);

// sendmail's makelower() (ASCII only).
void make_lower(std::string& s);

}  // namespace smcf
