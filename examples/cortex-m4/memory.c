/* Memory use of the Cortex-M4 example (see memory.h). */
#include "memory.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

extern uint32_t __stack_start[], __stack_end[];
extern char __heap_start[], __heap_end[];

static uint32_t* deepest_touched(void)
{
    uint32_t* p = __stack_start;
    while (p < __stack_end && *p == STACK_PAINT) ++p;
    return p; /* __stack_start itself if the stack overflowed, or reached its end */
}

unsigned stack_size(void) { return (unsigned)((char*)__stack_end - (char*)__stack_start); }

unsigned stack_high_water(void) { return (unsigned)((char*)__stack_end - (char*)deepest_touched()); }

__attribute__((noinline)) unsigned stack_repaint(void)
{
    /* The caller's SP is this function's SP on entry; this function itself
       keeps nothing on the stack (a leaf with its variables in registers),
       which the -Os build gives, and which the paint below would otherwise
       overwrite. Paint up to 16 bytes below it for safety. */
    uint32_t* sp;
    __asm__ volatile("mov %0, sp" : "=r"(sp));
    for (uint32_t volatile* p = __stack_start; p < sp - 4; ++p) *p = STACK_PAINT;
    return (unsigned)(uintptr_t)sp;
}

unsigned stack_used_below(unsigned mark) { return mark - (unsigned)(uintptr_t)deepest_touched(); }

static unsigned heap_used;

unsigned heap_bytes(void) { return heap_used; }

/* newlib's malloc grows its arena with this. */
void* _sbrk(ptrdiff_t increment)
{
    char* top = __heap_start + heap_used;
    if (increment < 0 ? (size_t)-increment > heap_used : (size_t)increment > (size_t)(__heap_end - top)) {
        errno = ENOMEM;
        return (void*)-1;
    }
    heap_used += (unsigned)increment;
    return top;
}
