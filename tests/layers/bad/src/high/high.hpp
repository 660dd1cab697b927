// high.hpp -- may include low/.
#pragma once
#include "low/low.hpp"
