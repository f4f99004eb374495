/**
 * The corpus index: every seed document with its date, title and problem,
 * grouped year › month › day. It is the model behind the Documents tree and
 * the CLI's `index`. Updates are incremental: one document in, one out.
 */

import { looksLikeSeed, summarizeSeed, summarizeUtf8 } from '../format/format';

/** How many characters of a document the index reads: the header and a few paragraphs. */
export const HEAD_CHARS = 8192;

const headDecoder = new TextDecoder('utf-8');

/** One document as the index knows it. */
export interface DocumentEntry {
  /** Where it is (an absolute path or a URI string). */
  readonly location: string;
  /** `YYYY-MM-DD`, or null when the document has no usable date. */
  readonly date: string | null;
  /** Why there is no usable date, or null. */
  readonly problem: string | null;
  readonly title: string;
  /** The first line as written (without BOM and line end), cut to 200 characters. */
  readonly headerLine: string;
}

/**
 * Decodes the head of a file. When the head filled the buffer, the last,
 * possibly cut line is dropped so that half a paragraph is not taken for a
 * subheading (the first line is always kept).
 */
export function headText(bytes: Uint8Array, limit: number): string {
  const text = headDecoder.decode(bytes);
  if (bytes.length < limit) return text;
  const nl = text.lastIndexOf('\n');
  const firstNl = text.indexOf('\n');
  return nl > firstNl && firstNl >= 0 ? text.slice(0, nl + 1) : text;
}

/**
 * A copy of a string that shares no memory with the string it was cut from.
 * Titles and header lines are slices of a file's decoded head or first
 * paragraph, and V8 keeps the whole of that alive behind a slice: 100,000
 * entries would hold hundreds of megabytes of heads. (Slices shorter than 13
 * characters are always copies.)
 */
