/* The fake devices the USB tests plug in: models from DOMAIN.md, with
 * descriptors as the real ones have them (class, endpoints, kernel driver). */
#ifndef KIOSK_FAKEUSB_DEVICES_H
#define KIOSK_FAKEUSB_DEVICES_H

#include "tests/usb/fakeusb.h"

/* Epson TM-T20: printer class 7/1/2 (bidirectional), bulk 0x01 OUT, 0x82 IN,
 * held by usblp until the kiosk claims it. */
static const struct fake_spec fake_epson_tm_t20 = {
    .kind = FAKE_PRINTER,
    .vid = 0x04b8,
    .pid = 0x0e03,
    .iface_class = 7,
    .iface_subclass = 1,
    .iface_protocol = 2,
    .ep_in = 0x82,
    .ep_out = 0x01,
    .packet = 64,
    .manufacturer = "EPSON",
    .product = "TM-T20",
    .kernel_driver = "usblp",
    .device_id = "MFG:EPSON;CMD:ESC/POS;MDL:TM-T20;CLS:PRINTER;DES:TM-T20;",
};

/* An unbranded 58 mm printer with a vendor id no table knows and its
 * endpoints elsewhere: found by interface class only. */
static const struct fake_spec fake_clone_58mm = {
    .kind = FAKE_PRINTER,
    .vid = 0x6868,
    .pid = 0x0200,
    .iface_class = 7,
    .iface_subclass = 1,
    .iface_protocol = 2,
    .ep_in = 0x84,
    .ep_out = 0x03,
    .packet = 64,
    .manufacturer = "POS58",
    .product = "USB Printer P-58",
    .kernel_driver = NULL,
    .device_id = "MFG:POS58;CMD:ESC/POS;MDL:P-58;CLS:PRINTER;",
};

/* MagTek USB swipe reader (HID, vendor page): interrupt IN 0x81, usbhid. */
static const struct fake_spec fake_magtek = {
    .kind = FAKE_HID,
    .vid = 0x0801,
    .pid = 0x0002,
    .iface_class = 3,
    .ep_in = 0x81,
    .interrupt = true,
    .packet = 8,
    .manufacturer = "Mag-Tek",
    .product = "USB Swipe Reader",
    .kernel_driver = "usbhid",
};

/* ID TECH MiniMag (HID): interrupt IN 0x81, usbhid. */
static const struct fake_spec fake_idtech = {
    .kind = FAKE_HID,
    .vid = 0x0acd,
    .pid = 0x0500,
    .iface_class = 3,
    .ep_in = 0x81,
    .interrupt = true,
    .packet = 64,
    .manufacturer = "ID TECH",
    .product = "MiniMag",
    .kernel_driver = "usbhid",
};

/* Honeywell scanner in HID POS mode: interrupt IN 0x83, OUT 0x04. */
static const struct fake_spec fake_hidpos_scanner = {
    .kind = FAKE_HID,
    .vid = 0x0c2e,
    .pid = 0x0907,
    .iface_class = 3,
    .ep_in = 0x83,
    .ep_out = 0x04,
    .interrupt = true,
    .packet = 64,
    .manufacturer = "Honeywell",
    .product = "Imaging scanner (HID POS)",
    .kernel_driver = "usbhid",
};

/* A scanner in keyboard mode: HID boot keyboard 3/1/1, interrupt IN 0x81. */
static const struct fake_spec fake_wedge_scanner = {
    .kind = FAKE_HID,
    .vid = 0x05e0,
    .pid = 0x1200,
    .iface_class = 3,
    .iface_subclass = 1,
    .iface_protocol = 1,
    .ep_in = 0x81,
    .interrupt = true,
    .packet = 8,
    .manufacturer = "Symbol",
    .product = "Bar code scanner (keyboard)",
    .kernel_driver = "usbhid",
};

#endif
