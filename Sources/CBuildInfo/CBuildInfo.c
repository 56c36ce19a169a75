#include "CBuildInfo.h"

const char *todo_fcgi_commit_compiled(void) {
    return todo_fcgi_commit();
}