function ownString(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/**
 * Makes an index entry from the start of a document. Null when it is not a
 * seed document. Its strings hold nothing of `head` alive (see ownString).
 */
export function entryFromHead(location: string, head: string, options: { hasSidecar?: boolean } = {}): DocumentEntry | null {
  if (!looksLikeSeed(head) && !options.hasSidecar) return null;
  // The summary, not parseSeed: the index needs no quotations or spans, and this runs for every file.
  const summary = summarizeSeed(head);
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  const nl = text.indexOf('\n');
  const firstLine = (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '');
  return {
    location,
    date: summary.date,
    problem: summary.problem === null ? null : ownString(summary.problem),
    title: ownString(summary.title),
    headerLine: ownString(firstLine.length > 200 ? `${firstLine.slice(0, 199)}…` : firstLine),
  };
}

/**
 * The same as `entryFromHead(location, headText(bytes, limit), options)`
 * (its strings, too, hold nothing of the head alive), without decoding the whole head: the header is matched on the bytes and
 * only the lines that can name the document are decoded. Anything unusual
 * takes that text path.
 */
export function entryFromBytes(location: string, bytes: Uint8Array, limit: number, options: { hasSidecar?: boolean } = {}): DocumentEntry | null {
  // headText's decoder drops one byte-order mark; a head that filled the buffer loses its last, cut line.
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let end = bytes.length;
  if (bytes.length >= limit) {
    const firstNl = bytes.indexOf(0x0a);
    const nl = bytes.lastIndexOf(0x0a);
    if (nl > firstNl && firstNl >= 0) end = nl + 1;
  }
  if (!bytesLookLikeSeed(bytes, start, end)) {
    // A second byte-order mark is the one header looksLikeSeed accepts that the byte test does not.
    const secondBom = bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf;
    return secondBom || options.hasSidecar ? entryFromHead(location, headText(bytes, limit), options) : null;
  }
  const summary = summarizeUtf8(bytes, start, end);
  if (!summary) return entryFromHead(location, headText(bytes, limit), options);
  const firstLine = summary.firstLine;
  // Only what may be cut from something longer is copied: a title cut from the first paragraph, a long
  // header line, and a date problem (quoting the header line). The header line itself, and a subheading,
  // were decoded alone, from their own bytes.
  return {
    location,
    date: summary.date,
    problem: summary.problem === null ? null : ownString(summary.problem),
    title: summary.fresh ? summary.title : ownString(summary.title),
    headerLine: firstLine.length > 200 ? ownString(`${firstLine.slice(0, 199)}…`) : firstLine,
  };
}

/** {@link looksLikeSeed} on UTF-8 bytes without a byte-order mark: `[ \t]?date[ \t]`. */
function bytesLookLikeSeed(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  if (bytes[i] === 0x20 || bytes[i] === 0x09) i++;
  return i + 5 <= end && bytes[i] === 0x64 && bytes[i + 1] === 0x61 && bytes[i + 2] === 0x74 && bytes[i + 3] === 0x65 && (bytes[i + 4] === 0x20 || bytes[i + 4] === 0x09);
}

/** The longest stretch of index work a scan does between two yields to the event loop. */
export const SLICE_MS = 8;

/**
 * Runs `step(i)` for every `i` below `count` in batches of `index` updates of
 * about {@link SLICE_MS} each, awaiting `pause()` between them, so that
 * filling the index of a huge corpus never blocks its thread for long,
 * however fast or slow the machine. Time is read every 64 steps.
 */
export async function inSlices(index: CorpusIndex, count: number, step: (i: number) => void, pause: () => Promise<void>, now: () => number = Date.now): Promise<void> {
  for (let i = 0; i < count; ) {
    const deadline = now() + SLICE_MS;
    index.batch(() => {
      do step(i++);
      while (i < count && ((i & 63) !== 0 || now() < deadline));
    });
    if (i < count) await pause();
  }
}

/** Order of the date groups. */
export type SortOrder = 'oldestFirst' | 'newestFirst';

type Listener = (changed: ReadonlySet<string>) => void;

/**
 * Documents grouped by date. Reads are cheap and sorted per level on demand,
 * so a tree can ask for one level at a time.
 */
export class CorpusIndex {
  private readonly entries = new Map<string, DocumentEntry>();
  /** year → month → day → locations */
  private readonly byDate = new Map<number, Map<number, Map<number, Set<string>>>>();
  private readonly undated = new Set<string>();
  /** {@link undatedDocuments}, sorted, until an undated document comes or goes. */
  private undatedSorted: DocumentEntry[] | null = null;
  /**
   * Folder (a location up to its last `/`) → the documents directly in it and
   * the folders directly below it that hold documents, so that deleting a
   * folder visits only what it deletes, and a location that is neither a
   * document nor such a folder costs one lookup.
   */
  private readonly folders = new Map<string, FolderNode>();
  /** The folder {@link linkFolder} linked last, with its node (checked against `folders` before use). */
  private lastFolder: { readonly folder: string; readonly node: FolderNode } | null = null;
  private readonly listeners = new Set<Listener>();
  private pending = new Set<string>();
  private batchDepth = 0;

  /** Number of documents. */
  get size(): number {
    return this.entries.size;
  }

  /** The entry for a location. */
  get(location: string): DocumentEntry | undefined {
    return this.entries.get(location);
  }

  /** All entries, unsorted. */
  all(): IterableIterator<DocumentEntry> {
    return this.entries.values();
  }

  /** Adds or replaces an entry. */
  set(entry: DocumentEntry): void {
    const old = this.entries.get(entry.location);
    if (old && old.date === entry.date && old.title === entry.title && old.problem === entry.problem && old.headerLine === entry.headerLine) return;
    if (old) this.unlink(old);
    this.entries.set(entry.location, entry);
    this.link(entry);
    this.changed(entry.location);
  }

  /** Removes a location, and with a folder location everything below it. */
  delete(location: string): void {
    const exact = this.entries.get(location);
    if (exact) {
      // A document is a file, never a folder with documents below it: no scan needed.
      this.entries.delete(location);
      this.unlink(exact);
      this.changed(location);
      return;
    }
    const folder = this.folders.get(location.endsWith('/') ? location.slice(0, -1) : location);
    if (!folder) return;
    const below: string[] = [];
    const collect = (node: FolderNode): void => {
      for (const key of node.documents) below.push(key);
      for (const child of node.children) collect(this.folders.get(child)!);
    };
    collect(folder);
    this.batch(() => {
      for (const key of below) {
        const entry = this.entries.get(key)!;
        this.entries.delete(key);
        this.unlink(entry);
        this.changed(key);
      }
    });
  }

  /** Removes everything. */
  clear(): void {
    const keys = [...this.entries.keys()];
    this.entries.clear();
    this.byDate.clear();
    this.undated.clear();
    this.undatedSorted = null;
    this.folders.clear();
    this.batch(() => {
      for (const key of keys) this.changed(key);
    });
  }

  /** Runs `fn` and fires one change event for all its updates. */
  batch(fn: () => void): void {
    this.batchDepth++;
    try {
      fn();
    } finally {
      this.batchDepth--;
      if (this.batchDepth === 0) this.flush();
    }
  }

  /** Calls `listener` with the changed locations after each update or batch. */
  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Years that have documents. */
  years(order: SortOrder): number[] {
    return sortNumbers([...this.byDate.keys()], order);
  }

  /** Months of a year that have documents. */
  months(year: number, order: SortOrder): number[] {
    return sortNumbers([...(this.byDate.get(year)?.keys() ?? [])], order);
  }

  /** Days of a month that have documents. */
  days(year: number, month: number, order: SortOrder): number[] {
    return sortNumbers([...(this.byDate.get(year)?.get(month)?.keys() ?? [])], order);
  }

  /** Documents of one day, by title then location. */
  documentsOn(year: number, month: number, day: number): DocumentEntry[] {
    const set = this.byDate.get(year)?.get(month)?.get(day);
    return set ? sortEntries([...set].map((l) => this.entries.get(l)!)) : [];
  }

  /** How many documents a year, month or day group holds. */
  count(year: number, month?: number, day?: number): number {
    const y = this.byDate.get(year);
    if (!y) return 0;
    if (month === undefined) {
      let n = 0;
      for (const m of y.values()) for (const d of m.values()) n += d.size;
      return n;
    }
    const m = y.get(month);
    if (!m) return 0;
    if (day === undefined) {
      let n = 0;
      for (const d of m.values()) n += d.size;
      return n;
    }
    return m.get(day)?.size ?? 0;
  }

  /** Documents without a usable date, by location. */
  undatedDocuments(): DocumentEntry[] {
    // The tree asks for this with every refresh of its root: sort only after a change.
    this.undatedSorted ??= [...this.undated].map((l) => this.entries.get(l)!).sort((a, b) => compareText(a.location, b.location));
    return this.undatedSorted.slice();
  }

  /** Every entry sorted by date then location, undated last (the CLI's order). */
  sorted(): DocumentEntry[] {
    return [...this.entries.values()].sort((a, b) => {
      if (a.date && b.date) return a.date < b.date ? -1 : a.date > b.date ? 1 : compareText(a.location, b.location);
      if (a.date) return -1;
      if (b.date) return 1;
      return compareText(a.location, b.location);
    });
  }

  private link(entry: DocumentEntry): void {
    this.linkFolder(entry.location);
    const parts = splitDate(entry.date);
    if (!parts) {
      this.undated.add(entry.location);
      this.undatedSorted = null;
      return;
    }
    const [y, m, d] = parts;
    let months = this.byDate.get(y);
    if (!months) this.byDate.set(y, (months = new Map()));
    let days = months.get(m);
    if (!days) months.set(m, (days = new Map()));
    let set = days.get(d);
    if (!set) days.set(d, (set = new Set()));
    set.add(entry.location);
  }

  private unlink(entry: DocumentEntry): void {
    this.unlinkFolder(entry.location);
    const parts = splitDate(entry.date);
    if (!parts) {
      this.undated.delete(entry.location);
      this.undatedSorted = null;
      return;
    }
    const [y, m, d] = parts;
    const months = this.byDate.get(y);
    const days = months?.get(m);
    const set = days?.get(d);
    if (!set) return;
    set.delete(entry.location);
    if (set.size === 0) days!.delete(d);
    if (days!.size === 0) months!.delete(m);
    if (months!.size === 0) this.byDate.delete(y);
  }

  private linkFolder(location: string): void {
    const slash = location.lastIndexOf('/');
    if (slash < 0) return;
    // A scan adds a folder's documents one after another: the last folder linked is usually this one.
    const last = this.lastFolder;
    if (last && last.node === this.folders.get(last.folder) && slash === last.folder.length && location.startsWith(last.folder)) {
      last.node.documents.add(location);
      return;
    }
    let folder = location.slice(0, slash);
    let node = this.folders.get(folder);
    if (node) {
      this.lastFolder = { folder, node };
      node.documents.add(location);
      return;
    }
    this.folders.set(folder, (node = { documents: new Set([location]), children: new Set() }));
    this.lastFolder = { folder, node };
    // Link the new folder into its parents, up to the first one that exists already.
    for (let up = folder.lastIndexOf('/'); up >= 0; up = folder.lastIndexOf('/')) {
      const parent = folder.slice(0, up);
      const existing = this.folders.get(parent);
      if (existing) {
        existing.children.add(folder);
        return;
      }
      this.folders.set(parent, { documents: new Set(), children: new Set([folder]) });
      folder = parent;
    }
  }

  private unlinkFolder(location: string): void {
    const slash = location.lastIndexOf('/');
    if (slash < 0) return;
    let folder = location.slice(0, slash);
    let node = this.folders.get(folder);
    if (!node) return;
    node.documents.delete(location);
    // Drop folders left empty, so that deleting them later is a miss and memory follows the corpus.
    while (node && node.documents.size === 0 && node.children.size === 0) {
      this.folders.delete(folder);
      const up = folder.lastIndexOf('/');
      if (up < 0) return;
      const parent = folder.slice(0, up);
      node = this.folders.get(parent);
      node?.children.delete(folder);
      folder = parent;
    }
  }

  private changed(location: string): void {
    this.pending.add(location);
    if (this.batchDepth === 0) this.flush();
  }

  private flush(): void {
    if (this.pending.size === 0) return;
    const changed = this.pending;
    this.pending = new Set();
    for (const listener of [...this.listeners]) listener(changed);
  }
}

interface FolderNode {
  readonly documents: Set<string>;
  /** Folders directly below that hold documents somewhere under them. */
  readonly children: Set<string>;
}

/** `[year, month, day]` of a valid `YYYY-MM-DD`, or null. */
export function splitDate(date: string | null): [number, number, number] | null {
  if (!date) return null;
  // Digits by their char codes: no three substrings per document indexed.
  const digit = (i: number): number => date.charCodeAt(i) - 48;
  return [digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3), digit(5) * 10 + digit(6), digit(8) * 10 + digit(9)];
}

function sortNumbers(values: number[], order: SortOrder): number[] {
  return values.sort((a, b) => (order === 'oldestFirst' ? a - b : b - a));
}

function sortEntries(entries: DocumentEntry[]): DocumentEntry[] {
  return entries.sort((a, b) => compareText(a.title, b.title) || compareText(a.location, b.location));
}

/** Code-unit order, stable across machines and locales (unlike localeCompare). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
