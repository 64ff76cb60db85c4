/* Start-up code for the Cortex-M4 example on QEMU's mps2-an386: the vector
 * table, the reset handler (paint the stack, copy .data and .tdata, zero .bss
 * and .tbss, run the constructors, call main, exit over semihosting), a fault
 * handler that reports and exits, and the thread pointer of the one thread.
 * Addresses come from mps2-an386.ld. */
#include <stdint.h>
#include <string.h>

#include "semihosting.h"
#include "memory.h"

extern uint32_t __stack_start[], __stack_end[];
extern uint32_t __data_start[], __data_end[], __data_load[];
extern uint32_t __tdata_start[], __tdata_end[], __tdata_load[], __tbss_start[], __tbss_end[];
extern uint32_t __bss_start__[], __bss_end__[];

extern void (*__preinit_array_start[])(void), (*__preinit_array_end[])(void);
extern void (*__init_array_start[])(void), (*__init_array_end[])(void);
extern int main(void);

void Reset_Handler(void);
void Fault_Handler(void);
void Default_Handler(void);

/* The core loads SP from entry 0 and jumps to entry 1. */
__attribute__((section(".isr_vector"), used)) void (*const vector_table[16])(void) = {
    (void (*)(void))(uintptr_t)__stack_end, /* initial main stack pointer */
    Reset_Handler,
    Default_Handler, /* NMI */
    Fault_Handler,   /* HardFault */
    Fault_Handler,   /* MemManage */
    Fault_Handler,   /* BusFault */
    Fault_Handler,   /* UsageFault */
    0, 0, 0, 0,
    Default_Handler, /* SVCall */
    Default_Handler, /* DebugMonitor */
    0,
    Default_Handler, /* PendSV */
    Default_Handler, /* SysTick */
};

/* Entered with SP = __stack_end and nothing pushed yet: paint the whole stack
 * with STACK_PAINT before any C code runs, so that every word below the
 * deepest point ever reached still holds the pattern. */
__attribute__((naked, noreturn)) void Reset_Handler(void)
{
    __asm__ volatile(
        "ldr r0, =__stack_start\n"
        "ldr r1, =__stack_end\n"
        "ldr r2, =%c0\n"
        "1: cmp r0, r1\n"
        "bhs 2f\n"
        "str r2, [r0], #4\n"
        "b 1b\n"
        "2: b reset_c\n"
        ".ltorg\n" ::"i"(STACK_PAINT));
}

__attribute__((noreturn, used)) void reset_c(void)
{
    memcpy(__data_start, __data_load, (size_t)((char*)__data_end - (char*)__data_start));
    memcpy(__tdata_start, __tdata_load, (size_t)((char*)__tdata_end - (char*)__tdata_start));
    memset(__tbss_start, 0, (size_t)((char*)__tbss_end - (char*)__tbss_start));
    memset(__bss_start__, 0, (size_t)((char*)__bss_end__ - (char*)__bss_start__));
#if defined(__ARM_FP)
    /* Built with -mfloat-abi=hard or softfp: enable CP10 and CP11 (the FPU). */
    *(volatile uint32_t*)0xE000ED88u |= 0xFu << 20;
    __asm__ volatile("dsb\n isb" ::: "memory");
#endif
    /* Constructors of static objects (what __libc_init_array does, without
       the _init of crti.o, which -nostartfiles leaves out). */
    for (void (**f)(void) = __preinit_array_start; f < __preinit_array_end; ++f) (*f)();
    for (void (**f)(void) = __init_array_start; f < __init_array_end; ++f) (*f)();
    semihosting_exit(main());
}

/* Thread pointer of ARM's TLS ABI (variant 1, local-exec): variables are at
 * tp + 8 (the thread control block) + their offset in the TLS segment, which
 * the linker script aligns to 8. gcc calls this for every thread_local access
 * (-mtp=soft, the default for M-profile). One thread, so one block. */
__attribute__((naked)) void* __aeabi_read_tp(void)
{
    /* Runtime ABI: may change only r0, ip, lr and the flags. */
    __asm__ volatile(
        "ldr r0, =__tdata_start\n"
        "sub r0, r0, #8\n"
        "bx lr\n"
        ".ltorg\n");
}

void Fault_Handler(void)
{
    semihosting_write("cortex-m4: fault (HardFault, MemManage, BusFault or UsageFault)\n");
    semihosting_exit(3);
}

void Default_Handler(void)
{
    semihosting_write("cortex-m4: unexpected exception\n");
    semihosting_exit(3);
}
