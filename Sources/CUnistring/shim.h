#ifndef TODO_FCGI_CUNISTRING_SHIM_H
#define TODO_FCGI_CUNISTRING_SHIM_H
#include <stddef.h>
#include <stdint.h>
#include <unictype.h>
#include <unistring/version.h>
#include <uninorm.h>

/* UNINORM_NFKC is the address of a library object, which Swift cannot import as a macro. */
static inline uint8_t *todo_u8_nfkc(const uint8_t *s, size_t n, size_t *lengthp) {
    return u8_normalize(UNINORM_NFKC, s, n, NULL, lengthp);
}

/* Whether libunistring's Unicode database assigns the code point (its general category is not Cn). */
static inline int todo_uc_is_assigned(uint32_t uc) {
    return !uc_is_general_category(uc, UC_CATEGORY_Cn);
}

/* libunistring's version as 0xMMmmpp (e.g. 0x010000 for 1.0). */
static inline int todo_libunistring_version(void) { return _libunistring_version; }
#endif
