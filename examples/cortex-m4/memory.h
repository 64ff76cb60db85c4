/* Memory use of the Cortex-M4 example. Stack: the reset handler paints the
 * whole stack region of the linker script with STACK_PAINT; the deepest word
 * that no longer holds it is the high-water mark. Heap: _sbrk hands out the
 * RAM after .bss and counts it; a no-heap program never calls it. */
#ifndef ECIREQ_EXAMPLE_MEMORY_H
#define ECIREQ_EXAMPLE_MEMORY_H

#define STACK_PAINT 0xA5A5A5A5u

#ifdef __cplusplus
extern "C" {
#endif

/** Size of the stack region (STACK_SIZE in the linker script). */
unsigned stack_size(void);
/** Bytes between the top of the stack and the deepest word ever written since
    reset (or since the last stack_repaint), a multiple of 4. */
unsigned stack_high_water(void);
/** Paints again everything below the caller's stack pointer and returns that
    pointer: stack_used_below(mark) after a call tells how deep the call went. */
unsigned stack_repaint(void);
/** Bytes below `mark` (from stack_repaint) written since it was taken. */
unsigned stack_used_below(unsigned mark);
/** Bytes malloc has asked _sbrk for since reset. */
unsigned heap_bytes(void);

#ifdef __cplusplus
}
#endif

#endif
