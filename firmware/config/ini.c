/* The INI reader works on one line at a time in a fixed stack buffer, so
 * ini_parse() itself never allocates; only ini_parse_file() does (the file
 * text). Line numbers count '\n'; a '\r' before it is dropped (CRLF files). */
#define _POSIX_C_SOURCE 200809L
#include "ini.h"

#include "firmware/core/file.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define FILE_MAX (1024 * 1024)

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

static bool is_name_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
}

static bool is_name(const char *s)
{
    if (*s == '\0')
        return false;
    for (; *s; s++)
        if (!is_name_char(*s))
            return false;
    return true;
}

/* Trims s in place; returns the first non-space character. */
static char *trim(char *s)
{
    while (is_space(*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && is_space(s[n - 1]))
        s[--n] = '\0';
    return s;
}

struct parser {
    const struct ini_handler *h;
    char section[INI_LINE_MAX + 1];
    bool section_ok; /* false after a malformed [section] line */
    bool syntax_seen;
};

static void syntax(struct parser *p, int line, const char *message)
{
    p->syntax_seen = true;
    if (p->h->syntax_error)
        p->h->syntax_error(p->h->ctx, line, message);
}

static enum kiosk_err parse_line(struct parser *p, char *text, int line)
{
    char *s = trim(text);
    if (*s == '\0' || *s == '#' || *s == ';')
        return KIOSK_OK;

    if (*s == '[') {
        char *close = strchr(s, ']');
        p->section_ok = false;
        if (!close) {
            syntax(p, line, "section line has no closing ']'; write it as [name]");
            return KIOSK_OK;
        }
        if (*trim(close + 1) != '\0') {
            syntax(p, line, "text after ']' on a section line; comments go on their own line");
            return KIOSK_OK;
        }
        *close = '\0';
        char *name = trim(s + 1);
        if (!is_name(name)) {
            syntax(p, line,
                   "section name may only use letters, digits, '_', '.' and '-'; write it as "
                   "[name]");
            return KIOSK_OK;
        }
        memcpy(p->section, name, strlen(name) + 1);
        p->section_ok = true;
        return KIOSK_OK;
    }

    char *eq = strchr(s, '=');
    if (!eq) {
        syntax(p, line, "expected 'key = value', a [section] or a comment starting with '#'");
        return KIOSK_OK;
    }
    *eq = '\0';
    char *key = trim(s);
    char *value = trim(eq + 1);
    if (*key == '\0') {
        syntax(p, line, "missing key name before '='");
        return KIOSK_OK;
    }
    if (!is_name(key)) {
        syntax(p, line, "key name may only use letters, digits, '_', '.' and '-'");
        return KIOSK_OK;
    }
    if (!p->section_ok)
        return KIOSK_OK; /* under a malformed [section]: already reported */
    return p->h->pair(p->h->ctx, p->section, key, value, line);
}

static enum kiosk_err parse_buf(const char *text, size_t len, const struct ini_handler *h)
{
    struct parser p = {.h = h, .section_ok = true};
    char buf[INI_LINE_MAX + 1];
    size_t pos = 0;
    int line = 0;

    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (pos < len) {
        const char *start = text + pos;
        const char *nl = memchr(start, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - start) : len - pos;
        pos += n + (nl ? 1 : 0);
        line++;
        if (n > 0 && start[n - 1] == '\r')
            n--;
        if (n > INI_LINE_MAX) {
            syntax(&p, line, "line is longer than 1024 bytes; shorten the value");
            continue;
        }
        if (memchr(start, '\0', n)) {
            syntax(&p, line, "line contains a NUL byte; is this a text file?");
            continue;
        }
        if (!kstr_utf8_valid(start, n)) {
            syntax(&p, line, "line is not valid UTF-8; save the file as UTF-8");
            continue;
        }
        memcpy(buf, start, n);
        buf[n] = '\0';
        enum kiosk_err err = parse_line(&p, buf, line);
        if (err != KIOSK_OK)
            return err;
    }
    return p.syntax_seen ? KIOSK_ERR_CONFIG : KIOSK_OK;
}

enum kiosk_err ini_parse(const char *text, const struct ini_handler *h)
{
    if (!text || !h || !h->pair)
        return KIOSK_ERR_INVALID;
    return parse_buf(text, strlen(text), h);
}

enum kiosk_err ini_parse_mem(const char *text, size_t len, const struct ini_handler *h)
{
    if (!text || !h || !h->pair)
        return KIOSK_ERR_INVALID;
    return parse_buf(text, len, h);
}

enum kiosk_err ini_parse_file(const char *path, const struct ini_handler *h)
{
    char *text;
    size_t len;
    enum kiosk_err err;

    if (!path || !h || !h->pair)
        return KIOSK_ERR_INVALID;
    err = kfile_read(path, FILE_MAX, &text, &len);
    if (err != KIOSK_OK)
        return err;
    err = parse_buf(text, len, h);
    kmem_free(text);
    return err;
}
