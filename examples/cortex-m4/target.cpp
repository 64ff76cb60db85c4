// The Cortex-M4 side of main.cpp: console over semihosting, the stack and
// heap figures of memory.c, and the entropy source of the Mbed TLS backend.
#include "platform.hpp"

#include <ecireq/crypto/mbedtls.hpp>

#include <cstddef>

#include "memory.h"
#include "semihosting.h"

namespace {

unsigned entropy_drawn;

// NOT FOR PRODUCTION. A stand-in for the board's TRNG so that the backend has
// a seed source to point at: a fixed-seed xorshift, predictable by anyone.
// This demo never draws from it (the fixed nonce means signing asks for no
// random bytes; main.cpp prints "# entropy drawn: 0 bytes"), but a real
// firmware must read its hardware TRNG here (on an STM32, the RNG peripheral's
// DR register after checking SR.DRDY), or nonces become predictable.
int fake_entropy_not_for_production(void*, unsigned char* out, std::size_t len)
{
    static unsigned state = 0x9E3779B9u;
    for (std::size_t i = 0; i < len; ++i) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        out[i] = static_cast<unsigned char>(state);
    }
    entropy_drawn += static_cast<unsigned>(len);
    return 0;
}

} // namespace

namespace platform {

void init() { ecireq::crypto::mbedtls::entropy_source = &fake_entropy_not_for_production; }
void out(std::string_view text) { semihosting_write_n(text.data(), static_cast<unsigned>(text.size())); }
bool measures_stack() { return true; }
unsigned stack_high_water() { return ::stack_high_water(); }
unsigned stack_mark() { return ::stack_repaint(); }
unsigned stack_used_below(unsigned mark) { return ::stack_used_below(mark); }
unsigned stack_size() { return ::stack_size(); }
unsigned heap_bytes() { return ::heap_bytes(); }
unsigned entropy_bytes() { return entropy_drawn; }

} // namespace platform
