/**
 * The suite as a content-addressed bundle, so workers need no filesystem shared with the
 * coordinator: the coordinator packs the suite (its CSV file or native folder, and the
 * `--categories` file) into one gzipped blob, stores it in Redis under its sha256, and names
 * the hash in the run's facts. A worker unpacks it once into its cache, in a folder named by
 * the hash (written aside, then renamed: a killed worker never leaves half a suite), and
 * loads the suite from there. What it plans from its copy is then checked against the
 * coordinator's tasks, task by task, by content hash (`checkSameTasks`).
 *
 * Layout of the blob, before gzip: a 4-byte big-endian header length, the header (JSON: the
 * source's and categories' entry names, then each file's path, size and mode, sorted), then
 * the files' bytes in that order. Equal suites give equal bytes, hence equal hashes.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, relative, sep } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { SUITE_MANIFEST } from '../task/native-suite.ts';

/** Above this (uncompressed), the suite is not bundled: workers read it from its path. */
export const MAX_BUNDLE_BYTES = 256 * 1024 * 1024;

export interface SuiteBundle {
  /** sha256 of `data`, hex. */
  hash: string;
  /** The gzipped bundle. */
  data: Buffer;
  files: number;
  /** Uncompressed size of the files. */
  bytes: number;
}

/** Where a worker finds an unpacked bundle's suite and categories file. */
export interface UnpackedSuite {
  source: string;
  categories?: string;
}

const header = z.object({
  source: z.string(),
  categories: z.string().optional(),
  files: z.array(z.object({ path: z.string(), size: z.number().int().min(0), mode: z.number() })),
});
type Header = z.infer<typeof header>;

export function bundleKey(hash: string): string {
  return `swl:bundle:${hash}`;
}

/**
 * Packs `source` (a CSV file, a native suite folder or its manifest) and `categories`;
 * undefined when they are larger than `MAX_BUNDLE_BYTES`.
 */
export async function packSuite(
  source: string,
  categories: string | undefined,
): Promise<SuiteBundle | undefined> {
  const info = await stat(source);
  const folder = info.isDirectory()
    ? source
    : basename(source) === SUITE_MANIFEST
      ? dirname(source)
      : undefined;
  const entries: { path: string; file: string }[] = [];
  let sourceEntry: string;
  if (folder) {
    sourceEntry = 'suite';
    for (const file of await filesUnder(folder)) {
      entries.push({ path: `suite/${relative(folder, file).split(sep).join('/')}`, file });
    }
  } else {
    sourceEntry = `suite/${basename(source)}`;
    entries.push({ path: sourceEntry, file: source });
  }
  const categoriesEntry =
    categories === undefined ? undefined : `categories/${basename(categories)}`;
  if (categories !== undefined && categoriesEntry) {
    entries.push({ path: categoriesEntry, file: categories });
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const files: Header['files'] = [];
  const bodies: Buffer[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const [body, meta] = await Promise.all([readFile(entry.file), stat(entry.file)]);
    bytes += body.length;
    if (bytes > MAX_BUNDLE_BYTES) return undefined;
    files.push({ path: entry.path, size: body.length, mode: meta.mode & 0o777 });
    bodies.push(body);
  }
  const head = Buffer.from(
    JSON.stringify({
      source: sourceEntry,
      ...(categoriesEntry ? { categories: categoriesEntry } : {}),
      files,
    } satisfies Header),
  );
  const length = Buffer.alloc(4);
  length.writeUInt32BE(head.length);
  const data = gzipSync(Buffer.concat([length, head, ...bodies]), { level: 6 });
  return { hash: sha256Hex(data), data, files: files.length, bytes };
}

/**
 * The suite of bundle `hash`, unpacked under `cacheDir` (once per hash and machine);
 * `fetch` reads the bundle (from Redis) only when it is not cached yet.
 */
export async function unpackedSuite(
  hash: string,
  cacheDir: string,
  fetch: () => Promise<Buffer | null>,
): Promise<UnpackedSuite> {
  const dir = join(cacheDir, 'suites', hash);
  const headerFile = join(dir, '.bundle.json');
  if (!existsSync(headerFile)) {
    const data = await fetch();
    if (data === null) {
      throw new InputError(
        'RUN_MISMATCH',
        `the run's suite bundle ${hash.slice(0, 12)} is not in Redis (lost with Redis's data?): ` +
          'expected the coordinator to publish it again within seconds',
      );
    }
    if (sha256Hex(data) !== hash) {
      throw new InputError(
        'RUN_MISMATCH',
        `the run's suite bundle in Redis does not hash to ${hash}: expected the bytes the ` +
          'coordinator published (damaged or replaced)',
      );
    }
    await unpack(data, dir);
  }
  const head = header.parse(JSON.parse(await readFile(headerFile, 'utf8')));
  return {
    source: join(dir, head.source),
    ...(head.categories === undefined ? {} : { categories: join(dir, head.categories) }),
  };
}

async function unpack(data: Buffer, dir: string): Promise<void> {
  const raw = gunzipSync(data);
  const length = raw.readUInt32BE(0);
  const head = header.parse(JSON.parse(raw.subarray(4, 4 + length).toString('utf8')));
  const aside = `${dir}.part-${process.pid}-${Date.now()}`;
  await rm(aside, { recursive: true, force: true });
  let at = 4 + length;
  for (const file of head.files) {
    const target = join(aside, safeEntry(file.path));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, raw.subarray(at, at + file.size));
    await chmod(target, file.mode & 0o755);
    at += file.size;
  }
  await writeFile(join(aside, '.bundle.json'), JSON.stringify(head));
  await mkdir(dirname(dir), { recursive: true });
  try {
    await rename(aside, dir);
  } catch (error) {
    // Another worker on this machine unpacked the same hash first: theirs is as good.
    await rm(aside, { recursive: true, force: true });
    if (!existsSync(join(dir, '.bundle.json'))) throw error;
  }
}

/** An entry's path, refused when it would leave the bundle's folder. */
function safeEntry(path: string): string {
  const normal = normalize(path);
  if (isAbsolute(normal) || normal.startsWith('..')) {
    throw new InputError(
      'RUN_MISMATCH',
      `suite bundle entry "${path}": expected a path inside the bundle`,
    );
  }
  return normal;
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(join(entry.parentPath, entry.name));
  }
  return out;
}

function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
