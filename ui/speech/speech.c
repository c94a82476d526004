/* espeak-ng runs in synchronous mode: speech_say synthesizes the whole
 * utterance into a buffer (a short prompt takes tens of milliseconds), then
 * hands it to SDL's audio queue, which plays it without blocking. A new
 * utterance clears the queue first, which is how speech is interrupted. */
#include "ui/speech/speech.h"
#include "firmware/core/log.h"
#include "firmware/core/mem.h"
#include "firmware/core/str.h"

#include <SDL.h>
#include <espeak-ng/espeak_ng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MOD         "speech"
#define TEXT_MAX    1024
#define MAX_SAMPLES (22050 * 60) /* a minute of speech is more than any prompt */

struct speech {
    bool started;    /* espeak-ng set up and the audio opened (speech_start) */
    bool want_audio; /* open the audio device at the first utterance */
    int rate_wpm;
    bool audio_open;
    SDL_AudioDeviceID dev;
    int rate;   /* samples per second */
    int volume; /* 0..100 */
    char lang[8];
    char text[TEXT_MAX];
    short *pcm; /* the last utterance, volume not applied */
    int samples, cap;
    bool overflow;
};

/* espeak-ng keeps global state: one speech object at a time, and the
 * library is set up once per process (initialising it again after
 * espeak_ng_Terminate hangs in 1.51); it is released at exit. */
static struct speech *current;
static int espeak_state; /* 0 not tried, 1 ready, -1 unavailable */

static void espeak_release(void)
{
    espeak_ng_Terminate();
}

/* Whether espeak-ng's data is installed, without loading it: most
 * sessions never speak, and the loaded voice data is 650 kB of heap. */
static bool espeak_present(void)
{
    const char *dir = NULL;
    char path[512];
    if (espeak_state != 0)
        return espeak_state == 1;
    espeak_ng_InitializePath(NULL);
    espeak_Info(&dir);
    if (!dir)
        return false;
    snprintf(path, sizeof(path), "%s/phontab", dir);
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    fclose(f);
    return true;
}

static bool espeak_ready(void)
{
    if (espeak_state == 0) {
        espeak_ng_InitializePath(NULL);
        if (espeak_ng_Initialize(NULL) == ENS_OK &&
            espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL) == ENS_OK) {
            espeak_state = 1;
            atexit(espeak_release);
        } else {
            espeak_state = -1;
        }
    }
    return espeak_state == 1;
}

static const char *voice_for(const char *lang)
{
    if (lang && strcmp(lang, "pt-BR") == 0)
        return "pt-br";
    if (lang && strcmp(lang, "hi") == 0)
        return "hi";
    if (lang && strcmp(lang, "es") == 0)
        return "es";
    return "en";
}

static int on_samples(short *wav, int n, espeak_EVENT *events)
{
    (void)events;
    struct speech *sp = current;
    if (!sp || !wav || n <= 0)
        return 0;
    if (sp->samples + n > sp->cap) {
        int cap = sp->cap ? sp->cap * 2 : 22050 * 4;
        while (cap < sp->samples + n)
            cap *= 2;
        if (cap > MAX_SAMPLES) {
            sp->overflow = true;
            return 1; /* stop synthesis */
        }
        short *p = kmem_realloc(sp->pcm, (size_t)cap * sizeof(short));
        if (!p) {
            sp->overflow = true;
            return 1;
        }
        sp->pcm = p;
        sp->cap = cap;
    }
    memcpy(sp->pcm + sp->samples, wav, (size_t)n * sizeof(short));
    sp->samples += n;
    return 0;
}

static void open_audio(struct speech *sp)
{
    SDL_AudioSpec want, have;
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        log_warn(MOD, "no audio subsystem; speech is synthesized but not heard");
        return;
    }
    SDL_zero(want);
    want.freq = sp->rate;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 1024;
    sp->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
    if (sp->dev == 0) {
        log_warn(MOD, "no audio device; speech is synthesized but not heard");
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return;
    }
    sp->audio_open = true;
    SDL_PauseAudioDevice(sp->dev, 0);
}

enum kiosk_err speech_new(const struct speech_config *cfg, struct speech **out)
{
    *out = NULL;
    if (current)
        return KIOSK_ERR_BUSY;
    struct speech *sp = kmem_alloc(sizeof(*sp));
    if (!sp)
        return KIOSK_ERR_NOMEM;
    if (!espeak_present()) {
        kiosk_err_set_detail("espeak-ng or its voice data is not installed");
        kmem_free(sp);
        return KIOSK_ERR_UNSUPPORTED;
    }
    sp->rate_wpm = cfg->rate_wpm > 0 ? cfg->rate_wpm : 150;
    sp->rate = 22050; /* espeak-ng's; read from the voice data at the start */
    sp->want_audio = cfg->audio;
    speech_set_volume(sp, cfg->volume);
    current = sp;
    *out = sp;
    return KIOSK_OK;
}

/* The voice data and the audio device are opened at the first utterance
 * (tens of milliseconds once), not at start: the first frame does not wait
 * for them and a kiosk nobody asks to speak never holds them. */
