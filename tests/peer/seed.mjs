// Deterministic seed data for the test peer: patients (with phone, some with
// e-mail, a home address and an emergency contact), today's appointments at
// the main lobby, accounts, charge items, invoices and insurance (Coverage,
// for all but every seventh patient). Same arguments,
// same bytes. Usage:
//   node seed.mjs --out FILE.json --date YYYY-MM-DD [--patients N] [--tz-offset-minutes M] [--forms]
// --forms adds the four forms of tests/fixtures/forms (Questionnaires in en,
// pt-BR, hi, es) and the SDC Tasks that ask today's patients to fill them.
import { writeFileSync } from 'node:fs';
import { formResources } from './forms.mjs';

const args = { patients: 12, tz: 0, forms: false };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--out') args.out = process.argv[++i];
  else if (a === '--date') args.date = process.argv[++i];
  else if (a === '--patients') args.patients = Number(process.argv[++i]);
  else if (a === '--tz-offset-minutes') args.tz = Number(process.argv[++i]);
  else if (a === '--forms') args.forms = true;
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
// Home addresses in each patient's country's postal format: lines, city, state, postal code.
const addresses = {
  'pt-BR': [['Rua das Flores, 142'], 'São Paulo', 'SP', '01310-100', 'BR'],
  hi: [['Flat 12, MG Road 42'], 'Bengaluru', 'KA', '560001', 'IN'],
  es: [['Calle Mayor 7, 2º B'], 'Madrid', 'M', '28013', 'ES'],
  en: [['1200 Main Street', 'Apt 42'], 'Springfield', 'IL', '62701', 'US'],
};
const payers = [
  ['org-acme', 'Acme Health Insurance', 'Gold PPO'],
  ['org-bluestate', 'Blue State Health', 'Silver HMO'],
  ['org-unimed', 'Unimed Saúde', 'Plano Essencial'],
];
const relations = ['self', 'self', 'spouse', 'child'];
const clinics = ['Cardiology', 'Radiology', 'Blood tests', 'Physiotherapy', 'Dermatology'];
// What the patient reads, as the server translates it (FHIR's translation
// extension on the element's "_name" / "_description" / "_text" sibling).
const TRANSLATION = 'http://hl7.org/fhir/StructureDefinition/translation';
const translated = (forms) => ({
  extension: Object.entries(forms).map(([lang, content]) => ({
    url: TRANSLATION,
    extension: [{ url: 'lang', valueCode: lang }, { url: 'content', valueString: content }],
  })),
});
const clinicNames = {
  Cardiology: { 'pt-BR': 'Cardiologia', hi: 'हृदय रोग विभाग', es: 'Cardiología' },
  Radiology: { 'pt-BR': 'Radiologia', hi: 'रेडियोलॉजी', es: 'Radiología' },
  'Blood tests': { 'pt-BR': 'Exames de sangue', hi: 'रक्त जाँच', es: 'Análisis de sangre' },
  Physiotherapy: { 'pt-BR': 'Fisioterapia', hi: 'फ़िज़ियोथेरेपी', es: 'Fisioterapia' },
  Dermatology: { 'pt-BR': 'Dermatologia', hi: 'त्वचा रोग विभाग', es: 'Dermatología' },
};
const places = [
  ['Ground floor, east wing', { 'pt-BR': 'Térreo, ala leste', hi: 'भूतल, पूर्वी विंग', es: 'Planta baja, ala este' }],
  ['Floor 1, blue lifts', { 'pt-BR': '1º andar, elevadores azuis', hi: 'पहली मंज़िल, नीली लिफ़्ट', es: 'Planta 1, ascensores azules' }],
  ['Floor 2, green lifts', { 'pt-BR': '2º andar, elevadores verdes', hi: 'दूसरी मंज़िल, हरी लिफ़्ट', es: 'Planta 2, ascensores verdes' }],
  ['Ground floor, west wing', { 'pt-BR': 'Térreo, ala oeste', hi: 'भूतल, पश्चिमी विंग', es: 'Planta baja, ala oeste' }],
  ['Floor 3, yellow lifts', { 'pt-BR': '3º andar, elevadores amarelos', hi: 'तीसरी मंज़िल, पीली लिफ़्ट', es: 'Planta 3, ascensores amarillos' }],
];
const slug = (name) => name.toLowerCase().replace(/[^a-z]+/g, '-');
const doctorNames = [
  { 'pt-BR': 'Dra. Ana Ribeiro', hi: 'डॉ. अना रिबेरो', es: 'Dra. Ana Ribeiro' },
  { 'pt-BR': 'Dr. Sunil Rao', hi: 'डॉ. सुनील राव', es: 'Dr. Sunil Rao' },
  { 'pt-BR': 'Dra. Laura Gómez', hi: 'डॉ. लौरा गोमेज़', es: 'Dra. Laura Gómez' },
  { 'pt-BR': 'Dr. Peter Hall', hi: 'डॉ. पीटर हॉल', es: 'Dr. Peter Hall' },
];
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

