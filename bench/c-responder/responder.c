/*
 * The FastCGI ceiling for `make bench`: a minimal multi-threaded libfcgi responder that answers every request
 * with the same bytes (a captured list-20 response body), built the way todo-fcgi's transport is: FCGX_Init once,
 * one FCGX_Request per thread, FCGX_Accept_r without an accept mutex, a unix socket nginx reaches with
 * fastcgi_keep_conn on.
 *
 * Build: gcc -O2 -o c-responder responder.c -lfcgi -lpthread
 * Run:   c-responder SOCKET_PATH BODY_FILE [THREADS]     (THREADS defaults to 32, as todo-fcgi serve)
 */
#include <fcgiapp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const char head[] = "Status: 200 OK\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n";
static char *body;
static long body_length;
static int listen_fd;

static void *worker(void *unused) {
    FCGX_Request request;
    (void)unused;
    FCGX_InitRequest(&request, listen_fd, 0);
    while (FCGX_Accept_r(&request) >= 0) {
        /* Read the body (if any) so the connection stays in step, as a real responder would. */
        char sink[4096];
        while (FCGX_GetStr(sink, sizeof sink, request.in) > 0) {}
        FCGX_PutStr(head, sizeof head - 1, request.out);
        const char *id = FCGX_GetParam("REQUEST_ID", request.envp); /* echoed, as todo-fcgi does */
        if (id) FCGX_FPrintF(request.out, "X-Request-Id: %s\r\n", id);
        FCGX_PutStr("\r\n", 2, request.out);
        FCGX_PutStr(body, (int)body_length, request.out);
        FCGX_Finish_r(&request);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s SOCKET_PATH BODY_FILE [THREADS]\n", argv[0]);
        return 2;
    }
    int threads = argc > 3 ? atoi(argv[3]) : 32;
    FILE *file = fopen(argv[2], "rb");
    if (!file || fseek(file, 0, SEEK_END) != 0 || (body_length = ftell(file)) < 0) {
        perror(argv[2]);
        return 1;
    }
    rewind(file);
    body = malloc((size_t)body_length + 1);
    if (!body || fread(body, 1, (size_t)body_length, file) != (size_t)body_length) {
        perror(argv[2]);
        return 1;
    }
    fclose(file);

    FCGX_Init();
    /* libfcgi's SIGTERM handler only marks a shutdown that threads blocked in accept never see: end at once. */
    signal(SIGTERM, SIG_DFL);
    umask(0117); /* socket mode 0660 */
    unlink(argv[1]);
    listen_fd = FCGX_OpenSocket(argv[1], 1024);
    if (listen_fd < 0) {
        fprintf(stderr, "cannot listen on %s\n", argv[1]);
        return 1;
    }
    pthread_t ids[1024];
    if (threads < 1 || threads > 1024) threads = 32;
    for (int i = 0; i < threads; i++) {
        if (pthread_create(&ids[i], NULL, worker, NULL) != 0) {
            perror("pthread_create");
            return 1;
        }
    }
    fprintf(stderr, "c-responder: %d threads on %s, %ld body bytes\n", threads, argv[1], body_length);
    for (int i = 0; i < threads; i++) pthread_join(ids[i], NULL);
    return 0;
}
