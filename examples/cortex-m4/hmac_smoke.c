/* Toolchain check for the Cortex-M4 example: HMAC-SHA1 of RFC 2202's test
 * case 2 with the Mbed TLS built for the target, printed over semihosting.
 * Exit status 0 when it matches the RFC's digest. Needs only startup.c and
 * the linker script: no ecireq, no C++. */
#include <mbedtls/md.h>

#include <string.h>

#include "semihosting.h"

int main(void)
{
    static const char key[] = "Jefe";
    static const char data[] = "what do ya want for nothing?";
    static const char expected[] = "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79";
    unsigned char mac[20];
    char hex[2 * sizeof mac + 1];
    static const char digits[] = "0123456789abcdef";
    const mbedtls_md_info_t* sha1 = mbedtls_md_info_from_type(MBEDTLS_MD_SHA1);
    if (sha1 == NULL ||
        mbedtls_md_hmac(sha1, (const unsigned char*)key, strlen(key), (const unsigned char*)data, strlen(data),
                        mac) != 0) {
        semihosting_write("hmac-sha1: Mbed TLS failed\n");
        return 1;
    }
    for (unsigned i = 0; i < sizeof mac; ++i) {
        hex[2 * i] = digits[mac[i] >> 4];
        hex[2 * i + 1] = digits[mac[i] & 15];
    }
    hex[2 * sizeof mac] = '\0';
    semihosting_write("hmac-sha1(\"Jefe\", \"what do ya want for nothing?\") = ");
    semihosting_write(hex);
    int ok = strcmp(hex, expected) == 0;
    semihosting_write(ok ? " (RFC 2202 test 2: match)\n" : " (RFC 2202 test 2: MISMATCH)\n");
    return ok ? 0 : 1;
}
