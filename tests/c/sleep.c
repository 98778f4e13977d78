/* sleep: the C (wasi-libc) twin of tests/guests/src/bin/sleep.rs.
 *
 * Checks that nanosleep() for 50 ms (wasi-libc: one poll_oneoff with a relative monotonic
 * clock subscription) waits at least that long, measured with clock_gettime(CLOCK_MONOTONIC).
 * Stdout is byte-identical to the Rust and Go sleeps:
 *   sleep start
 *   slept at least 50 ms: true
 * and stderr is one line "elapsed_us=<n>" (decimal microseconds). Exits 0. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* `sleep MS TIMES`: MS ms TIMES times, a line each, then the total (as the Rust and Go sleeps). */
static int repeated(long ms, long times) {
    int64_t start = now_ns();
    for (long i = 0; i < times; i++) {
        int64_t t = now_ns();
        struct timespec req = {ms / 1000, (ms % 1000) * 1000000};
        nanosleep(&req, NULL);
        printf("sleep %ld: at least %ld ms: %s\n", i, ms, now_ns() - t >= ms * 1000000 ? "true" : "false");
    }
    printf("total at least %ld ms: %s\n", ms * times, now_ns() - start >= ms * times * 1000000 ? "true" : "false");
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 3) return repeated(atol(argv[1]), atol(argv[2]));
    puts("sleep start");
    fflush(stdout);
    struct timespec req = {0, 50 * 1000 * 1000};
    int64_t start = now_ns();
    int rc = nanosleep(&req, NULL);
    int64_t elapsed = now_ns() - start;
    if (rc != 0) perror("nanosleep");
    printf("slept at least 50 ms: %s\n", elapsed >= 50000000 ? "true" : "false");
    fflush(stdout);
    fprintf(stderr, "elapsed_us=%lld\n", (long long)(elapsed / 1000));
    return 0;
}
