/**
 * A private temporary folder (mode 0700, under the system's temp folder) that exists only while `work` runs: uploads
 * are streamed into it and imported from it, and it is removed afterwards, also when the work fails.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const TEMP_PREFIX = 'kago-upload-';

export async function withPrivateTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), TEMP_PREFIX));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
