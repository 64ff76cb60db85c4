/* What newlib and libstdc++ expect from the operating system, for a board
 * with none: only the functions that the example's image references (its
 * link map says why each is there). Semihosting stands in for the console
 * and the clock; a real firmware routes these to its UART and RTC. */
#include <errno.h>
#include <stdint.h>
#include <sys/time.h>

#include "semihosting.h"

/* The DSO handle that __cxa_atexit and __cxa_thread_atexit are given
 * (normally from crtbegin.o, which -nostartfiles leaves out). One image. */
void* __dso_handle = 0;

static void write_unsigned(unsigned v)
{
    char digits[12];
    char* p = digits + sizeof digits;
    *--p = '\0';
    do *--p = (char)('0' + v % 10); while (v /= 10);
    semihosting_write(p);
}

/* assert() (Boost's and ecireq's BOOST_ASSERTs, built without NDEBUG):
 * newlib's own prints with fiprintf, which would bring in all of stdio. */
void __assert_func(const char* file, int line, const char* function, const char* expression)
{
    semihosting_write("assertion failed: ");
    semihosting_write(expression);
    semihosting_write(" in ");
    semihosting_write(function ? function : "?");
    semihosting_write(" at ");
    semihosting_write(file);
    semihosting_write(":");
    write_unsigned((unsigned)line);
    semihosting_write("\n");
    semihosting_exit(134);
}

/* newlib's abort() raises SIGABRT, which needs _kill and _getpid. */
void abort(void)
{
    semihosting_write("abort\n");
    semihosting_exit(134);
}

void _exit(int status) { semihosting_exit(status); }

/* std::chrono::system_clock::now(), ecireq's clock when sign_options::clock is
 * empty: the host's time over semihosting (SYS_TIME, whole seconds). On a
 * board, read the RTC here, or always pass sign_options::clock. This example
 * passes a fixed clock, so it never calls it. */
int _gettimeofday(struct timeval* tv, void* tz)
{
    (void)tz;
    register int r0 __asm__("r0") = 0x11; /* SYS_TIME */
    register int r1 __asm__("r1") = 0;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    if (r0 == -1) {
        errno = ENOSYS;
        return -1;
    }
    tv->tv_sec = (time_t)(uint32_t)r0;
    tv->tv_usec = 0;
    return 0;
}
