import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import type { CommandLookup, Platform } from '../../../shared/facts';

export interface CommandSearch {
  /** The PATH this process (or the CLI user's shell) has. */
  path: string | undefined;
  /** The login shell's PATH, which a GUI app on macOS does not inherit. */
  loginShellPath?: string;
  platform: Platform;
  /** Windows executable extensions (PATHEXT). */
  pathExt?: string;
}

async function isExecutable(file: string, platform: Platform): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return false;
    if (platform === 'win32') return true;
    await fs.access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function candidates(command: string, dirs: string[], search: CommandSearch): string[] {
  const pathApi = search.platform === 'win32' ? path.win32 : path.posix;
  // Windows resolves `aws` to `aws.exe`/`aws.cmd` through PATHEXT, like exec.LookPath.
  const extensions =
    search.platform === 'win32' && !pathApi.extname(command)
      ? (search.pathExt ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)
      : [''];
  return dirs.flatMap((dir) => extensions.map((ext) => pathApi.join(dir, command + ext)));
}

async function firstExecutable(files: string[], platform: Platform): Promise<string | undefined> {
  for (const file of files) if (await isExecutable(file, platform)) return file;
  return undefined;
}

/** Resolves an exec plugin command the way client-go's exec.LookPath would, on the user's PATH. */
export async function findCommand(command: string, search: CommandSearch): Promise<CommandLookup> {
  const pathApi = search.platform === 'win32' ? path.win32 : path.posix;
  const delimiter = search.platform === 'win32' ? ';' : ':';
  if (command.includes('/') || (search.platform === 'win32' && command.includes('\\'))) {
    const resolved = await firstExecutable(candidates(command, [''], search), search.platform);
    return resolved ? { command, resolved: pathApi.resolve(resolved), via: 'absolute' } : { command };
  }
  const dirsOf = (value: string | undefined) => (value ?? '').split(delimiter).filter(Boolean);
  const onPath = await firstExecutable(candidates(command, dirsOf(search.path), search), search.platform);
  if (onPath) return { command, resolved: onPath, via: 'path' };
  const onLoginPath = await firstExecutable(
    candidates(command, dirsOf(search.loginShellPath), search),
    search.platform,
  );
  return onLoginPath ? { command, resolved: onLoginPath, via: 'login-shell' } : { command };
}
