#ifndef TODO_FCGI_CFASTCGI_SHIM_H
#define TODO_FCGI_CFASTCGI_SHIM_H
#include <fcgiapp.h>
#endif
