// Deterministic seed data for the test peer: patients, today's appointments
// at the main lobby, accounts, charge items and invoices. Same arguments,
// same bytes. Usage:
//   node seed.mjs --out FILE.json --date YYYY-MM-DD [--patients N] [--tz-offset-minutes M]
import { writeFileSync } from 'node:fs';

const args = { patients: 12, tz: 0 };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--out') args.out = process.argv[++i];
  else if (a === '--date') args.date = process.argv[++i];
  else if (a === '--patients') args.patients = Number(process.argv[++i]);
  else if (a === '--tz-offset-minutes') args.tz = Number(process.argv[++i]);
  else throw new Error(`seed: unknown option ${a}`);
}
if (!args.out || !/^\d{4}-\d{2}-\d{2}$/.test(args.date || '')) {
  console.error('usage: node seed.mjs --out FILE.json --date YYYY-MM-DD [--patients N]');
  process.exit(2);
}

const SID = 'https://demo-hospital.example/sid';
const people = [
  ['Ana', 'Silva', null, '1984-03-12', 'pt-BR'],
  ['João', 'Conceição', null, '1966-02-14', 'pt-BR'],
  ['Rahul', 'शर्मा', 'Sharma', '1990-07-01', 'hi'],
  ['María José', 'Muñoz', null, '1978-11-30', 'es'],
  ['James', 'Okafor', null, '1955-05-05', 'en'],
  ['Priya', 'पटेल', 'Patel', '2001-01-20', 'hi'],
  ['Lucas', 'Silva', null, '1992-09-09', 'pt-BR'],
  ['Emily', 'Brown', null, '1988-04-04', 'en'],
  ['Emma', 'Brown', null, '1988-04-04', 'en'],
  ['Carlos', 'García', null, '1970-12-24', 'es'],
  ['Helena', 'Costa', null, '1949-06-15', 'pt-BR'],
  ['Arjun', 'सिंह', 'Singh', '1983-08-08', 'hi'],
];
const clinics = ['Cardiology', 'Radiology', 'Blood tests', 'Physiotherapy', 'Dermatology'];
const doctors = ['Dr. Ana Ribeiro', 'Dr. Sunil Rao', 'Dr. Laura Gómez', 'Dr. Peter Hall'];
const charges = [
  ['80061', 'Lipid panel', 'Blood test — checks your cholesterol', 25.1],
  ['71046', 'Chest X-ray, 2 views', 'Chest X-ray — a picture of your lungs and heart', 140],
  ['99213', 'Office visit, established patient', 'Visit with your doctor', 95.5],
  ['97110', 'Therapeutic exercise', 'Physiotherapy exercises', 60.25],
];

