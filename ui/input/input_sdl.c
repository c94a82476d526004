/* SDL events to plain input values. The kiosk sleeps in SDL_WaitEventTimeout
 * until something happens or the app's next deadline; events that mean
 * nothing to the app are dropped and the wait goes on for what is left of
 * the timeout. Tap positions are in renderer output pixels, which differ from
 * window coordinates on HiDPI screens. */
#include "ui/input/input.h"

#include "firmware/core/str.h"

#include <SDL.h>

#include <stdatomic.h>
#include <string.h>

/* A wake-up pushed and not yet taken out of SDL's queue: later ones add
 * nothing (the loop looks at everything once it is awake). */
static atomic_bool wake_pending;

static SDL_Window *event_window(Uint32 id)
{
    SDL_Window *w = id ? SDL_GetWindowFromID(id) : NULL;
    if (!w)
        w = SDL_GetMouseFocus();
    if (!w)
        w = SDL_GetKeyboardFocus();
    return w;
}

/* Window size and output size of the window's renderer (equal without HiDPI). */
static bool window_sizes(SDL_Window *w, int *ww, int *wh, int *ow, int *oh)
{
    SDL_Renderer *ren;

    if (!w)
        return false;
    SDL_GetWindowSize(w, ww, wh);
    ren = SDL_GetRenderer(w);
    if (!ren || SDL_GetRendererOutputSize(ren, ow, oh) != 0)
        SDL_GetWindowSizeInPixels(w, ow, oh);
    return *ww > 0 && *wh > 0;
}

static void tap_from_window(Uint32 id, int x, int y, struct input_event *out)
{
    int ww, wh, ow, oh;

    out->kind = INPUT_TAP;
    out->x = x;
    out->y = y;
    if (window_sizes(event_window(id), &ww, &wh, &ow, &oh)) {
        out->x = (int)((long long)x * ow / ww);
        out->y = (int)((long long)y * oh / wh);
    }
}

static void tap_from_finger(const SDL_TouchFingerEvent *f, struct input_event *out)
{
    int ww, wh, ow, oh;
    float x = SDL_clamp(f->x, 0.0f, 1.0f), y = SDL_clamp(f->y, 0.0f, 1.0f);

    out->kind = INPUT_TAP;
    if (window_sizes(event_window(f->windowID), &ww, &wh, &ow, &oh)) {
        /* normalised to the window; window * (output / window) = output */
        out->x = SDL_min((int)(x * (float)ow), ow - 1);
        out->y = SDL_min((int)(y * (float)oh), oh - 1);
    } else {
        out->x = 0;
        out->y = 0;
    }
}

static int map_key(const SDL_KeyboardEvent *k)
{
    bool repeat = k->repeat != 0;

    switch (k->keysym.sym) {
    case SDLK_UP:
        return KEY_UP;
    case SDLK_DOWN:
        return KEY_DOWN;
    case SDLK_LEFT:
        return KEY_LEFT;
    case SDLK_RIGHT:
        return KEY_RIGHT;
    case SDLK_BACKSPACE:
        return KEY_BACKSPACE;
    default:
        break;
    }
    if (repeat) /* a held key must not confirm, cancel or demo twice */
        return 0;
    switch (k->keysym.sym) {
    case SDLK_RETURN:
    case SDLK_KP_ENTER:
        return KEY_SELECT;
    case SDLK_ESCAPE:
        return KEY_ESCAPE;
    case SDLK_AC_BACK:
        return KEY_BACK;
    case SDLK_F1:
        return KEY_HELP;
    case SDLK_F2:
        return KEY_DEMO_SWIPE;
    case SDLK_F3:
        return KEY_DEMO_SCAN;
    case SDLK_F4:
    case SDLK_KP_MULTIPLY:
        return KEY_SPEECH;
    case SDLK_F5:
    case SDLK_KP_DIVIDE:
        return KEY_READBACK;
    case SDLK_KP_PLUS:
        return KEY_VOLUME_UP;
    case SDLK_KP_MINUS:
        return KEY_VOLUME_DOWN;
    default:
        return 0;
    }
}

