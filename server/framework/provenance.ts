/** Where each edition's source files came from. Facts copied from framework-sources/SOURCES.md and NOTES.md. */
import type { SourceRef } from './schemas.js';

export const DDAT_TITLE = 'Government Digital and Data Profession Capability Framework';
export const DDAT_PUBLISHER =
  'Government Digital Service (DSIT); formerly the Central Digital and Data Office (CDDO), Cabinet Office';
export const DDAT_SOURCE_URL = 'https://understand-digital-data-roles-skills.service.gov.uk/';
/** The attribution of framework-sources/SOURCES.md, its three lines joined with single spaces. */
export const DDAT_ATTRIBUTION =
  'Contains public sector information licensed under the Open Government Licence v3.0. ' +
  'Source: Government Digital and Data Profession Capability Framework, ' +
  'https://understand-digital-data-roles-skills.service.gov.uk/ (formerly ddat-capability-framework.service.gov.uk). ' +
  '© Crown copyright.';

export interface DdatProvenance {
  edition: string;
  retrievedOn: string;
  sources: SourceRef[];
  notes: string[];
}

export interface InputHashes {
  roles: string;
  skills: string;
  grades: string | null;
}

const NAVATRACK = 'joelparkerhenderson/navatrack';
const NAVATRACK_COMMIT = 'f5b354fa2887c0ed73021350adbed6153da7ab0f';
const GRADES_SHA256 = '8b3a77f63114e397e908f58021ae6bcbc76eea91676a6ce31c2f66dc50f14a7a';

/** The 29 August 2025 release, as byte copies of the official CSV exports (see SOURCES.md). */
export const DDAT_2025_08: DdatProvenance & { hashes: InputHashes } = {
  edition: '29 August 2025 quarterly release (official CSV exports)',
  retrievedOn: '2026-10-06',
  hashes: {
    roles: 'e54b9ec4b3c4268758fefc367d1e062e13381e26ffca22159417621681b1adb2',
    skills: '258b289160c78872449103293c4c5ddf8e52222205090e86e79cdfe28816b421',
    grades: GRADES_SHA256,
  },
  sources: [
    {
      description:
        'roles.csv: the framework\'s "Role content - Capability Framework (CSV)" export, 29 August 2025 release; byte-identical copy',
      url: `${DDAT_SOURCE_URL}download`,
      repository: NAVATRACK,
      path: 'priv/repo/seeds/uk_gdad_pcf_role/seeds.csv',
      commit: NAVATRACK_COMMIT,
      sha256: 'e54b9ec4b3c4268758fefc367d1e062e13381e26ffca22159417621681b1adb2',
      note: 'Mirror commit dated 2025-10-15 (git blob 713759f81d208eaadcd12bd1c21f14dbbe947670). The mirror repository has no licence file; the content is Crown copyright under OGL v3.0.',
    },
    {
      description:
        'skills.csv: the framework\'s "Skill description content - Capability Framework (CSV)" export, same release; byte-identical copy',
      url: `${DDAT_SOURCE_URL}download`,
      repository: NAVATRACK,
      path: 'priv/repo/seeds/uk_gdad_pcf_skill/seeds.csv',
      commit: NAVATRACK_COMMIT,
      sha256: '258b289160c78872449103293c4c5ddf8e52222205090e86e79cdfe28816b421',
      note: 'Git blob 1f3c3c25531fb7429f9c213598b2bd2e4e2d695e.',
    },
    {
      description:
        'grades.tsv: ladder order (level_number) and most common Civil Service grades of every role level, read from the live service on 2026-10-06; used only for the role levels that exist in this release',
      url: DDAT_SOURCE_URL,
      repository: 'roles-skills/roles-skills',
      path: 'data/sources/pcf/grades.tsv',
      commit: 'c8dd6678c1a2b36c71ec454496c928f4f3ee1044',
      sha256: GRADES_SHA256,
      note: 'That repository states data/sources/pcf/ is OGL v3.0, Crown copyright. The official CSV exports carry no grades.',
    },
  ],
  notes: [
    'Seeds 000-003 (the role-level pages for Principal developer, Developer, Principal DevOps engineer and Junior DevOps engineer) match this release word for word.',
    'retrievedOn is the date the live service was last consulted for this edition (grades.tsv); the CSV exports are byte copies of a mirror committed on 2025-10-15. Re-download from the official /download page before release if possible.',
  ],
};

/** Provenance for an export that is not one of the releases recorded above. */
export function genericDdatProvenance(
  edition: string,
  retrievedOn: string,
  hashes: InputHashes,
): DdatProvenance {
  const sources: SourceRef[] = [
    {
      description: 'roles.csv: "Role content - Capability Framework (CSV)" export',
      url: `${DDAT_SOURCE_URL}download`,
      sha256: hashes.roles,
    },
    {
      description: 'skills.csv: "Skill description content - Capability Framework (CSV)" export',
      url: `${DDAT_SOURCE_URL}download`,
      sha256: hashes.skills,
    },
  ];
  if (hashes.grades !== null)
    sources.push({
      description: 'grades.tsv: ladder order and usual grades per role level',
      sha256: hashes.grades,
    });
  return { edition: `${edition} release (official CSV exports)`, retrievedOn, sources, notes: [] };
}
