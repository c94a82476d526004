// Writes a secured nexo message made by @adyen/api-library's NexoCrypto
// (tests/fixtures/terminal/npm-message.json), for the kiosk's crypto unit
// test: an independent implementation's output, committed, so the unit
// test needs no Node. Usage: node make-nexo-fixture.mjs OUT
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { NexoCrypto } = require('@adyen/api-library');

const key = { Passphrase: 'carekiosk-test-passphrase', KeyIdentifier: 'CAREKIOSK_TEST', KeyVersion: 1, AdyenCryptoVersion: 1 };
const header = {
  ProtocolVersion: '3.0', MessageClass: 'Service', MessageCategory: 'Payment', MessageType: 'Response',
  ServiceID: '0123456789', SaleID: 'KIOSK-1', POIID: 'V400m-123456789',
};
const inner = {
  SaleToPOIResponse: {
    MessageHeader: header,
    PaymentResponse: {
      Response: { Result: 'Success' },
      PaymentResult: {
        PaymentInstrumentData: { CardData: { PaymentBrand: 'Visa', MaskedPan: '411111******1111' } },
        PaymentAcquirerData: { ApprovalCode: '123456' },
      },
    },
  },
};
writeFileSync(process.argv[2], `${JSON.stringify({ SaleToPOIResponse: NexoCrypto.encrypt(header, JSON.stringify(inner), key) })}\n`);
