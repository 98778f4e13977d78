/* perms: what wasi-libc makes of a wasip1-perms refusal. Run with one preopen "/" holding
 * /data/in.txt and /secret/key under a manifest granting read on /data only: the host answers
 * EACCES, which libc shows as "Permission denied", and nothing is created or truncated.
 * Prints one line per call: "<op> <path>: ok[ <result>]" or "<op> <path>: <strerror>". */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void readfile(const char *path) {
    char buf[64] = {0};
    FILE *f = fopen(path, "r");
    if (!f) {
        printf("fopen r %s: %s\n", path, strerror(errno));
        return;
    }
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    printf("fopen r %s: ok %zu \"%s\"\n", path, n, buf);
}

int main(void) {
    readfile("/data/in.txt");
    readfile("/secret/key");
    FILE *w = fopen("/data/in.txt", "w");
    printf("fopen w /data/in.txt: %s\n", w ? "ok" : strerror(errno));
    if (w) fclose(w);
    readfile("/data/in.txt");
    int fd = open("/data/new.txt", O_CREAT | O_WRONLY, 0644);
    printf("open O_CREAT /data/new.txt: %s\n", fd >= 0 ? "ok" : strerror(errno));
    struct stat st;
    printf("stat /data/new.txt: %s\n", stat("/data/new.txt", &st) == 0 ? "ok" : strerror(errno));
    printf("mkdir /data/d: %s\n", mkdir("/data/d", 0755) == 0 ? "ok" : strerror(errno));
    printf("unlink /data/in.txt: %s\n", unlink("/data/in.txt") == 0 ? "ok" : strerror(errno));
    return 0;
}
