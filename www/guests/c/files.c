/* files: N files (argv[1], default 200) of 4096 bytes in /data/w, through POSIX calls: write
 * them, read each back and check it, list the directory, stat each, delete them all.
 * Prints "files <N> bytes <total read> listed <entries>"; any failure: a message on stderr, exit 1. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SIZE 4096

static void fail(const char *what, const char *path) {
    fprintf(stderr, "files: %s %s: %s\n", what, path, strerror(errno));
    exit(1);
}

static void fill(unsigned char *buf, int i) {
    for (int j = 0; j < SIZE; j++) buf[j] = (unsigned char)((i + j) % 251);
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 200;
    static unsigned char want[SIZE], got[SIZE + 1];
    char path[64];
    long long total = 0;

    if (mkdir("/data/w", 0755) != 0) fail("mkdir", "/data/w");
    for (int i = 0; i < n; i++) {
        fill(want, i);
        snprintf(path, sizeof path, "/data/w/f%d.txt", i);
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd < 0) fail("create", path);
        if (write(fd, want, SIZE) != SIZE) fail("write", path);
        if (close(fd) != 0) fail("close", path);
    }
    for (int i = 0; i < n; i++) {
        fill(want, i);
        snprintf(path, sizeof path, "/data/w/f%d.txt", i);
        int fd = open(path, O_RDONLY);
        if (fd < 0) fail("open", path);
        size_t len = 0;
        for (;;) {
            ssize_t r = read(fd, got + len, sizeof got - len);
            if (r < 0) fail("read", path);
            if (r == 0 || len + (size_t)r == sizeof got) { len += (size_t)r; break; }
            len += (size_t)r;
        }
        close(fd);
        total += (long long)len;
        if (len != SIZE || memcmp(got, want, SIZE) != 0) {
            errno = EIO;
            fail("content of", path);
        }
    }
    DIR *dir = opendir("/data/w");
    if (!dir) fail("opendir", "/data/w");
    int listed = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) listed++;
    }
    closedir(dir);
    for (int i = 0; i < n; i++) {
        struct stat st;
        snprintf(path, sizeof path, "/data/w/f%d.txt", i);
        if (stat(path, &st) != 0) fail("stat", path);
        if (st.st_size != SIZE) {
            errno = EIO;
            fail("size of", path);
        }
    }
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "/data/w/f%d.txt", i);
        if (unlink(path) != 0) fail("unlink", path);
    }
    if (rmdir("/data/w") != 0) fail("rmdir", "/data/w");
    printf("files %d bytes %lld listed %d\n", n, total, listed);
    return 0;
}
