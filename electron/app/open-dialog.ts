/** "Choose a file…" on the window's empty state: the native open dialog, attached to the window when one is open. */
import { dialog, type BrowserWindow, type OpenDialogOptions } from 'electron';

const OPTIONS: OpenDialogOptions = {
  title: 'Choose a kubeconfig',
  buttonLabel: 'Use this kubeconfig',
  // Kubeconfigs live in ~/.kube and have no extension: show hidden files, filter nothing.
  properties: ['openFile', 'showHiddenFiles'],
};

/** The chosen file's path, or undefined when the user cancelled. */
export async function chooseKubeconfigFile(parent: BrowserWindow | undefined): Promise<string | undefined> {
  const result = parent ? await dialog.showOpenDialog(parent, OPTIONS) : await dialog.showOpenDialog(OPTIONS);
  return result.canceled ? undefined : result.filePaths[0];
}
