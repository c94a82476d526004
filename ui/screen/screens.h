/* One file a screen; each builds its widgets from the view in c->v. */
#ifndef KIOSK_UI_SCREENS_H
#define KIOSK_UI_SCREENS_H

#include "ui/widget/widget.h"

void screen_welcome(struct ui_ctx *c);
void screen_surname(struct ui_ctx *c);
void screen_dob(struct ui_ctx *c);
void screen_appointments(struct ui_ctx *c);
void screen_done(struct ui_ctx *c);
void screen_not_found(struct ui_ctx *c);
void screen_see_desk(struct ui_ctx *c);
void screen_no_appointment(struct ui_ctx *c);
void screen_unavailable(struct ui_ctx *c);
void screen_searching(struct ui_ctx *c);
void screen_help(struct ui_ctx *c);
void screen_help_sent(struct ui_ctx *c);
void screen_service_login(struct ui_ctx *c);
void screen_service_home(struct ui_ctx *c);
void screen_service_reader(struct ui_ctx *c);
void screen_guides(struct ui_ctx *c);
void screen_guide(struct ui_ctx *c);
void screen_glossary(struct ui_ctx *c);
void screen_bills(struct ui_ctx *c);
void screen_bill(struct ui_ctx *c);
void screen_pay_amount(struct ui_ctx *c);
void screen_pay_confirm(struct ui_ctx *c);
void screen_pay_card(struct ui_ctx *c);
void screen_pay_declined(struct ui_ctx *c);
void screen_pay_other(struct ui_ctx *c);
void screen_pay_receipt(struct ui_ctx *c);
void screen_pay_done(struct ui_ctx *c);
void screen_billing_topic(struct ui_ctx *c);
void screen_billing_phone(struct ui_ctx *c);
void screen_billing_sent(struct ui_ctx *c);
void screen_forms_list(struct ui_ctx *c);
void screen_form_lang(struct ui_ctx *c);
void screen_form_page(struct ui_ctx *c);
void screen_form_review(struct ui_ctx *c);
void screen_form_sent(struct ui_ctx *c);
void screen_form_sign(struct ui_ctx *c);

/* "label ...... value" across the body on the cursor (bills.c); returns
 * the height used. */
int pay_row(struct ui_ctx *c, const char *label, const char *value, int px, bool bold);
/* The statement open on the pay screens, NULL when none (bills.c). */
const struct ui_bill *ui_open_bill(const struct ui_ctx *c);

struct screen_entry {
    const char *id;
    void (*build)(struct ui_ctx *c);
};

/* The table of screens, terminated by {NULL, NULL}. */
extern const struct screen_entry screen_table[];

#endif
