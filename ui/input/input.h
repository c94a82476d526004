/* Input from SDL (the other home of SDL headers besides ui/render): touch and
 * mouse taps, keys, window changes and quit, turned into plain values. The
 * app's loop sleeps in input_wait() until an event or its next deadline, so
 * an idle kiosk uses no CPU. */
#ifndef KIOSK_UI_INPUT_H
#define KIOSK_UI_INPUT_H

#include <stdbool.h>

enum input_kind {
    INPUT_NONE = 0, /* the wait timed out */
    INPUT_TAP,      /* x, y in window pixels (finger up, or mouse button up) */
    INPUT_DRAG,     /* x, y: a finger down (down) or moving on the glass (a signature) */
    INPUT_KEY,      /* key: one of enum input_key */
    INPUT_TEXT,     /* text: UTF-8 typed on a physical keyboard */
    INPUT_RESIZE,   /* the window changed size: redraw */
    INPUT_EXPOSE,   /* the window needs a redraw */
    INPUT_QUIT,
};

enum input_key {
    KEY_UP = 1,
    KEY_DOWN,
    KEY_LEFT,
    KEY_RIGHT,
    KEY_SELECT,
    KEY_BACK,
    KEY_HELP,
    KEY_BACKSPACE,
    KEY_ESCAPE,
    KEY_SPEECH,      /* speech on, then: say it again (F4, keypad '*') */
    KEY_VOLUME_UP,   /* keypad '+' */
    KEY_VOLUME_DOWN, /* keypad '-' */
    KEY_HEADPHONES,  /* an audio output was plugged in: speech on */
    KEY_READBACK,    /* read the screen's fields back, spelled (F5, keypad '/') */
    /* demo shortcuts: F2 = swipe demo card, F3 = scan demo appointment code */
    KEY_DEMO_SWIPE,
    KEY_DEMO_SCAN,
};

struct input_event {
    enum input_kind kind;
    int x, y;
    int key;
    bool down; /* INPUT_DRAG: the finger just touched (a new stroke) */
    char text[32];
};

/* Wait up to timeout_ms (-1: forever) for the next event. Requires SDL video
 * to be initialised (render_new with a window does that). */
void input_wait(int timeout_ms, struct input_event *out);

/* Make input_wait return (with INPUT_NONE) as soon as it can: for work that
 * arrives on another thread (a USB swipe queued, a worker's answer), so the
 * loop sleeps without a timeout while nothing happens. Safe from any
 * thread, never blocks; wake-ups not yet seen count as one. Does nothing
 * while SDL's event queue is not running (headless runs). Its signature
 * fits the drivers' wake callbacks through input_wake_cb. */
void input_wake(void);
void input_wake_cb(void *ignored);

#endif
