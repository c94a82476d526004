/* One file a screen; each builds its widgets from the view in c->v. */
#ifndef KIOSK_UI_SCREENS_H
#define KIOSK_UI_SCREENS_H

#include "ui/widget/widget.h"

void screen_welcome(struct ui_ctx *c);
void screen_surname(struct ui_ctx *c);
void screen_dob(struct ui_ctx *c);
void screen_appointments(struct ui_ctx *c);
void screen_done(struct ui_ctx *c);
void screen_copay(struct ui_ctx *c);
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
void screen_pay_qr(struct ui_ctx *c);
void screen_billing_topic(struct ui_ctx *c);
void screen_billing_phone(struct ui_ctx *c);
void screen_billing_sent(struct ui_ctx *c);
void screen_details_confirm(struct ui_ctx *c);
void screen_details_change(struct ui_ctx *c);
void screen_details_phone(struct ui_ctx *c);
void screen_details_email(struct ui_ctx *c);
void screen_details_address(struct ui_ctx *c);
void screen_details_contact(struct ui_ctx *c);
void screen_details_sent(struct ui_ctx *c);
void screen_insurance(struct ui_ctx *c);
void screen_insurance_payer(struct ui_ctx *c);
void screen_insurance_member(struct ui_ctx *c);
void screen_insurance_relation(struct ui_ctx *c);
void screen_insurance_sent(struct ui_ctx *c);
void screen_receipt_send(struct ui_ctx *c);
void screen_receipt_phone(struct ui_ctx *c);
void screen_receipt_email(struct ui_ctx *c);
/* "Your receipt is on its way to ..." on the done screen (receipt.c). */
void receipt_sent_line(struct ui_ctx *c);
void screen_forms_list(struct ui_ctx *c);
void screen_form_lang(struct ui_ctx *c);
void screen_form_page(struct ui_ctx *c);
void screen_form_review(struct ui_ctx *c);
void screen_form_sent(struct ui_ctx *c);
void screen_form_sign(struct ui_ctx *c);

/* "label ...... value" across the body on the cursor (bills.c); returns
 * the height used. */
int pay_row(struct ui_ctx *c, const char *label, const char *value, int px, bool bold);
/* The statement's number as shown: the paper statement's number, else the
 * server's id shortened to its first 8 characters and "…" (a 36-character
 * UUID fits no row). */
const char *ui_bill_number(const struct ui_bill *b, char *out, size_t size);
/* The statement open on the pay screens, NULL when none (bills.c). */
const struct ui_bill *ui_open_bill(const struct ui_ctx *c);

struct screen_entry {
    const char *id;
    void (*build)(struct ui_ctx *c);
};

/* The table of screens, terminated by {NULL, NULL}. */
extern const struct screen_entry screen_table[];

#endif
