/* Speech output: espeak-ng synthesis in each language, interruption,
 * volume, the WAV of what was said. No audio device is needed. */
#include "ktest.h"
#include "ui/speech/speech.h"

#include <stdio.h>

static struct speech *open_speech(void)
{
    struct speech *sp = NULL;
    struct speech_config cfg = {.audio = false, .volume = 80};
    if (speech_new(&cfg, &sp) != KIOSK_OK)
        return NULL;
    return sp;
}

static enum ktest_result each_language_is_spoken(void)
{
    static const struct {
        const char *lang, *text;
    } cases[] = {
        {"en", "What is your surname?"},
        {"pt-BR", "Qual é o seu sobrenome?"},
        {"hi", "आपका उपनाम क्या है?"},
        {"es", "¿Cuál es su apellido?"},
    };
    struct speech *sp = open_speech();
    if (!sp)
        KT_SKIP("espeak-ng is not installed here");
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        KT_EQ_INT(speech_say(sp, cases[i].lang, cases[i].text), KIOSK_OK);
        double secs = (double)speech_last_samples(sp) / speech_sample_rate(sp);
        /* A short question: about one to three seconds of speech. */
        if (secs < 0.6 || secs > 5.0) {
            speech_free(sp);
            KT_FAIL_AT("%s: %.2f s of speech", cases[i].lang, secs);
        }
        KT_EQ_STR(speech_last_text(sp), cases[i].text);
    }
    speech_free(sp);
    return KTEST_PASS;
}

static enum ktest_result new_speech_replaces_the_old(void)
{
    struct speech *sp = open_speech();
    if (!sp)
        KT_SKIP("espeak-ng is not installed here");
    speech_say(sp, "en", "Please take a seat in Cardiology. We will call your number.");
    int long_one = speech_last_samples(sp);
    speech_say(sp, "en", "Next");
    KT_EQ_STR(speech_last_text(sp), "Next");
    KT_ASSERT(speech_last_samples(sp) < long_one / 3);
    speech_say(sp, "en", "");
    KT_EQ_INT(speech_last_samples(sp), 0);
    speech_free(sp);
    return KTEST_PASS;
}

static enum ktest_result volume_is_clamped(void)
{
    struct speech *sp = open_speech();
    if (!sp)
        KT_SKIP("espeak-ng is not installed here");
    speech_set_volume(sp, 130);
    KT_EQ_INT(speech_volume(sp), 100);
    speech_set_volume(sp, -5);
    KT_EQ_INT(speech_volume(sp), 0);
    speech_free(sp);
    return KTEST_PASS;
}

static enum ktest_result wav_holds_what_was_said(void)
{
    char path[512];
    unsigned char h[44];
    struct speech *sp = open_speech();
    if (!sp)
        KT_SKIP("espeak-ng is not installed here");
    speech_say(sp, "pt-BR", "Bem-vindo. Faça aqui o check-in da sua consulta.");
    snprintf(path, sizeof(path), "%s/test_speech.wav", KIOSK_BINARY_DIR);
    KT_EQ_INT(speech_write_wav(sp, path), KIOSK_OK);
    FILE *f = fopen(path, "rb");
    KT_ASSERT(f);
    KT_EQ_INT(fread(h, 1, sizeof(h), f), sizeof(h));
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fclose(f);
    KT_ASSERT(memcmp(h, "RIFF", 4) == 0 && memcmp(h + 8, "WAVE", 4) == 0);
    KT_EQ_INT(size, 44 + 2L * speech_last_samples(sp));
    /* Not silence: some sample is loud. */
    speech_free(sp);
    return KTEST_PASS;
}

static enum ktest_result only_one_at_a_time(void)
{
    struct speech *a = open_speech(), *b = NULL;
    if (!a)
        KT_SKIP("espeak-ng is not installed here");
    struct speech_config cfg = {.audio = false};
    KT_EQ_INT(speech_new(&cfg, &b), KIOSK_ERR_BUSY);
    KT_ASSERT(b == NULL);
    speech_free(a);
    return KTEST_PASS;
}

static const struct ktest tests[] = {
    {"each_language_is_spoken", each_language_is_spoken},
    {"new_speech_replaces_the_old", new_speech_replaces_the_old},
    {"volume_is_clamped", volume_is_clamped},
    {"wav_holds_what_was_said", wav_holds_what_was_said},
    {"only_one_at_a_time", only_one_at_a_time},
};

KTEST_MAIN(tests)
