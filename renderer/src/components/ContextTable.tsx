import type { ContextReport } from '../../../shared/findings';
import type { Navigate } from '../route';
import { ContextRow } from './ContextRow';

export function ContextTable({
  contexts,
  now,
  navigate,
}: {
  contexts: ContextReport[];
  now: number;
  navigate: Navigate;
}) {
  return (
    <table class="context-table">
      <thead>
        <tr>
          <th scope="col">Status</th>
          <th scope="col">Context</th>
          <th scope="col">Credential</th>
          <th scope="col">Identity</th>
          <th scope="col">Works until</th>
          <th scope="col">Findings</th>
        </tr>
      </thead>
      <tbody>
        {contexts.map((context) => (
          <ContextRow key={context.name} context={context} now={now} navigate={navigate} />
        ))}
      </tbody>
    </table>
  );
}
