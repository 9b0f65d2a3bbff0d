import { CopyButton } from './CopyButton';

/** A shell command to copy, exactly as the guide wrote it. */
export function Command({ command }: { command: string }) {
  return (
    <div class="command">
      <code>{command}</code>
      <CopyButton text={command} label="Copy command" />
    </div>
  );
}
