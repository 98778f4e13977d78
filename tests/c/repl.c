/* repl: the C (wasi-libc) twin of tests/guests/src/bin/repl.rs.
 *
 * Checks line-at-a-time stdin and a flushed answer per line: for every line read with
 * fgets it prints "> " plus the line with ASCII letters uppercased (the trailing "\n" or
 * "\r\n" removed; a last line without "\n" still counts), then fflush(stdout); at EOF it
 * prints "bye" and returns 0. Lines longer than 4095 bytes are answered in pieces. Stdout
 * matches the Rust repl for ASCII input, e.g. stdin "hi\nthere\n" gives
 *   > HI
 *   > THERE
 *   bye */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    char line[4096];
    while (fgets(line, sizeof line, stdin)) {
        size_t n = strlen(line);
        if (n && line[n - 1] == '\n') line[--n] = '\0';
        if (n && line[n - 1] == '\r') line[--n] = '\0';
        for (size_t i = 0; i < n; i++) line[i] = (char)toupper((unsigned char)line[i]);
        printf("> %s\n", line);
        fflush(stdout);
    }
    puts("bye");
    return 0;
}
