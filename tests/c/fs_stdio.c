/* fs_stdio: the filesystem through wasi-libc (stdio, POSIX) on the /sandbox preopen.
 *
 * fopen/fprintf/fclose, fopen "a", fgets, fseek/ftell, stat, opendir/readdir (sorted),
 * rename, unlink, mkdir, rmdir, symlink, readlink, link, truncate, access, chdir and
 * relative paths. wasi-libc resolves every path against the preopens: "/sandbox/x" and,
 * with the initial cwd "/", "sandbox/x" both work; after chdir("/sandbox"), "x" does (and
 * "../sandbox/x" does not: wasi-libc hands ".." to the host, which refuses the escape). Works on an empty /sandbox; prints one
 * line per call, "<op> <args>: ok[ <result>]" or "<op> <args>: errno=<NAME> (<strerror>)". */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *errname(int e) {
    switch (e) {
    case EACCES: return "EACCES";
    case EBADF: return "EBADF";
    case EBUSY: return "EBUSY";
    case EEXIST: return "EEXIST";
    case EINVAL: return "EINVAL";
    case EISDIR: return "EISDIR";
    case ELOOP: return "ELOOP";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    case ENOENT: return "ENOENT";
    case ENOTCAPABLE: return "ENOTCAPABLE";
    case ENOTDIR: return "ENOTDIR";
    case ENOTEMPTY: return "ENOTEMPTY";
    case ENOTSUP: return "ENOTSUP";
    case EPERM: return "EPERM";
    case EXDEV: return "EXDEV";
    case EILSEQ: return "EILSEQ";
    default: return "E?";
    }
}

/* Prints "<label>: ok" or "<label>: errno=..." for a call returning 0 / -1. */
static void rc(const char *label, int r) {
    if (r == 0) printf("%s: ok\n", label);
    else printf("%s: errno=%s (%s)\n", label, errname(errno), strerror(errno));
}

static void fail(const char *label) {
    printf("%s: errno=%s (%s)\n", label, errname(errno), strerror(errno));
}

static const char *type_of(mode_t m) {
    if (S_ISREG(m)) return "file";
    if (S_ISDIR(m)) return "dir";
    if (S_ISLNK(m)) return "symlink";
    return "other";
}

static void do_stat(const char *path, int follow) {
    struct stat st;
    char label[256];
    snprintf(label, sizeof label, "%s %s", follow ? "stat" : "lstat", path);
    int r = follow ? stat(path, &st) : lstat(path, &st);
    if (r != 0) { fail(label); return; }
    if (S_ISDIR(st.st_mode)) printf("%s: ok %s\n", label, type_of(st.st_mode));
    else printf("%s: ok %s size=%lld nlink=%llu\n", label, type_of(st.st_mode),
                (long long)st.st_size, (unsigned long long)st.st_nlink);
}

static void cat(const char *path) {
    char label[256], buf[256];
    snprintf(label, sizeof label, "read %s", path);
    FILE *f = fopen(path, "r");
    if (!f) { fail(label); return; }
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    printf("%s: ok \"", label);
    for (size_t i = 0; i < n; i++) {
        if (buf[i] == '\n') printf("\\n");
        else if (buf[i] >= 0x20 && buf[i] < 0x7f) putchar(buf[i]);
        else printf("\\x%02x", (unsigned char)buf[i]);
    }
    printf("\"\n");
}

static int cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *path) {
    char label[256];
    snprintf(label, sizeof label, "readdir %s", path);
    DIR *d = opendir(path);
    if (!d) { fail(label); return; }
    char *names[64];
    int n = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(d)) && n < 64) {
        const char *t = e->d_type == DT_DIR ? "/" : e->d_type == DT_LNK ? "@" : "";
        size_t len = strlen(e->d_name) + 2;
        names[n] = malloc(len);
        snprintf(names[n], len, "%s%s", e->d_name, t);
        n++;
    }
    if (errno) fail(label);
    closedir(d);
    qsort(names, n, sizeof *names, cmp);
    printf("%s: ok [", label);
    for (int i = 0; i < n; i++) {
        printf("%s%s", i ? "," : "", names[i]);
        free(names[i]);
    }
    printf("]\n");
}