static bool speech_start(struct speech *sp)
{
    if (sp->started)
        return true;
    if (!espeak_ready())
        return false;
    espeak_SetSynthCallback(on_samples);
    espeak_ng_SetParameter(espeakRATE, sp->rate_wpm, 0);
    sp->rate = espeak_ng_GetSampleRate();
    if (sp->want_audio)
        open_audio(sp);
    sp->started = true;
    return true;
}

void speech_free(struct speech *sp)
{
    if (!sp)
        return;
    if (sp->audio_open) {
        SDL_CloseAudioDevice(sp->dev);
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    }
    current = NULL;
    kmem_free(sp->pcm);
    kmem_free(sp);
}

static void play(struct speech *sp)
{
    if (!sp->audio_open)
        return;
    SDL_ClearQueuedAudio(sp->dev);
    if (sp->samples == 0 || sp->volume == 0)
        return;
    short *scaled = kmem_alloc((size_t)sp->samples * sizeof(short));
    if (!scaled)
        return;
    for (int i = 0; i < sp->samples; i++)
        scaled[i] = (short)(sp->pcm[i] * sp->volume / 100);
    if (SDL_QueueAudio(sp->dev, scaled, (Uint32)((size_t)sp->samples * sizeof(short))) != 0)
        log_warn(MOD, "audio queue refused the utterance");
    kmem_free(scaled);
}

static enum kiosk_err synthesize(const char *lang, const char *text)
{
    if (espeak_ng_SetVoiceByName(voice_for(lang)) != ENS_OK &&
        espeak_ng_SetVoiceByName("en") != ENS_OK)
        return KIOSK_ERR_UNSUPPORTED;
    espeak_ng_STATUS st = espeak_ng_Synthesize(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
                                               espeakCHARS_UTF8, NULL, NULL);
    return st == ENS_OK ? KIOSK_OK : KIOSK_ERR_IO;
}

enum kiosk_err speech_say_parts(struct speech *sp, const struct speech_part *parts, int n)
{
    if (!sp || (n > 0 && !parts) || n < 0 || n > SPEECH_PARTS_MAX)
        return KIOSK_ERR_INVALID;
    speech_stop(sp);
    sp->text[0] = '\0';
    kstr_copy(sp->lang, sizeof(sp->lang), n > 0 && parts[0].lang ? parts[0].lang : "en");
    sp->samples = 0;
    sp->overflow = false;
    if (n > 0 && !speech_start(sp))
        return KIOSK_ERR_UNSUPPORTED;
    for (int i = 0; i < n; i++) {
        if (!parts[i].text || !parts[i].text[0])
            continue;
        if (sp->text[0])
            kstr_append(sp->text, sizeof(sp->text), " ");
        kstr_append(sp->text, sizeof(sp->text), parts[i].text);
        enum kiosk_err err = synthesize(parts[i].lang, parts[i].text);
        if (err != KIOSK_OK)
            return err;
    }
    if (!sp->text[0])
        return KIOSK_OK;
    if (sp->overflow)
        log_warn(MOD, "utterance cut at %d samples", sp->samples);
    play(sp);
    return KIOSK_OK;
}

enum kiosk_err speech_say(struct speech *sp, const char *lang, const char *text)
{
    if (!sp || !text)
        return KIOSK_ERR_INVALID;
    struct speech_part part = {lang, text};
    return speech_say_parts(sp, &part, 1);
}

enum kiosk_err speech_repeat(struct speech *sp)
{
    if (!sp)
        return KIOSK_ERR_INVALID;
    play(sp);
    return KIOSK_OK;
}

void speech_stop(struct speech *sp)
{
    if (sp && sp->audio_open)
        SDL_ClearQueuedAudio(sp->dev);
}

void speech_set_volume(struct speech *sp, int volume)
{
    sp->volume = volume < 0 ? 0 : volume > 100 ? 100 : volume;
}

int speech_volume(const struct speech *sp)
{
    return sp->volume;
}

const char *speech_last_text(const struct speech *sp)
{
    return sp ? sp->text : "";
}

int speech_last_samples(const struct speech *sp)
{
    return sp ? sp->samples : 0;
}

int speech_sample_rate(const struct speech *sp)
{
    return sp->rate;
}

static void le32(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

enum kiosk_err speech_write_wav(const struct speech *sp, const char *path)
{
    unsigned char h[44];
    unsigned data = (unsigned)sp->samples * 2;
    memcpy(h, "RIFF", 4);
    le32(h + 4, 36 + data);
    memcpy(h + 8, "WAVEfmt ", 8);
    le32(h + 16, 16);
    h[20] = 1; /* PCM */
    h[21] = 0;
    h[22] = 1; /* mono */
    h[23] = 0;
    le32(h + 24, (unsigned)sp->rate);
    le32(h + 28, (unsigned)sp->rate * 2);
    h[32] = 2; /* block align */
    h[33] = 0;
    h[34] = 16; /* bits */
    h[35] = 0;
    memcpy(h + 36, "data", 4);
    le32(h + 40, data);
    FILE *f = fopen(path, "wb");
    if (!f)
        return KIOSK_ERR_IO;
    bool ok = fwrite(h, 1, sizeof(h), f) == sizeof(h) &&
              (data == 0 || fwrite(sp->pcm, 1, data, f) == data);
    return fclose(f) == 0 && ok ? KIOSK_OK : KIOSK_ERR_IO;
}
