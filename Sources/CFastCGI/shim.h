#ifndef TODO_FCGI_CFASTCGI_SHIM_H
#define TODO_FCGI_CFASTCGI_SHIM_H
#include <fcgiapp.h>
/* eventfd, for the worker pool's parked connections (Swift's Glibc module leaves sys/eventfd.h out) */
#include <sys/eventfd.h>
#endif
