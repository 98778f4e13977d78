/* trap: the C twin of tests/guests/src/bin/trap.rs. Output written before a trap must reach
 * the host, and the host must report a trap, not an exit code. */
#include <stdio.h>

int main(void) {
    puts("before trap");
    fflush(stdout);
    __builtin_trap();
}
