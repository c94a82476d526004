#include "ui/draw.h"
#include "firmware/core/mem.h"

#include <string.h>

void draw_list_init(struct draw_list *dl)
{
    memset(dl, 0, sizeof(*dl));
}

void draw_list_release(struct draw_list *dl)
{
    kmem_free(dl->cmds);
    memset(dl, 0, sizeof(*dl));
}

void draw_list_reset(struct draw_list *dl)
{
    dl->count = 0;
}

struct draw_cmd *draw_list_push(struct draw_list *dl, enum draw_kind kind)
{
    if (dl->count == dl->cap) {
        int cap = dl->cap ? dl->cap * 2 : 128;
        struct draw_cmd *c = kmem_realloc(dl->cmds, (size_t)cap * sizeof(*c));
        if (!c)
            return NULL;
        dl->cmds = c;
        dl->cap = cap;
    }
    struct draw_cmd *cmd = &dl->cmds[dl->count++];
    memset(cmd, 0, sizeof(*cmd));
    cmd->kind = kind;
    return cmd;
}