int main(void) {
    char buf[256];
    FILE *f;

    /* stdio write, append, read. */
    f = fopen("/sandbox/f.txt", "w");
    if (!f) fail("fopen /sandbox/f.txt w");
    else {
        printf("fopen /sandbox/f.txt w: ok\n");
        printf("fprintf: %d\n", fprintf(f, "line %d\n", 1));
        rc("fclose", fclose(f));
    }
    f = fopen("/sandbox/f.txt", "a");
    if (!f) fail("fopen /sandbox/f.txt a");
    else {
        printf("fopen /sandbox/f.txt a: ok ftell=%ld\n", ftell(f));
        fprintf(f, "line %d\n", 2);
        rc("fseek 0 SEEK_SET (append stream)", fseek(f, 0, SEEK_SET));
        fprintf(f, "line %d\n", 3);
        printf("ftell after append write: %ld\n", ftell(f));
        rc("fclose", fclose(f));
    }
    cat("/sandbox/f.txt");
    f = fopen("/sandbox/f.txt", "r");
    if (!f) fail("fopen /sandbox/f.txt r");
    else {
        while (fgets(buf, sizeof buf, f)) {
            buf[strcspn(buf, "\n")] = 0;
            printf("fgets: \"%s\"\n", buf);
        }
        printf("feof: %d\n", feof(f) != 0);
        rc("fseek -7 SEEK_END", fseek(f, -7, SEEK_END));
        printf("ftell: %ld\n", ftell(f));
        if (fgets(buf, sizeof buf, f)) { buf[strcspn(buf, "\n")] = 0; printf("fgets: \"%s\"\n", buf); }
        rc("fseek -100 SEEK_SET", fseek(f, -100, SEEK_SET));
        printf("ftell: %ld\n", ftell(f));
        printf("fputs on a read-only stream: %d ferror=%d\n", fputs("x", f) >= 0, ferror(f) != 0);
        rc("fclose", fclose(f));
    }
    f = fopen("/sandbox/missing", "r");
    if (!f) fail("fopen /sandbox/missing r"); else fclose(f);
    f = fopen("/sandbox/f.txt/", "r");
    if (!f) fail("fopen /sandbox/f.txt/ r"); else { printf("fopen /sandbox/f.txt/ r: ok\n"); fclose(f); }
    f = fopen("/etc/passwd", "r");
    if (!f) fail("fopen /etc/passwd r"); else { printf("fopen /etc/passwd r: ok\n"); fclose(f); }
    f = fopen("/sandbox/../etc/passwd", "r");
    if (!f) fail("fopen /sandbox/../etc/passwd r"); else { printf("fopen /sandbox/../etc/passwd: ok\n"); fclose(f); }
    f = fopen("/sandbox", "w");
    if (!f) fail("fopen /sandbox w"); else fclose(f);
    int fd = open("/sandbox/f.txt", O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0) fail("open /sandbox/f.txt O_CREAT|O_EXCL"); else close(fd);

    /* Relative paths: cwd starts at "/". */
    if (getcwd(buf, sizeof buf)) printf("getcwd: ok %s\n", buf); else fail("getcwd");
    cat("sandbox/f.txt");
    cat("./sandbox/f.txt");
    cat("f.txt");

    /* stat, truncate. */
    do_stat("/sandbox/f.txt", 1);
    do_stat("/sandbox", 1);
    do_stat("/sandbox/missing", 1);
    rc("truncate f.txt 3", truncate("/sandbox/f.txt", 3));
    do_stat("/sandbox/f.txt", 1);
    rc("truncate f.txt 10", truncate("/sandbox/f.txt", 10));
    cat("/sandbox/f.txt");
    rc("truncate missing", truncate("/sandbox/missing", 1));
    rc("access f.txt R_OK|W_OK", access("/sandbox/f.txt", R_OK | W_OK));
    rc("access missing F_OK", access("/sandbox/missing", F_OK));

    /* Directories. */
    rc("mkdir d", mkdir("/sandbox/d", 0755));
    rc("mkdir d (exists)", mkdir("/sandbox/d", 0755));
    rc("mkdir x/y (missing parent)", mkdir("/sandbox/x/y", 0755));
    rc("mkdir d/sub", mkdir("/sandbox/d/sub", 0755));
    rc("rmdir d (not empty)", rmdir("/sandbox/d"));
    rc("rmdir f.txt (file)", rmdir("/sandbox/f.txt"));
    rc("unlink d (dir)", unlink("/sandbox/d"));
    rc("remove d/sub", remove("/sandbox/d/sub"));

    /* Links. */
    rc("symlink f.txt -> l", symlink("f.txt", "/sandbox/l"));
    rc("symlink missing -> dangling", symlink("missing", "/sandbox/dangling"));
    rc("symlink /etc/passwd -> abs", symlink("/etc/passwd", "/sandbox/abs"));
    rc("symlink x -> l (exists)", symlink("x", "/sandbox/l"));
    ssize_t n = readlink("/sandbox/l", buf, sizeof buf);
    if (n < 0) fail("readlink l"); else printf("readlink l: ok %zd \"%.*s\"\n", n, (int)n, buf);
    n = readlink("/sandbox/f.txt", buf, sizeof buf);
    if (n < 0) fail("readlink f.txt"); else printf("readlink f.txt: ok %zd\n", n);
    n = readlink("/sandbox/dangling", buf, 3);
    if (n < 0) fail("readlink dangling bufsize=3"); else printf("readlink dangling bufsize=3: ok %zd \"%.*s\"\n", n, (int)n, buf);
    do_stat("/sandbox/l", 0);
    do_stat("/sandbox/l", 1);
    do_stat("/sandbox/dangling", 0);
    do_stat("/sandbox/dangling", 1);
    cat("/sandbox/l");
    fd = open("/sandbox/l", O_RDONLY | O_NOFOLLOW);
    if (fd < 0) fail("open l O_NOFOLLOW"); else { printf("open l O_NOFOLLOW: ok\n"); close(fd); }
    rc("link f.txt -> h", link("/sandbox/f.txt", "/sandbox/h"));
    do_stat("/sandbox/h", 1);
    rc("link d -> dh (dir)", link("/sandbox/d", "/sandbox/dh"));
    rc("link f.txt -> h (exists)", link("/sandbox/f.txt", "/sandbox/h"));

    /* Rename. */
    rc("rename h -> h2", rename("/sandbox/h", "/sandbox/h2"));
    rc("rename h2 -> f.txt (same inode: a no-op, h2 stays)", rename("/sandbox/h2", "/sandbox/f.txt"));
    do_stat("/sandbox/f.txt", 1);
    rc("mkdir e", mkdir("/sandbox/e", 0755));
    rc("rename e -> d (empty dir)", rename("/sandbox/e", "/sandbox/d"));
    rc("mkdir e", mkdir("/sandbox/e", 0755));
    rc("mkdir d/sub", mkdir("/sandbox/d/sub", 0755));
    rc("rename e -> d (non-empty dir)", rename("/sandbox/e", "/sandbox/d"));
    rc("rename d -> d/sub/x (into itself)", rename("/sandbox/d", "/sandbox/d/sub/x"));
    rc("rename f.txt -> d (file onto dir)", rename("/sandbox/f.txt", "/sandbox/d"));
    rc("rename e -> f.txt (dir onto file)", rename("/sandbox/e", "/sandbox/f.txt"));
    rc("rename f.txt -> ../out (escape)", rename("/sandbox/f.txt", "/sandbox/../out"));
    rc("rename f.txt -> /tmp/out (other preopen)", rename("/sandbox/f.txt", "/tmp/out"));
    list("/sandbox");
    list("/sandbox/d");
    list("sandbox/d");
    list("/sandbox/f.txt");
    list("/sandbox/missing");
    list("/");

    /* chdir: relative paths then resolve against the new cwd. No preopen covers "/", so
     * wasi-libc cannot chdir back there. */
    rc("chdir /sandbox", chdir("/sandbox"));
    if (getcwd(buf, sizeof buf)) printf("getcwd: ok %s\n", buf); else fail("getcwd");
    cat("f.txt");
    cat("./d/../f.txt");
    cat("../sandbox/f.txt");
    list(".");
    list("d");
    rc("chdir d", chdir("d"));
    if (getcwd(buf, sizeof buf)) printf("getcwd: ok %s\n", buf); else fail("getcwd");
    cat("../f.txt");
    rc("chdir /sandbox/missing", chdir("/sandbox/missing"));
    rc("chdir /sandbox/f.txt", chdir("/sandbox/f.txt"));
    rc("chdir /", chdir("/"));
    if (getcwd(buf, sizeof buf)) printf("getcwd: ok %s\n", buf); else fail("getcwd");

    /* Cleanup through libc. */
    rc("unlink l", unlink("/sandbox/l"));
    rc("unlink dangling", unlink("/sandbox/dangling"));
    rc("unlink missing", unlink("/sandbox/missing"));
    rc("rmdir d/sub", rmdir("/sandbox/d/sub"));
    rc("rmdir d", rmdir("/sandbox/d"));
    rc("rmdir e", rmdir("/sandbox/e"));
    rc("unlink f.txt", unlink("/sandbox/f.txt"));
    list("/sandbox");
    return 0;
}
