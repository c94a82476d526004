/* Speech output: text in the patient's language spoken through the kiosk's
 * audio (espeak-ng synthesis, SDL audio playback; the only users of their
 * headers with ui/render and ui/input).
 *
 * Saying something new interrupts what was being said. The last utterance
 * can be repeated; volume is 0..100. Without an audio device (headless runs,
 * tests) speech still synthesizes, so what would be heard can be checked:
 * the last text, its length in samples, or a WAV file of it. */
#ifndef KIOSK_UI_SPEECH_H
#define KIOSK_UI_SPEECH_H

#include "firmware/core/err.h"

#include <stdbool.h>

struct speech;

struct speech_config {
    bool audio;   /* open an SDL audio device (false: synthesize only) */
    int volume;   /* 0..100 */
    int rate_wpm; /* words per minute; 0 = a calm default (150) */
};

/* KIOSK_ERR_UNSUPPORTED when espeak-ng or its voice data is missing (the
 * kiosk then runs without speech and says so in the technician view).
 * The voice data and the audio device are opened at the first speech_say;
 * an audio device that does not open is logged then, and synthesis still
 * works. Free with speech_free. */
enum kiosk_err speech_new(const struct speech_config *cfg, struct speech **out);
void speech_free(struct speech *sp); /* NULL is fine */

/* Speak text in lang ("en", "pt-BR", "hi", "es"), interrupting anything
 * still being said. Empty text just stops. */
enum kiosk_err speech_say(struct speech *sp, const char *lang, const char *text);
/* One utterance in several voices: each part is synthesized in its own
 * language's voice, one after the other (a language's name in its own
 * voice among words of the patient's language). n is at most
 * SPEECH_PARTS_MAX; parts with empty text are skipped. */
#define SPEECH_PARTS_MAX 8
struct speech_part {
    const char *lang;
    const char *text;
};
enum kiosk_err speech_say_parts(struct speech *sp, const struct speech_part *parts, int n);
/* Say the last utterance again. */
enum kiosk_err speech_repeat(struct speech *sp);
/* Stop at once. */
void speech_stop(struct speech *sp);
void speech_set_volume(struct speech *sp, int volume); /* clamped to 0..100 */
int speech_volume(const struct speech *sp);

/* What was said last (for tests and the technician view): the text ("" if
 * nothing yet; valid until the next say), and the samples synthesized at
 * speech_sample_rate(). */
const char *speech_last_text(const struct speech *sp);
int speech_last_samples(const struct speech *sp);
int speech_sample_rate(const struct speech *sp);
/* Write the last utterance as a 16-bit mono WAV file. */
enum kiosk_err speech_write_wav(const struct speech *sp, const char *path);

#endif
