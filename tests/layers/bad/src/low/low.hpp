// low.hpp -- includes high/: the violation check_layers must report.
#pragma once
#include "high/high.hpp"
