// queue_listing.hpp -- `-bp` / mailq: sendmail's print_single_queue()
// listing of one queue directory, and the same data as JSON.
//
// The text is byte-identical with sendmail 8.17's for the same directory:
// entries gathered in readdir() order and sorted as QueueSortOrder says
// (qsort() in sendmail: entries that compare equal keep readdir() order
// here, which is what glibc's merge sort gives sendmail too), sizes from
// the df, times in ctime() form (local time: TZ applies), sender and
// recipients cut and escaped as prtstr() does, status lines from M and B
// records, the flags * (locked), - (too young), X (load too high).
#pragma once
#include <string>
#include <vector>

namespace smcf {
struct Config;
class Effects;
}  // namespace smcf

namespace smcf::queue {

enum class QueueSort { Priority, Host, Filename, Time, ModTime, Random, None };

struct ListingOptions {
  std::string queue_directory;  // as the cf names it (printed as is)
  std::string path;             // where it is on disk ("": queue_directory)
  QueueSort sort = QueueSort::Priority;
  long min_queue_age = 0;       // MinQueueAge (seconds)
  long max_queue_age = 0;       // MaxQueueAge (seconds)
  int queue_la = 8;             // QueueLA (sendmail: 8 x processors)
  long queue_factor = 600000;   // QueueFactor (WkRecipFact x 20)
  int max_queue_run = 0;        // MaxQueueRunSize (0: no limit)
  bool verbose = false;         // -v: the long form with priorities
};

// The options of `cf` (sendmail's defaults where it sets none).
ListingOptions listing_options(const Config& cf, const Effects& effects);

struct ListingResult {
  std::string text;
  int requests = 0;
};

// print_single_queue() plus printqueue()'s "Total requests" line.
ListingResult list_queue(const ListingOptions& opts, const Effects& effects);
// The order a queue run takes the entries in (gatherq() + sortq() with
// doall off): the queue ids, sorted as QueueSortOrder says, without the
// entries that are too young (MinQueueAge) or that the load average holds
// back (QueueLA/QueueFactor), nor quarantined ones.
std::vector<std::string> run_order(const ListingOptions& opts, const Effects& effects);

// The same entries as a JSON document (docs/delivery.md gives its shape).
std::string list_queue_json(const ListingOptions& opts, const Effects& effects);

}  // namespace smcf::queue
