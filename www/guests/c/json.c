/* json: parses /data/doc.json (argv[1] times, default 1) with the small recursive-descent parser
 * below (RFC 8259: strings with every escape and surrogate pairs, numbers by the grammar), then
 * prints "json objects <n> arrays <n> strings <n> numbers <n> keys <n>" for the document (keys
 * are not counted as strings). A malformed document: a message on stderr, exit 1. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *start, *p, *end;
    long objects, arrays, strings, numbers, keys;
} Parser;

static void fail(const Parser *ps, const char *what) {
    fprintf(stderr, "json: %s at byte %ld\n", what, (long)(ps->p - ps->start));
    exit(1);
}

static void skip_ws(Parser *ps) {
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')) ps->p++;
}

static int hex4(Parser *ps) {
    if (ps->end - ps->p < 4) fail(ps, "short \\u escape");
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = *ps->p++;
        v <<= 4;
        if (c >= '0' && c <= '9') v |= c - '0';
        else if (c >= 'a' && c <= 'f') v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v |= c - 'A' + 10;
        else fail(ps, "bad hex digit");
    }
    return v;
}

/* A string after its opening quote; the decoded text is not kept (only counts are printed). */
static void string(Parser *ps) {
    while (ps->p < ps->end) {
        unsigned char c = (unsigned char)*ps->p++;
        if (c == '"') return;
        if (c < 0x20) fail(ps, "control character in string");
        if (c != '\\') continue;
        if (ps->p == ps->end) break;
        switch (*ps->p++) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't': break;
        case 'u': {
            int u = hex4(ps);
            if (u >= 0xdc00 && u <= 0xdfff) fail(ps, "lone low surrogate");
            if (u >= 0xd800 && u <= 0xdbff) {
                if (ps->end - ps->p < 2 || ps->p[0] != '\\' || ps->p[1] != 'u') fail(ps, "lone high surrogate");
                ps->p += 2;
                int lo = hex4(ps);
                if (lo < 0xdc00 || lo > 0xdfff) fail(ps, "bad low surrogate");
            }
            break;
        }
        default: fail(ps, "bad escape");
        }
    }
    fail(ps, "unterminated string");
}

static int digits(Parser *ps) {
    const char *start = ps->p;
    while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') ps->p++;
    return ps->p > start;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, converted with strtod as a real parser would. */
static void number(Parser *ps) {
    const char *start = ps->p;
    if (*ps->p == '-') ps->p++;
    if (ps->p < ps->end && *ps->p == '0') ps->p++;
    else if (!digits(ps)) fail(ps, "bad number");
    if (ps->p < ps->end && *ps->p == '.') {
        ps->p++;
        if (!digits(ps)) fail(ps, "bad fraction");
    }
    if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
        ps->p++;
        if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-')) ps->p++;
        if (!digits(ps)) fail(ps, "bad exponent");
    }
    char buf[64];
    size_t len = (size_t)(ps->p - start);
    if (len >= sizeof buf) fail(ps, "number too long");
    memcpy(buf, start, len);
    buf[len] = 0;
    volatile double v = strtod(buf, NULL);
    (void)v;
}

static void literal(Parser *ps, const char *word) {
    size_t len = strlen(word);
    if ((size_t)(ps->end - ps->p) < len || memcmp(ps->p, word, len) != 0) fail(ps, "bad literal");
    ps->p += len;
}

static void value(Parser *ps, int depth) {
    if (depth > 512) fail(ps, "nested too deeply");
    skip_ws(ps);
    if (ps->p == ps->end) fail(ps, "unexpected end");
    switch (*ps->p) {
    case '{':
        ps->p++;
        ps->objects++;
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == '}') { ps->p++; return; }
        for (;;) {
            skip_ws(ps);
            if (ps->p == ps->end || *ps->p != '"') fail(ps, "expected a key");
            ps->p++;
            string(ps);
            ps->keys++;
            skip_ws(ps);
            if (ps->p == ps->end || *ps->p++ != ':') fail(ps, "expected ':'");
            value(ps, depth + 1);
            skip_ws(ps);
            if (ps->p == ps->end) fail(ps, "unterminated object");
            char c = *ps->p++;
            if (c == '}') return;
            if (c != ',') fail(ps, "expected ',' or '}'");
        }
    case '[':
        ps->p++;
        ps->arrays++;
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ']') { ps->p++; return; }
        for (;;) {
            value(ps, depth + 1);
            skip_ws(ps);
            if (ps->p == ps->end) fail(ps, "unterminated array");
            char c = *ps->p++;
            if (c == ']') return;
            if (c != ',') fail(ps, "expected ',' or ']'");
        }
    case '"':
        ps->p++;
        string(ps);
        ps->strings++;
        return;
    case 't': literal(ps, "true"); return;
    case 'f': literal(ps, "false"); return;
    case 'n': literal(ps, "null"); return;
    default:
        number(ps);
        ps->numbers++;
    }
}

int main(int argc, char **argv) {
    int rounds = argc > 1 ? atoi(argv[1]) : 1;
    FILE *f = fopen("/data/doc.json", "rb");
    if (!f) {
        perror("json: /data/doc.json");
        return 1;
    }
    size_t cap = 1 << 16, len = 0;
    char *doc = malloc(cap);
    for (size_t r; doc && (r = fread(doc + len, 1, cap - len, f)) > 0;) {
        len += r;
        if (len == cap) doc = realloc(doc, cap *= 2);
    }
    if (!doc || ferror(f)) {
        perror("json: reading /data/doc.json");
        return 1;
    }
    fclose(f);
    Parser ps = {0};
    for (int i = 0; i < rounds; i++) {
        ps = (Parser){.start = doc, .p = doc, .end = doc + len};
        value(&ps, 0);
        skip_ws(&ps);
        if (ps.p != ps.end) fail(&ps, "trailing data");
    }
    printf("json objects %ld arrays %ld strings %ld numbers %ld keys %ld\n", ps.objects, ps.arrays, ps.strings,
           ps.numbers, ps.keys);
    free(doc);
    return 0;
}
