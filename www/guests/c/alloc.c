/* alloc: the binary-trees benchmark with malloc/free. Max depth argv[1] (default 14, at least 6).
 * Prints "alloc depth <d> check <sum>": the node counts of the stretch tree, of every short-lived
 * tree and of the long-lived tree, added up. */
#include <stdio.h>
#include <stdlib.h>

typedef struct Node {
    struct Node *left, *right;
} Node;

static Node *make(int depth) {
    Node *n = malloc(sizeof *n);
    if (!n) {
        fputs("alloc: out of memory\n", stderr);
        exit(1);
    }
    n->left = depth > 0 ? make(depth - 1) : NULL;
    n->right = depth > 0 ? make(depth - 1) : NULL;
    return n;
}

static long long check(const Node *n) {
    return 1 + (n->left ? check(n->left) + check(n->right) : 0);
}

static void release(Node *n) {
    if (n->left) {
        release(n->left);
        release(n->right);
    }
    free(n);
}

int main(int argc, char **argv) {
    const int min_depth = 4;
    int max_depth = argc > 1 ? atoi(argv[1]) : 14;
    if (max_depth < min_depth + 2) max_depth = min_depth + 2;

    Node *stretch = make(max_depth + 1);
    long long sum = check(stretch);
    release(stretch);

    Node *long_lived = make(max_depth);
    for (int d = min_depth; d <= max_depth; d += 2) {
        long iterations = 1L << (max_depth - d + min_depth);
        for (long i = 0; i < iterations; i++) {
            Node *t = make(d);
            sum += check(t);
            release(t);
        }
    }
    sum += check(long_lived);
    release(long_lived);
    printf("alloc depth %d check %lld\n", max_depth, sum);
    return 0;
}
