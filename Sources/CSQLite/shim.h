#ifndef TODO_FCGI_CSQLITE_SHIM_H
#define TODO_FCGI_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
