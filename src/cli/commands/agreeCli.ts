/** `seed-annotator agree DIR --a REF --b REF` (or `--a-dir A --b-dir B`): how far two annotators agree. */

import * as path from 'node:path';
import { parse } from 'yaml';
import { agreementInput, compareAnnotations, formatDisagreement, OVERLAP_RULE, type AgreementFigures, type CorpusSnapshot } from '../../core/agreement/agreement';
import { DEFAULT_REGISTRY_FILE, Registry } from '../../core/files/registry';
import { folderSnapshot, gitSnapshot } from '../../node/corpusSnapshot';
import { CLI_NAME, InputError, UsageError, type CliCommand } from '../cliCommand';

/** Which α, as the report states it. */
export const ALPHA_VARIANT = "Krippendorff's alpha for nominal data (speaker labels of the quote units; a quote only one annotator found has one value and drops out)";

export const agreeCli: CliCommand = {
  name: 'agree',
  synopsis: 'DIR --a REF --b REF | --a-dir A --b-dir B [--json]',
  help: [
    'Agreement of annotator B with annotator A (the',
    'reference) on the documents both annotated: quote',
    'spans (P/R/F1), speakers on matched quotes',
    "(observed, Cohen's kappa, nominal Krippendorff's",
    'alpha), mentions and their actors; then every',
    'disagreement as "path:line: A … / B …". REF is a',
    'git branch, tag or commit of the repository DIR is',
    'in; --a-dir/--b-dir are folders (relative to DIR).',
  ],
  options: {
    a: { type: 'string', value: 'REF', help: 'the git ref of annotator A (the reference).' },
    b: { type: 'string', value: 'REF', help: 'the git ref of annotator B.' },
    'a-dir': { type: 'string', value: 'A', help: "a folder holding annotator A's corpus." },
    'b-dir': { type: 'string', value: 'B', help: "a folder holding annotator B's corpus." },
    json: { type: 'boolean', help: 'print the same figures as JSON.' },
  },
  async run({ dir, values, io }) {
    const refs = typeof values.a === 'string' && typeof values.b === 'string';
    const dirs = typeof values['a-dir'] === 'string' && typeof values['b-dir'] === 'string';
    if (refs === dirs) throw new UsageError('agree needs either --a REF --b REF, or --a-dir A --b-dir B');
    const read = async (side: 'a' | 'b'): Promise<{ label: string; snapshot: CorpusSnapshot }> => {
      try {
        if (refs) {
          const ref = values[side] as string;
          return { label: ref, snapshot: await gitSnapshot(path.resolve(dir), ref) };
        }
        const folder = path.resolve(dir, values[`${side}-dir`] as string);
        return { label: folder, snapshot: await folderSnapshot(folder) };
      } catch (error) {
        throw new InputError(`cannot read annotator ${side.toUpperCase()}'s corpus: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    const [a, b] = [await read('a'), await read('b')];
    const input = agreementInput(a.snapshot, b.snapshot, registryNames);
    const report = compareAnnotations(input.documents, input.names);
    if (values.json === true) {
      io.stdout(`${JSON.stringify({ a: a.label, b: b.label, overlapRule: OVERLAP_RULE, alpha: ALPHA_VARIANT, ...report, onlyA: input.onlyA, onlyB: input.onlyB, notes: input.notes }, null, 2)}\n`);
      return 0;
    }
    for (const note of input.notes) io.stderr(`${CLI_NAME}: warning: ${note}\n`);
    const lines = [
      `A: ${a.label} (reference)`,
      `B: ${b.label}`,
      `${input.documents.length} documents annotated by both; ${input.onlyA.length} only by A, ${input.onlyB.length} only by B (left out).`,
      `Quote spans: ${OVERLAP_RULE}.`,
      `Speakers: on matched quotes; alpha is ${ALPHA_VARIANT}.`,
      '',
      ...table([...report.documents, { path: 'overall', ...report.overall }]),
      '',
      `${report.disagreements.length} disagreements${report.disagreements.length ? ':' : '.'}`,
      ...report.disagreements.map(formatDisagreement),
    ];
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  },
};

/**
 * An id → name lookup from a version's registry: `actors.yaml`, and the
 * one-file-per-actor layout (`actors/<id>.yaml` with a `name:`). A file that
 * does not parse names nothing; the ids are shown instead.
 */
function registryNames(snapshot: CorpusSnapshot): (id: string) => string | null {
  const loaded = Registry.parse(snapshot.get(DEFAULT_REGISTRY_FILE) ?? '');
  return (id) => {
    const legacy = loaded.ok ? loaded.registry.get(id)?.name : undefined;
    if (legacy) return legacy;
    const own = snapshot.get(`actors/${id}.yaml`);
    if (own === undefined) return null;
    try {
      const value: unknown = parse(own);
      const name = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).name : undefined;
      return typeof name === 'string' ? name : null;
    } catch {
      return null;
    }
  };
}

function table(rows: ReadonlyArray<{ path: string } & AgreementFigures>): string[] {
  const header = ['document', 'quotes A', 'B', 'matched', 'P', 'R', 'F1', 'speakers', 'observed', 'kappa', 'alpha', 'mentions A', 'B', 'F1', 'actors', 'kappa'];
  const body = rows.map((r) => [
    r.path,
    String(r.quotes.a), String(r.quotes.b), String(r.quotes.matched), figure(r.quotes.precision), figure(r.quotes.recall), figure(r.quotes.f1),
    String(r.speakers.n), figure(r.speakers.observed), figure(r.speakers.kappa), figure(r.speakers.alpha.alpha),
    String(r.mentions.a), String(r.mentions.b), figure(r.mentions.f1),
    figure(r.actors.observed), figure(r.actors.kappa),
  ]);
  const widths = header.map((h, i) => Math.max([...h].length, ...body.map((row) => [...row[i]!].length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), ...body.map(line)];
}

/** Two decimals, or "–" when undefined. */
function figure(value: number | null): string {
  return value === null ? '–' : value.toFixed(2);
}
