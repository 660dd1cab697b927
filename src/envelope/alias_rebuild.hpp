// alias_rebuild.hpp -- newaliases (sendmail -bi): rebuildaliases() for
// every AliasFile entry whose map class keeps a database (implicit, hash,
// btree): the text file is read as readaliases() reads it -- each
// left-hand side through parseaddr(), sendmail's messages at their lines --
// and written as FILE.db (maps/alias_db_writer.hpp), with the statistics
// line sendmail prints.  Text-only classes (stab, text) have nothing to
// rebuild and are skipped, as sendmail skips them.
#pragma once

namespace smcf::envelope {

class Runtime;

// Returns sendmail's exit status for the run (70 after a syserr, as
// finis() would); the messages have gone to the runtime's reporter.
int rebuild_aliases(Runtime& rt);

}  // namespace smcf::envelope
