import type { FixPath } from '../../../shared/findings';

/** A guide with alternatives asks first: one button per way, the recommended first. */
export function PathChoice({ paths, onChoose }: { paths: readonly FixPath[]; onChoose: (path: string) => void }) {
  return (
    <div class="path-choice" role="group" aria-labelledby="path-choice-heading">
      <h3 id="path-choice-heading">Which way fits?</h3>
      <ul class="paths">
        {paths.map((path, index) => (
          <li key={path.id} class="path">
            <button
              type="button"
              class={index === 0 ? 'button primary' : 'button'}
              aria-describedby={`path-${path.id}-summary`}
              onClick={() => onChoose(path.id)}
            >
              {path.title}
            </button>
            <p id={`path-${path.id}-summary`} class="path-summary">
              {path.summary} ({path.steps.length === 1 ? '1 step' : `${path.steps.length} steps`})
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
