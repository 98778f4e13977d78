// Files that outlive the run, through C stdio (issue 11's mounts). `persist write DIR` writes
// two files with fopen/fprintf/fclose (one in a new directory); `persist read DIR` prints them.
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  char path[512];
  if (strcmp(argv[1], "write") == 0) {
    snprintf(path, sizeof path, "%s/notes.txt", argv[2]);
    FILE *f = fopen(path, "w");
    if (!f) { perror("fopen"); return 1; }
    for (int i = 0; i < 100; i++) fprintf(f, "line %d of the notes\n", i);
    fclose(f);
    snprintf(path, sizeof path, "%s/c-dir", argv[2]);
    if (mkdir(path, 0755) != 0) { perror("mkdir"); return 1; }
    snprintf(path, sizeof path, "%s/c-dir/data.bin", argv[2]);
    f = fopen(path, "wb");
    for (int i = 0; i < 70000; i++) fputc((i * 7) & 0xff, f);
    fclose(f);
    puts("written");
    return 0;
  }
  snprintf(path, sizeof path, "%s/notes.txt", argv[2]);
  FILE *f = fopen(path, "r");
  if (!f) { perror("fopen notes"); return 1; }
  char line[128];
  int lines = 0;
  while (fgets(line, sizeof line, f)) lines++;
  fclose(f);
  printf("notes: %d lines, last: %s", lines, line);
  snprintf(path, sizeof path, "%s/c-dir/data.bin", argv[2]);
  f = fopen(path, "rb");
  if (!f) { perror("fopen data"); return 1; }
  long sum = 0, n = 0;
  int c;
  while ((c = fgetc(f)) != EOF) { sum += c * (n % 5 + 1); n++; }
  fclose(f);
  printf("data: %ld bytes, sum %ld\n", n, sum);
  return 0;
}
