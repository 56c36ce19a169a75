// libpq, loaded at run time. Each libpq function this project calls is defined here with libpq's own
// signature and forwards to the real one, found with dlsym in libpq.so.5 the first time any is called.
// When libpq is missing, connecting fails with a clear message (PQconnectdbParams returns NULL and
// todo_pq_load_error says why); the other functions are never reached without a connection and answer
// as libpq does for a NULL connection or result.
#include "CPostgreSQL.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static struct {
    PGconn *(*PQconnectdbParams)(const char *const *, const char *const *, int);
    void (*PQfinish)(PGconn *);
    void (*PQreset)(PGconn *);
    ConnStatusType (*PQstatus)(const PGconn *);
    PGTransactionStatusType (*PQtransactionStatus)(const PGconn *);
    char *(*PQerrorMessage)(const PGconn *);
    int (*PQsocket)(const PGconn *);
    int (*PQclientEncoding)(const PGconn *);
    PQnoticeProcessor (*PQsetNoticeProcessor)(PGconn *, PQnoticeProcessor, void *);
    PGresult *(*PQexec)(PGconn *, const char *);
    PGresult *(*PQexecParams)(PGconn *, const char *, int, const Oid *, const char *const *, const int *,
                              const int *, int);
    PGresult *(*PQprepare)(PGconn *, const char *, const char *, int, const Oid *);
    PGresult *(*PQexecPrepared)(PGconn *, const char *, int, const char *const *, const int *, const int *, int);
    int (*PQconsumeInput)(PGconn *);
    ExecStatusType (*PQresultStatus)(const PGresult *);
    char *(*PQresultErrorMessage)(const PGresult *);
    char *(*PQresultErrorField)(const PGresult *, int);
    int (*PQntuples)(const PGresult *);
    int (*PQnfields)(const PGresult *);
    char *(*PQcmdTuples)(PGresult *);
    char *(*PQgetvalue)(const PGresult *, int, int);
    int (*PQgetlength)(const PGresult *, int, int);
    int (*PQgetisnull)(const PGresult *, int, int);
    void (*PQclear)(PGresult *);
    int (*pg_char_to_encoding)(const char *);
    const char *(*pg_encoding_to_char)(int);
} pq;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded = 0;
static char load_error[512] = "libpq was not loaded";

#define RESOLVE(name)                                                                             \
    do {                                                                                          \
        *(void **)(&pq.name) = dlsym(handle, #name);                                              \
        if (pq.name == NULL) {                                                                    \
            snprintf(load_error, sizeof load_error, "libpq.so.5 lacks %s (too old a libpq)", #name); \
            return;                                                                               \
        }                                                                                         \
    } while (0)

static void load(void) {
    void *handle = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        const char *reason = dlerror();
        snprintf(load_error, sizeof load_error,
                 "PostgreSQL needs libpq (Debian package libpq5), which could not be loaded: %s",
                 reason ? reason : "unknown reason");
        return;
    }
    RESOLVE(PQconnectdbParams);
    RESOLVE(PQfinish);
    RESOLVE(PQreset);
    RESOLVE(PQstatus);
    RESOLVE(PQtransactionStatus);
    RESOLVE(PQerrorMessage);
    RESOLVE(PQsocket);
    RESOLVE(PQclientEncoding);
    RESOLVE(PQsetNoticeProcessor);
    RESOLVE(PQexec);
    RESOLVE(PQexecParams);
    RESOLVE(PQprepare);
    RESOLVE(PQexecPrepared);
    RESOLVE(PQconsumeInput);
    RESOLVE(PQresultStatus);
    RESOLVE(PQresultErrorMessage);
    RESOLVE(PQresultErrorField);
    RESOLVE(PQntuples);
    RESOLVE(PQnfields);
    RESOLVE(PQcmdTuples);
    RESOLVE(PQgetvalue);
    RESOLVE(PQgetlength);
    RESOLVE(PQgetisnull);
    RESOLVE(PQclear);
    RESOLVE(pg_char_to_encoding);
    RESOLVE(pg_encoding_to_char);
    loaded = 1;
}

int todo_pq_available(void) {
    pthread_once(&once, load);
    return loaded;
}

const char *todo_pq_load_error(void) {
    return todo_pq_available() ? NULL : load_error;
}

PGconn *PQconnectdbParams(const char *const *keywords, const char *const *values, int expand_dbname) {
    return todo_pq_available() ? pq.PQconnectdbParams(keywords, values, expand_dbname) : NULL;
}

void PQfinish(PGconn *conn) {
    if (todo_pq_available()) pq.PQfinish(conn);
}

void PQreset(PGconn *conn) {
    if (todo_pq_available()) pq.PQreset(conn);
}

ConnStatusType PQstatus(const PGconn *conn) {
    return todo_pq_available() ? pq.PQstatus(conn) : CONNECTION_BAD;
}

PGTransactionStatusType PQtransactionStatus(const PGconn *conn) {
    return todo_pq_available() ? pq.PQtransactionStatus(conn) : PQTRANS_UNKNOWN;
}

char *PQerrorMessage(const PGconn *conn) {
    return todo_pq_available() ? pq.PQerrorMessage(conn) : load_error;
}

int PQsocket(const PGconn *conn) {
    return todo_pq_available() ? pq.PQsocket(conn) : -1;
}

int PQclientEncoding(const PGconn *conn) {
    return todo_pq_available() ? pq.PQclientEncoding(conn) : -1;
}

PQnoticeProcessor PQsetNoticeProcessor(PGconn *conn, PQnoticeProcessor proc, void *arg) {
    return todo_pq_available() ? pq.PQsetNoticeProcessor(conn, proc, arg) : NULL;
}

PGresult *PQexec(PGconn *conn, const char *query) {
    return todo_pq_available() ? pq.PQexec(conn, query) : NULL;
}

PGresult *PQexecParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
                       const char *const *paramValues, const int *paramLengths, const int *paramFormats,
                       int resultFormat) {
    return todo_pq_available()
               ? pq.PQexecParams(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats,
                                 resultFormat)
               : NULL;
}

