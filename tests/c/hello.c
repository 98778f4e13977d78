/* hello: the C (wasi-libc) twin of tests/guests/src/bin/hello.rs.
 *
 * Checks args, environment, reading stdin to EOF, CLOCK_MONOTONIC, time(), getentropy,
 * stdout/stderr and the exit code (EXIT_CODE via exit(), else return 0). Prints
 * byte-identical stdout to the Rust and Go hellos for the same input:
 *   argv[<i>]=<arg> / <K>=<V> sorted by name / stdin=<n> bytes: <escaped> /
 *   monotonic: ok / realtime: ok / random: ok
 * and "to stderr\n" on stderr. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define Y2020 1577836800L

/* Compare "K=V" entries by name only, bytewise. */
static int by_name(const void *pa, const void *pb) {
    const unsigned char *a = *(const unsigned char *const *)pa;
    const unsigned char *b = *(const unsigned char *const *)pb;
    for (;; a++, b++) {
        int ca = *a == '=' ? 0 : *a, cb = *b == '=' ? 0 : *b;
        if (ca != cb) return ca - cb;
        if (ca == 0) return 0;
    }
}

/* Same escape as guests::escape: printable ASCII but '\' as is, "\n", "\\", else \xNN. */
static void print_escaped(const unsigned char *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c == '\n') fputs("\\n", stdout);
        else if (c == '\\') fputs("\\\\", stdout);
        else if (c >= 0x20 && c <= 0x7e) putchar(c);
        else printf("\\x%02x", c);
    }
}

int main(int argc, char **argv) {
    for (int i = 0; i < argc; i++) printf("argv[%d]=%s\n", i, argv[i]);

    size_t nenv = 0;
    while (environ && environ[nenv]) nenv++;
    char **vars = malloc((nenv + 1) * sizeof *vars);
    memcpy(vars, environ, nenv * sizeof *vars);
    qsort(vars, nenv, sizeof *vars, by_name);
    for (size_t i = 0; i < nenv; i++) printf("%s\n", vars[i]);
    free(vars);

    size_t len = 0, cap = 4096;
    unsigned char *in = malloc(cap);
    for (;;) {
        if (len == cap) in = realloc(in, cap *= 2);
        size_t n = fread(in + len, 1, cap - len, stdin);
        if (n == 0) break;
        len += n;
    }
    printf("stdin=%zu bytes: ", len);
    print_escaped(in, len);
    putchar('\n');
    free(in);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    volatile unsigned long long acc = 0;
    for (unsigned long long i = 0; i < 100000; i++) acc = acc * 31 + i;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (t1.tv_sec > t0.tv_sec || (t1.tv_sec == t0.tv_sec && t1.tv_nsec >= t0.tv_nsec))
        puts("monotonic: ok");
    else
        puts("monotonic: FAIL later < earlier");

    time_t now = time(NULL);
    if ((long long)now > Y2020) puts("realtime: ok");
    else printf("realtime: FAIL %llds since epoch\n", (long long)now);

    unsigned char a[32] = {0}, b[32] = {0}, zero[32] = {0};
    int ea = getentropy(a, sizeof a), eb = getentropy(b, sizeof b);
    if (ea == 0 && eb == 0 && memcmp(a, zero, 32) != 0 && memcmp(a, b, 32) != 0)
        puts("random: ok");
    else
        printf("random: FAIL getentropy=%d,%d errno=%d\n", ea, eb, errno);

    fflush(stdout);
    fputs("to stderr\n", stderr);

    const char *code = getenv("EXIT_CODE");
    if (code) {
        char *end;
        errno = 0;
        long v = strtol(code, &end, 10);
        /* Same acceptance as Rust's str::parse::<i32> after trim: digits with an optional
         * sign, nothing else. */
        while (*end == ' ' || *end == '\t' || *end == '\n') end++;
        if (end != code && *end == '\0' && errno == 0 && v >= -2147483648L && v <= 2147483647L)
            exit((int)v);
    }
    return 0;
}
