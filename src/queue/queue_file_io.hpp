// queue_file_io.hpp -- a qf's bytes to QueueFile and back.
//
// parse_queue_file() accepts what sendmail's readqf() accepts and refuses
// what it refuses, with readqf()'s reasons ("unrecognized line", "bogus
// queue line", "unsupported queue file version", incomplete without the
// final "." record); a refused file is never delivered (the queue renames
// it to Qf, as loseqfile() does).  write_queue_file() writes the records
// in queueup()'s order and format.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "queue/queue_file.hpp"

namespace smcf::queue {

struct QueueFileError {
  int line = 0;          // the (folded) line number, 0 for the whole file
  std::string reason;    // readqf()'s err text
  std::string detail;    // what it reports (syserr text)
};

struct ParsedQueueFile {
  std::optional<QueueFile> file;        // nullopt: refused (see error)
  std::optional<QueueFileError> error;
  bool empty = false;                   // no line at all (sendmail clears such a file)
};

ParsedQueueFile parse_queue_file(std::string_view bytes, std::string_view file_name);

std::string write_queue_file(const QueueFile& qf);

// denlstring(): the newlines of a single-line record's value become spaces
// (and, for a header, continuation lines get a tab), as queueup() does.
std::string single_line(std::string_view s);

}  // namespace smcf::queue
