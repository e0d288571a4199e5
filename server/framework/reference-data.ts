/** scales.json and grades.json: small reference data written here, not imported. */
import type { GradesFile, ScalesFile } from './schemas.js';

export const SCALES: ScalesFile = {
  version: 1,
  scales: [
    {
      id: 'civil-service-1-7',
      name: 'Civil Service 1 to 7 scale',
      source:
        "Labels are the Civil Service 1-7 scale as given in this service's product brief (rules of the domain); the descriptors are the service's own short wording of the brief's notes, not official text, and were not checked against an official Civil Service publication.",
      points: [
        ['not-demonstrated', 'Not demonstrated', 'No positive evidence.'],
        ['minimal', 'Minimal', 'Limited positive evidence.'],
        ['moderate', 'Moderate', 'Moderate positive evidence.'],
        ['acceptable', 'Acceptable', 'Adequate positive evidence.'],
        ['good', 'Good', 'Substantial positive evidence.'],
        ['strong', 'Strong', 'Substantial positive evidence, some of it beyond expectations.'],
        ['outstanding', 'Outstanding', 'Wholly exceeds expectation at this level.'],
      ].map(([slug = '', label = '', descriptor = ''], i) => ({
        value: i + 1,
        slug,
        label,
        descriptor,
        descriptorSource: 'service' as const,
      })),
    },
    {
      id: 'ddat-skill-levels',
      name: 'Capability Framework skill levels',
      source:
        'The four ascending skill levels of the Government Digital and Data Profession Capability Framework (names only). Official one-line definitions exist in the GOV.UK guidance below; they are not copied here until checked against the live page.',
      sourceUrl: 'https://www.gov.uk/guidance/skill-levels-for-digital-data-and-technology-roles',
      points: ['Awareness', 'Working', 'Practitioner', 'Expert'].map((label, i) => ({
        value: i + 1,
        slug: label.toLowerCase(),
        label,
        descriptor: null,
        descriptorSource: null,
      })),
    },
  ],
};

export const GRADES: GradesFile = {
  version: 1,
  source:
    'Grade to behaviour level mapping of Success Profiles (Level 1 AA and AO, Level 2 EO, Level 3 HEO and SEO, Level 4 Grade 7 and 6, Level 5 Deputy Director, Level 6 Director and Director General) as stated in the product brief; SCS pay band names are conventional, not from the behaviours PDF.',
  grades: [
    { code: 'AA', label: 'Administrative Assistant (AA)', behaviourLevel: 1 },
    { code: 'AO', label: 'Administrative Officer (AO)', behaviourLevel: 1 },
    { code: 'EO', label: 'Executive Officer (EO)', behaviourLevel: 2 },
    { code: 'HEO', label: 'Higher Executive Officer (HEO)', behaviourLevel: 3 },
    { code: 'SEO', label: 'Senior Executive Officer (SEO)', behaviourLevel: 3 },
    { code: 'G7', label: 'Grade 7', behaviourLevel: 4 },
    { code: 'G6', label: 'Grade 6', behaviourLevel: 4 },
    { code: 'SCS1', label: 'Deputy Director (SCS pay band 1)', behaviourLevel: 5 },
    { code: 'SCS2', label: 'Director (SCS pay band 2)', behaviourLevel: 6 },
  ],
};
