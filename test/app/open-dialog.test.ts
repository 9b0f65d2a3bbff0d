import { beforeEach, describe, expect, it } from 'vitest';
import { chooseKubeconfigFile } from '../../electron/app/open-dialog';
import { BrowserWindow, dialog, resetElectronFake } from '../fakes/electron';

beforeEach(() => resetElectronFake());

describe('chooseKubeconfigFile', () => {
  it('asks for one file, hidden ones shown, attached to the window when one is open', async () => {
    dialog.answer = { canceled: false, filePaths: ['/home/u/Downloads/cluster.yaml'] };
    const window = new BrowserWindow({});
    expect(await chooseKubeconfigFile(window as unknown as Electron.BrowserWindow)).toBe(
      '/home/u/Downloads/cluster.yaml',
    );
    expect(await chooseKubeconfigFile(undefined)).toBe('/home/u/Downloads/cluster.yaml');
    expect(dialog.opened.map((d) => [d.parent, d.options.properties])).toEqual([
      [true, ['openFile', 'showHiddenFiles']],
      [false, ['openFile', 'showHiddenFiles']],
    ]);
  });

  it('answers undefined when the user cancels', async () => {
    expect(await chooseKubeconfigFile(undefined)).toBeUndefined();
  });
});