const out = [{
  resourceType: 'Location', id: 'main-lobby', status: 'active', name: 'Main lobby',
  _name: translated({ 'pt-BR': 'Recepção principal', hi: 'मुख्य लॉबी', es: 'Vestíbulo principal' }),
}];
doctors.forEach((name, i) => out.push({
  resourceType: 'Practitioner', id: `dr${i + 1}`, name: [{ text: name, _text: translated(doctorNames[i]) }],
}));
clinics.forEach((name, i) => {
  out.push({
    resourceType: 'HealthcareService', id: `hs-${slug(name)}`, active: true, name,
    _name: translated(clinicNames[name]),
    location: [{ reference: `Location/loc-${slug(name)}` }],
  });
  out.push({
    resourceType: 'Location', id: `loc-${slug(name)}`, status: 'active', name,
    description: places[i][0], _description: translated(places[i][1]),
    partOf: { reference: 'Location/main-lobby' },
  });
});

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
  const [line, city, state, postalCode, country] = addresses[lang];
  p.address = [{ use: 'home', line: line.map((l) => l.replace(/\d+$/, (d) => String(Number(d) + i))), city, state, postalCode, country }];
  p.contact = [{
    relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0131', code: 'C' }], text: 'Emergency contact' }],
    name: { text: `Contact of patient ${i}` },
    telecom: [{ system: 'phone', value: `+1 555 02${pad(i, 2)}` }],
  }];
  out.push(p);

  // Insurance on file for all but every seventh patient.
  if (i % 7 !== 0) {
    const [org, payer, plan] = payers[i % payers.length];
    const rel = relations[i % relations.length];
    out.push({
      resourceType: 'Coverage', id: `cov-p${i}`, status: 'active',
      subscriberId: `MBR${pad(i * 7919, 8)}`,
      beneficiary: { reference: `Patient/p${i}` },
      relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship', code: rel }] },
      payor: [{ reference: `Organization/${org}`, display: payer }],
      class: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/coverage-class', code: 'plan' }] }, value: plan.toUpperCase().replace(/\W+/g, '-'), name: plan }],
    });
  }

  // Today's appointment, and for some a second one, one yesterday, one tomorrow.
  const slots = [[0, 8 + (i % 9), (i * 10) % 60]];
  if (i % 4 === 0) slots.push([0, 16, 30]);
  if (i % 5 === 0) slots.push([-1, 10, 0], [1, 11, 0]);
  slots.forEach(([dayOffset, hh, mm], k) => {
    const n = i * 10 + k;
    const status = i === 5 && k === 0 ? 'cancelled' : i === 8 && k === 0 ? 'arrived' : 'booked';
    const dr = (i + k) % doctors.length;
    const clinic = clinics[(i + k) % clinics.length];
    out.push({
      resourceType: 'Appointment',
      id: `a${n}`,
      identifier: [{ system: `${SID}/appointment`, value: `APPT-${day}-${pad(n, 4)}` }],
      status,
      serviceType: [{ text: clinic }],
      start: instant(dayOffset, hh, mm),
      end: instant(dayOffset, hh, mm + 20),
      minutesDuration: 20,
      patientInstruction: places[(i + k) % clinics.length][0], // as the clinic's Location says it
      participant: [
        { actor: { reference: `Patient/p${i}` }, status: 'accepted' },
        { actor: { reference: `Practitioner/dr${dr + 1}`, display: doctors[dr] }, status: 'accepted' },
        { actor: { reference: 'Location/main-lobby' }, status: 'accepted' },
        { actor: { reference: `HealthcareService/hs-${slug(clinic)}`, display: clinic }, status: 'accepted' },
        { actor: { reference: `Location/loc-${slug(clinic)}`, display: clinic }, status: 'accepted' },
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

// A copay due today, tied to Priya's appointment (a60): an Invoice for the
// copay alone, marked with the appointment it is for (R4 Invoice has no
// element for that; the kiosk reads .../copay-appointment).
if (args.patients >= 6) {
  out.push({
    resourceType: 'ChargeItem', id: 'ci-copay-p6', status: 'billable',
    code: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'COPAY', display: 'Copay' }], text: 'Copay for today\'s visit' },
    subject: { reference: 'Patient/p6' },
    account: [{ reference: 'Account/acc-p6' }],
    occurrenceDateTime: instant(0, 14, 0),
    quantity: { value: 1 },
    priceOverride: money(25),
  });
  out.push({
    resourceType: 'Invoice', id: 'inv-copay-p6', status: 'issued',
    subject: { reference: 'Patient/p6' },
    account: { reference: 'Account/acc-p6' },
    date: instant(-1, 9, 0),
    lineItem: [{ sequence: 1, chargeItemReference: { reference: 'ChargeItem/ci-copay-p6' }, priceComponent: [{ type: 'base', amount: money(25) }] }],
    totalPriceComponent: [{ type: 'base', amount: money(25) }],
    totalGross: money(25),
    totalNet: money(25),
    paymentTerms: 'Due at the visit',
    extension: [
      { url: 'https://demo-hospital.example/fhir/StructureDefinition/due-date', valueDate: args.date },
      { url: 'https://demo-hospital.example/fhir/StructureDefinition/copay-appointment', valueReference: { reference: 'Appointment/a60' } },
    ],
  });
}
if (args.forms) out.push(...formResources(args.patients, args.date));

writeFileSync(args.out, `${JSON.stringify(out, null, 1)}\n`);
console.log(`seed: ${out.length} resources for ${args.date} in ${args.out}`);
