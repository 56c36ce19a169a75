#ifndef TODO_FCGI_COPENSSL_SHIM_H
#define TODO_FCGI_COPENSSL_SHIM_H
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>
#include <openssl/kdf.h>
#include <openssl/sha.h>

/*
 * SHA-2 on a caller-held state, for HMAC with the key's inner and outer states computed once (HMACKey): copying a
 * SHA256_CTX is a memcpy, where EVP's keyed contexts allocate on every duplicate. libcrypto 3 marks these
 * functions deprecated in favour of EVP, which has no such copy; they remain in every 3.x release.
 */
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
static inline int todo_sha256_init(SHA256_CTX *c) { return SHA256_Init(c); }
static inline int todo_sha256_update(SHA256_CTX *c, const void *data, size_t length) {
    return SHA256_Update(c, data, length);
}
static inline int todo_sha256_final(unsigned char *md, SHA256_CTX *c) { return SHA256_Final(md, c); }
static inline int todo_sha384_init(SHA512_CTX *c) { return SHA384_Init(c); }
static inline int todo_sha384_update(SHA512_CTX *c, const void *data, size_t length) {
    return SHA384_Update(c, data, length);
}
static inline int todo_sha384_final(unsigned char *md, SHA512_CTX *c) { return SHA384_Final(md, c); }
static inline int todo_sha512_init(SHA512_CTX *c) { return SHA512_Init(c); }
static inline int todo_sha512_update(SHA512_CTX *c, const void *data, size_t length) {
    return SHA512_Update(c, data, length);
}
static inline int todo_sha512_final(unsigned char *md, SHA512_CTX *c) { return SHA512_Final(md, c); }
#pragma clang diagnostic pop
#endif