/* Turn one SDL event into out; false when it means nothing to the app. */
static bool translate(const SDL_Event *e, struct input_event *out)
{
    switch (e->type) {
    case SDL_USEREVENT: /* input_wake: the loop has work from another thread */
        atomic_store(&wake_pending, false);
        out->kind = INPUT_NONE;
        return true;
    case SDL_QUIT:
        out->kind = INPUT_QUIT;
        return true;
    case SDL_FINGERUP:
        tap_from_finger(&e->tfinger, out);
        return true;
    case SDL_FINGERDOWN:
    case SDL_FINGERMOTION:
        tap_from_finger(&e->tfinger, out);
        out->kind = INPUT_DRAG;
        out->down = e->type == SDL_FINGERDOWN;
        return true;
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT)
            return false;
        tap_from_window(e->button.windowID, e->button.x, e->button.y, out);
        out->kind = INPUT_DRAG;
        out->down = true;
        return true;
    case SDL_MOUSEMOTION:
        if (e->motion.which == SDL_TOUCH_MOUSEID || !(e->motion.state & SDL_BUTTON_LMASK))
            return false;
        tap_from_window(e->motion.windowID, e->motion.x, e->motion.y, out);
        out->kind = INPUT_DRAG;
        out->down = false;
        return true;
    case SDL_MOUSEBUTTONUP:
        /* touches also arrive as synthetic mouse events: one tap, not two */
        if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT)
            return false;
        tap_from_window(e->button.windowID, e->button.x, e->button.y, out);
        return true;
    case SDL_KEYDOWN:
        out->key = map_key(&e->key);
        out->kind = INPUT_KEY;
        return out->key != 0;
    case SDL_TEXTINPUT:
        out->kind = INPUT_TEXT;
        kstr_copy(out->text, sizeof(out->text), e->text.text);
        return out->text[0] != '\0';
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
            out->kind = INPUT_RESIZE;
            return true;
        }
        if (e->window.event == SDL_WINDOWEVENT_EXPOSED) {
            out->kind = INPUT_EXPOSE;
            return true;
        }
        return false;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
        out->kind = INPUT_EXPOSE;
        return true;
    case SDL_AUDIODEVICEADDED:
        /* Headphones plugged in (a new output device) start speech. The
         * devices SDL reports as it starts are not news: skip those. */
        if (e->adevice.iscapture || e->adevice.timestamp < 3000)
            return false;
        out->kind = INPUT_KEY;
        out->key = KEY_HEADPHONES;
        return true;
    default:
        return false;
    }
}

void input_wait(int timeout_ms, struct input_event *out)
{
    Uint64 deadline = SDL_GetTicks64() + (Uint64)(timeout_ms > 0 ? timeout_ms : 0);
    SDL_Event e;

    for (;;) {
        int got;
        memset(out, 0, sizeof(*out));
        if (timeout_ms < 0) {
            got = SDL_WaitEvent(&e);
        } else {
            Uint64 now = SDL_GetTicks64();
            int left = now >= deadline ? 0 : (int)(deadline - now);
            got = left > 0 ? SDL_WaitEventTimeout(&e, left) : SDL_PollEvent(&e);
        }
        if (!got) {
            out->kind = INPUT_NONE; /* timed out (or SDL failed: let the app loop) */
            return;
        }
        if (translate(&e, out))
            return;
    }
}

void input_wake(void)
{
    if (!SDL_WasInit(SDL_INIT_EVENTS) || atomic_exchange(&wake_pending, true))
        return;
    SDL_Event e;
    memset(&e, 0, sizeof(e));
    e.type = SDL_USEREVENT;
    if (SDL_PushEvent(&e) != 1)
        atomic_store(&wake_pending, false);
}

void input_wake_cb(void *ignored)
{
    (void)ignored;
    input_wake();
}
