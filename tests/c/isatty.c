/* isatty: what wasi-libc's isatty() says of fds 0, 1 and 2 (a character device without seek or
 * tell rights is a terminal), then echoes stdin. Under wasmtime with piped stdin and captured
 * output every fd is not a terminal; a host should say the same for bytes given up front and
 * for output given to a callback, and "terminal" for an interactive stdin. */
#include <stdio.h>
#include <unistd.h>

int main(void) {
    printf("isatty: stdin=%d stdout=%d stderr=%d\n", isatty(0), isatty(1), isatty(2));
    char buf[256];
    size_t n = fread(buf, 1, sizeof buf, stdin);
    printf("stdin: %zu bytes\n", n);
    return 0;
}