const pad = (n, w) => String(n).padStart(w, '0');
const day = args.date.replace(/-/g, '');
function instant(dayOffset, hh, mm) {
  const d = new Date(`${args.date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + dayOffset);
  d.setUTCMinutes(d.getUTCMinutes() + hh * 60 + mm - args.tz);
  return d.toISOString().replace('.000Z', 'Z');
}
const money = (v) => ({ value: Math.round(v * 100) / 100, currency: 'USD' });

const out = [{ resourceType: 'Location', id: 'main-lobby', status: 'active', name: 'Main lobby' }];
doctors.forEach((name, i) => out.push({
  resourceType: 'Practitioner', id: `dr${i + 1}`, name: [{ text: name }],
}));

for (let i = 1; i <= args.patients; i++) {
  const [given, family, latin, birthDate, lang] = people[(i - 1) % people.length];
  const p = {
    resourceType: 'Patient',
    id: `p${i}`,
    identifier: [
      { system: `${SID}/patient-card`, value: `6001000000000${pad(i, 3)}` },
      { system: `${SID}/mrn`, value: `MRN-${pad(i, 5)}` },
    ],
    name: [{ use: 'official', family, given: given.split(' ') }],
    birthDate,
    telecom: [{ system: 'phone', value: `+1 555 01${pad(i, 2)}` }],
    communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: lang }] }, preferred: true }],
  };
  if (latin) {
    p.name.push({
      extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation', valueCode: 'ABC' }],
      use: 'usual', family: latin, given: given.split(' '),
    });
  }
  if (i % 3 === 0) p.telecom.push({ system: 'email', value: `patient${i}@example.org` });
  out.push(p);

  // Today's appointment, and for some a second one, one yesterday, one tomorrow.
  const slots = [[0, 8 + (i % 9), (i * 10) % 60]];
  if (i % 4 === 0) slots.push([0, 16, 30]);
  if (i % 5 === 0) slots.push([-1, 10, 0], [1, 11, 0]);
  slots.forEach(([dayOffset, hh, mm], k) => {
    const n = i * 10 + k;
    const status = i === 5 && k === 0 ? 'cancelled' : i === 8 && k === 0 ? 'arrived' : 'booked';
    const dr = (i + k) % doctors.length;
    out.push({
      resourceType: 'Appointment',
      id: `a${n}`,
      identifier: [{ system: `${SID}/appointment`, value: `APPT-${day}-${pad(n, 4)}` }],
      status,
      serviceType: [{ text: clinics[(i + k) % clinics.length] }],
      start: instant(dayOffset, hh, mm),
      end: instant(dayOffset, hh, mm + 20),
      minutesDuration: 20,
      patientInstruction: `Floor ${1 + (i % 3)}, ${['blue', 'green', 'yellow'][i % 3]} lifts`,
      participant: [
        { actor: { reference: `Patient/p${i}` }, status: 'accepted' },
        { actor: { reference: `Practitioner/dr${dr + 1}`, display: doctors[dr] }, status: 'accepted' },
        { actor: { reference: 'Location/main-lobby' }, status: 'accepted' },
      ],
    });
  });

  // Bills: an account, two charge items and an invoice; some invoices paid.
  out.push({ resourceType: 'Account', id: `acc-p${i}`, status: 'active', name: 'Hospital account', subject: [{ reference: `Patient/p${i}` }] });
  const items = [charges[i % charges.length], charges[(i + 1) % charges.length]];
  let gross = 0;
  const lineItem = [];
  items.forEach(([code, display, text, price], k) => {
    const id = `ci-p${i}-${k + 1}`;
    gross += price;
    out.push({
      resourceType: 'ChargeItem', id, status: 'billable',
      code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code, display }], text },
      subject: { reference: `Patient/p${i}` },
      account: [{ reference: `Account/acc-p${i}` }],
      occurrenceDateTime: instant(-7, 10, 0),
      quantity: { value: 1 },
      priceOverride: money(price),
    });
    lineItem.push({ sequence: k + 1, chargeItemReference: { reference: `ChargeItem/${id}` }, priceComponent: [{ type: 'base', amount: money(price) }] });
  });
  const insurance = Math.round(gross * 60) / 100;
  const adjustment = i % 2 ? 5 : 0;
  const owes = Math.round((gross - insurance - adjustment) * 100) / 100;
  const pcSystem = `${SID}/price-component`;
  out.push({
    resourceType: 'Invoice', id: `inv-p${i}`,
    // The number on the paper statement; one invoice without (the kiosk shows its id, shortened).
    ...(i === 3 ? {} : { identifier: [{ system: `${SID}/statement`, value: `ST-2026-${String(1000 + i)}` }] }),
    status: i % 6 === 0 ? 'balanced' : i === 7 ? 'cancelled' : 'issued',
    subject: { reference: `Patient/p${i}` },
    account: { reference: `Account/acc-p${i}` },
    date: instant(-6, 9, 0),
    lineItem,
    totalPriceComponent: [
      { type: 'base', amount: money(gross) },
      { type: 'deduction', code: { coding: [{ system: pcSystem, code: 'insurance' }], text: 'Paid by insurance' }, amount: money(insurance) },
      { type: 'discount', code: { coding: [{ system: pcSystem, code: 'adjustment' }], text: 'Adjustment' }, amount: money(adjustment) },
    ],
    totalGross: money(gross),
    totalNet: money(owes),
    paymentTerms: 'Due within 30 days',
    extension: [
      { url: 'https://demo-hospital.example/fhir/StructureDefinition/due-date', valueDate: instant(24, 0, 0).slice(0, 10) },
      // Some statements are in dispute or paid under a payment plan: the kiosk takes no payment.
      ...(i === 3 || i === 5 ? [{ url: 'https://demo-hospital.example/fhir/StructureDefinition/billing-hold', valueCode: i === 3 ? 'dispute' : 'plan' }] : []),
    ],
  });
}

writeFileSync(args.out, `${JSON.stringify(out, null, 1)}\n`);
console.log(`seed: ${out.length} resources for ${args.date} in ${args.out}`);
