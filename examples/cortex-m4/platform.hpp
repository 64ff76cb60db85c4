// What main.cpp needs from where it runs: host.cpp (stdout, no stack
// figures) or target.cpp (semihosting, the painted stack of the Cortex-M4).
#ifndef ECIREQ_EXAMPLE_PLATFORM_HPP
#define ECIREQ_EXAMPLE_PLATFORM_HPP

#include <string_view>

namespace platform {

/// Called first: on the target, plugs the entropy source of the Mbed TLS
/// backend (see target.cpp).
void init();
/// Writes text to the console.
void out(std::string_view text);
/// True where the stack is painted and measured (the target).
bool measures_stack();
/// Deepest the stack has been since reset, in bytes.
unsigned stack_high_water();
/// Paints the free stack again; stack_used_below(mark) then tells how deep a call went.
unsigned stack_mark();
unsigned stack_used_below(unsigned mark);
/// Stack region size in bytes.
unsigned stack_size();
/// Bytes handed to malloc since reset (target only; 0 on the host).
unsigned heap_bytes();
/// Bytes drawn from the entropy source (target only; 0 on the host).
unsigned entropy_bytes();

} // namespace platform

#endif
