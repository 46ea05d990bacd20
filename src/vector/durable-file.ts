// A rename is only a commit if the bytes it points to reached the disk first.
import { open } from 'node:fs/promises';

export async function fsyncFile(file: string): Promise<void> {
  const fh = await open(file, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export async function writeDurably(file: string, data: string): Promise<void> {
  const fh = await open(file, 'w');
  try {
    await fh.writeFile(data, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
}
