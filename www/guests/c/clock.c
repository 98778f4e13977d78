/* clock: N (argv[1], default 100000) reads of the monotonic clock, 16 random bytes every 100th
 * iteration; the clock must never go backwards.
 * Prints "clock <N> random <calls> monotonic ok" (or "... monotonic BACKWARDS", exit 1). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 100000;
    long randoms = 0;
    int ok = 1;
    unsigned char buf[16];
    struct timespec last = {0, 0};
    for (long i = 0; i < n; i++) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec < last.tv_sec || (now.tv_sec == last.tv_sec && now.tv_nsec < last.tv_nsec)) ok = 0;
        last = now;
        if (i % 100 == 0) {
            if (getentropy(buf, sizeof buf) != 0) {
                perror("clock: getentropy");
                return 1;
            }
            randoms++;
        }
    }
    printf("clock %ld random %ld monotonic %s\n", n, randoms, ok ? "ok" : "BACKWARDS");
    return ok ? 0 : 1;
}
