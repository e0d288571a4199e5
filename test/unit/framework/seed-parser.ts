/** Reads the Capability Framework role-level pages in the seeds (000-003). */

export interface SeedSkill {
  name: string;
  bullets: string[];
}

export interface SeedRoleLevel {
  family: string;
  role: string;
  /** Non-empty lines of the role description, without the "- " the page puts before the summary. */
  roleLines: string[];
  level: string;
  levelLines: string[];
  skills: SeedSkill[];
}

const ROLE = /^(.+) role: (.+)$/;

export function parseSeed(text: string): SeedRoleLevel {
  const lines = text.split(/\r?\n/);
  const first = ROLE.exec(lines[0] ?? '');
  if (first === null) throw new Error(`Not a role-level page: ${lines[0] ?? ''}`);
  const levelAt = lines.findIndex((l) => l.startsWith('Role level: '));
  const firstSkillAt = lines.findIndex((l) => l.startsWith('Skill: '));
  if (levelAt < 0 || firstSkillAt < levelAt) throw new Error('Role level or skills not found');
  const content = (from: number, to: number) =>
    lines
      .slice(from, to)
      .filter((l) => l.trim() !== '')
      .map((l) => l.replace(/^- /, ''));
  const skills: SeedSkill[] = [];
  for (const line of lines.slice(firstSkillAt)) {
    if (line.startsWith('Skill: ')) skills.push({ name: line.slice('Skill: '.length), bullets: [] });
    else if (line.startsWith('- ')) skills[skills.length - 1]?.bullets.push(line.slice(2));
    else if (line.trim() !== '') throw new Error(`Unexpected line in skills: ${line}`);
  }
  return {
    family: first[1] ?? '',
    role: first[2] ?? '',
    roleLines: content(1, levelAt),
    level: lines[levelAt]?.slice('Role level: '.length) ?? '',
    levelLines: content(levelAt + 1, firstSkillAt),
    skills,
  };
}

/** The same normalisation for the data's multi-line descriptions. */
export function descriptionLines(text: string | null): string[] {
  return (text ?? '')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.replace(/^- /, ''));
}
