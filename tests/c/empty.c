/* empty: does nothing; used to time instantiate -> exit for a minimal wasi-libc program. */
int main(void) { return 0; }
