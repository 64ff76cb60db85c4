/* Arm semihosting, the few calls the Cortex-M4 example needs: text to the
 * host's console (QEMU's stdout) and an exit status. Each is a BKPT 0xAB that
 * the debugger or QEMU (-semihosting-config enable=on,target=native) services;
 * on a board without a debugger attached it would halt the core, so a real
 * firmware sends the same text to a UART instead. */
#ifndef ECIREQ_EXAMPLE_SEMIHOSTING_H
#define ECIREQ_EXAMPLE_SEMIHOSTING_H

#ifdef __cplusplus
extern "C" {
#endif

/** Writes a NUL-terminated string to the host's console (SYS_WRITE0). */
void semihosting_write(const char* text);
/** Writes `n` bytes, which may lack a terminating NUL. */
void semihosting_write_n(const char* text, unsigned n);
/** Ends the program with `status` as QEMU's exit status (SYS_EXIT_EXTENDED). */
__attribute__((noreturn)) void semihosting_exit(int status);

#ifdef __cplusplus
}
#endif

#endif
