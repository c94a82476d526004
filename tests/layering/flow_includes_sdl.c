/* Layering probe (tests/layering): flow including SDL, which it may not.
 * kiosk_flow must fail to compile: SDL's include directory is ui_sdl's only. */
#include <SDL.h>

int layer_probe(void);

int layer_probe(void)
{
    return SDL_Init(0);
}
