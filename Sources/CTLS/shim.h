#ifndef TODO_FCGI_CTLS_SHIM_H
#define TODO_FCGI_CTLS_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#endif
