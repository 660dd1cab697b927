// message_reader.hpp -- sendmail's collect() for a message given on
// standard input (not SMTP): the header lines, the body, the size that
// goes into the priority, and whether any byte had the high bit set.
//
// As collect() does: CR LF becomes LF (a lone CR stays), a first line
// "From " is the UNIX envelope line and is dropped, a header line may be
// continued by lines starting with a space or tab (the "From " line still
// counts in the size), the header ends at the
// first line that is not a header (the blank separator line is dropped,
// any other line starts the body), and a line "." alone is data (only
// SMTP, and -i off with a dot line, ends the message: here -i/-oi are the
// default of every MUA, and a lone "." ends the input only without them).
// Limits: MaxMessageSize (too big: the message is refused with 552 after
// it is read) and MaxHeadersLength (552 "Headers too large").
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace smcf::submit {

struct ReadOptions {
  bool ignore_dots = true;           // -i / -oi (IgnoreDots)
  long max_message_size = 0;         // MaxMessageSize (0: none)
  long max_headers_length = 32768;   // MaxHeadersLength (0: none)
  bool seven_bit_input = false;      // SevenBitInput: clear the high bit
};

struct CollectedMessage {
  std::vector<std::string> header_lines;  // "Name: value" with "\n" before continuation lines
  std::string body;                       // what goes into the df
  long size = 0;                          // e_msgsize: bytes collected (LF line ends)
  bool eight_bit = false;                 // HasEightBits
  bool too_big = false;                   // EF_TOOBIG (MaxMessageSize)
  bool headers_too_large = false;         // MaxHeadersLength exceeded
  std::string unix_from;                  // the "From " line that was dropped (no LF), if any
  long header_bytes = 0;                  // hdrslen: bytes of the header lines
};

// isheader(): "Name:" with a name of printable non-space ASCII.
bool is_header_line(std::string_view line);

CollectedMessage read_message(std::string_view input, const ReadOptions& opts);

}  // namespace smcf::submit