PGresult *PQprepare(PGconn *conn, const char *stmtName, const char *query, int nParams, const Oid *paramTypes) {
    return todo_pq_available() ? pq.PQprepare(conn, stmtName, query, nParams, paramTypes) : NULL;
}

PGresult *PQexecPrepared(PGconn *conn, const char *stmtName, int nParams, const char *const *paramValues,
                         const int *paramLengths, const int *paramFormats, int resultFormat) {
    return todo_pq_available()
               ? pq.PQexecPrepared(conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat)
               : NULL;
}

int PQconsumeInput(PGconn *conn) {
    return todo_pq_available() ? pq.PQconsumeInput(conn) : 0;
}

ExecStatusType PQresultStatus(const PGresult *res) {
    return todo_pq_available() ? pq.PQresultStatus(res) : PGRES_FATAL_ERROR;
}

char *PQresultErrorMessage(const PGresult *res) {
    return todo_pq_available() ? pq.PQresultErrorMessage(res) : load_error;
}

char *PQresultErrorField(const PGresult *res, int fieldcode) {
    return todo_pq_available() ? pq.PQresultErrorField(res, fieldcode) : NULL;
}

int PQntuples(const PGresult *res) {
    return todo_pq_available() ? pq.PQntuples(res) : 0;
}

int PQnfields(const PGresult *res) {
    return todo_pq_available() ? pq.PQnfields(res) : 0;
}

char *PQcmdTuples(PGresult *res) {
    static char empty[] = "";
    return todo_pq_available() ? pq.PQcmdTuples(res) : empty;
}

char *PQgetvalue(const PGresult *res, int tup_num, int field_num) {
    static char empty[] = "";
    return todo_pq_available() ? pq.PQgetvalue(res, tup_num, field_num) : empty;
}

int PQgetlength(const PGresult *res, int tup_num, int field_num) {
    return todo_pq_available() ? pq.PQgetlength(res, tup_num, field_num) : 0;
}

int PQgetisnull(const PGresult *res, int tup_num, int field_num) {
    return todo_pq_available() ? pq.PQgetisnull(res, tup_num, field_num) : 1;
}

void PQclear(PGresult *res) {
    if (todo_pq_available()) pq.PQclear(res);
}

int pg_char_to_encoding(const char *name) {
    return todo_pq_available() ? pq.pg_char_to_encoding(name) : -1;
}

const char *pg_encoding_to_char(int encoding) {
    return todo_pq_available() ? pq.pg_encoding_to_char(encoding) : "";
}
