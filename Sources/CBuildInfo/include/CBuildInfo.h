#ifndef TODO_FCGI_CBUILDINFO_H
#define TODO_FCGI_CBUILDINFO_H

/* The git commit the binary was built from. scripts/dist.sh passes it to every compiler invocation:
 *     swift build -Xcc '-DTODO_FCGI_COMMIT="<sha>"' ...
 * Builds without the flag (make build, make run, make test) say "unknown". */
#ifndef TODO_FCGI_COMMIT
#define TODO_FCGI_COMMIT "unknown"
#endif

static inline const char *todo_fcgi_commit(void) {
    return TODO_FCGI_COMMIT;
}

/* The same text, compiled into this target's object file (what a C caller would link against). */
const char *todo_fcgi_commit_compiled(void);

#endif
