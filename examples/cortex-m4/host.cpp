// The host side of main.cpp: stdout, nothing measured (the host's stack
// bound is tests/stack/stack_bound.cpp's).
#include "platform.hpp"

#include <cstdio>

namespace platform {

void init() {}
void out(std::string_view text) { std::fwrite(text.data(), 1, text.size(), stdout); }
bool measures_stack() { return false; }
unsigned stack_high_water() { return 0; }
unsigned stack_mark() { return 0; }
unsigned stack_used_below(unsigned) { return 0; }
unsigned stack_size() { return 0; }
unsigned heap_bytes() { return 0; }
unsigned entropy_bytes() { return 0; }

} // namespace platform
