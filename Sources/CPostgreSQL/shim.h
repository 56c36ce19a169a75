#ifndef TODO_FCGI_CPOSTGRESQL_SHIM_H
#define TODO_FCGI_CPOSTGRESQL_SHIM_H
#include <libpq-fe.h>
#endif
