/**
 * Reading PDFs back in tests with Debian's poppler-utils (pdftotext, pdfinfo) and qpdf, as a person's
 * tools would: text in reading order, document information, the structure tree, and a syntax check.
 */
import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const TIMEOUT_MS = 20_000;

type Run = { code: number; stdout: string; stderr: string };

function run(command: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`${command} failed: ${error.message}`));
          return;
        }
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

async function runOk(command: string, args: string[]): Promise<string> {
  const result = await run(command, args);
  if (result.code !== 0)
    throw new Error(`${command} exited ${result.code}: ${result.stderr || result.stdout}`);
  return result.stdout;
}

const tempDirs: string[] = [];

/** Writes a PDF through `write` into a new temporary file and returns its path. */
export async function writePdf(
  write: (out: NodeJS.WritableStream) => Promise<void>,
  name = 'report.pdf',
): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pdf-test-'));
  tempDirs.push(dir);
  const file = path.join(dir, name);
  await write(createWriteStream(file));
  return file;
}

/** Removes the temporary files made by writePdf (call from an after hook). */
export async function removePdfs(): Promise<void> {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

/** The whole text, laid out as on the page (`pdftotext -layout -enc UTF-8`). */
export function pdfToText(file: string): Promise<string> {
  return runOk('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']);
}

/** The text of each page, in order (pdftotext ends every page with a form feed). */
export async function pdfPages(file: string): Promise<string[]> {
  const text = await pdfToText(file);
  const pages = text.split('\f');
  if (pages[pages.length - 1] === '') pages.pop();
  return pages;
}

export type PdfInfo = {
  title: string | undefined;
  tagged: boolean;
  pages: number;
  /** Width and height in points, e.g. 595.28 × 841.89 for A4. */
  pageSize: { width: number; height: number; name: string | undefined };
  pdfVersion: string | undefined;
  fields: Record<string, string>;
};

export async function pdfInfo(file: string): Promise<PdfInfo> {
  const stdout = await runOk('pdfinfo', ['-enc', 'UTF-8', file]);
  const fields: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const match = /^([^:]+):\s*(.*)$/.exec(line);
    if (match) fields[match[1]!.trim()] = match[2]!.trim();
  }
  const size = /^([\d.]+) x ([\d.]+) pts(?: \(([^)]+)\))?/.exec(fields['Page size'] ?? '');
  return {
    title: fields['Title'],
    tagged: fields['Tagged'] === 'yes',
    pages: Number(fields['Pages']),
    pageSize: { width: Number(size?.[1]), height: Number(size?.[2]), name: size?.[3] },
    pdfVersion: fields['PDF version'],
    fields,
  };
}

/** The logical structure with its text (`pdfinfo -struct-text`), one element per line, indented. */
export function pdfStructureText(file: string): Promise<string> {
  return runOk('pdfinfo', ['-enc', 'UTF-8', '-struct-text', file]);
}

export type StructNode = {
  type: string;
  /** Attribute lines, e.g. "/Scope /Column". */
  attributes: string[];
  /** This element's own text (its marked content, across pages), not its children's. */
  text: string;
  children: StructNode[];
};

/** The structure tree, parsed from `pdfinfo -struct-text`; the root is the StructTreeRoot. */
export async function pdfStructure(file: string): Promise<StructNode> {
  const root: StructNode = { type: 'StructTreeRoot', attributes: [], text: '', children: [] };
  const stack: Array<{ indent: number; node: StructNode }> = [{ indent: -1, node: root }];
  for (const line of (await pdfStructureText(file)).split('\n')) {
    const trimmed = line.trim();
    if (!trimmed) continue;
    const indent = line.length - line.trimStart().length;
    while (stack.length > 1 && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const parent = stack[stack.length - 1]!.node;
    if (trimmed.startsWith('"')) parent.text += trimmed.slice(1, trimmed.endsWith('"') ? -1 : undefined);
    else if (trimmed.startsWith('/')) parent.attributes.push(trimmed);
    else {
      const node: StructNode = { type: trimmed.split(/[\s:(]/)[0]!, attributes: [], text: '', children: [] };
      parent.children.push(node);
      stack.push({ indent, node });
    }
  }
  return root;
}

/** Every element of the given type, in document order. */
export function structElements(node: StructNode, type: string): StructNode[] {
  return [...(node.type === type ? [node] : []), ...node.children.flatMap((c) => structElements(c, type))];
}

/** An element's text including its descendants', in order. */
export function structText(node: StructNode): string {
  return node.text + node.children.map(structText).join('');
}

/** Text without any whitespace, to compare what was written with what wrapped across lines and pages. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

/** `qpdf --check`: exit code 0 means the file is well formed with no warnings. */
export async function qpdfCheck(file: string): Promise<{ ok: boolean; output: string }> {
  const result = await run('qpdf', ['--check', file]);
  return { ok: result.code === 0, output: result.stdout + result.stderr };
}

/** The document catalog as qpdf prints it, e.g. `<< /Lang (en-GB) /MarkInfo 5 0 R … >>`, and its viewer preferences. */
export async function pdfCatalog(file: string): Promise<{ catalog: string; viewerPreferences: string }> {
  const trailer = await runOk('qpdf', ['--show-object=trailer', file]);
  const root = /\/Root (\d+) 0 R/.exec(trailer)?.[1];
  if (!root) throw new Error(`No /Root in ${trailer}`);
  const catalog = await runOk('qpdf', [`--show-object=${root}`, file]);
  const prefs = /\/ViewerPreferences (\d+) 0 R/.exec(catalog)?.[1];
  const viewerPreferences = prefs ? await runOk('qpdf', [`--show-object=${prefs}`, file]) : '';
  return { catalog, viewerPreferences };
}

/** The fonts used (`pdffonts`): name, whether embedded, whether a ToUnicode map is present. */
export async function pdfFonts(
  file: string,
): Promise<Array<{ name: string; embedded: boolean; unicode: boolean }>> {
  const stdout = await runOk('pdffonts', [file]);
  return stdout
    .split('\n')
    .slice(2)
    .filter((line) => line.trim())
    .map((line) => {
      const cols = line.trim().split(/\s+/);
      // name type [type…] encoding emb sub uni object ID
      const [emb, , uni] = cols.slice(-5, -2);
      return { name: cols[0]!, embedded: emb === 'yes', unicode: uni === 'yes' };
    });
}

export type PdfWord = { page: number; text: string; xMin: number; yMin: number; xMax: number; yMax: number };

/** Every word with its box in points from the top left (`pdftotext -bbox`), and each page's size. */
export async function pdfWords(
  file: string,
): Promise<{ pages: Array<{ width: number; height: number }>; words: PdfWord[] }> {
  const html = await runOk('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-']);
  const pages: Array<{ width: number; height: number }> = [];
  const words: PdfWord[] = [];
  const tag =
    /<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  for (const m of html.matchAll(tag)) {
    if (m[1]) pages.push({ width: Number(m[1]), height: Number(m[2]) });
    else
      words.push({
        page: pages.length,
        text: m[7]!,
        xMin: Number(m[3]),
        yMin: Number(m[4]),
        xMax: Number(m[5]),
        yMax: Number(m[6]),
      });
  }
  return { pages, words };
}
