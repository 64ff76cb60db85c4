// The reference point for minimal_sign.cpp: the same crypto work (keyed
// HMAC-SHA1, Base64, random bytes) through the same backend, without ecireq.
// The size difference between the two programs is what ecireq (with the
// parts of Boost.URL it uses) adds.
#include <ecireq/crypto/backend.hpp>

#include <cstdio>

int main(int argc, char** argv)
{
    using backend = ecireq::crypto::default_backend;
    backend::hmac_sha1 mac(argc > 1 ? argv[1] : "testsecret&");
    auto copy = mac;
    copy.update(argv[0], 16);
    unsigned char digest[20], nonce[16];
    char b64[32];
    if (!copy.finish(digest) || !backend::random_bytes(nonce, sizeof nonce)) return 1;
    backend::base64_encode(digest, sizeof digest, b64);
    std::printf("%s %02x\n", b64, nonce[0]);
    backend::cleanse(digest, sizeof digest);
    return 0;
}
