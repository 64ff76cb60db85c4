/* Mbed TLS 2.28 configuration for the Cortex-M4 example: only what ecireq's
 * Mbed TLS backend uses (SHA-1 and SHA-256 for the HMACs, Base64, a CTR_DRBG
 * over AES for random nonces, the entropy collector it may fall back to) and
 * the MD layer for hmac_smoke.c. No platform entropy, no threading, no
 * filesystem, no time, no assembly. Selected with
 * -DMBEDTLS_CONFIG_FILE='"mbedtls_config.h"'. */
#ifndef ECIREQ_EXAMPLE_MBEDTLS_CONFIG_H
#define ECIREQ_EXAMPLE_MBEDTLS_CONFIG_H

/* System support */
#define MBEDTLS_NO_PLATFORM_ENTROPY /* no /dev/urandom, no getrandom: plug a TRNG */
#define MBEDTLS_AES_ROM_TABLES      /* AES tables in flash, not 8 KiB of RAM */

/* Modules */
#define MBEDTLS_AES_C
#define MBEDTLS_BASE64_C
#define MBEDTLS_CTR_DRBG_C
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_MD_C
#define MBEDTLS_SHA1_C
#define MBEDTLS_SHA256_C

#include "mbedtls/check_config.h"

#endif
