// api_export.cpp -- the one source of libsmcf.so of its own: the library is
// smcf_core linked whole, with only the API symbols exported
// (libsmcf.map).  This file keeps the target from being empty.
#include "smcf/smcf.h"
