/* Arm semihosting calls for the Cortex-M4 example (see semihosting.h). */
#include "semihosting.h"

enum {
    SYS_WRITE0 = 0x04,
    SYS_EXIT = 0x18,
    SYS_EXIT_EXTENDED = 0x20,
    ADP_Stopped_ApplicationExit = 0x20026,
};

static int semihosting_call(int op, const void* arg)
{
    register int r0 __asm__("r0") = op;
    register const void* r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

void semihosting_write(const char* text) { semihosting_call(SYS_WRITE0, text); }

void semihosting_write_n(const char* text, unsigned n)
{
    char chunk[65];
    while (n > 0) {
        unsigned k = n < sizeof chunk - 1 ? n : sizeof chunk - 1;
        for (unsigned i = 0; i < k; ++i) chunk[i] = text[i];
        chunk[k] = '\0';
        semihosting_write(chunk);
        text += k;
        n -= k;
    }
}

void semihosting_exit(int status)
{
    /* A32/T32 SYS_EXIT carries no status (anything but ApplicationExit is
     * "1"); SYS_EXIT_EXTENDED carries it, and QEMU implements it. */
    const int block[2] = {ADP_Stopped_ApplicationExit, status};
    semihosting_call(SYS_EXIT_EXTENDED, block);
    semihosting_call(SYS_EXIT, (const void*)(status == 0 ? ADP_Stopped_ApplicationExit : 0x20023));
    for (;;) {
    }
}
