#ifndef TODO_FCGI_CPOSTGRESQL_H
#define TODO_FCGI_CPOSTGRESQL_H

// libpq's declarations. The functions themselves are defined in libpq_loader.c, which loads libpq.so.5 with
// dlopen on first use: the binary does not depend on libpq, so a host that only uses SQLite needs no libpq
// (and none of the Kerberos/LDAP/GnuTLS libraries it pulls in).
#include <postgresql/libpq-fe.h>

/// 1 when libpq could be loaded (it is then loaded), 0 otherwise.
int todo_pq_available(void);

/// Why libpq could not be loaded, or NULL when it was.
const char *todo_pq_load_error(void);

#endif
