#ifndef TODO_FCGI_CFASTCGI_SHIM_H
#define TODO_FCGI_CFASTCGI_SHIM_H
#include <fcgiapp.h>
/* epoll, for the worker pool's connection queue (Swift's Glibc module leaves sys/epoll.h out) */
#include <sys/epoll.h>
#endif
